"""TF-IDF + logistic regression baseline on the same data, threshold chosen on CT24 dev for F1.

python -m spinscope.training.claims.baseline --data ../shared/data --out src/spinscope/models/claims/baseline.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from spinscope.evaluation.checkthat import (
    DEFAULT_DATA,
    average_precision,
    best_threshold,
    load_splits,
    mean_ap,
    prf,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train, dev, tests, dropped = load_splits(args.data)
    t0 = time.time()
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced"),
    )
    model.fit([e.text for e in train], [e.label for e in train])
    dev_scores = model.predict_proba([e.text for e in dev])[:, 1]
    threshold, _ = best_threshold([e.label for e in dev], dev_scores)
    result: dict = {
        "model": "TfidfVectorizer(1-2 grams, min_df=2, sublinear_tf) + LogisticRegression(C=4, balanced)",
        "train_sentences": len(train),
        "dropped_duplicates": dropped,
        "threshold": threshold,
        "fit_seconds": round(time.time() - t0, 1),
        "sets": {},
    }
    for name, examples in {"ct24-dev": dev, **tests}.items():
        labels = [e.label for e in examples]
        scores = model.predict_proba([e.text for e in examples])[:, 1]
        row = prf(labels, scores >= threshold)
        row["f1_at_0.5"] = prf(labels, scores >= 0.5)["f1"]
        row["average_precision"] = average_precision(labels, scores)
        m = mean_ap(labels, list(scores), [e.group for e in examples])
        if m is not None:
            row["mean_ap_by_debate"] = m
        row["sentences"] = len(examples)
        result["sets"][name] = {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
