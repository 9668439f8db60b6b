"""Scorers for SemEval-2020 Task 11, following the organisers' scorers.

SI (span identification), as in the official ``task-SI_scorer.py``:

* a span is the set of its character indices ``set(range(start, end))``;
* per article, overlapping spans (sharing at least one character) are merged, on the gold and on the
  predicted side (touching-but-not-overlapping spans are *not* merged, as in the official scorer);
* ``P = sum_{s in pred, t in gold, same article} |s ∩ t| / |s|  /  #pred spans``
* ``R = sum_{s in pred, t in gold, same article} |s ∩ t| / |t|  /  #gold spans``
  (every gold article counts: an article missing from the predictions contributes 0 to the numerator but
  its gold spans stay in the denominator; predicted spans of an article without gold spans count in the
  precision denominator only);
* ``F1 = 2PR / (P + R)``.

The *strict* variant divides every intersection by ``max(|s|, |t|)`` on both sides, so that a prediction only
gets full credit for reproducing a gold span exactly.

TC (technique classification): predictions are made for the gold spans (the TC template). Rows are matched by
``(article_id, start, end)``; for spans with several gold rows the techniques are matched as multisets
(order-independent, unlike the organisers' sort-and-zip). ``micro P = correct / #pred rows``,
``micro R = correct / #gold rows``; with one prediction per template row micro-F1 equals accuracy, which is
what the official TC scorer reports. Per-technique P/R/F1 are computed the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from spinscope.evaluation.ptc.formats import SIRow, TCRow


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den > 0 else 0.0
    r = r_num / r_den if r_den > 0 else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def _spans_by_article(rows: Iterable) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for r in rows:
        aid, s, e = _si_fields(r)
        if e > s:  # an empty span has no characters
            out.setdefault(aid, []).append((s, e))
    return {aid: merge_overlapping(sp) for aid, sp in out.items()}


def _si_fields(r) -> tuple[str, int, int]:
    if isinstance(r, (SIRow, TCRow)):
        return str(r.article_id), int(r.start), int(r.end)
    if len(r) == 3:
        return str(r[0]), int(r[1]), int(r[2])
    if len(r) == 4:  # TC-style row: id, technique, start, end
        return str(r[0]), int(r[2]), int(r[3])
    raise ValueError(f"bad SI row {r!r}")


def merge_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans sharing at least one character (the official ``merge_spans``, on intervals)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def score_si(gold_rows: Iterable, pred_rows: Iterable) -> dict[str, Any]:
    """Official SI score (``precision``, ``recall``, ``f1``) plus the strict variant (``strict_*``).

    Rows are ``SIRow``/``TCRow`` or tuples ``(id, start, end)``.
    """
    gold = _spans_by_article(gold_rows)
    pred = _spans_by_article(pred_rows)
    n_pred = sum(len(v) for v in pred.values())
    n_gold = sum(len(v) for v in gold.values())
    p_num = r_num = sp_num = sr_num = 0.0
    for aid, pspans in pred.items():
        gspans = gold.get(aid, [])
        for s0, s1 in pspans:
            for t0, t1 in gspans:
                inter = min(s1, t1) - max(s0, t0)
                if inter <= 0:
                    continue
                p_num += inter / (s1 - s0)
                r_num += inter / (t1 - t0)
                strict = inter / max(s1 - s0, t1 - t0)
                sp_num += strict
                sr_num += strict
    p, r, f = _prf(p_num, n_pred, r_num, n_gold)
    sp, sr, sf = _prf(sp_num, n_pred, sr_num, n_gold)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf,
        "n_pred": n_pred,
        "n_gold": n_gold,
    }


def _tc_fields(r) -> tuple[str, str, int, int]:
    if isinstance(r, TCRow):
        return str(r.article_id), r.technique, int(r.start), int(r.end)
    aid, tech, s, e = r
    return str(aid), str(tech), int(s), int(e)


def score_tc(gold_rows: Iterable, pred_rows: Iterable) -> dict[str, Any]:
    """Micro P/R/F1 of technique labels on (article, start, end) spans, plus ``per_technique`` P/R/F1."""
    gold: dict[tuple[str, int, int], Counter] = {}
    pred: dict[tuple[str, int, int], Counter] = {}
    g_count: Counter = Counter()
    p_count: Counter = Counter()
    for r in gold_rows:
        aid, t, s, e = _tc_fields(r)
        gold.setdefault((aid, s, e), Counter())[t] += 1
        g_count[t] += 1
    for r in pred_rows:
        aid, t, s, e = _tc_fields(r)
        pred.setdefault((aid, s, e), Counter())[t] += 1
        p_count[t] += 1
    correct: Counter = Counter()
    for key, pc in pred.items():
        gc = gold.get(key)
        if gc:
            correct.update(pc & gc)
    n_corr = sum(correct.values())
    n_pred = sum(p_count.values())
    n_gold = sum(g_count.values())
    p, r, f = _prf(n_corr, n_pred, n_corr, n_gold)
    per = {}
    for t in sorted(set(g_count) | set(p_count)):
        tp, tr, tf = _prf(correct[t], p_count[t], correct[t], g_count[t])
        per[t] = {"precision": tp, "recall": tr, "f1": tf, "support": g_count[t], "predicted": p_count[t]}
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "micro_f1": f,
        "n_pred": n_pred,
        "n_gold": n_gold,
        "correct": n_corr,
        "per_technique": per,
    }
