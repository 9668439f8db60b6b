"""Finds and normalises the numbers a claim rests on: money, percentages, counts, ranges, dates, times, durations.

`find_quantities(text, base=None)` scans plain text with regular expressions (no spaCy needed, so the table test in
`tests/unit/test_quantities.py` runs in milliseconds) and returns `Quantity` objects whose offsets index `text`:

    >>> [(q.type, q.value, q.currency) for q in find_quantities("the blocking of 9 billion dollars")]
    [('money', 9000000000.0, 'USD')]
    >>> [(q.type, q.iso) for q in find_quantities("left on August 31, 2021, at night")]
    [('date', '2021-08-31')]

What is normalised:
- money: a currency symbol, prefix or code (`$`, `US$`, `A$`, `€`, `£`, `¥`, `₹`, `Rs`, `EUR`, `USD`...) or a
  currency word after the number ("dollars", "euros", "pounds", "yuan", "rupees", "rials", "afghanis"...), with a
  scale (`thousand`, `million`/`m`/`mn`, `billion`/`bn`/`b`, `trillion`/`tn`, `crore`, `lakh`), digits or number
  words ("nine billion dollars"); ranges ("$5-7 billion", "between $5 and $7 billion") give `value`..`value_max`.
  Bare "dollars" and "$" are taken as USD (documented assumption); "Canadian dollars"/"C$" are CAD, etc.
- percentages: `%`, "percent", "per cent", "percentage points" (unit says which), ranges.
- counts: a number (digits, or number words followed by a noun) with the word after it as `unit`
  ("37 teams" -> 37 teams); the spaCy component refines the unit to the number's head noun.
- durations: "20 years", "a decade", "three months", "20-year" -> ISO 8601 durations (P20Y, P10Y, P3M).
- dates: absolute dates in the usual English forms ("August 31, 2021", "31 Aug 2021", "2021-08-31", "8/31/2021",
  "August 2021", "in 2019", "the 1990s") are parsed with dateparser and written in ISO 8601 at their precision
  (2021-08-31, 2021-08, 2019, 1990/1999); relative ones ("last Tuesday", "yesterday", "two weeks ago", "last
  year", "this month", "on Monday", a day without a year) are resolved against `base` (the article's publication
  date) and flagged `relative=True`; without a base they keep `iso=None` (unresolved).
- times: "10:30 a.m.", "8 pm", "14:00" -> T10:30, T20:00, T14:00.

Not handled (documented in the README): fractions in words ("two thirds", "half of"), vague amounts ("dozens",
"several decades", "hundreds of"), non-English number words, multiplicative phrases ("doubled", "three times"),
units of measure beyond the following noun (no km -> m conversion), ambiguous numeric dates (read month first),
seasons and quarters ("Q3 2021", "last summer") and time zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

# ---- numbers ----------------------------------------------------------------------------------------------------
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "crore": 1e7, "lakh": 1e5,
}  # fmt: skip

_WORD_NUM = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(k for k in UNITS if k != "zero") + r"))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_LONG_SCALE = r"(?:hundred|thousand|million|billion|trillion|crore|lakh)"
_SHORT_SCALE = r"(?:bn|mn|mln|tn|trn|[mbk])"
# a number: digits with an optional scale ("12.4bn", "9 billion"), or words ("nine billion", "a million")
NUMBER = (
    rf"(?:{_DIGITS}(?:\s?{_LONG_SCALE}s?(?:\s{_LONG_SCALE})?|{_SHORT_SCALE}\b)?"
    rf"|(?:{_WORD_NUM}|an?)\s{_LONG_SCALE}(?:\s{_LONG_SCALE})?"
    rf"|{_WORD_NUM})"
)


def parse_number(text: str) -> float | None:
    """'9 billion' -> 9e9, '12.4bn' -> 1.24e10, 'twenty-five' -> 25, 'a million' -> 1e6, '1,200' -> 1200."""
    s = text.strip().lower().replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?|\.\d+)\s?([a-z]*)(?:\s([a-z]+))?", s)
    if m:
        value = float(m.group(1))
        for word in (m.group(2), m.group(3)):
            if word:
                scale = SCALES.get(word.rstrip("s") if len(word) > 3 else word)
                if scale is None:
                    return None
                value *= scale
        return value
    total, current = 0.0, 0.0
    words = re.split(r"[\s-]+", s)
    if not words or words == [""]:
        return None
    for word in words:
        if word in ("a", "an"):
            current = max(current, 1.0)
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word.rstrip("s") in SCALES and len(word) > 1:
            scale = SCALES[word.rstrip("s")]
            current = max(current, 1.0) * scale
            if scale >= 1e3:
                total += current
                current = 0.0
        elif word == "and":
            continue
        else:
            return None
    return total + current


# ---- currencies -------------------------------------------------------------------------------------------------
PREFIXES = {
    "us$": "USD", "u.s.$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "r$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₽": "RUB", "₺": "TRY", "₩": "KRW", "₪": "ILS", "rs": "INR", "rs.": "INR", "chf": "CHF", "sfr": "CHF",
}  # fmt: skip
CODES = {
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "RUB", "AFN", "IRR", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD",
    "BRL", "TRY", "KRW", "ILS", "SAR", "AED", "PKR", "UAH", "MXN", "ZAR", "NGN", "EGP", "SEK", "NOK", "DKK", "PLN",
}  # fmt: skip
CURRENCY_WORDS = {
    "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD", "canadian dollar": "CAD",
    "australian dollar": "AUD", "hong kong dollar": "HKD", "new zealand dollar": "NZD", "singapore dollar": "SGD",
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "pounds sterling": "GBP", "british pound": "GBP",
    "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR",
    "indian rupee": "INR", "pakistani rupee": "PKR", "rouble": "RUB", "ruble": "RUB", "rial": "IRR",
    "iranian rial": "IRR", "saudi riyal": "SAR", "riyal": "SAR", "afghani": "AFN", "swiss franc": "CHF",
    "franc": "CHF", "lira": "TRY", "turkish lira": "TRY", "won": "KRW", "shekel": "ILS", "hryvnia": "UAH",
    "dirham": "AED", "rand": "ZAR", "naira": "NGN", "peso": "MXN", "mexican peso": "MXN",
}  # fmt: skip
_PREFIX_RE = (
    r"(?:"
    + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True) if p[-1] in "$€£¥₹₽₺₩₪")
    + r"|(?:Rs\.?|CHF|SFr|"
    + "|".join(sorted(CODES))
    + r")\s?)"
)
_CUR_WORD_RE = (
    r"(?:"
    + "|".join(re.escape(w) + r"(?:s|es)?" for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
    + r")"
)


def currency_of(token: str) -> str | None:
    t = token.strip().lower().rstrip()
    if t.upper() in CODES:
        return "CNY" if t.upper() == "RMB" else t.upper()
    if t in PREFIXES:
        return PREFIXES[t]
    t = re.sub(r"\s+", " ", t)
    for candidate in (t, t[:-2] if t.endswith("es") else t, t[:-1] if t.endswith("s") else t):
        if candidate in CURRENCY_WORDS:
            return CURRENCY_WORDS[candidate]
    return None


# ---- the result -------------------------------------------------------------------------------------------------
@dataclass
class Quantity:
    start: int
    end: int
    text: str
    type: str  # money | percent | count | date | time | duration
    value: float | None = None  # amount, percentage, count (the low end of a range)
    value_max: float | None = None  # the high end of a range
    unit: str | None = None  # counted object ("teams"), "percentage points", duration unit
    currency: str | None = None  # ISO 4217
    iso: str | None = None  # ISO 8601 date / time / duration / interval
    relative: bool = False  # a date relative to the publication date (resolved only when it is known)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "currency": self.currency,
            "iso": self.iso,
            "relative": self.relative,
        }


# ---- patterns -------------------------------------------------------------------------------------------------
_RANGE_SEP = r"\s?(?:-|–|—|to)\s?"
_B = r"(?<![\w$€£¥₹./@#:])"  # not inside a word, a number, a URL or a handle
_E = r"(?![\w%])"

MONEY_PREFIX = re.compile(
    rf"{_B}(?P<cur>{_PREFIX_RE})(?P<num>{NUMBER})"
    rf"(?:{_RANGE_SEP}(?:{_PREFIX_RE})?(?P<num2>{NUMBER}))?"
    rf"(?:\s(?P<scale>{_LONG_SCALE}))?(?:\s(?P<word>{_CUR_WORD_RE}))?{_E}",
    re.I,
)
MONEY_SUFFIX = re.compile(
    rf"{_B}(?P<num>{NUMBER})(?:{_RANGE_SEP}(?P<num2>{NUMBER}))?"
    rf"(?:\s(?P<scale>{_LONG_SCALE}))?\s(?:of\s)?(?P<cur>{_CUR_WORD_RE}|{'|'.join(sorted(CODES))}){_E}",
    re.I,
)
MONEY_BETWEEN = re.compile(
    rf"\bbetween\s(?P<cur>{_PREFIX_RE})?(?P<num>{NUMBER})\sand\s(?P<cur2>{_PREFIX_RE})?(?P<num2>{NUMBER})"
    rf"(?:\s(?P<scale>{_LONG_SCALE}))?(?:\s(?P<word>{_CUR_WORD_RE}))?{_E}",
    re.I,
)
PERCENT = re.compile(
    rf"{_B}(?:between\s)?(?P<num>{NUMBER})(?:\s?%|\s?(?:-|–|to|and)\s?(?P<num2>{NUMBER}))?"
    r"\s?(?P<unit>%|per\s?cent(?:age\spoints?)?|percentage\spoints?|pct)(?!\w)",
    re.I,
)
DURATION_UNITS = {
    "year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "MIN", "decade": "DECADE",
    "century": "CENTURY", "centurie": "CENTURY",
}  # fmt: skip
DURATION = re.compile(
    rf"{_B}(?P<num>{NUMBER}|an?|half\san?)(?:\sand\sa\shalf)?[\s-](?P<unit>years?|yrs?|months?|weeks?|days?|hours?|"
    r"minutes?|decades?|century|centuries)(?P<ago>\sago|\searlier|\slater|\sold|-old)?(?!\w)",
    re.I,
)
MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
ABSOLUTE_DATE = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:{WEEKDAYS},?\s)?{MONTHS}\s{_DAY}(?:,?\s{_YEAR})?(?!\d)"  # (Tuesday,) August 31(, 2021)
    rf"|(?:{WEEKDAYS},?\s)?(?:the\s)?{_DAY}\s(?:of\s)?{MONTHS}(?:,?\s{_YEAR})?(?!\d)"  # 31 August 2021
    rf"|{MONTHS}\s(?:of\s)?{_YEAR}"  # August 2021
    rf"|{_YEAR}-[01]\d-[0-3]\d"  # 2021-08-31
    rf"|[01]?\d/[0-3]?\d/{_YEAR}"  # 8/31/2021
    rf")(?!\w)",
)
YEAR = re.compile(
    r"\b(?:in|since|by|until|till|from|before|after|during|of|early|late|end\sof|throughout|and|to|between|"
    rf"year)\s(?P<year>{_YEAR})(?!\w|-\d|,\d)"
    rf"|\bmid-(?P<mid>{_YEAR})(?!\w)",
    re.I,
)
DECADE = re.compile(r"(?<!\w)(?:the\s)?(?:(?P<y>1[6-9]\d|20\d)0s|'(?P<yy>\d)0s)(?!\w)")
RELATIVE_DATE = re.compile(
    rf"(?<!\w)(?:yesterday|today|tomorrow|tonight"
    rf"|(?:last|next|this|past|previous|coming)\s(?:week(?:end)?|month|year|night|{WEEKDAYS})"
    rf"|(?:earlier|later)\sthis\s(?:week|month|year)"
    rf"|(?:(?<=\bon\s)|(?<=\bOn\s)){WEEKDAYS}"
    rf"|(?:{NUMBER}|an?)\s(?:days?|weeks?|months?|years?|decades?)\sago"
    rf")(?!\w)",
    re.I,
)
TIME = re.compile(
    r"(?<![\w:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?\s?(?P<ap>a\.m\.|p\.m\.|am|pm)(?![\w])"
    r"|(?<![\w:])(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\w:])",
    re.I,
)
_NOT_UNIT = (
    r"of|to|and|or|in|on|at|by|for|from|with|the|a|an|is|are|was|were|per|percent|than|as|will|would|could|should|"
    r"can|may|might|must|has|have|had|do|does|did|be|been|very|more|less|except|that|this|these|those|who|which|"
    r"when|where|while|if|but|not|so|about|into|over|after|before|out|up|down|off|each|all|both|either|such|it|they"
)
COUNT = re.compile(
    rf"{_B}(?P<num>{_DIGITS}(?:\s?{_LONG_SCALE}s?(?:\s{_LONG_SCALE})?|{_SHORT_SCALE}\b)?"
    rf"|(?:{_WORD_NUM}|an?)\s{_LONG_SCALE}(?:\s{_LONG_SCALE})?|{_WORD_NUM})(?![\w/@])"
    r"(?:(?P<sep>\s?(?:-|–|to)\s?)(?P<num2>" + _DIGITS + r"(?:\s?" + _LONG_SCALE + r")?)(?![\w/@]))?"
    rf"(?P<unit>\s(?:of\s)?(?!(?:{_NOT_UNIT})\b)(?-i:[a-z][a-z'-]*))?",
    re.I,
)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)


# ---- date normalisation with dateparser ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _date_parser(base: date | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _iso_for(dt: datetime, period: str) -> str:
    if period == "year":
        return f"{dt.year:04d}"
    if period == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if period == "week":
        year, week, _ = dt.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return dt.date().isoformat()


def parse_date(text: str, base: date | None = None) -> tuple[str | None, bool]:
    """(ISO 8601 string or None, relative) for one date expression."""
    s = re.sub(r"\s+", " ", text.strip())
    s = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"\bSept\b\.?", "Sep", s)
    low = s.lower()
    if m := DECADE.fullmatch(s):
        if m.group("y"):
            start = int(m.group("y") + "0")
            return f"{start}/{start + 9}", False
        return None, True  # '90s: century unknown
    if m := re.fullmatch(rf"(?:mid-)?({_YEAR})", s):
        return m.group(1), False
    has_year = re.search(rf"\b{_YEAR}\b", s) is not None
    relative = bool(
        re.search(
            r"\b(?:yesterday|today|tomorrow|tonight|last|next|this|past|previous|coming|ago|earlier|later)\b",
            low,
        )
        or re.fullmatch(WEEKDAYS, s, re.I)
        or not has_year
    )
    if relative and base is None:
        if not has_year and (
            m := re.fullmatch(
                rf"(?:{WEEKDAYS},?\s)?({MONTHS})\s(\d+)|(?:the\s)?(\d+)\s(?:of\s)?({MONTHS})", s
            )
        ):
            # a day without a year: ISO 8601 --MM-DD
            month_text, day_text = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            parsed = _date_parser(date(2000, 1, 1)).get_date_data(f"{month_text} {day_text} 2000")
            if parsed.date_obj is not None:
                return f"--{parsed.date_obj.month:02d}-{parsed.date_obj.day:02d}", True
        return None, True
    if "earlier this" in low or "later this" in low:
        s = "this " + low.rsplit(" ", 1)[-1]
    if re.fullmatch(r"(?:past|previous) (?:week|month|year)", low):
        s = "last " + low.split()[1]
    if re.fullmatch(r"(?:coming) (?:week|month|year)", low):
        s = "next " + low.split()[1]
    if low in ("tonight",):
        s = "today"
    data = _date_parser(base).get_date_data(s)
    if data.date_obj is None:
        return None, relative
    period = data.period or "day"
    if period in ("time", "part_of_day"):
        period = "day"
    if re.search(r"\b(?:last|next|this|past|previous|coming) (?:week|weekend)\b", low):
        period = "week"
    elif re.search(r"\b(?:days?|weeks?) ago\b", low):
        period = "day"
    return _iso_for(data.date_obj, period), relative


def _duration_iso(value: float, unit: str) -> tuple[str, str]:
    code = DURATION_UNITS[unit.lower().rstrip("s") if unit.lower() != "centuries" else "centurie"]
    if code == "DECADE":
        value, code = value * 10, "Y"
    elif code == "CENTURY":
        value, code = value * 100, "Y"
    number = f"{value:g}"
    if code in ("H", "MIN"):
        return f"PT{number}{'M' if code == 'MIN' else 'H'}", unit.lower()
    return f"P{number}{code}", unit.lower()


def _looks_like_a_name(text: str, m: re.Match[str]) -> bool:
    """'USA Today', 'Psychology Today', 'This Week' (a programme): capitalised in mid-sentence, not a weekday."""
    word = m.group(0)
    if not word[0].isupper() or re.match(WEEKDAYS, word):
        return False
    before = text[: m.start()].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in ",")


# ---- the scanner ----------------------------------------------------------------------------------------------
_PRIORITY = {"money": 0, "percent": 1, "date": 2, "time": 3, "duration": 4, "count": 5}


def _candidates(text: str, base: date | None) -> list[Quantity]:
    found: list[Quantity] = []

    def add(m: re.Match[str], kind: str, **values: Any) -> None:
        start, end = m.span()
        while end > start and text[end - 1] in (" ,;:" if kind == "time" else " ,.;:"):
            end -= 1
        found.append(Quantity(start, end, text[start:end], kind, **values))

    for pattern in (MONEY_BETWEEN, MONEY_PREFIX, MONEY_SUFFIX):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            scale_word = groups.get("scale")
            num = parse_number(
                m.group("num") + (f" {scale_word}" if scale_word and not groups.get("num2") else "")
            )
            num2 = (
                parse_number(m.group("num2") + (f" {scale_word}" if scale_word else ""))
                if groups.get("num2")
                else None
            )
            if num is not None and num2 is not None and scale_word is None:
                # "$5-7 billion" is written "$5-7bn" or "5-7 billion": the scale of the high end applies to both
                scale2 = num2 / (parse_number(re.sub(r"[^\d.,].*$", "", m.group("num2")).strip() or "0") or 1)
                if (
                    scale2 > 1
                    and num < num2 / scale2 * 1.0001
                    and re.fullmatch(_DIGITS, m.group("num").strip())
                ):
                    num *= scale2
            elif (
                num is not None
                and num2 is not None
                and scale_word
                and re.fullmatch(_DIGITS, m.group("num").strip())
            ):
                num *= SCALES[scale_word.lower().rstrip("s")]
            currency = None
            for key in ("cur", "cur2", "word"):
                if groups.get(key):
                    currency = currency_of(groups[key]) or currency
                    if key == "word" and currency:
                        break
            if num is None or currency is None:
                continue
            if re.fullmatch(r"[a-z]+", m.group("num").strip(), re.I) and m.group("num").strip().lower() in (
                "a",
                "an",
            ):
                continue
            add(m, "money", value=num, value_max=num2, currency=currency)
    for m in PERCENT.finditer(text):
        num = parse_number(m.group("num"))
        num2 = parse_number(m.group("num2")) if m.group("num2") else None
        if num is None:
            continue
        unit = m.group("unit").lower()
        add(
            m,
            "percent",
            value=num,
            value_max=num2,
            unit="percentage points" if "point" in unit else "percent",
        )
    for pattern in (ABSOLUTE_DATE, RELATIVE_DATE, DECADE):
        for m in pattern.finditer(text):
            if pattern is RELATIVE_DATE and _looks_like_a_name(text, m):
                continue
            iso, relative = parse_date(m.group(0), base)
            if pattern is RELATIVE_DATE or relative or iso is not None:
                add(m, "date", iso=iso, relative=relative)
    for m in YEAR.finditer(text):
        key = "year" if m.group("year") else "mid"
        start, end = m.span(key) if key == "year" else (m.start(), m.end())
        found.append(Quantity(start, end, text[start:end], "date", iso=m.group(key), relative=False))
    for m in TIME.finditer(text):
        if m.group("h24"):
            iso = f"T{int(m.group('h24')):02d}:{m.group('m24')}"
        else:
            hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            iso = f"T{hour:02d}:{m.group('m') or '00'}"
        add(m, "time", iso=iso)
    for m in DURATION.finditer(text):
        if m.group("ago") and m.group("ago").strip(" -").lower() != "old":
            continue  # "two weeks ago" is a date
        raw = m.group("num").lower()
        value = 0.5 if raw.startswith("half") else parse_number(raw)
        if value is None:
            continue
        if re.search(r"and\sa\shalf", m.group(0), re.I):
            value += 0.5
        if m.group("ago"):  # "20 years old": an age, a count
            add(m, "count", value=value, unit=f"{m.group('unit').lower().rstrip('s')}s old")
            continue
        iso, unit = _duration_iso(value, m.group("unit"))
        add(m, "duration", value=value, unit=unit, iso=iso)
    for m in COUNT.finditer(text):
        raw = m.group("num")
        if _ORDINAL_AFTER.match(text[m.end("num") :]):
            continue
        value = parse_number(raw)
        if value is None:
            continue
        words_only = re.fullmatch(rf"(?:{_WORD_NUM}|an?)(?:\s{_LONG_SCALE})*", raw.strip(), re.I) is not None
        unit = (m.group("unit") or "").strip()
        unit = re.sub(r"^of\s", "", unit)
        if words_only and (not unit or raw.strip().lower() in ("a", "an", "one")):
            continue  # "one of them", "a man": not a figure
        value_max = parse_number(m.group("num2")) if m.group("num2") else None
        if value_max is not None and re.fullmatch(_DIGITS, raw.strip()):
            # "10 to 15 million people": the scale written on the high end applies to both
            bare = parse_number(re.match(_DIGITS, m.group("num2").strip()).group(0))  # type: ignore[union-attr]
            if bare and value_max / bare > 1:
                value *= value_max / bare
        if re.fullmatch(r"(?:19|20)\d\d", raw.strip()) and re.search(
            r"\bthe\s$", text[max(0, m.start() - 4) : m.start()]
        ):
            found.append(
                Quantity(m.start(), m.end("num"), raw, "date", iso=raw.strip())
            )  # "the 2020 election"
            continue
        start, end = (
            m.start(),
            (m.end("unit") if unit else m.end("num2") if m.group("num2") else m.end("num")),
        )
        found.append(Quantity(start, end, text[start:end], "count", value=value, value_max=value_max,
                              unit=unit.lower() or None))  # fmt: skip
    return found


def find_quantities(text: str, base: date | None = None) -> list[Quantity]:
    """Non-overlapping quantities in `text`, in text order (money > percent > date > time > duration > count,
    then the longer match, when two overlap)."""
    chosen: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for q in sorted(_candidates(text, base), key=lambda q: (_PRIORITY[q.type], -(q.end - q.start), q.start)):
        if q.end <= q.start or any(q.start < e and s < q.end for s, e in taken):
            continue
        if q.type == "count" and re.fullmatch(_YEAR, q.text.strip()):
            continue  # a bare year-like number is not a count
        chosen.append(q)
        taken.append((q.start, q.end))
    return sorted(chosen, key=lambda q: q.start)
