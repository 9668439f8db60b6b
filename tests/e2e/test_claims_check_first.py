"""Rank, don't flood: on straight news reports (the example and two wire/broadcaster-style fixtures) the claims
marked "check first" are a handful, at most a third of the sentences, and the example's money and date claims are
among them; the rule's options change it; the publication date of the metadata reaches the dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import spinscope
from spinscope.analysis import Analysis
from spinscope.cli import main
from spinscope.ingest import Document
from spinscope.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"
NEWS = ROOT / "tests" / "fixtures" / "news"
REPORTS = {
    "kabul-anniversary": (EXAMPLE, None),
    "reuters-style-rates": (NEWS / "reuters-style-rates.txt", date(2022, 12, 16)),
    "bbc-style-floods": (NEWS / "bbc-style-floods.txt", date(2020, 4, 10)),
}


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    return spinscope.load(layers=["claims"])


def analyse(pipeline: Pipeline, name: str) -> Analysis:
    path, published = REPORTS[name]
    return pipeline.analyze(Document(text=path.read_text(encoding="utf-8"), published=published))


def sentences(text: str) -> int:
    """Each line of these reports is one sentence (the headline included)."""
    return sum(1 for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("name", list(REPORTS))
def test_a_handful_to_check_first(claims_pipeline: Pipeline, name: str) -> None:
    analysis = analyse(claims_pipeline, name)
    assert analysis.claims
    first = [c for c in analysis.claims if c.check_first]
    assert 1 <= len(first) <= sentences(analysis.text) / 3
    assert len(first) < len(analysis.claims)  # not every check-worthy sentence
    ranks = sorted(c.rank or 0 for c in analysis.claims)
    assert ranks == list(range(1, len(analysis.claims) + 1))
    assert max(c.rank or 0 for c in first) == len(first)  # the marked ones are the first of the order


def test_example_marks_the_money_and_the_date(claims_pipeline: Pipeline) -> None:
    analysis = analyse(claims_pipeline, "kabul-anniversary")
    first = [c for c in analysis.claims or [] if c.check_first]
    values = {(q.type, q.value, q.currency, q.iso) for c in first for q in c.quantities}
    assert ("money", 9e9, "USD", None) in values
    assert ("date", None, None, "2021-08-31") in values
    displays = {q.display for c in first for q in c.quantities}
    assert {"9 billion US dollars", "31 August 2021", "20 years"} <= displays


def test_publication_date_reaches_the_dates(claims_pipeline: Pipeline) -> None:
    analysis = analyse(claims_pipeline, "bbc-style-floods")
    quantities = {q.text: q for c in analysis.claims or [] for q in c.quantities}
    assert quantities["Friday"].iso == "2020-04-10"  # "said on Friday" in a Friday report: that day
    assert quantities["30 April"].iso == "2020-04-30"  # "until 30 April": this April, not last year's
    assert quantities["2011-12"].iso == "2011/2012"
    assert not any(q.text == "19" for q in quantities.values())  # "Covid-19" is a name


def test_publication_date_from_html_metadata(tmp_path: Path) -> None:
    pipeline = spinscope.load(layers=["claims"], settings={"claims": {"threshold": 0.0}})
    analysis = pipeline.analyze(ROOT / "tests" / "fixtures" / "article.html")
    assert analysis.meta.published == date(2024, 3, 5)  # a Tuesday
    quantities = {q.text: q for c in analysis.claims or [] for q in c.quantities}
    assert quantities["Tuesday"].iso == "2024-03-05"
    assert quantities["September"].iso == "2024-09"


def test_options_change_the_rule(claims_pipeline: Pipeline) -> None:
    text = REPORTS["bbc-style-floods"][0].read_text(encoding="utf-8")
    one = spinscope.load(layers=["claims"], settings={"claims": {"check_first_top_k": 1}}).analyze(text)
    assert sum(c.check_first for c in one.claims or []) == 1
    none = claims_pipeline.analyze(text, settings={"claims": {"check_first_min_score": 1.0}})
    assert not any(c.check_first for c in none.claims or [])
    assert none.settings["claims"] == {"check_first_min_score": 1.0}
    tenth = claims_pipeline.analyze(text, settings={"claims": {"check_first_share": 0.1}})
    assert sum(c.check_first for c in tenth.claims or []) == int(0.1 * sentences(text))


@pytest.mark.parametrize("value", ["-1", "1.5", '"many"'])
def test_bad_top_k_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["analyze", str(EXAMPLE), "--layers", "claims", "--set", f"claims.check_first_top_k={value}"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "check_first_top_k" in err and "\n" not in err


def test_terminal_briefing_says_how_many_to_check_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), "--layers", "claims", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "4 to check first" in out
    assert "9 billion US dollars" in out and "31 August 2021" in out
