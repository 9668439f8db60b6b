"""Which stretches of an article are claim candidates: each line of a sentence (so that a headline stays apart from
the text after it), except that a line wrapped mid-sentence ("$1.8 bill-" / "ion ...", "the 9 billion" /
"dollars ...") stays joined to its continuation, and only stretches long enough to state a fact are scored."""

from __future__ import annotations

import re

from spacy.tokens import Span

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


def could_be_claim(span: Span) -> bool:
    """At least `MIN_WORDS` words and a verb or a number: a fragment without either states no fact."""
    words = [t for t in span if t.is_alpha or t.like_num]
    if len(words) < MIN_WORDS:
        return False
    return any(t.pos_ in ("VERB", "AUX") or t.like_num for t in span)
