"""The CheckThat! measures: positive-class precision, recall and F1 (CT 2021-2024 Task 1 official measure) and
average precision of the ranking by score (the CT 2019/2020 measure is the mean of AP over debates: `mean_ap`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike


def prf(labels: ArrayLike, predicted: ArrayLike) -> dict[str, float]:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int((y & p).sum())
    precision = tp / int(p.sum()) if p.sum() else 0.0
    recall = tp / int(y.sum()) if y.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "predicted": int(p.sum()),
        "gold": int(y.sum()),
    }


def average_precision(labels: ArrayLike, scores: ArrayLike) -> float:
    """Non-interpolated AP of the ranking by decreasing score (scikit-learn's definition)."""
    from sklearn.metrics import average_precision_score

    y = np.asarray(labels)
    if not y.any():
        return 0.0
    return float(average_precision_score(y, np.asarray(scores, dtype=float)))


def mean_ap(labels: Sequence[int], scores: Sequence[float], groups: Sequence[str]) -> float | None:
    """Mean over groups (debates) of AP, as CheckThat! 2019/2020 ranked per debate; None without groups."""
    if not any(groups):
        return None
    by: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    aps = [
        average_precision([labels[i] for i in idx], [scores[i] for i in idx])
        for idx in by.values()
        if any(labels[i] for i in idx)
    ]
    return float(np.mean(aps)) if aps else None


def best_threshold(labels: ArrayLike, scores: ArrayLike) -> tuple[float, float]:
    """Threshold maximising positive-class F1 on these labels (for choosing the default on dev)."""
    s = np.asarray(scores, dtype=float)
    best_t, best_f = 0.5, -1.0
    for t in np.unique(np.round(s, 4)):
        f = prf(labels, s >= t)["f1"]
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t, best_f
