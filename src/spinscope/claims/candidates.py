"""Which stretches of an article are claim candidates: each line of a sentence (so that a headline stays apart from
the text after it), except that a line wrapped mid-sentence ("$1.8 bill-" / "ion ...", "the 9 billion" /
"dollars ...") stays joined to its continuation, and only stretches long enough to state a fact are scored."""

from __future__ import annotations

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
    if "\n" not in text:  # one line (most sentences): the text itself, trimmed
        stripped = text.strip()
        if not stripped:
            return []
        start = len(text) - len(text.lstrip())
        return [(start, start + len(stripped))]
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
            span = doc.char_span(sent_start + s, sent_start + e, alignment_mode="expand")
            if span is None:
                continue
            i, j = span.start, span.end
            if words[j] - words[i] >= MIN_WORDS and facts[j] > facts[i]:
                out.append((span.start_char, span.end_char))
    return out, total
