"""Issue 17 speed-up: the lookups that replaced scans in the quotes layer give what the scans gave."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from spinscope.pipeline import SPACY_MODEL
from spinscope.quotes.rules import _subtree_bounds
from spinscope.quotes.speakers import EntityIndex

VOCAB = spacy.blank("en").vocab


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 29), st.integers(1, 5)), max_size=12),
    query=st.tuples(st.integers(0, 34), st.integers(0, 34)),
)
def test_entity_index_equals_the_scan(spans: list[tuple[int, int]], query: tuple[int, int]) -> None:
    doc = Doc(VOCAB, words=[f"w{i}" for i in range(35)])
    entities = [Span(doc, s, min(35, s + n), label="PERSON") for s, n in spans]  # any order, overlaps allowed
    start, end = min(query), max(query)
    scan = [s for s in entities if s.start >= start and s.end <= end]  # the code before
    assert EntityIndex(entities).within(start, end) == scan


def test_subtree_bounds_from_edges_equal_the_walk() -> None:
    nlp = spacy.load(SPACY_MODEL)
    doc = nlp("The senator, who spoke on Tuesday, said that the bill would pass after a long debate.")
    for token in doc:
        indices = [t.i for t in token.subtree]
        assert _subtree_bounds(token) == (min(indices), max(indices) + 1)
