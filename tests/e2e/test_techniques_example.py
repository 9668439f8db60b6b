"""The techniques layer on the bundled Iran Press example: tolerant expectations (technique family and overlap,
not exact offsets), plus the layer's contract: offsets, definitions, calibrated scores, windowing of long texts."""

from __future__ import annotations

import pytest

from spinscope.techniques.catalog import TECHNIQUES

pytestmark = pytest.mark.slow

LOADED_OR_LABEL = {"Loaded_Language", "Name_Calling,Labeling"}
# The shipped model (dev SI 0.424, below the 0.45 target) does not show these phrases of the example in the default
# view (it finds "ruin and poverty" only among the less likely phrases); the issue stays open until a better model
# does. Not strict: a model that shows them makes these tests pass (XPASS).
MISSED_BY_SHIPPED_MODEL = pytest.mark.xfail(
    reason="shipped technique model does not show this phrase by default", strict=False
)
LOADED_OR_FLAG = LOADED_OR_LABEL | {"Flag-Waving", "Appeal_to_fear-prejudice", "Exaggeration,Minimisation"}


def _overlapping(analysis, phrase: str, shown_by_default: bool = True):
    """The phrases overlapping ``phrase``: those of the default view (``likely``), as issue 20 asks, or all."""
    start = analysis.text.index(phrase)
    end = start + len(phrase)
    return [
        t
        for t in analysis.techniques
        if t.start < end and start < t.end and (t.likely or not shown_by_default)
    ]


@pytest.mark.parametrize(
    ("phrase", "accepted"),
    [
        pytest.param(
            "ruin and poverty",
            LOADED_OR_LABEL | {"Exaggeration,Minimisation", "Appeal_to_fear-prejudice"},
            marks=MISSED_BY_SHIPPED_MODEL,
        ),
        ("humility and failure", LOADED_OR_LABEL | {"Exaggeration,Minimisation"}),
        pytest.param("colonialism", LOADED_OR_FLAG, marks=MISSED_BY_SHIPPED_MODEL),
        pytest.param("the land of Jihad and resistance", LOADED_OR_FLAG, marks=MISSED_BY_SHIPPED_MODEL),
    ],
)
def test_example_surfaces_expected_techniques(example_analysis, phrase, accepted):
    found = _overlapping(example_analysis, phrase)
    assert found, f"no technique span overlaps {phrase!r}"
    assert {t.technique for t in found} & accepted, f"{phrase!r} got {[t.technique for t in found]}"


def test_example_phrase_cut_on_and_is_completed(example_analysis):
    """The decoder stops at "ruin and"; the shown phrase takes the conjunct (`techniques.coordination`)."""
    found = _overlapping(example_analysis, "ruin and poverty", shown_by_default=False)
    assert any(t.text.endswith("ruin and poverty") for t in found), [t.text for t in found]
    assert not any(t.text.split()[-1] in {"and", "or"} for t in example_analysis.techniques)


def test_example_spans_are_phrases_not_sentences(example_analysis):
    spans = example_analysis.techniques
    assert spans
    sentence_lengths = [s.end - s.start for s in example_analysis.tone.sentences]
    # phrase-precise: the typical highlight is far shorter than the typical sentence
    lengths = sorted(t.end - t.start for t in spans)
    assert lengths[len(lengths) // 2] < sorted(sentence_lengths)[len(sentence_lengths) // 2] / 2


def test_span_contract(example_analysis):
    text = example_analysis.text
    for t in example_analysis.techniques:
        assert text[t.start : t.end] == t.text and t.text == t.text.strip()
        assert t.technique in TECHNIQUES and t.definition and t.family
        assert 0.0 <= t.score <= 1.0


def test_long_text_is_processed_whole(pipeline, example_text):
    # ~12 copies of the example: far beyond one 256-wordpiece window; the last copy must get spans too.
    long_text = "\n\n".join([example_text.strip()] * 12)
    analysis = pipeline.analyze(long_text)
    last_copy_start = long_text.rindex("Kabul (IP)")
    assert any(t.start >= last_copy_start for t in analysis.techniques)
    for t in analysis.techniques:
        assert long_text[t.start : t.end] == t.text


def test_a_lower_threshold_finds_more_phrases_and_is_recorded(example_text, example_analysis):
    import spinscope

    sensitive = spinscope.load(["techniques"], settings={"techniques": {"threshold": 0.25}}).analyze(
        example_text
    )
    assert sensitive.settings == {"techniques": {"threshold": 0.25}} and example_analysis.settings == {}
    default_phrases = {(t.start, t.end) for t in example_analysis.techniques}
    found = {(t.start, t.end) for t in sensitive.techniques}
    assert len(found) > len(default_phrases)
    # every phrase found at the tuned threshold still overlaps one found at the lower one
    assert all(any(s < e2 and s2 < e for s2, e2 in found) for s, e in default_phrases)
    for t in sensitive.techniques:
        assert sensitive.text[t.start : t.end] == t.text


def test_per_article_settings_match_pipeline_settings(pipeline, example_text):
    """`analyze(..., settings=...)` on the shared pipeline gives what a pipeline loaded with those settings gives,
    and leaves the shared pipeline as it was."""
    import spinscope

    settings = {"techniques": {"threshold": 0.25}, "claims": {"threshold": 0.9}}
    per_article = pipeline.analyze(example_text, settings=settings)
    loaded = spinscope.load(["techniques", "claims"], settings=settings).analyze(example_text)
    assert per_article.settings == settings

    def found(
        analysis,
    ):  # (the full pipeline also says whether each phrase is quoted; `loaded` has no quotes layer)
        return [(t.start, t.end, t.technique, t.score) for t in analysis.techniques]

    assert found(per_article) == found(loaded)
    assert [c.text for c in per_article.claims] == [c.text for c in loaded.claims]
    default = pipeline.analyze(example_text)
    assert len(per_article.claims) < len(default.claims) and default.settings == {}


def test_every_phrase_says_how_likely_it_is(example_analysis):
    """The default view's test: each phrase carries its calibrated phrase score, and `likely` is exactly the bar
    (one phrase carrying two techniques has one phrase score)."""
    from spinscope.techniques.likely import LIKELY_MIN

    spans = example_analysis.techniques
    assert spans
    by_phrase: dict[tuple[int, int], set[float]] = {}
    for t in spans:
        assert t.phrase_score is not None and 0.0 <= t.phrase_score <= 1.0
        assert t.likely is (t.phrase_score >= LIKELY_MIN)
        by_phrase.setdefault((t.start, t.end), set()).add(t.phrase_score)
    assert all(len(scores) == 1 for scores in by_phrase.values())
    assert example_analysis.counts.likely_technique_phrases == len(
        {(t.start, t.end) for t in spans if t.likely}
    )
