"""Offsets are sacred: every span anywhere in an Analysis satisfies text[start:end] == span.text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = [
    "The",
    "United",
    "States",
    "U.S.",
    "Taliban",
    "said",
    "\u201cWe",
    "are",
    "proud\u201d",
    "ruin",
    "and",
    "poverty",
    "9",
    "billion",
    "dollars",
    "on",
    "August",
    "31,",
    "2021",
    "Kabul",
    "(IP)",
    "–",
    "Zabihullah",
    "Mujahid",
    "he",
    "terrible",
    "victory",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "é",
    "日本",
    "🙂",
    "'",
    '"',
    "-",
    ".",
    ",",
    "Dr.",
    "Ms.",
    "Lopez",
]


def check_offsets(analysis) -> int:
    spans = analysis.spans()
    for span in spans:
        assert 0 <= span.start <= span.end <= len(analysis.text)
        assert analysis.text[span.start : span.end] == span.text
    return len(spans)


def test_example_offsets(example_analysis):
    assert check_offsets(example_analysis) > 20


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join).filter(lambda t: t.strip()))
def test_offsets_property(pipeline, text):
    analysis = pipeline.analyze(text)
    check_offsets(analysis)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(
        lambda t: any(ch.isalnum() for ch in t)
    )
)
def test_offsets_arbitrary_unicode(pipeline, text):
    check_offsets(pipeline.analyze(text))
