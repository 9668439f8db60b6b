"""The quantity/date normaliser on a table of real-world expressions (news and debate phrasings), with the
article's publication date as the base for relative dates, plus offset properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.claims.quantities import find_quantities, parse_number

BASE = date(2022, 8, 31)  # a Wednesday: the Kabul anniversary article

# (sentence, expected surface text, expected fields)
TABLE: list[tuple[str, str, dict]] = [
    # money: currencies, symbols, codes, scales, words, ranges
    (
        "The blocking of 9 billion dollars of assets",
        "9 billion dollars",
        {"type": "money", "value": 9e9, "currency": "USD"},
    ),
    ("a $12.4bn takeover", "$12.4bn", {"type": "money", "value": 12.4e9, "currency": "USD"}),
    ("the fund raised US$60m in May", "US$60m", {"type": "money", "value": 60e6, "currency": "USD"}),
    ("EUR 250 million in aid", "EUR 250 million", {"type": "money", "value": 250e6, "currency": "EUR"}),
    ("a £3.5 million grant", "£3.5 million", {"type": "money", "value": 3.5e6, "currency": "GBP"}),
    ("a €40bn package", "€40bn", {"type": "money", "value": 40e9, "currency": "EUR"}),
    ("a Rs 500 crore scheme", "Rs 500 crore", {"type": "money", "value": 5e9, "currency": "INR"}),
    ("1.2 trillion yuan of debt", "1.2 trillion yuan", {"type": "money", "value": 1.2e12, "currency": "CNY"}),
    ("tickets cost 500 euros", "500 euros", {"type": "money", "value": 500.0, "currency": "EUR"}),
    ("rent of $1,200 per month", "$1,200", {"type": "money", "value": 1200.0, "currency": "USD"}),
    (
        "2 million afghanis were seized",
        "2 million afghanis",
        {"type": "money", "value": 2e6, "currency": "AFN"},
    ),
    (
        "10 billion rials in subsidies",
        "10 billion rials",
        {"type": "money", "value": 10e9, "currency": "IRR"},
    ),
    (
        "nine billion dollars in reserves",
        "nine billion dollars",
        {"type": "money", "value": 9e9, "currency": "USD"},
    ),
    (
        "a $5-7 billion hole",
        "$5-7 billion",
        {"type": "money", "value": 5e9, "value_max": 7e9, "currency": "USD"},
    ),
    (
        "costs between $5 and $7 billion",
        "between $5 and $7 billion",
        {"type": "money", "value": 5e9, "value_max": 7e9},
    ),
    (
        "100 million Canadian dollars",
        "100 million Canadian dollars",
        {"type": "money", "value": 1e8, "currency": "CAD"},
    ),
    ("a loan of USD 1.2 billion", "USD 1.2 billion", {"type": "money", "value": 1.2e9, "currency": "USD"}),
    ("¥100 billion in bonds", "¥100 billion", {"type": "money", "value": 1e11, "currency": "JPY"}),
    ("fined 5 billion USD", "5 billion USD", {"type": "money", "value": 5e9, "currency": "USD"}),
    ("a A$2.5m contract", "A$2.5m", {"type": "money", "value": 2.5e6, "currency": "AUD"}),
    # percentages
    ("We're consuming 50 percent of the world's cocaine.", "50 percent", {"type": "percent", "value": 50.0}),
    ("growth of 3.5 per cent", "3.5 per cent", {"type": "percent", "value": 3.5}),
    ("turnout was 67%", "67%", {"type": "percent", "value": 67.0}),
    ("a 20-30% rise", "20-30%", {"type": "percent", "value": 20.0, "value_max": 30.0}),
    (
        "between 20 and 30 percent",
        "between 20 and 30 percent",
        {"type": "percent", "value": 20.0, "value_max": 30.0},
    ),
    (
        "rates rose 2 percentage points",
        "2 percentage points",
        {"type": "percent", "value": 2.0, "unit": "percentage points"},
    ),
    ("fifty percent of voters", "fifty percent", {"type": "percent", "value": 50.0}),
    # counts
    ("37 teams took part", "37 teams", {"type": "count", "value": 37.0, "unit": "teams"}),
    ("3,000 people were evacuated", "3,000 people", {"type": "count", "value": 3000.0, "unit": "people"}),
    ("3 million people fled", "3 million people", {"type": "count", "value": 3e6, "unit": "people"}),
    (
        "from 10 to 15 million people",
        "10 to 15 million people",
        {"type": "count", "value": 1e7, "value_max": 1.5e7},
    ),
    ("a 25-year-old man", "25-year-old", {"type": "count", "value": 25.0, "unit": "years old"}),
    ("twelve soldiers died", "twelve soldiers", {"type": "count", "value": 12.0, "unit": "soldiers"}),
    # durations
    ("occupied Afghanistan for 20 years", "20 years", {"type": "duration", "iso": "P20Y"}),
    ("for three months", "three months", {"type": "duration", "iso": "P3M"}),
    ("in a decade", "a decade", {"type": "duration", "iso": "P10Y"}),
    ("the 20-year war", "20-year", {"type": "duration", "iso": "P20Y"}),
    ("after 48 hours", "48 hours", {"type": "duration", "iso": "PT48H"}),
    ("One year has passed", "One year", {"type": "duration", "iso": "P1Y"}),
    # absolute dates
    (
        "left on August 31, 2021, at night",
        "August 31, 2021",
        {"type": "date", "iso": "2021-08-31", "relative": False},
    ),
    ("on 31 August 2021", "31 August 2021", {"type": "date", "iso": "2021-08-31"}),
    ("in August 2021", "August 2021", {"type": "date", "iso": "2021-08"}),
    ("dated 2021-08-31", "2021-08-31", {"type": "date", "iso": "2021-08-31"}),
    ("filed 8/31/2021", "8/31/2021", {"type": "date", "iso": "2021-08-31"}),
    ("elected in 2019", "2019", {"type": "date", "iso": "2019"}),
    ("since the 1990s", "the 1990s", {"type": "date", "iso": "1990/1999"}),
    ("on Sept. 11, 2001", "Sept. 11, 2001", {"type": "date", "iso": "2001-09-11"}),
    ("the 2020 election", "2020", {"type": "date", "iso": "2020"}),
    # relative dates, resolved against the publication date 2022-08-31
    ("said last Tuesday", "last Tuesday", {"type": "date", "iso": "2022-08-30", "relative": True}),
    ("arrived yesterday", "yesterday", {"type": "date", "iso": "2022-08-30", "relative": True}),
    ("two weeks ago", "two weeks ago", {"type": "date", "iso": "2022-08-17", "relative": True}),
    ("prices rose last year", "last year", {"type": "date", "iso": "2021", "relative": True}),
    ("earlier this month", "earlier this month", {"type": "date", "iso": "2022-08", "relative": True}),
    ("said on Monday", "Monday", {"type": "date", "iso": "2022-08-29", "relative": True}),
    ("met on Aug. 31", "Aug. 31", {"type": "date", "iso": "2022-08-31", "relative": True}),
    ("last week", "last week", {"type": "date", "iso": "2022-W34", "relative": True}),
    # times
    ("at 10:30 a.m.", "10:30 a.m.", {"type": "time", "iso": "T10:30"}),
    ("at 8 pm", "8 pm", {"type": "time", "iso": "T20:00"}),
]


@pytest.mark.parametrize(("sentence", "surface", "expected"), TABLE, ids=[t[1] for t in TABLE])
def test_table(sentence: str, surface: str, expected: dict) -> None:
    found = [q for q in find_quantities(sentence, BASE) if q.text == surface]
    assert found, f"{surface!r} not found in {find_quantities(sentence, BASE)}"
    q = found[0]
    assert sentence[q.start : q.end] == surface
    for key, value in expected.items():
        got = getattr(q, key)
        if isinstance(value, float):
            assert got == pytest.approx(value), key
        else:
            assert got == value, key


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    ("sentence", "surface", "iso"),
    [
        ("said last Tuesday", "last Tuesday", None),
        ("two weeks ago", "two weeks ago", None),
        ("on Aug. 31", "Aug. 31", "--08-31"),
    ],
)
def test_relative_dates_without_publication_date_stay_unresolved(
    sentence: str, surface: str, iso: str | None
) -> None:
    (q,) = [q for q in find_quantities(sentence) if q.text == surface]
    assert q.relative is True
    assert q.iso == iso


def test_absolute_date_does_not_need_a_base() -> None:
    (q,) = find_quantities("The last US soldier left Afghanistan on August 31, 2021, at night.")
    assert (q.iso, q.relative) == ("2021-08-31", False)


@pytest.mark.parametrize(
    "sentence", ["one of them said so", "a man was there", "He is the one.", "Thank you all."]
)
def test_no_figure_in_plain_words(sentence: str) -> None:
    assert find_quantities(sentence, BASE) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9 billion", 9e9),
        ("12.4bn", 12.4e9),
        ("twenty-five", 25.0),
        ("a million", 1e6),
        ("1,200", 1200.0),
        ("seven", 7.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


TOKENS = st.sampled_from(
    ["$", "9", "billion", "dollars", "12.4bn", "%", "percent", "last", "Tuesday", "August", "31,", "2021", "in",
     "20", "years", "teams", "US$60m", "-", "to", "between", "and", "€", "£3.5", "a", "decade", "ago", ".", "\n",
     "on", "Monday", "per", "cent", "the", "1990s", "10:30", "a.m.", "ćž", "五"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=25), st.sampled_from([" ", "  ", "", " \n"]))
def test_offsets_are_exact_and_disjoint(words: list[str], sep: str) -> None:
    text = sep.join(words)
    found = find_quantities(text, BASE)
    previous_end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.text.strip() == q.text and q.text
        assert q.start >= previous_end
        previous_end = q.end
