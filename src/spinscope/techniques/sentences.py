"""Cutting technique phrases at sentence boundaries, so every phrase shown to a reader lies in one sentence.

The span decoder works on wordpieces and PTC lines, so a decoded phrase can run on across a full stop ("country
in ruin. Officials said the corrupt elite"). A reader checks a phrase against the sentence it sits in, so the
techniques component cuts each phrase at the sentence boundaries it crosses, trims the pieces to words (no
leading or trailing spaces or punctuation), and drops pieces left too short to mean anything ("." or "He").
`spinscope ptc predict` does not use this: the benchmark keeps the decoding tuned for the official SI score.

>>> text = "They left the country in ruin. Officials said the corrupt elite fled."
>>> cut = split_at_sentences(text, [(14, 63)], [(0, 30), (31, 69)])
>>> [text[a:b] for a, b in cut]
['country in ruin', 'Officials said the corrupt elite']
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_LETTERS = 3  # a piece needs this many letters or digits to be kept ("He" and "." are dropped)
_EDGE = " \t\r\n\"'“”‘’«».,;:!?()[]{}-–—…"  # characters trimmed from the ends of a piece


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so the piece neither starts nor ends with spaces or punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def split_at_sentences(
    text: str, span_offsets: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Every span's pieces inside single sentences (sorted, trimmed, long enough), in the order of the spans.

    ``sentences`` are ``(start, end)`` character ranges (spaCy's `doc.sents`); characters outside every sentence
    (spaces between them) are never part of a piece. A span inside one sentence comes back trimmed only.
    """
    out: list[tuple[int, int]] = []
    for start, end in span_offsets:
        pieces = [(max(start, a), min(end, b)) for a, b in sentences if a < end and b > start] or [
            (start, end)
        ]
        for a, b in pieces:
            a, b = trim(text, a, b)
            if sum(ch.isalnum() for ch in text[a:b]) >= MIN_LETTERS:
                out.append((a, b))
    return out
