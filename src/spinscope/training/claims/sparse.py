"""The sparse model (option c): TF-IDF word 1-2 grams + logistic regression, exported without pickle.

    python -m spinscope.training.claims.sparse --data ../shared/data --out src/spinscope/models/claims

Same data as the MiniLM model (CT24 train de-duplicated against dev and dev-test); Platt calibration and the
F1-best threshold on CT24 dev. It is the baseline of the card, and the model shipped when no fine-tuned encoder is.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np

from spinscope.claims.metrics import average_precision, best_threshold, prf
from spinscope.training.claims.sets import DEFAULT_DATA, load_splits

PARAMS = {"ngram_range": [1, 2], "sublinear_tf": True, "lowercase": True}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=Path("src/spinscope/models/claims"))
    args = parser.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    train, dev, _tests, dropped = load_splits(args.data)
    vec = TfidfVectorizer(min_df=2, **{**PARAMS, "ngram_range": (1, 2)})
    x = vec.fit_transform([e.text for e in train])
    lr = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(x, [e.label for e in train])
    dev_y = [e.label for e in dev]
    z = lr.decision_function(vec.transform([e.text for e in dev]))
    platt = LogisticRegression(C=1e6).fit(z.reshape(-1, 1), dev_y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probs = 1 / (1 + np.exp(-(a * z + b)))
    threshold, f1 = best_threshold(dev_y, probs)
    args.out.mkdir(parents=True, exist_ok=True)
    data = {
        "vocabulary": {term: int(i) for term, i in vec.vocabulary_.items()},
        "idf": [round(float(v), 6) for v in vec.idf_],
        "coef": [round(float(v), 6) for v in lr.coef_[0]],
        "intercept": float(lr.intercept_[0]),
        "params": PARAMS,
    }
    (args.out / "sparse.json.gz").write_bytes(gzip.compress(json.dumps(data).encode(), mtime=0))
    config = {
        "kind": "sparse",
        "calibration": {"a": a, "b": b},
        "threshold": round(threshold, 4),
        "dev": {**prf(dev_y, probs >= threshold), "average_precision": average_precision(dev_y, probs)},
        "train": {
            "model": "TF-IDF word 1-2 grams (min_df 2, sublinear tf) + logistic regression (C=4, balanced)",
            "data": "CT24 Task 1 English train (= ClaimBuster crowdsourced), de-duplicated against dev and dev-test",
            "train_sentences": len(train),
            "dropped_duplicates": dropped,
        },
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    print(json.dumps(config, indent=1), f"dev F1 {f1:.4f}")


if __name__ == "__main__":
    main()
