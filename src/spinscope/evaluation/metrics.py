"""Three-class sentiment scores shared by the tone benchmarks (PerSenT, NewsMTSC), with scikit-learn's definitions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

LABELS = ("negative", "neutral", "positive")


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the three classes, per-class P/R/F1 and support, confusion (rows gold)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(
            float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(n),
            }
            for label, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
        },
        "labels": labels,
        "confusion": confusion_matrix(gold, predicted, labels=labels).tolist(),
    }


def threshold_label(value: float, low: float, high: float) -> str:
    """negative below `low`, positive above `high`, neutral between: the lexicon baselines' rule."""
    return "negative" if value < low else "positive" if value > high else "neutral"


def macro_f1(gold: np.ndarray, predicted: np.ndarray, classes: int = 3) -> float:
    """Macro-F1 of integer labels (the same figure as `scores`' macro_f1, without scikit-learn's overhead)."""
    total = 0.0
    for c in range(classes):
        tp = float(np.sum((predicted == c) & (gold == c)))
        fp = float(np.sum((predicted == c) & (gold != c)))
        fn = float(np.sum((predicted != c) & (gold == c)))
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / classes


def tune_thresholds(values: Sequence[float], gold: Sequence[str]) -> tuple[float, float, float]:
    """(macro-F1, low, high): the two thresholds of `threshold_label` by grid search (step 0.02) on macro-F1."""
    x = np.asarray(values, dtype=np.float64)
    y = np.asarray([LABELS.index(g) for g in gold])
    best = (-1.0, 0.0, 0.0)
    grid = [round(-0.6 + 0.02 * i, 2) for i in range(61)]
    for low in grid:
        for high in (g for g in grid if g >= low):
            predicted = np.where(x < low, 0, np.where(x > high, 2, 1))
            f1 = round(macro_f1(y, predicted), 4)
            if f1 > best[0]:
                best = (f1, low, high)
    return best
