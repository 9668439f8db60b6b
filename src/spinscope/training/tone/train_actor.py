"""Train the actor-tone classifier on PerSenT dev and write `spinscope/models/tone/actor_tone.json`.

PerSenT has no training split here (its train.csv is not available), so we follow the rule of the issue: dev is
for fitting and tuning, random_test only for reporting (`spinscope tone eval --persent random_test.csv`). Model
selection (regularisation strength, class weighting) is by repeated stratified 5-fold cross-validation on dev,
scored by macro-F1; the selected configuration is then refitted on all of dev. The lexicon baseline's two
thresholds are tuned on dev too (grid search on macro-F1), so both numbers reported on random_test were chosen
without looking at it.

    flock /tmp/spinscope-heavy.lock python -m spinscope.training.tone.train_actor \\
        --dev ../shared/data/persent/dev.csv --cache /tmp/persent-dev-features.jsonl

Deterministic: fixed seeds, liblinear-free lbfgs solver; the output JSON is a few kilobytes (no pickles).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.tone.actors import FEATURES
from spinscope.tone.persent import Example, extract, read, tune_baseline

OUT = Path(__file__).resolve().parents[2] / "models" / "tone" / "actor_tone.json"
GRID_C = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
GRID_WEIGHT = (None, "balanced")


def load_features(path: Path, cache: Path | None) -> tuple[list[Example], list[dict[str, float]]]:
    examples = read(path)
    if cache is not None and cache.is_file():
        rows = [json.loads(line) for line in cache.read_text("utf-8").splitlines()]
        if len(rows) == len(examples) and all(set(FEATURES) <= set(r) for r in rows):
            print(f"features from cache {cache}", file=sys.stderr)
            return examples, rows
    rows = [feats for _, feats in extract(examples, progress=True)]
    if cache is not None:
        cache.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return examples, rows


def cross_validate(x: np.ndarray, y: np.ndarray, c: float, weight: str | None, seeds: int) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    results = []
    for seed in range(seeds):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight=weight, max_iter=5000))
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        predicted = cross_val_predict(model, x, y, cv=folds)
        results.append(f1_score(y, predicted, average="macro"))
    return float(np.mean(results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dev", type=Path, required=True, help="PerSenT dev.csv")
    parser.add_argument("--cache", type=Path, help="feature cache (JSONL), reused when it matches")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seeds", type=int, default=5, help="repetitions of 5-fold CV")
    args = parser.parse_args(argv)

    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    examples, feats = load_features(args.dev, args.cache)
    gold = [ex.label for ex in examples]
    x = np.array([[f[name] for name in FEATURES] for f in feats])
    y = np.array(gold)
    base_f1, low, high = tune_baseline(feats, gold)
    print(f"baseline (dev, thresholds tuned on dev): macro-F1 {base_f1:.4f} low {low} high {high}")
    grid: list[dict[str, Any]] = []
    for c in GRID_C:
        for weight in GRID_WEIGHT:
            f1 = cross_validate(x, y, c, weight, args.seeds)
            grid.append({"C": c, "class_weight": weight, "cv_macro_f1": round(f1, 4)})
            print(f"C={c:<5} class_weight={weight!s:<9} dev CV macro-F1 {f1:.4f}")
    best = max(grid, key=lambda g: g["cv_macro_f1"])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=best["C"], class_weight=best["class_weight"], max_iter=5000)
    model.fit(scaler.transform(x), y)
    payload = {
        "name": "spinscope actor tone",
        "version": 1,
        "features": list(FEATURES),
        "classes": [str(c) for c in model.classes_],
        "mean": [round(float(v), 8) for v in scaler.mean_],
        "scale": [round(float(v), 8) for v in scaler.scale_],
        "coef": [[round(float(v), 8) for v in row] for row in model.coef_],
        "intercept": [round(float(v), 8) for v in model.intercept_],
        "selected": best,
        "grid": grid,
        "baseline": {"feature": "sentence_mean", "low": low, "high": high, "dev_macro_f1": round(base_f1, 4)},
        "trained_on": f"PerSenT dev ({len(examples)} articles)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1) + "\n", "utf-8")
    print(
        f"selected C={best['C']} class_weight={best['class_weight']} (dev CV macro-F1 {best['cv_macro_f1']})"
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
