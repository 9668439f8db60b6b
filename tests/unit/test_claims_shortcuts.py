"""The claims component's faster readings give what the plain ones give: wordpiece ranges by binary search
(`token_ranges`) and `Encoded.tokens_in`, the kinds' tag questions from one array (`DocTags`) and from the tokens,
the entity records of the mentions inside claims and of all mentions, the one-line shortcut of `sentence_units`."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinscope
from spinscope import docstate
from spinscope.claims.actors import entity_records, first_mentions
from spinscope.claims.candidates import _lines, expanded_tokens, sentence_units
from spinscope.claims.kinds import COMPARATIVE_TAGS, PAST_TAGS, DocTags, kind_of
from spinscope.claims.model import token_ranges
from spinscope.encoder import Encoded
from spinscope.pipeline import Pipeline

TEXT = (
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years, said Janet Yellen.\n"
    "The Taliban took Kabul after the last US soldier left Afghanistan on August 31, 2021.\n\n"
    "Prices will rise faster than wages because the central bank raised rates. Thank you.\n"
    "Angela Merkel met Emmanuel Macron in Paris; Macron later spoke to reporters."
)


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return spinscope.load(layers=["entities"])


def _encoded(offsets: list[tuple[int, int]]) -> Encoded:
    n = len(offsets)
    offs = np.array(offsets, dtype=np.int64).reshape(n, 2)
    empty = np.zeros((n, 1), np.float32)
    return Encoded("", np.zeros(n, np.int64), offs, empty, empty, [], [], empty)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=30),
    st.lists(st.tuples(st.integers(0, 90), st.integers(0, 40)), min_size=1, max_size=12),
    st.booleans(),
)
def test_token_ranges_are_tokens_in(
    gaps: list[tuple[int, int]], spans: list[tuple[int, int]], shuffle: bool
) -> None:
    offsets, position = [], 0
    for gap, length in gaps:  # wordpieces in order, with gaps and empty pieces
        offsets.append((position + gap, position + gap + length))
        position += gap + length
    if shuffle and len(offsets) > 2:  # out of order: the span-by-span reading
        offsets[0], offsets[-1] = offsets[-1], offsets[0]
    enc = _encoded(offsets)
    ranges = [(s, s + w) for s, w in spans]
    assert token_ranges(enc, ranges) == [enc.tokens_in(s, e) for s, e in ranges]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003\x0bab.-A", max_size=30))
def test_units_are_those_of_the_line_by_line_reading(text: str) -> None:
    assert sentence_units(text) == _lines(text)


def test_doc_tags_answer_as_the_tokens_do(nlp: Pipeline) -> None:
    doc = nlp.nlp(TEXT)
    tags = DocTags(doc)
    spans = [doc[i:j] for i in range(0, len(doc), 3) for j in range(i + 1, min(len(doc), i + 25), 4)]
    assert any(tags.any(s, COMPARATIVE_TAGS) for s in spans) and any(tags.any(s, PAST_TAGS) for s in spans)
    for span in spans:
        for group in (COMPARATIVE_TAGS, PAST_TAGS):
            assert tags.any(span, group) == any(t.tag_ in group for t in span)
        for quantities in ([], [{"type": "date"}]):
            assert kind_of(span.text, quantities, False, span, tags) == kind_of(
                span.text, quantities, False, span
            )


def test_kinds_with_characters_that_fold_to_ascii(nlp: Pipeline) -> None:
    doc = nlp.nlp("İt rose becauſe of the war, and prices fell.")
    assert kind_of(doc.text, [], False, doc[:], DocTags(doc)) == "causal"  # "becauſe" is "because" under re.I


def test_entity_records_inside_claims_are_those_first_mentions_lists(nlp: Pipeline) -> None:
    doc = nlp.nlp(TEXT)
    mentions = list(doc.spans[docstate.ENTITIES])
    assert len(mentions) >= 5
    everything = entity_records(mentions)
    # overlapping and out of order too; Yellen, Kabul, the US, Afghanistan and the second Macron outside
    at = TEXT.index
    claims = [
        (at("The Taliban"), at("Kabul")),
        (0, at("said")),
        (10, 40),
        (at("Angela"), at(";")),
        (at("Prices"), at("Thank")),
    ]
    inside = entity_records(mentions, claims, doc.text)
    assert len(inside) < len(everything)
    for start, end in claims:
        assert first_mentions(inside, start, end) == first_mentions(everything, start, end)


@settings(max_examples=300, deadline=None)
@given(st.integers(-2, len(TEXT) + 2), st.integers(1, 40))  # units are never empty
def test_expanded_tokens_are_those_of_char_span(nlp: Pipeline, start: int, width: int) -> None:
    doc = nlp.nlp.make_doc(TEXT + "  and  more\n")
    starts, lengths = [t.idx for t in doc], [len(t) for t in doc]
    span = doc.char_span(start, start + width, alignment_mode="expand")
    tokens = expanded_tokens(starts, lengths, len(doc.text), start, start + width)
    assert tokens == (None if span is None else (span.start, span.end))
