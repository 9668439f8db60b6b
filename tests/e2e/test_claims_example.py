"""The claims layer on the bundled example (Iran Press, Kabul anniversary), through the API and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import spinscope
from spinscope.analysis import Analysis, Claim
from spinscope.cli import main
from spinscope.ingest import Document

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kabul-anniversary.txt"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return spinscope.load(layers=["claims"]).analyze(EXAMPLE)


def claim_with(analysis: Analysis, fragment: str) -> Claim:
    found = [c for c in analysis.claims or [] if fragment in c.text]
    assert found, f"no claim contains {fragment!r}: {[c.text[:60] for c in analysis.claims or []]}"
    return found[0]


def test_frozen_nine_billion_dollars(analysis: Analysis) -> None:
    claim = claim_with(analysis, "9 billion dollars")
    (money,) = [q for q in claim.quantities if q.type == "money"]
    assert (money.text, money.value, money.currency) == ("9 billion dollars", 9e9, "USD")
    names = {e.name for e in claim.entities}
    assert {"Central Bank of Afghanistan", "United States"} <= names
    assert any("Europe" in e.text for e in claim.entities)
    assert claim.kind == "statistic"


def test_twenty_years_of_occupation(analysis: Analysis) -> None:
    claim = claim_with(analysis, "for 20 years")
    (duration,) = [q for q in claim.quantities if q.text == "20 years"]
    assert (duration.type, duration.iso) == ("duration", "P20Y")


def test_last_soldier_left_on_august_31_2021(analysis: Analysis) -> None:
    claim = claim_with(analysis, "August 31, 2021")
    (day,) = [q for q in claim.quantities if q.type == "date"]
    assert (day.text, day.iso, day.relative) == ("August 31, 2021", "2021-08-31", False)
    assert any("Kabul" in e.text for e in claim.entities)


def test_offsets_and_scores(analysis: Analysis) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert analysis.claims
    for span in analysis.spans():
        assert text[span.start : span.end] == span.text
    assert all(0 <= c.score <= 1 for c in analysis.claims)


def test_publication_date_resolves_relative_dates() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    dated = spinscope.load(layers=["claims"]).analyze(Document(text=text, published=date(2022, 8, 31)))
    assert dated.claims is not None and dated.meta.published == date(2022, 8, 31)


def test_terminal_briefing_lists_claims_with_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), "--layers", "claims", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "CLAIMS" in out and "to check first" in out and "check-worthy" in out
    assert "9 billion US dollars" in out
    assert "20 years" in out


def test_last_soldier_sentence_normalised_at_threshold_zero() -> None:
    """Whatever the classifier says, the sentence's date and place come out right once it is kept."""
    pipeline = spinscope.load(layers=["claims"])
    pipeline.nlp.get_pipe("spinscope/claims").threshold = 0.0
    analysis = pipeline.analyze(EXAMPLE)
    claim = claim_with(analysis, "August 31, 2021")
    (day,) = [q for q in claim.quantities if q.type == "date"]
    assert (day.text, day.iso, day.relative) == ("August 31, 2021", "2021-08-31", False)
    assert any("Kabul" in e.text for e in claim.entities)


def test_quoted_claim_names_its_speaker_with_the_quotes_layer() -> None:
    from spinscope.pipeline import LAYERS

    if "quotes" not in LAYERS:
        pytest.skip("quotes layer not available")
    analysis = spinscope.load(layers=["quotes", "claims"]).analyze(EXAMPLE)
    claim = claim_with(analysis, "We are proud that Afghanistan was freed")
    assert (claim.in_quote, claim.speaker, claim.kind) == (True, "Zabihullah Mujahid", "quoted claim")
    own = claim_with(analysis, "9 billion dollars")
    assert (own.in_quote, own.speaker) == (False, None)
