"""A normalised quantity in words, for reports: a reader checks "31 August 2021" and "9 billion US dollars" at a
glance, not "2021-08-31" and "P20Y". JSON keeps the ISO forms (`iso`, `value`, `currency`); `say` gives the words.

    >>> say({"type": "money", "value": 9e9, "currency": "USD"})
    '9 billion US dollars'
    >>> say({"type": "duration", "iso": "P20Y", "value": 20.0, "unit": "years"})
    '20 years'
    >>> say({"type": "date", "iso": "2021-08-31"})
    '31 August 2021'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_DURATION_WORDS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "MIN": "minute"}


def _plain(value: float) -> str:
    """1200 -> '1,200', 3.5 -> '3.5', 1.215 -> '1.215' (up to four decimals: exchange rates)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def number_words(value: float) -> str:
    """9e9 -> '9 billion', 12.4e9 -> '12.4 billion', 250000 -> '250,000', 3.5 -> '3.5'."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{_plain(round(value / scale, 3))} {word}"
    return _plain(value)


def _range_words(low: float, high: float | None) -> str:
    """'5 to 7 billion' when both ends share a scale, else '500 million to 1.2 billion'."""
    if high is None:
        return number_words(low)
    a, b = number_words(low), number_words(high)
    a_parts, b_parts = a.split(" "), b.split(" ")
    if len(a_parts) == 2 and len(b_parts) == 2 and a_parts[1] == b_parts[1]:
        return f"{a_parts[0]} to {b}"
    return f"{a} to {b}"


def currency_words(code: str, amount: float) -> str:
    """'USD' -> 'US dollars' (Babel's English names), the code itself when Babel does not know it."""
    try:
        from babel.numbers import get_currency_name

        return str(get_currency_name(code, count=amount, locale="en"))
    except Exception:  # an unknown code or a Babel without locale data: say the code
        return code


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _month(iso: str) -> str:
    year, month = iso.split("-")
    return f"{calendar.month_name[int(month)]} {int(year)}"


def date_words(iso: str) -> str:
    """ISO 8601 date, month, year, week, day without year or interval in words."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", iso):
        return _day(iso)
    if re.fullmatch(r"\d{4}-\d\d", iso):
        return _month(iso)
    if re.fullmatch(r"\d{4}", iso):
        return iso
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", iso):
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return f"the week of {_day(monday.isoformat())}"
    if m := re.fullmatch(r"--(\d\d)-(\d\d)", iso):
        return f"{int(m.group(2))} {calendar.month_name[int(m.group(1))]} (year not given)"
    if m := re.fullmatch(r"(\d{4})/(\d{4})", iso):
        first, last = int(m.group(1)), int(m.group(2))
        if first % 10 == 0 and last == first + 9:
            return f"the {first}s"
        return f"{first} to {last}" if last - first > 1 else f"{first}-{str(last)[2:]}"
    if m := re.fullmatch(r"(\d{4})-(\d\d)/(\d{4})-(\d\d)", iso):
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        a, b = calendar.month_name[m1], calendar.month_name[m2]
        return f"{a} to {b} {y1}" if y1 == y2 else f"{a} {y1} to {b} {y2}"
    return iso


def duration_words(iso: str) -> str:
    """'P20Y' -> '20 years', 'PT48H' -> '48 hours', 'P1Y' -> '1 year', 'P0.5Y' -> '0.5 years'."""
    m = re.fullmatch(r"P(T?)([\d.]+)([YMWDH])", iso)
    if not m:
        return iso
    code = "MIN" if m.group(1) and m.group(3) == "M" else m.group(3)
    value = float(m.group(2))
    word = _DURATION_WORDS[code]
    return f"{_plain(value)} {word}" + ("" if value == 1 else "s")


def say(q: Mapping[str, Any]) -> str:
    """The quantity in words ('9 billion US dollars', '68%', '2 percentage points', '3,000 people', '20 years',
    '31 August 2021', '10:30'); the text as written, marked, when it could not be resolved."""
    kind, value, iso = q.get("type"), q.get("value"), q.get("iso")
    if kind == "money" and value is not None:
        amount = q.get("value_max") or value
        currency = q.get("currency")
        words = _range_words(value, q.get("value_max"))
        return f"{words} {currency_words(currency, amount)}" if currency else words
    if kind == "percent" and value is not None:
        span = _plain(value) + (f" to {_plain(q['value_max'])}" if q.get("value_max") is not None else "")
        if q.get("unit") == "basis points":
            return f"{span} basis points"
        if q.get("unit") == "percentage points":
            return f"{span} percentage point" + ("" if value == 1 and q.get("value_max") is None else "s")
        return f"{span}%"
    if kind == "count" and value is not None:
        words = _range_words(value, q.get("value_max"))
        return f"{words} {q['unit']}" if q.get("unit") else words
    if kind == "duration" and iso:
        return duration_words(iso)
    if kind == "time" and iso:
        return iso.lstrip("T")
    if kind == "date" and iso:
        words = date_words(iso)
        return f"fiscal year {words}" if q.get("unit") == "fiscal year" else words
    text = str(q.get("text", "")).strip()
    return f"{text} (date not resolved: no publication date)" if q.get("relative") else text
