"""Issue #4 on the bundled Iran Press example: who speaks, and whose voices are missing (tolerant matching)."""

from __future__ import annotations

from pathlib import Path

import pytest

import spinscope
from spinscope.analysis import Analysis

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kabul-anniversary.txt"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return spinscope.load(layers=["quotes"]).analyze(EXAMPLE.read_text(encoding="utf-8"))


def voice(analysis: Analysis, needle: str):
    assert analysis.sourcing is not None
    found = [v for v in analysis.sourcing.voices if needle.lower() in v.name.lower()]
    assert found, f"no voice like {needle!r} in {[v.name for v in analysis.sourcing.voices]}"
    return found[0]


def test_named_taliban_spokesman_direct_quote(analysis: Analysis) -> None:
    mujahid = voice(analysis, "Mujahid")
    assert mujahid.speaker_type == "named_person"
    assert mujahid.affiliation == "Taliban"
    quotes = [q for q in analysis.quotes or [] if q.voice_id == mujahid.id]
    assert any(q.kind == "direct" and q.text.lstrip('"\u201c').startswith("We are proud") for q in quotes)


def test_anonymous_taliban_member_and_he_said(analysis: Analysis) -> None:
    member = voice(analysis, "member of the Taliban")
    assert member.speaker_type == "anonymous"
    assert member.affiliation == "Taliban"
    quotes = [q for q in analysis.quotes or [] if q.voice_id == member.id]
    assert any(q.kind == "indirect" for q in quotes)
    he_said = [q for q in quotes if "land of Jihad" in q.text]
    assert he_said and he_said[0].resolved_by == "pronoun"


def test_afghan_citizens_group_with_several_statements(analysis: Analysis) -> None:
    citizens = voice(analysis, "Afghan")
    assert citizens.name == "Afghan citizens"  # its most frequent description, not a subheading's
    assert citizens.speaker_type == "group"
    assert citizens.indirect >= 2


def test_sourcing_shows_no_us_voice(analysis: Analysis) -> None:
    sourcing = analysis.sourcing
    assert sourcing is not None
    assert all("United States" not in v.name and v.affiliation != "United States" for v in sourcing.voices)
    assert "United States" in [a.name for a in sourcing.unvoiced_actors]
    assert "United States" in sourcing.statement
    assert 0 < sourcing.attributed_share < 1


def test_terminal_report_lists_voices(analysis: Analysis) -> None:
    from spinscope.render.terminal import render_text

    report = render_text(analysis)
    assert "VOICES" in report
    assert "Zabihullah Mujahid" in report
    assert "no voice" in report
