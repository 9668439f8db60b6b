"""Which stretches of an article are claim candidates: each line of a sentence (so that a headline stays apart from
the text after it), except that a line wrapped mid-sentence ("$1.8 bill-" / "ion ...", "the 9 billion" /
"dollars ...") stays joined to its continuation, and only stretches long enough to state a fact are scored."""

from __future__ import annotations

import bisect
import itertools
import re

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, LENGTH, LIKE_NUM, POS, SENT_START
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span

MIN_WORDS = 4
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")


def _continues(before: str, gap: str, after: str) -> bool:
    """A single line break inside a sentence: a hyphenated word, or a line that goes on in lower case."""
    if gap.count("\n") > 1 or not before or not after:
        return False
    return bool(re.search(r"[A-Za-z]-$", before)) or after[0].islower()


def sentence_units(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets into `text` of its claim candidates: its non-empty lines, trimmed, wrapped lines
    rejoined."""
    stripped = text.strip()
    if "\n" not in stripped:  # one line (most sentences, often with the paragraph's line break after it)
        if not stripped:
            return []
        start = len(text) - len(text.lstrip())
        return [(start, start + len(stripped))]
    return _lines(text)


def _lines(text: str) -> list[tuple[int, int]]:
    """`sentence_units` of any text: split at its line breaks, trimmed, wrapped lines rejoined (a text whose
    line breaks are all in its leading or trailing white space has one unit, which `sentence_units` gives
    without this scan)."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for m in _LINE_BREAK.finditer(text):
        pieces.append((position, m.start()))
        position = m.end()
    pieces.append((position, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end = start + len(stripped)
        if out and _continues(text[out[-1][0] : out[-1][1]], text[out[-1][1] : start], stripped):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def units(span: Span) -> list[tuple[int, int]]:
    """Claim candidates of a sentence, as document character offsets."""
    return [(span.start_char + s, span.start_char + e) for s, e in sentence_units(span.text)]


def expanded_tokens(
    starts: list[int], lengths: list[int], size: int, start: int, end: int
) -> tuple[int, int] | None:
    """The token range ``[i, j)`` of ``doc.char_span(start, end, alignment_mode="expand")`` (None when spaCy
    gives None), from the tokens' character offsets ``starts`` and ``lengths`` and the text's length ``size``,
    without spaCy's Python objects: the tokens with their trailing white space tile the text, so the token
    holding a character is the last one starting at or before it (spaCy's `token_by_char`)."""
    if not 0 <= start < size or not 0 <= end - 1 < size:
        return None
    i = bisect.bisect_right(starts, start) - 1
    j = bisect.bisect_right(starts, end - 1) - 1
    if start == starts[i] + lengths[i]:  # in the white space after a token: the next one
        i += 1
    return i, j + 1


def candidate_ranges(doc: Doc, text: str) -> tuple[list[tuple[int, int]], int]:
    """The claim candidates of a parsed Doc (``text`` is its `Doc.text`, read once by the caller): the units of
    each sentence (`units`) with at least `MIN_WORDS` words (or numbers) and a verb or a number, since a fragment
    without either states no fact; as (start, end) characters, with the number of units.

    The same candidates as iterating ``doc.sents`` and testing each unit's span, read from one token array
    instead: spaCy makes a Python object for every token it yields (``Doc.sents`` walks them all), which cost
    more than a fifth of the component's own Python (cProfile over the 75 PTC dev articles)."""
    if not len(doc):
        return [], 0
    columns = doc.to_array([SENT_START, IDX, LENGTH, IS_ALPHA, LIKE_NUM, POS]).astype(np.int64)
    starts = np.nonzero(columns[:, 0] == 1)[0].tolist()
    if not doc.has_annotation("SENT_START"):
        list(doc.sents)  # raises spaCy's own error: the layer needs sentences
    bounds = [0, *[i for i in starts if i > 0], len(doc)]
    idx, length = columns[:, 1].tolist(), columns[:, 2].tolist()
    counted = (columns[:, 3] != 0) | (columns[:, 4] != 0)  # a word or a number
    factual = (columns[:, 5] == VERB) | (columns[:, 5] == AUX) | (columns[:, 4] != 0)
    # running counts: the words and the verbs or numbers of tokens [i, j) are two subtractions
    words = [0, *np.cumsum(counted).tolist()]
    facts = [0, *np.cumsum(factual).tolist()]
    out: list[tuple[int, int]] = []
    total = 0
    for a, b in itertools.pairwise(bounds):
        if b <= a:
            continue
        sent_start = int(idx[a])
        sent_end = int(idx[b - 1] + length[b - 1])
        for s, e in sentence_units(text[sent_start:sent_end]):
            total += 1
            tokens = expanded_tokens(idx, length, len(text), sent_start + s, sent_start + e)
            if tokens is None:
                continue
            i, j = tokens
            if words[j] - words[i] >= MIN_WORDS and facts[j] > facts[i]:  # so the span is not empty
                out.append((idx[i], idx[j - 1] + length[j - 1]))
    return out, total
