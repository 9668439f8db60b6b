"""Fit the article-level persuasion index (`spinscope.techniques.persuasion`) and its wire-copy reference.

    nice -n 10 .venv/bin/python -m spinscope.training.techniques.persuasion cache   # pipeline outputs -> /tmp
    nice -n 10 .venv/bin/python -m spinscope.training.techniques.persuasion fit     # writes the shipped files

`cache` runs the shipped pipeline's pieces over PTC train and dev and over PolNeAR's texts (train, dev,
annotator-training; its test split is not here) and keeps per article what the index reads: spaCy's Doc (a
DocBin beside the pickle), its sentences and the techniques component's sentence-bounded phrases. `fit` then,
deterministically:

1. cross-fits the two learned word signals on PTC train (5 folds over articles): the loaded-word lexicon and the
   sentence model (ridge over TF-IDF words -> share of the sentence inside gold SI spans) are learned on four
   folds and give the fifth its features, so the article ridge sees out-of-fold values, as new text gives; the
   shipped lexicon and sentence model are then learned on all of train;
2. fits a ridge (alpha 10) over the style features to the logit of each PTC train article's gold share of
   characters inside SI spans;
3. adds the phrase density (log1p of phrases per 1,000 words, standardised on dev) with a weight w; the
   candidates (2 feature sets x w in {0, 0.5, 1}: six) are compared by Spearman on PTC dev (never test) and all
   are printed. The phrases come from the encoder fine-tuned on PTC train, so their train values are leaky
   (Spearman 0.73 on train, 0.47 on dev): that is why their weight is chosen on dev and not fitted on train;
4. writes `models/techniques/persuasion.{json,npz}` and `data/persuasion_reference.json` (the index over every
   PolNeAR wire article, with provenance) and prints the figures of the model card: Spearman on dev of the index
   and of the span-count density, and the AUC of wire copy vs Breitbart's and the Western Journal's own articles.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE = Path("/tmp/spinscope-persuasion-cache")
PTC_ROOT = Path("../shared/data/ptc-semeval2020-task11")  # as in the Makefile; --ptc to change
POLNEAR_ROOT = Path("../shared/data/polnear")
SEED = 0
FOLDS = 5
LEXICON_PRIOR = 10.0  # pseudo-count of the loaded-word lexicon's smoothing towards the base rate
LEXICON_MIN_COUNT = 3
SENTENCE_ALPHA = 1.0
RIDGE_ALPHA = 10.0
# PolNeAR articles cached: all wire copy (the reference) and these publishers' own articles (the comparison)
POLNEAR_COMPARED = ("breitbart", "west-journal")
LEARNED = ["loaded_mean", "loaded_share", "sentence_mean", "sentence_top3"]
# VADER's negative valence only: positive words ("won", "best", "prize") fill award and sports reports, and with
# them a plain Reuters awards story ranked above 95% of the wire reference
STYLE = [
    "valence_negative",
    "intensifier",
    "exclamations",
    "questions",
    "first_person",
    "second_person",
]
FEATURE_SETS = {"lexicon+sentence": LEARNED, "lexicon+sentence+style": LEARNED + STYLE}
DENSITY_WEIGHTS = (0.0, 0.5, 1.0)  # in standard deviations of the ridge's train-fold predictions


def gold_share(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the article's characters inside at least one gold SI span."""
    covered = np.zeros(max(1, len(text)), bool)
    for a, b in spans:
        covered[a:b] = True
    return float(covered.mean())


