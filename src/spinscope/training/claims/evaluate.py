"""Evaluate the shipped claims model beside the TF-IDF + LR baseline and time the layer; writes metrics.json.

    python -m spinscope.training.claims.evaluate --data ../shared/data \
        --ptc ../shared/data/ptc-semeval2020-task11/datasets/dev-articles --out src/spinscope/models/claims/metrics.json

Sets: CT24 dev (used for selection and calibration, so optimistic), CT24 dev-test (held out), CheckThat! 2019
Task 1 test, 2020 Task 5 test (debates) and 2020 Task 1 test (COVID-19 tweets, a domain shift). Measures: positive
P/R/F1 at the shipped threshold, AP over the set, and mean AP per debate where the file names debates (CT19).
Speed: ms spent in the `spinscope/claims` component per PTC dev article (median and p90), on top of the parse,
(a) in a pipeline with the techniques layer (the default: the article's encoding is shared, claims add their two
top layers) and (b) with the claims layer alone (it then runs the techniques encoder's trunk itself).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from spinscope.claims.metrics import average_precision, mean_ap, prf
from spinscope.training.claims.sets import DEFAULT_DATA, load_splits


def score_sets(scorer, sets: dict, threshold: float) -> dict:
    out = {}
    for name, examples in sets.items():
        labels = [e.label for e in examples]
        scores = list(scorer([e.text for e in examples]))
        row = prf(labels, [s >= threshold for s in scores])
        row["average_precision"] = average_precision(labels, scores)
        row["brier"] = sum((s - y) ** 2 for s, y in zip(scores, labels, strict=True)) / len(labels)
        m = mean_ap(labels, scores, [e.group for e in examples])
        if m is not None:
            row["mean_ap_by_debate"] = m
        row["sentences"] = len(examples)
        out[name] = {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
    return out


def _component_ms(
    layers: list[str], texts: list[str]
) -> tuple[list[float], list[float], list[int], list[int]]:
    """Per article: ms in the claims component, ms in the other components, sentences, claims kept."""
    import spinscope

    nlp = spinscope.load(layers).nlp
    nlp(texts[0])
    claim_ms, other_ms, sentences, kept = [], [], [], []
    for text in texts:
        doc = nlp.make_doc(text)
        t_other = 0.0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            dt = (time.perf_counter() - t0) * 1000
            if name == "spinscope/claims":
                claim_ms.append(dt)
            else:
                t_other += dt
        other_ms.append(t_other)
        sentences.append(sum(1 for _ in doc.sents))
        kept.append(len(doc.spans["spinscope.claims"]))
    return claim_ms, other_ms, sentences, kept


def speed(ptc: Path, limit: int) -> dict:
    paths = sorted(ptc.glob("*.txt"))[: limit or None]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    claim_ms, other_ms, sentences, kept = _component_ms(["techniques", "claims"], texts)
    alone_ms, _, _, _ = _component_ms(["claims"], texts)
    return {
        "articles": len(texts),
        "median_chars": statistics.median(len(t) for t in texts),
        "median_sentences": statistics.median(sentences),
        "claims_ms_median": round(statistics.median(claim_ms), 1),
        "claims_ms_p90": round(statistics.quantiles(claim_ms, n=10)[-1], 1),
        "other_components_ms_median": round(statistics.median(other_ms), 1),
        "claims_alone_ms_median": round(statistics.median(alone_ms), 1),
        "claims_alone_ms_p90": round(statistics.quantiles(alone_ms, n=10)[-1], 1),
        "claims_per_article_median": statistics.median(kept),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--ptc", type=Path, help="folder of PTC articles for the speed figure")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from spinscope.claims.metrics import best_threshold
    from spinscope.claims.model import ClaimModel

    train, dev, tests, _ = load_splits(args.data)
    sets = {"ct24-dev": dev, **tests}
    model = ClaimModel()
    result: dict = {"model": {"threshold": model.threshold, **model.config.get("train", {})}}
    files = [f for f in model.dir.iterdir() if f.suffix not in (".md", ".json") or f.name == "config.json"]
    result["model"]["kind"] = (
        "int8 ONNX MiniLM layers 5-6 fine-tuned on the techniques encoder's trunk (layers 1-4)"
    )
    result["model"]["size_mb"] = round(sum(f.stat().st_size for f in files) / 1e6, 1)
    result["spinscope"] = score_sets(model.scores, sets, model.threshold)
    base = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced"),
    ).fit([e.text for e in train], [e.label for e in train])

    def base_scores(texts):
        return base.predict_proba(texts)[:, 1]

    t_base, _ = best_threshold([e.label for e in dev], base_scores([e.text for e in dev]))
    result["baseline"] = {
        "model": "TF-IDF (1-2 grams) + logistic regression, same training data, threshold F1-best on dev",
        "threshold": t_base,
        "sets": score_sets(base_scores, sets, t_base),
        "sets_at_0.5": score_sets(base_scores, sets, 0.5),
    }
    if args.ptc:
        result["speed"] = speed(args.ptc, args.limit)
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
