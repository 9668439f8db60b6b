"""Issue 16 on the bundled Iran Press example: how the article portrays the United States, the Taliban and Kabul."""

from __future__ import annotations

import pytest

from spinscope.analysis import ActorTone


def _actor(analysis, name: str) -> ActorTone | None:
    return next((a for a in analysis.tone.actors if a.name == name), None)


@pytest.mark.xfail(
    strict=True,
    reason="issue 16 target not reached by the shipped model: the outlet's own sentences about the US are "
    "labelled neutral (5 of 8), see models/tone/card.md",
)
def test_example_united_states_negative_in_the_outlets_voice(example_analysis) -> None:
    us = _actor(example_analysis, "United States")
    assert us is not None
    own = next(v for v in us.voices if v.voice == "own")
    assert own.label == "negative"  # the outlet's own voice: "occupied", "occupation", "failure"


def test_example_taliban_and_kabul(example_analysis) -> None:
    taliban = _actor(example_analysis, "Taliban")
    assert taliban is None or taliban.label != "negative"
    assert all(v.label != "negative" for v in (taliban.voices if taliban else []))
    kabul = _actor(example_analysis, "Kabul")
    assert kabul is None or kabul.label == "neutral"  # a place named in passing (dateline, airport)


def test_example_evidence_is_in_the_text(example_analysis) -> None:
    text = example_analysis.text
    for actor in example_analysis.tone.actors:
        assert actor.evidence, actor.name
        for index in actor.evidence:
            sentence = actor.sentences[index]
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.label == actor.label