def _records(items: list[tuple[str, str, dict]], out: Path) -> None:
    """Run the pipeline's pieces over ``(id, text, extra)`` items; pickle what the index needs, Docs as a DocBin."""
    import spacy
    from spacy.tokens import DocBin

    from spinscope.components.techniques import phrases, sentence_ranges
    from spinscope.encoder import shared_encoder
    from spinscope.pipeline import SPACY_MODEL
    from spinscope.techniques.model import shared_model

    nlp = spacy.load(SPACY_MODEL, disable=["ner", "lemmatizer"])
    encoder, model = shared_encoder(), shared_model()
    records, docs = [], DocBin(store_user_data=False)
    for k, (aid, text, extra) in enumerate(items):
        doc = nlp(text)
        enc = encoder.encode(text)
        sentences = sentence_ranges(doc)
        spans = phrases(doc, model.predict_encoded(enc), sentences)
        docs.add(doc)
        records.append(
            {
                "id": aid,
                "text": text,
                "sentences": sentences,
                "spans": [
                    (s.start_char, s.end_char, s.label_, max(s._.spinscope_techniques.values()))
                    for s in spans
                ],
                "words": sum(1 for t in doc if t.is_alpha),
                **extra,
            }
        )
        if k % 50 == 0:
            print(f"{out.name}: {k}/{len(items)}", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        pickle.dump(records, fh)
    docs.to_disk(out.with_suffix(".spacy"))


def cache(ptc_root: Path, polnear_root: Path, which: list[str]) -> None:
    from spinscope.evaluation.polnear_meta import read_metadata
    from spinscope.evaluation.ptc.formats import PTC

    ptc = PTC(ptc_root)
    for split in ("train", "dev"):
        if split not in which:
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        for r in ptc.si(split):
            spans.setdefault(r.article_id, []).append((r.start, r.end))
        items = []
        for aid, text in ptc.articles(split).items():
            items.append(
                (aid, text, {"gold": spans.get(aid, []), "share": gold_share(text, spans.get(aid, []))})
            )
        _records(items, CACHE / f"ptc-{split}.pkl")
    if "polnear" in which:
        items = [
            (a.name, a.text(), {"publisher": a.publisher, "wire": a.wire, "compartment": a.compartment})
            for a in read_metadata(polnear_root)
            if a.wire is not None or a.publisher in POLNEAR_COMPARED
        ]
        _records(items, CACHE / "polnear.pkl")


def _load(name: str) -> list[dict]:
    import spacy
    from spacy.tokens import DocBin

    if not (CACHE / f"{name}.spacy").exists():
        raise SystemExit(f"no {CACHE / name}.spacy: run the `cache` stage first (it writes the Docs too)")
    with open(CACHE / f"{name}.pkl", "rb") as fh:
        records = pickle.load(fh)
    docs = DocBin().from_disk(CACHE / f"{name}.spacy").get_docs(spacy.blank("en").vocab)
    for record, doc in zip(records, docs, strict=True):
        if doc.text != record["text"]:
            raise ValueError(f"{name}: the DocBin does not match the records (run `cache` again)")
        record["doc"] = doc
    return records


def _covered(record: dict) -> np.ndarray:
    covered = np.zeros(len(record["text"]) + 1, bool)
    for a, b in record["gold"]:
        covered[a:b] = True
    return covered


def fit_lexicon(records: Sequence[dict]) -> dict[str, float]:
    """Per lower-cased word seen >= 3 times: the smoothed log-odds of lying inside a gold span vs the base rate."""
    total: dict[str, int] = {}
    inside: dict[str, int] = {}
    for r in records:
        covered = _covered(r)
        for t in r["doc"]:
            if t.is_alpha:
                total[t.lower_] = total.get(t.lower_, 0) + 1
                if covered[t.idx : t.idx + len(t)].any():
                    inside[t.lower_] = inside.get(t.lower_, 0) + 1
    base = sum(inside.values()) / max(1, sum(total.values()))
    k = LEXICON_PRIOR
    return {
        w: float(np.log((inside.get(w, 0) + k * base) / (n + k) / base))
        for w, n in sorted(total.items())
        if n >= LEXICON_MIN_COUNT
    }


def fit_sentence_model(records: Sequence[dict]):  # -> SentenceModel
    """Ridge over sublinear TF-IDF words -> share of the sentence's characters inside gold spans (by length)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import Ridge

    from spinscope.techniques.style import SentenceModel

    texts, share, weight = [], [], []
    for r in records:
        covered = _covered(r)
        for a, b in r["sentences"]:
            texts.append(r["text"][a:b])
            share.append(float(covered[a:b].mean()))
            weight.append(b - a)
    w = np.asarray(weight, np.float64)
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2)
    X = vectorizer.fit_transform(texts)
    ridge = Ridge(alpha=SENTENCE_ALPHA).fit(X, np.asarray(share), sample_weight=w / w.mean())
    vocabulary = {str(word): int(i) for word, i in vectorizer.vocabulary_.items()}
    return SentenceModel(vocabulary, vectorizer.idf_, ridge.coef_, float(ridge.intercept_), "identity")


def _style(records: Sequence[dict], lexicon: dict[str, float], sentence_model) -> list[dict[str, float]]:
    from spinscope.techniques.style import style_features

    return [style_features(r["doc"], r["sentences"], lexicon, sentence_model) for r in records]


def cross_fitted(train: list[dict]) -> list[dict[str, float]]:
    """Out-of-fold style features of the train articles (lexicon and sentence model learned on the other folds)."""
    from sklearn.model_selection import KFold

    out: list[dict[str, float]] = [{} for _ in train]
    for fit_idx, held_idx in KFold(FOLDS, shuffle=True, random_state=SEED).split(np.arange(len(train))):
        fold = [train[i] for i in fit_idx]
        lexicon, sentence_model = fit_lexicon(fold), fit_sentence_model(fold)
        for i, features in zip(
            held_idx, _style([train[i] for i in held_idx], lexicon, sentence_model), strict=True
        ):
            out[i] = features
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 0.01, 0.99)
    return np.log(p / (1 - p))


def _density(records: Sequence[dict]) -> np.ndarray:
    """Phrases per 1,000 words (alphabetic tokens), as the run-time index and the baseline count them."""
    return np.asarray(
        [1000.0 * len({(s, e) for s, e, *_ in r["spans"]}) / max(1, r["words"]) for r in records]
    )


def _matrix(features: list[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    return np.asarray([[f[n] for n in names] for f in features], np.float64)


def fit(model_dir: Path, reference_file: Path) -> dict:
    from scipy.stats import spearmanr
    from sklearn.linear_model import Ridge
    from sklearn.metrics import roc_auc_score

    from spinscope.techniques.persuasion import PersuasionModel

    train, dev, polnear = _load("ptc-train"), _load("ptc-dev"), _load("polnear")
    y_train = _logit(np.asarray([r["share"] for r in train]))
    share_dev = np.asarray([r["share"] for r in dev])
    f_train = cross_fitted(train)
    lexicon, sentence_model = fit_lexicon(train), fit_sentence_model(train)
    f_dev = _style(dev, lexicon, sentence_model)
    log_density_dev = np.log1p(_density(dev))
    d_mean, d_scale = float(log_density_dev.mean()), float(log_density_dev.std())
    trials = []
    for set_name, names in FEATURE_SETS.items():
        Xt, Xd = _matrix(f_train, names), _matrix(f_dev, names)
        mean, scale = Xt.mean(0), Xt.std(0) + 1e-9
        ridge = Ridge(alpha=RIDGE_ALPHA).fit((Xt - mean) / scale, y_train)
        spread = float(ridge.predict((Xt - mean) / scale).std())
        for w in DENSITY_WEIGHTS:
            score = ridge.predict((Xd - mean) / scale) + w * spread * (log_density_dev - d_mean) / d_scale
            rho = float(spearmanr(score, share_dev).statistic)
            trials.append((rho, set_name, names, w * spread, mean, scale, ridge))
            print(f"{set_name:24s} density weight {w:<4} dev Spearman {rho:.4f}", file=sys.stderr)
    rho, set_name, names, weight, mean, scale, ridge = max(trials, key=lambda t: t[0])
    model_dir.mkdir(parents=True, exist_ok=True)
    words = sorted(sentence_model.vocabulary, key=lambda w: sentence_model.vocabulary[w])
    lexicon_words = sorted(lexicon)
    np.savez_compressed(
        model_dir / "persuasion.npz",
        lexicon_words=np.asarray(lexicon_words),
        lexicon_loading=np.asarray([lexicon[w] for w in lexicon_words], np.float32),
        sentence_words=np.asarray(words),
        sentence_idf=sentence_model.idf.astype(np.float32),
        sentence_coef=sentence_model.coef.astype(np.float32),
        sentence_intercept=np.float32(sentence_model.intercept),
    )
    config = {
        "what": "article-level persuasion index; see spinscope.techniques.persuasion and card.md",
        "command": "python -m spinscope.training.techniques.persuasion cache && ... fit",
        "target": "logit of the PTC train article's share of characters inside gold SI spans (clipped 0.01-0.99)",
        "lexicon": {"prior": LEXICON_PRIOR, "min_count": LEXICON_MIN_COUNT, "words": len(lexicon)},
        "sentence_model": {
            "kind": "ridge over sublinear TF-IDF words (min_df 2) -> share of the sentence inside gold spans",
            "alpha": SENTENCE_ALPHA,
            "link": sentence_model.link,
            "data": "PTC train sentences (spaCy), weighted by length",
        },
        "cross_fitting": {"folds": FOLDS, "seed": SEED},
        "ridge": {
            "features": list(names),
            "feature_set": set_name,
            "alpha": RIDGE_ALPHA,
            "mean": [round(float(v), 8) for v in mean],
            "scale": [round(float(v), 8) for v in scale],
            "coef": [round(float(v), 8) for v in ridge.coef_],
            "intercept": round(float(ridge.intercept_), 8),
        },
        "density": {
            "what": "log1p(phrases per 1,000 words), standardised by PTC dev's mean and scale, times weight",
            "weight": round(weight, 8),
            "mean": round(d_mean, 8),
            "scale": round(d_scale, 8),
        },
        "candidates": [
            {"feature_set": t[1], "density_weight": round(t[3], 4), "dev_spearman": round(t[0], 4)}
            for t in trials
        ],
    }
    (model_dir / "persuasion.json").write_text(json.dumps(config, indent=2) + "\n")
    # the shipped files, read back the way run time reads them, give every figure below
    reference_file.write_text(json.dumps({"values": []}) + "\n")
    model = PersuasionModel(model_dir, reference_file)

    def index(records: list[dict]) -> np.ndarray:
        density = _density(records)
        return np.asarray(
            [
                model.index_of(f, d)
                for f, d in zip(_style(records, model.lexicon, model.sentence_model), density, strict=True)
            ]
        )

    idx_train, idx_dev, idx_pol = index(train), index(dev), index(polnear)
    wire = np.asarray([r["wire"] is not None for r in polnear])
    own = np.asarray([r["wire"] is None and r["publisher"] in POLNEAR_COMPARED for r in polnear])
    keep = wire | own
    density_pol = _density(polnear)
    publishers: dict[str, dict[str, float]] = {}
    for pub in sorted({r["publisher"] for r in polnear}):
        for is_wire in (False, True):
            m = np.asarray([r["publisher"] == pub and (r["wire"] is not None) == is_wire for r in polnear])
            if m.any():
                publishers[f"{pub}{' (wire)' if is_wire else ''}"] = {
                    "articles": int(m.sum()),
                    "mean_index": round(float(idx_pol[m].mean()), 4),
                }
    single = {
        name: round(float(spearmanr([f[name] for f in f_dev], share_dev).statistic), 4) for name in f_dev[0]
    }
    metrics = {
        "ptc_dev_articles": len(dev),
        "spearman_dev_index": round(float(spearmanr(idx_dev, share_dev).statistic), 4),
        "spearman_dev_span_density": round(float(spearmanr(_density(dev), share_dev).statistic), 4),
        "spearman_dev_without_density": max(t[0] for t in trials if t[1] == set_name and t[3] == 0.0),
        "spearman_train_out_of_fold_ridge": round(
            float(spearmanr(ridge.predict((_matrix(f_train, names) - mean) / scale), y_train).statistic), 4
        ),
        "spearman_train_index_shipped_files": round(
            float(spearmanr(idx_train, [r["share"] for r in train]).statistic), 4
        ),
        "mean_abs_error_dev_share": round(float(np.abs(idx_dev - share_dev).mean()), 4),
        "spearman_dev_single_features": single,
        "polnear_wire_articles": int(wire.sum()),
        "polnear_breitbart_westjournal_own_articles": int(own.sum()),
        "auc_index_wire_vs_breitbart_westjournal": round(float(roc_auc_score(own[keep], idx_pol[keep])), 4),
        "auc_span_density_wire_vs_breitbart_westjournal": round(
            float(roc_auc_score(own[keep], density_pol[keep])), 4
        ),
        "polnear_mean_index_by_publisher": publishers,
    }
    config["metrics"] = metrics
    (model_dir / "persuasion.json").write_text(json.dumps(config, indent=2) + "\n")
    reference = np.sort(idx_pol[wire])
    reference_file.write_text(
        json.dumps(
            {
                "what": "the persuasion index of every PolNeAR wire article (AP, Reuters, AFP, UPI copy as marked in "
                "its metadata column `wire`), sorted; percentiles in the Analysis are against these values",
                "source": "PolNeAR v1.0.0 (github.com/networkdynamics/PolNeAR, commit c3eee833), compartments "
                "train, dev and annotator-training; the test split is held back",
                "command": "python -m spinscope.training.techniques.persuasion fit",
                "articles": [r["id"] for r, w in zip(polnear, wire, strict=True) if w],
                "values": [round(float(v), 6) for v in reference],
            },
            indent=1,
        )
        + "\n"
    )
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=["cache", "fit"])
    parser.add_argument("--ptc", type=Path, default=PTC_ROOT)
    parser.add_argument("--polnear", type=Path, default=POLNEAR_ROOT)
    parser.add_argument("--only", nargs="*", default=["train", "dev", "polnear"], help="cache: which corpora")
    args = parser.parse_args(argv)
    if args.stage == "cache":
        cache(args.ptc, args.polnear, args.only)
        return 0
    from spinscope.techniques.persuasion import MODEL_DIR, REFERENCE_FILE

    print(json.dumps(fit(MODEL_DIR, REFERENCE_FILE), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
