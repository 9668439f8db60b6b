"""One set of display names and counts: `render.names` and `Analysis.counts`, shared by the terminal briefing,
the HTML report and the API, so the views cannot disagree ("6 phrases" vs "7 spans", raw vs readable names)."""

from __future__ import annotations

import re

import pytest
from test_html import rich_analysis, span, tech

from spinscope.analysis import Analysis, Quantity
from spinscope.render import names
from spinscope.render.html import build_view, render_html
from spinscope.render.terminal import render_text
from spinscope.techniques.catalog import CATALOG


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"type": "money", "value": 9e9, "currency": "USD"}, "9,000,000,000 USD"),
        ({"type": "percent", "value": 12.5}, "12.5%"),
        ({"type": "percent", "value": 2, "unit": "percentage points"}, "2 percentage points"),
        ({"type": "count", "value": 37, "unit": "teams"}, "37 teams"),
        ({"type": "count", "value": 3, "value_max": 5, "unit": "days"}, "3–5 days"),
        ({"type": "duration", "value": 20, "unit": "years", "iso": "P20Y"}, "20 years"),
        ({"type": "duration", "value": 1, "unit": "decade", "iso": "P10Y"}, "10 years"),
        ({"type": "duration", "iso": "PT3H"}, "3 hours"),
        ({"type": "date", "iso": "2021-08-31"}, "31 August 2021"),
        ({"type": "date", "iso": "2021-08"}, "August 2021"),
        ({"type": "date", "iso": "2022-W34"}, "week 34 of 2022"),
        ({"type": "date", "iso": "--08-31"}, "31 August"),
        ({"type": "date", "iso": "1990/1999"}, "1990 to 1999"),
        ({"type": "time", "iso": "T10:30"}, "10:30"),
        ({"type": "date", "relative": True}, "last Tuesday (unresolved: no publication date)"),
    ],
)
def test_quantities_read_as_a_reader_writes_them(fields: dict, shown: str) -> None:
    q = Quantity(start=0, end=12, text="last Tuesday", **fields)
    assert names.quantity_text(q) == shown
    assert not re.search(r"\bP\d", names.quantity_text(q))  # never a raw ISO duration badge


def test_technique_names_come_from_the_analysis_with_a_readable_fallback() -> None:
    analysis = rich_analysis()
    assert {names.technique_name(t) for t in analysis.techniques or []} >= {"Exaggeration or minimisation"}
    old = analysis.techniques[1].model_copy(update={"label": None})  # stored before `label` existed
    assert names.technique_name(old) == "Exaggeration / minimisation"
    for info in CATALOG:
        assert "_" not in names.prettify_technique(info.name) and "," not in names.prettify_technique(
            info.name
        )


def test_counts_are_derived_and_survive_a_round_trip() -> None:
    analysis = rich_analysis()
    counts = analysis.counts
    assert counts.technique_phrases == 4 and counts.technique_labels == 4 and counts.claims == 1
    assert counts.sentences == 1 and counts.sentences_with_techniques == 1
    data = analysis.model_dump(mode="json", by_alias=True)
    assert data["counts"]["technique_phrases"] == 4
    data["counts"]["technique_phrases"] = 99  # derived: a stored value is ignored and recomputed
    assert Analysis.model_validate(data).counts.technique_phrases == 4
    assert "counts" not in Analysis.model_json_schema(by_alias=True)["properties"]  # not an input field


def test_terminal_and_html_say_the_same_numbers_and_names() -> None:
    """A phrase carrying two techniques: both views count phrases and labels the same way, with readable names."""
    base = rich_analysis()
    text = base.text
    techniques = [*(base.techniques or []), tech(text, "ruin and poverty", "Exaggeration,Minimisation", 0.4)]
    analysis = Analysis.model_validate(base.model_dump(by_alias=True) | {"techniques": techniques})
    summary = names.technique_summary(analysis.counts)
    assert summary.startswith("4 phrases (5 technique labels")
    terminal = render_text(analysis, width=200)
    page = render_html(analysis)
    assert summary in " ".join(terminal.split())
    assert summary.replace("&", "&amp;") in page or summary in page
    assert "Exaggeration or minimisation" in terminal and "Exaggeration,Minimisation x" not in terminal
    claims = analysis.claims or []
    assert claims and not claims[0].check_first  # the briefing lists only the claims to check first
    mark_check_first(analysis, 0)
    terminal = render_text(analysis, width=200)
    page = render_html(analysis)
    money = names.quantity_text(next(q for q in claims[0].quantities if q.type == "money"))
    assert money in terminal and money in page


def mark_check_first(analysis: Analysis, index: int) -> None:
    """Mark one claim as the claims layer's ranking would."""
    claims = analysis.claims or []
    claims[index] = claims[index].model_copy(update={"check_first": True})


def test_only_check_first_claims_are_underlined() -> None:
    text = rich_analysis().text
    second = span(text, "Zabihullah Mujahid said:") | {"score": 0.95, "kind": "quoted claim"}
    analysis = rich_analysis(claims=[*(rich_analysis().claims or []), second])
    view = build_view(analysis)
    assert view["claim_marks"] == [] and len(view["items"]) == 4 + 2  # both claims still in the table
    underlined = re.compile(r'class="seg[^"]*has-claim')
    assert not underlined.search(render_html(analysis))
    mark_check_first(analysis, 0)
    assert analysis.counts.check_first_claims == 1
    view = build_view(analysis)
    assert [m.id for m in view["claim_marks"]] == ["c0"]
    page = render_html(analysis)
    assert (
        len(underlined.findall(page)) >= 1 and "claim to check first" in page and 'class="chip first"' in page
    )
    assert "1 check-worthy claim" not in page and "2 check-worthy claims, 1 to check first" in page
