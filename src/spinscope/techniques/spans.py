"""Span decoding (BIO probabilities -> character spans) and cheap span features, shared by training and runtime
(no torch). Tokenisation and windows are the shared encoder's (`spinscope.encoder`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from spinscope.encoder import line_starts

BIO = ("O", "B", "I")


def bio_labels(offs: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """BIO tags (0=O, 1=B, 2=I) for tokens given non-overlapping char spans."""
    lab = np.zeros(len(offs), dtype=np.int64)
    for s, e in spans:
        idx = np.nonzero((offs[:, 0] < e) & (offs[:, 1] > s))[0]
        if len(idx):
            lab[idx] = 2
            lab[idx[0]] = 1
    return lab


def char_to_tokens(offs: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Token range ``[a, b)`` of the tokens overlapping chars ``[start, end)`` (a == b if none)."""
    idx = np.nonzero((offs[:, 0] < end) & (offs[:, 1] > start))[0]
    if len(idx) == 0:
        return 0, 0
    return int(idx[0]), int(idx[-1]) + 1


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping (sharing at least one character) spans."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _is_word(c: str) -> bool:
    return c.isalnum() or c in "_"


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend ``[start, end)`` to whole words and strip surrounding whitespace.

    Returns ``(s, s)`` if nothing but whitespace is left.
    """
    n = len(text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    while start > 0 and start < n and _is_word(text[start]) and _is_word(text[start - 1]):
        start -= 1
    while 0 < end < n and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class DecodeParams:
    threshold: float = 0.5  # token probability of being inside a span (P(B)+P(I))
    gap: int = 2  # merge runs separated by at most this many tokens on the same line
    min_chars: int = 3
    min_score: float = 0.0  # minimal mean token probability of a kept span
    split_b: float = 1.1  # split a run at a token whose P(B) exceeds this (>1 disables)
    split_lines: bool = True  # never let a span run across a line break


def decode(
    text: str, offs: np.ndarray, probs: np.ndarray, p: DecodeParams, newline: np.ndarray | None = None
) -> list[tuple[int, int, float]]:
    """Turn per-token BIO probabilities ``[T, 3]`` into char spans ``(start, end, mean_prob)``."""
    if len(offs) == 0:
        return []
    pin = probs[:, 1] + probs[:, 2]
    on = pin >= p.threshold
    if newline is None:
        newline = line_starts(text, offs)
    T = len(on)
    prev_on = np.concatenate([[False], on[:-1]])
    cut = (probs[:, 1] >= p.split_b) | (newline if p.split_lines else False)
    starts = np.nonzero(on & (~prev_on | cut))[0]
    stops = np.nonzero(~on | cut)[0]  # a run [a, b) ends at the first such index after a
    runs: list[list[int]] = []
    for a0 in starts.tolist():
        k = int(np.searchsorted(stops, a0, side="right"))
        b0 = int(stops[k]) if k < len(stops) else T
        runs.append([a0, b0])
    merged: list[list[int]] = []
    for a, b in runs:
        if merged:
            _pa, pb = merged[-1]
            gap_tokens = a - pb
            crosses_line = bool(newline[pb : a + 1].any())
            if gap_tokens <= p.gap and not crosses_line and not (probs[a, 1] >= p.split_b):
                merged[-1][1] = b
                continue
        merged.append([a, b])
    out: list[tuple[int, int, float]] = []
    for a, b in merged:
        s, e = snap(text, int(offs[a, 0]), int(offs[b - 1, 1]))
        if e - s < p.min_chars:
            continue
        score = float(pin[a:b].mean())
        if score < p.min_score:
            continue
        out.append((s, e, score))
    # snapping may create overlaps: merge them
    out.sort()
    res: list[tuple[int, int, float]] = []
    for s, e, sc in out:
        if res and s < res[-1][1]:
            ps, pe, psc = res[-1]
            res[-1] = (ps, max(pe, e), max(psc, sc))
        else:
            res.append((s, e, sc))
    return res


_QUOTES = "\"“”‘’'«»"
N_FEATURES = 9


def span_features(text: str, start: int, end: int, lower_text: str | None = None) -> np.ndarray:
    """Cheap, hand-made span features for the technique head (length, repetition, quotes, position)."""
    lower_text = lower_text if lower_text is not None else text.lower()
    span = lower_text[start:end].strip()
    n_chars = max(1, end - start)
    n_words = max(1, len(span.split()))
    if span:
        count = lower_text.count(span)
        # count the span's content words elsewhere (Repetition often repeats a key phrase)
        words = [w for w in re.findall(r"[a-z0-9']+", span) if len(w) > 3]
        word_rep = np.mean([lower_text.count(w) for w in words]) if words else 0.0
    else:
        count, word_rep = 1, 0.0
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    quoted = float((before in _QUOTES and before != "") or (after in _QUOTES and after != ""))
    is_title = float(line_start == 0)
    return np.array(
        [
            np.log1p(n_chars) / 5.0,
            np.log1p(n_words) / 3.0,
            np.log1p(max(0, count - 1)),
            float(count > 1),
            np.log1p(word_rep) / 2.0,
            quoted,
            is_title,
            start / max(1, len(text)),
            (end - start) / max(1, line_end - line_start),
        ],
        dtype=np.float32,
    )
