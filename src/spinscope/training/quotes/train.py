"""Train the quotes candidate filter on PolNeAR train and write `models/quotes/filter.json`.

    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.quotes.train \
        --polnear ../shared/data/polnear/data/train --cache /tmp/spinscope-quotes-cache

Candidates come from the broad rules (`rules.extract(doc, lexicon=None)`), less those the layer drops as not
speech, thought or writing (`extract.speechlike`); a candidate is positive when a gold
attribution's content overlaps it by >= 0.3 of the longer span and the gold cue overlaps its cue. A logistic
regression (scikit-learn, L2) is fitted on binary features; C and the decision threshold are chosen by 5-fold
cross-validation over train articles, maximising the content F1 at 0.3 computed exactly like the evaluation.
Dev is never looked at here.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ...evaluation.polnear import Counts, Predicted, overlaps, parse_split
from ...quotes.cues import drop_sourceless_speakers, learned_candidates
from ...quotes.extract import choose, speechlike
from ...quotes.learned import MODEL_DIR as ROOT
from ...quotes.learned import MODEL_FILE, Filter, features
from ...quotes.rules import Candidate, extract


def _label(cand: Candidate, gold: list, need_cue: bool = True) -> int:
    """1 when a gold content overlaps the candidate's by >= 0.3 of the longer span (and, with `need_cue`, the
    gold cue overlaps its cue)."""
    for g in gold:
        shared = 0
        for s1, e1 in cand.content:
            for s2, e2 in g.content:
                shared += max(0, min(e1, e2) - max(s1, s2))
        longer = max(sum(e - s for s, e in cand.content), sum(e - s for s, e in g.content))
        if longer and shared >= 0.3 * longer and (not need_cue or not g.cue or overlaps(cand.cue, g.cue)):
            return 1
    return 0


def _ratio(a: list, b: tuple) -> float:
    shared = 0
    for s1, e1 in a:
        for s2, e2 in b:
            shared += max(0, min(e1, e2) - max(s1, s2))
    longer = max(sum(e - s for s, e in a), sum(e - s for s, e in b))
    return shared / longer if longer else 0.0


def labels_of(cands: list[Candidate], gold: list, mode: str) -> list[int]:
    """Labels of one article's candidates. `cue`: content and cue match a gold attribution. `content`: the
    content alone. `cue_best`: as `cue`, but of the positives sharing a cue (boundary variants) only the one
    overlapping its gold content most. `best`: as `cue`, and a gold attribution that no candidate matches with its cue gives its
    positive label to the one candidate whose content overlaps it most (>= 0.3): the content F1 counts it, and
    no second candidate of the same content is made positive."""
    if mode == "content":
        return [_label(c, gold, need_cue=False) for c in cands]
    out = [_label(c, gold) for c in cands]
    if mode == "cue_best":
        # the boundary variants of one cue (`rules.object_variants`) are alternatives, of which the layer keeps
        # one (`extract.choose`): only the positive that overlaps its gold content most stays positive, so that
        # the filter learns which boundary PolNeAR draws
        by_cue: dict[tuple[int, int], list[int]] = {}
        for k, c in enumerate(cands):
            if out[k] and c.cue:
                by_cue.setdefault(c.cue[0], []).append(k)
        for ks in by_cue.values():
            if len(ks) > 1:
                top = max(ks, key=lambda k: max(_ratio(cands[k].content, g.content) for g in gold))
                for k in ks:
                    out[k] = int(k == top)
    if mode == "best":
        for g in gold:
            ratios = [_ratio(c.content, g.content) for c in cands]
            if any(
                r >= 0.3 and (not g.cue or overlaps(c.cue, g.cue)) for c, r in zip(cands, ratios, strict=True)
            ):
                continue
            best = max(range(len(cands)), key=lambda i: ratios[i], default=None)
            if best is not None and ratios[best] >= 0.3:
                out[best] = 1
    return out


def _predicted(doc, cand: Candidate) -> Predicted:
    sp: tuple[tuple[int, int], ...] = ()
    if cand.speaker is not None:
        s, e = cand.speaker
        sp = ((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)),)
    return Predicted(tuple(cand.content), tuple(cand.cue), sp)


def _evaluate(items, probs: np.ndarray, threshold: float, dedupe: float = 0.8) -> dict:
    counts = Counts()
    k = 0
    for article, doc, cands in items:
        scored = list(zip(cands, probs[k : k + len(cands)], strict=True))
        k += len(cands)
        kept = sorted((x for x in scored if x[1] >= threshold), key=lambda x: -x[1])
        chosen = choose([cand for cand, _ in kept], dedupe)
        counts.add([_predicted(doc, c) for c in chosen], article.attributions)
    return counts.metrics()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR train split folder")
    parser.add_argument("--cache", type=Path, default=None, help="folder for the parsed-corpus cache")
    parser.add_argument("--out", type=Path, default=ROOT / MODEL_FILE)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--label",
        choices=("cue", "cue_best", "content", "best"),
        default="cue",
        help="see `labels_of` (content: every candidate of one gold content is positive, CV F1 0.645 "
        "against 0.705 for cue)",
    )
    parser.add_argument("--c-values", type=float, nargs="+", default=[0.3, 1.0])
    parser.add_argument(
        "--dedupe",
        type=float,
        nargs="+",
        default=[0.5, 0.8],
        help="overlap ratio at which a lower-scored candidate duplicates a kept one (chosen by CV)",
    )
    parser.add_argument(
        "--min-source",
        type=float,
        default=0.91,
        help="choose the best content F1 among the settings whose cross-validated source accuracy is at least "
        "this (the issue's second figure; without it the lowest threshold wins F1 with more wrong speakers)",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also fit the encoder probe (`quotes.probe`) and give the filter its features (shipped so)",
    )
    args = parser.parse_args(argv)
    t0 = time.time()
    pairs = parse_split(args.polnear, args.cache, limit=args.limit)
    items, rows, labels, groups, all_marks = [], [], [], [], []
    for gi, (article, doc) in enumerate(pairs):
        cands, marks = extract(doc, None, learned_candidates)
        # the layer drops candidates that are not speech, thought or writing whatever their score
        # (`extract.speechlike`): the filter learns and its threshold is chosen among the others
        cands = [c for c in cands if speechlike(doc, c)]
        items.append((article, doc, cands))
        all_marks.append(marks)
        labels.extend(labels_of(cands, article.attributions, args.label))
        groups.extend([gi] * len(cands))
    y = np.array(labels)
    folds = list(GroupKFold(n_splits=5).split(np.zeros(len(y)), y, groups))
    token_roles: list[np.ndarray | None] = [None] * len(pairs)
    if args.probe:  # the encoder probe, out of fold: the filter sees it as it sees new text
        from ...quotes.probe import PROBE_FILE, token_probs
        from . import probe

        states, offsets = probe.encode_articles([a.text for a, _ in pairs], args.cache)
        roles = [probe.role_labels(a.attributions, o) for (a, _), o in zip(pairs, offsets, strict=True)]
        fold_of = np.zeros(len(pairs), np.int64)
        for fold, (_, test_idx) in enumerate(folds):
            fold_of[np.unique(np.asarray(groups)[test_idx])] = fold
        held_out = probe.out_of_fold(states, roles, fold_of)
        token_roles = [
            token_probs(doc, o, p) for (_, doc), o, p in zip(pairs, offsets, held_out, strict=True)
        ]
        shipped_probe = probe.fit(states, roles)
    for (_, doc, cands), marks, tp in zip(items, all_marks, token_roles, strict=True):
        text = doc.text
        for cand in cands:
            rows.append(dict.fromkeys(features(doc, cand, marks.segments, text, tp), 1))
        drop_sourceless_speakers(cands)  # as `extract.find` does after scoring
    print(f"{len(pairs)} articles, {len(y)} candidates, {y.sum()} positive ({time.time() - t0:.0f}s)")
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    best: tuple[float, float, float, float] | None = None
    best_metrics: dict = {}
    for c_value in args.c_values:
        oof = np.zeros(len(y))
        for train_idx, test_idx in folds:
            model = LogisticRegression(C=c_value, max_iter=2000)
            model.fit(x[train_idx], y[train_idx])
            oof[test_idx] = model.predict_proba(x[test_idx])[:, 1]
        for threshold in np.arange(0.15, 0.56, 0.025):
            for dedupe in args.dedupe:
                figures = _evaluate(items, oof, float(threshold), dedupe)
                f1 = float(figures["content_f1@0.3"])
                if float(figures["source_accuracy"]) < args.min_source:
                    f1 -= 1.0  # below the source bar: chosen only if no setting reaches it
                if best is None or f1 > best[0]:
                    best = (f1, c_value, float(threshold), dedupe)
                    best_metrics = figures
        assert best is not None  # the threshold grid is not empty
        print(
            f"C={c_value}: best so far F1@0.3={best_metrics['content_f1@0.3']:.4f} "
            f"(C={best[1]}, threshold={best[2]:.2f}, dedupe={best[3]})"
        )
        print("  cross-validated figures of the best:", json.dumps(best_metrics))
    assert best is not None
    f1, c_value, threshold, dedupe = best
    f1 = float(best_metrics["content_f1@0.3"])
    model = LogisticRegression(C=c_value, max_iter=2000).fit(x, y)
    names = vec.get_feature_names_out()
    weights = {
        str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-5
    }
    flt = Filter(
        weights=weights,
        bias=round(float(model.intercept_[0]), 5),
        threshold=round(threshold, 3),
        dedupe=dedupe,
        meta={
            "trained_on": "PolNeAR v1.0.0 train (first .ann per article)",
            "articles": len(pairs),
            "candidates": len(y),
            "positives": int(y.sum()),
            "C": c_value,
            "label": args.label,
            "cv_content_f1@0.3": round(f1, 4),
            "cv_content_p@0.3": best_metrics.get("content_p@0.3"),
            "cv_content_r@0.3": best_metrics.get("content_r@0.3"),
            "cv_source_accuracy": best_metrics.get("source_accuracy"),
            "probe": bool(args.probe),
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(flt.to_json() + "\n", encoding="utf-8")
    if args.probe:
        shipped_probe.save(args.out.parent / PROBE_FILE)
        print(f"encoder probe -> {args.out.parent / PROBE_FILE}")
    print(json.dumps(flt.meta), f"-> {args.out} ({len(weights)} weights, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
