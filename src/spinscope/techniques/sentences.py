"""Cutting technique phrases at sentence boundaries, so every phrase shown to a reader lies in one sentence.

The span decoder works on wordpieces and PTC lines, so a decoded phrase can run on across a full stop ("country
in ruin. Officials said the corrupt elite"). A reader checks a phrase against the sentence it sits in, so the
techniques component cuts each phrase at the sentence boundaries it crosses, trims the pieces to words (no
leading or trailing spaces or punctuation), and drops pieces left too short to mean anything ("." or "He").
It also cuts out the titles of works and descriptions of their fiction it is given (`entities.titles`: "Parasite"
in an awards report is a film, not a label); what is left beside one is kept only if it is a phrase of its own
(three words or more).
A line break ends a sentence too (`at_line_breaks`): spaCy's parser can run one sentence over a headline without
a full stop and the paragraph after it ("The Bailout Cabal Is Robbing You Blind\\n\\nWake up, people!").
`spinscope ptc predict` does not use this: the benchmark keeps the decoding tuned for the official SI score.

>>> text = "They left the country in ruin. Officials said the corrupt elite fled."
>>> cut = split_at_sentences(text, [(14, 63)], [(0, 30), (31, 69)])
>>> [text[a:b] for a, b in cut]
['country in ruin', 'Officials said the corrupt elite']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MIN_LETTERS = 3  # a piece needs this many letters or digits to be kept ("He" and "." are dropped)
MIN_WORDS_BESIDE_TITLE = 3  # a piece left beside a title cut out of a phrase needs this many words
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's text without its outer spaces
_EDGE = " \t\r\n\"'“”‘’«».,;:!?()[]{}-–—…"  # characters trimmed from the ends of a piece


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so the piece neither starts nor ends with spaces or punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def at_line_breaks(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentences`` (character ranges) cut at every line break inside them, each part without its outer spaces.

    >>> text = "Robbing You Blind\\n\\nWake up, people! They lied."
    >>> [text[a:b] for a, b in at_line_breaks(text, [(0, 35), (36, 46)])]
    ['Robbing You Blind', 'Wake up, people!', 'They lied.']
    """
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        for match in _LINE.finditer(text, start, end):
            out.append((match.start(), match.end()))
    return out


def cut_out(pieces: Sequence[tuple[int, int]], excluded: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``pieces`` without the characters of the ``excluded`` ranges (a piece around one becomes two).

    >>> cut_out([(0, 20)], [(5, 10), (15, 30)])
    [(0, 5), (10, 15)]
    """
    out = list(pieces)
    for x, y in excluded:
        out = [
            piece
            for a, b in out
            for piece in (((a, b),) if y <= a or x >= b else ((a, min(b, x)), (max(a, y), b)))
            if piece[1] > piece[0]
        ]
    return out


def split_at_sentences(
    text: str,
    span_offsets: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    excluded: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Every span's pieces inside single sentences (sorted, trimmed, long enough), in the order of the spans.

    ``sentences`` are ``(start, end)`` character ranges (spaCy's `doc.sents`); characters outside every sentence
    (spaces between them) are never part of a piece. A span inside one sentence comes back trimmed only.
    ``excluded``: ranges no piece may hold (titles of works, `entities.titles`), cut out like sentence ends.
    """
    out: list[tuple[int, int]] = []
    for start, end in span_offsets:
        pieces = [(max(start, a), min(end, b)) for a, b in sentences if a < end and b > start] or [
            (start, end)
        ]
        kept = cut_out(pieces, excluded)
        cut = kept != pieces
        for a, b in kept:
            a, b = trim(text, a, b)
            if sum(ch.isalnum() for ch in text[a:b]) < MIN_LETTERS:
                continue
            if cut and len(_WORD.findall(text[a:b])) < MIN_WORDS_BESIDE_TITLE:
                continue  # what the model read with the title ("“Parasite” wins top") is not a phrase alone
            out.append((a, b))
    return out
