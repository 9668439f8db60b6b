"""The quantity scanner's shortcuts change nothing it finds: the necessary conditions that let a pattern skip its scan
(`_Cues`) and the fast any-quantity gate (`_may_hold_quantity`) against the same scanner with every pattern scanning
every text, on the expression table and on generated text built from the words, symbols and digits the patterns
and their conditions turn on (including the characters `re.I` folds to ASCII letters: İ ı ſ K)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_quantities import BASE, DATED, TABLE

from spinscope.claims.casefold import lowered
from spinscope.claims.quantities import _ANY_QUANTITY, _find, _may_hold_quantity

BASES = (None, BASE, date(2020, 4, 10), date(2021, 1, 4))

TRICKY = [
    "tenpct of the vote",  # a number word glued to its unit
    "Rsten crore",  # a letter prefix glued to a number word
    "r3.5bn and R1,200",  # the rand, lower and upper case
    "USD 5m, 5m USD, usd 5m",  # codes are read in upper case only
    "In 2011-12 and FY21-22 and fiscal 2022 and FY 2021",
    "the '90s and the 1980s and 1990",
    "Q3 2021, h1 2020, the first half of 2019, last quarter",
    "at 10:30 a.m. or 8 PM or 14:00 or 9.15pm",
    "on Aug. 31 and 31 Sept. and May 5, and the 4th of July",
    "zero-hours contracts, a 24-hour clock, 9-to-5 jobs, 0-hour",
    "Windows 10, Catch-22, 7-Eleven, 24/7, No. 10, Tesla Model 3",
    "Covid-19 and H1N1 and G-20 and COP26",
    "KSh 500 and K 12 and ſix years and İn March and ıt was last week",  # folding characters: no shortcut
    "between $5 and $7 billion, between 5 and 7 million dollars",
    "a decade ago, two centuries, half a day, an hour-long meeting",
    "five per cent, 3 basis points, 68%of voters, 5pc rise",
]
TEXTS = [row[0] for row in TABLE] + [row[2] for row in DATED] + TRICKY

FRAGMENTS = [
    "ten", "one", "twenty-five", "a", "an", "half", "million", "bn", "k", "m", "5", "12", "2021", "1990s", "'90s",
    "0s", "Q3", "H1", "h2", "FY", "fiscal", "year", "years", "yr", "month", "week", "weekend", "day", "days",
    "today", "tonight", "ago", "old", "-old", "hour", "-hour", "hours", "minute", "decade", "century", "Monday",
    "last", "next", "this", "in", "until", "March", "May", "may", "Aug.", "Sept", "summer", "fall", "quarter",
    "first", "between", "and", "to", "of", "the", "%", "pct", "pc", "percent", "per", "cent", "basis", "points",
    "$", "US$", "€", "Rs", "rs", "R", "RM", "USD", "usd", "dollars", "euro", "pounds", "Covid", "-19", "Windows",
    "Catch-22", "No.", "zero", "9-to-5", "10:30", "a.m.", "pm", ":", "/", "-", "–", ",", ".", "\n", "  ", "İ",
    "ı", "ſ", "K", "é", "“",
]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_the_shortcuts_find_what_every_scan_finds(text: str) -> None:
    for base in BASES:
        assert _find(text, base, prefilter=True) == _find(text, base, prefilter=False), (text, base)
    assert _may_hold_quantity(text) == (_ANY_QUANTITY.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10),
    st.lists(st.sampled_from(["", " ", " ", "-"]), min_size=10, max_size=10),
    st.sampled_from(BASES),
)
def test_the_shortcuts_on_generated_text(words: list[str], gaps: list[str], base: date | None) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert _find(text, base, prefilter=True) == _find(text, base, prefilter=False), text
    assert _may_hold_quantity(text) == (_ANY_QUANTITY.search(text) is not None), text


def test_only_four_characters_make_lower_casing_differ_from_re_ignorecase() -> None:
    """`casefold`: outside İ ı ſ K, no character matches an ASCII letter under `re.I`, lower-cases to one, changes
    length or changes whether it is a word character when lower-cased (every code point is tried)."""
    letter, word = re.compile("[a-z]", re.I), re.compile(r"\w")
    odd = set()
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        low = c.lower()
        if (
            letter.match(c)
            or len(low) != 1
            or low.isascii()
            or (word.match(c) is None) != (word.match(low) is None)
        ):
            odd.add(c)
    assert odd == set("\u0130\u0131\u017f\u212a")
    assert {c for c in odd if lowered(f"x{c}y") is not None} == set()
