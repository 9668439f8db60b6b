"""Entities merge mentions of one actor under a canonical name; tone counts lexicon words GDELT-style."""

from __future__ import annotations

import pytest

from spinscope.entities.linking import surface_name


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("the United States", "United States"),
        ("U.S.", "US"),
        ("Taliban's", "Taliban"),
        ("The  White House", "White House"),
    ],
)
def test_surface_name(mention, name):
    assert surface_name(mention) == name


def test_us_forms_merge(pipeline):
    analysis = pipeline.analyze(
        "The United States sent troops. The US later left. America was tired. U.S. officials spoke."
    )
    names = {e.name: e for e in analysis.entities}
    assert "United States" in names
    assert len(names["United States"].mentions) >= 3
    assert not {"US", "America"} & set(names)


def test_surname_joins_full_name(pipeline):
    analysis = pipeline.analyze(
        "Angela Merkel spoke in Berlin on Monday. Later, Merkel said the talks had failed."
    )
    merkel = [e for e in analysis.entities if e.name == "Angela Merkel"]
    assert merkel and len(merkel[0].mentions) == 2


def test_place_is_not_merged_into_organisation_named_after_it(example_analysis):
    names = {e.name for e in example_analysis.entities}
    assert {
        "Afghanistan",
        "Central Bank of Afghanistan",
        "United States",
        "Taliban",
        "Zabihullah Mujahid",
    } <= names


def test_example_acronym_joins_outlet(example_analysis):
    iran_press = next(e for e in example_analysis.entities if e.name == "Iran Press")
    assert "IP" in {m.text for m in iran_press.mentions}


def test_tone_percentages(pipeline):
    analysis = pipeline.analyze("A terrible, horrible disaster. The ruin was awful.")
    doc = analysis.tone.document
    assert doc.negative > 30 and doc.positive == 0
    assert doc.polarity == pytest.approx(doc.positive + doc.negative, abs=1e-3)
    assert doc.compound < 0
    assert len(analysis.tone.sentences) == 2
    assert all(s.compound < 0 for s in analysis.tone.sentences)


def test_tone_positive_text(pipeline):
    doc = pipeline.analyze("We celebrate a wonderful, happy victory with great joy.").tone.document
    assert doc.positive > doc.negative and doc.tone > 0 and doc.compound > 0.5
