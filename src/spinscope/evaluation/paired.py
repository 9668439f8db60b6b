"""Is one model clearly better than another on a labelled set? A paired bootstrap of the difference of a measure.

Why: the older CheckThat! test sets are small where it matters (140 tweets, 60 of them check-worthy) or have few
positives (136 in 21,514 debate sentences), so a difference of a few points of average precision between two
rankings can be noise. Both models are scored on the same resampled sentences (paired), resampled within each
group (debate) so that a mean over debates keeps its debates; the percentile interval of the difference says
whether a gain is clear (its lower end above 0).

    >>> y = [1, 0, 1, 0, 1, 0, 0, 0] * 10
    >>> better, worse = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.2, 0.1] * 10, [0.6, 0.5, 0.4, 0.7, 0.5, 0.6, 0.3, 0.2] * 10
    >>> r = paired_bootstrap(y, better, worse, average_precision_fast)
    >>> r["difference"] > 0 and r["low"] > 0 and r["clear_gain"]
    True

`average_precision_fast` is scikit-learn's `average_precision_score` (ties counted as one threshold) written for
many resamples: the same value, checked in the unit tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

Measure = Callable[[ArrayLike, ArrayLike], float]


def average_precision_fast(labels: ArrayLike, scores: ArrayLike) -> float:
    """Non-interpolated AP of the ranking by decreasing score, tied scores forming one step (as scikit-learn);
    0.0 without positives.

    >>> average_precision_fast([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])
    0.8333333333333333
    """
    y = np.asarray(labels, dtype=bool)
    positives = int(y.sum())
    if positives == 0:
        return 0.0
    s = np.asarray(scores, dtype=float)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # the last index of each run of tied scores
    tp = np.cumsum(y)[last]
    precision = tp / (last + 1)
    recall_steps = np.diff(np.r_[0, tp]) / positives
    return float(np.sum(recall_steps * precision))


def f1_of_predictions(labels: ArrayLike, predicted: ArrayLike) -> float:
    """Positive-class F1 of 0/1 predictions (pass thresholded scores)."""
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=float) >= 0.5
    tp = int((y & p).sum())
    return 2 * tp / (int(y.sum()) + int(p.sum())) if tp else 0.0


def by_group(measure: Measure, groups: Sequence[str]) -> Measure:
    """The mean of ``measure`` over the groups holding a positive (CheckThat! 2019/2020: mean AP over debates)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        index[g].append(i)
    parts = [np.asarray(ix) for ix in index.values()]

    def mean(labels: ArrayLike, scores: ArrayLike) -> float:
        y, s = np.asarray(labels, dtype=bool), np.asarray(scores, dtype=float)
        values = [measure(y[ix], s[ix]) for ix in parts if y[ix].any()]
        return float(np.mean(values)) if values else 0.0

    return mean


def paired_bootstrap(
    labels: ArrayLike,
    ours: ArrayLike,
    theirs: ArrayLike,
    measure: Measure,
    groups: Sequence[str] | None = None,
    reps: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Any]:
    """``measure(ours) - measure(theirs)`` on the set and its percentile interval over ``reps`` paired resamples
    of the sentences (within each of ``groups`` when given, and then ``measure`` should be a `by_group` one
    built on the same groups, which the resample keeps in place)."""
    y = np.asarray(labels, dtype=bool)
    a, b = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    blocks: list[np.ndarray] = []
    if groups is None:
        blocks = [np.arange(len(y))]
    else:
        index: dict[str, list[int]] = defaultdict(list)
        for i, g in enumerate(groups):
            index[g].append(i)
        blocks = [np.asarray(ix) for ix in index.values()]
    rng = np.random.default_rng(seed)
    diffs = np.empty(reps)
    for r in range(reps):
        # each position keeps its group: the draw for a block only picks among that block's sentences
        pick = np.empty(len(y), dtype=int)
        for ix in blocks:
            pick[ix] = ix[rng.integers(0, len(ix), len(ix))]
        diffs[r] = measure(y[pick], a[pick]) - measure(y[pick], b[pick])
    tail = (1 - level) / 2
    low, high = np.quantile(diffs, [tail, 1 - tail])
    difference = measure(y, a) - measure(y, b)
    return {
        "difference": round(float(difference), 4),
        "low": round(float(low), 4),
        "high": round(float(high), 4),
        "level": level,
        "reps": reps,
        "clear_gain": bool(low > 0),
    }
