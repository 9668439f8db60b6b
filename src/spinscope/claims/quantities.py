"""Finds and normalises the numbers a claim rests on: money, percentages, counts, ranges, dates, times, durations.

`find_quantities(text, base=None)` scans plain text with regular expressions (no spaCy needed, so the table test in
`tests/unit/test_quantities.py` runs in milliseconds) and returns `Quantity` objects whose offsets index `text`:

    >>> [(q.type, q.value, q.currency) for q in find_quantities("the blocking of 9 billion dollars")]
    [('money', 9000000000.0, 'USD')]
    >>> [(q.type, q.iso) for q in find_quantities("left on August 31, 2021, at night")]
    [('date', '2021-08-31')]

What is normalised:
- money: a currency symbol, prefix or code (`$`, `US$`, `A$`, `C$`, `HK$`, `NZ$`, `S$`, `R$`, `€`, `£`, `¥`, `₹`,
  `₦`, `₱`, `Rs`, `Rp`, `RM`, `Tk`, `KSh`, `R` (rand, with a scale or thousands), `EUR`, `USD`...) or a currency
  word after the number ("dollars", "euros", "pounds", "yuan", "rupees", "rand", "naira", "shillings"...), with a
  scale (`thousand`/`k`, `million`/`m`/`mn`/`mln`, `billion`/`bn`/`bln`/`b`, `trillion`/`tn`, `lakh`, `crore`/`cr`,
  "lakh crore"), digits (also Indian grouping "1,00,000") or number words ("nine billion dollars"); ranges ("$5-7
  billion", "between $5 and $7 billion") give `value`..`value_max`. Bare "dollars" and "$" are taken as USD and "Rs"
  as INR (documented assumptions); "Canadian dollars"/"C$" are CAD, etc.
- percentages: `%` (also glued to the next word: "68%of"), "percent", "per cent", "pc", "percentage points".
- counts: a number (digits, or number words followed by a noun) with the word after it as `unit`
  ("37 teams" -> 37 teams); the spaCy component refines the unit to the number's head noun. Names with digits are
  not quantities: product and model numbers ("Windows 10", "F-35", "Boeing 737"), diseases ("Covid-19", "H1N1"),
  groups ("G7", "G-20"), articles and routes ("Article 5", "Route 66").
- durations: "20 years", "a decade", "three months", "20-year" -> ISO 8601 durations (P20Y, P10Y, P3M); not
  "zero-hours contracts" (a kind of contract).
- dates: absolute dates in the usual English forms ("August 31, 2021", "31 Aug 2021", "2021-08-31", "8/31/2021",
  "August 2021", "in 2019", "the 1990s") in ISO 8601 at their precision (2021-08-31, 2021-08, 2019, 1990/1999);
  periods as ISO intervals: fiscal years and seasons written "2011-12" or "FY2011-12" (2011/2012), seasons ("summer
  2021" -> 2021-06/2021-08, northern-hemisphere months), quarters and halves ("Q3 2021", "the first half of 2020").
  Relative ones ("last Tuesday", "yesterday", "two weeks ago", "last year", "on Friday", "in March", a day without
  a year) are resolved against `base` (the article's publication date) and flagged `relative=True`; without a base
  they keep `iso=None` (a day without a year keeps `--MM-DD`). A day or month without a year takes the year that puts
  it closest to the publication date, in the past or the future when the words nearest to it say which ("until",
  "next", "scheduled", "will" vs. "said", "was", "ago"; `year_for`); a weekday is the coming one when the words say future, else the
  most recent one, the publication day itself included.
- times: "10:30 a.m.", "8 pm", "14:00" -> T10:30, T20:00, T14:00.

Line breaks and hyphenation inside a quantity ("$1.8 bill-" / "ion", "9 billion" / "dollars") are read through:
the scanner works on a reading view of the text (`reading_view`) and maps every span back to the original offsets.
`say()` (in `spinscope.claims.display`) writes a quantity in words for reports ("20 years", "31 August 2021").

Not handled (documented in the README): fractions in words ("two thirds", "half of"), vague amounts ("dozens",
"several decades", "hundreds of"), non-English number words, multiplicative phrases ("doubled", "three times"),
units of measure beyond the following noun (no km -> m conversion), ambiguous numeric dates (read month first),
southern-hemisphere seasons and time zones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from .casefold import lowered, to_ascii_letters
from .display import say

Direction = Literal["past", "future"] | None

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
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "crore": 1e7, "cr": 1e7, "lakh": 1e5, "lac": 1e5,
}  # fmt: skip

_WORD_NUM = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(k for k in UNITS if k != "zero") + r"))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
)
# digits: Indian grouping ("1,00,000" = one lakh), thousands groups, plain, decimals
_DIGITS = r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_LONG_SCALE = r"(?:hundred|thousand|million|billion|trillion|crore|lakh|lac)"
_SHORT_SCALE = r"(?:\s?(?:bn|bln|mn|mln|tn|trn|cr)\b|[mbk]\b)"
# a number: digits with an optional scale ("12.4bn", "9 billion", "500 cr"), or words ("nine billion", "a million")
_IN_DIGITS = rf"{_DIGITS}(?:\s?{_LONG_SCALE}s?(?:\s{_LONG_SCALE})?|{_SHORT_SCALE})?"
_IN_WORDS = rf"(?:{_WORD_NUM}|an?)\s{_LONG_SCALE}(?:\s{_LONG_SCALE})?|{_WORD_NUM}"
NUMBER = rf"(?:{_IN_DIGITS}|{_IN_WORDS})"
# a number in digits only: the patterns below are also compiled with it, for texts without a number word (where
# the alternatives in words cannot be part of a match, so dropping them changes no match and saves their tries)
_NUMBER_IN_DIGITS = rf"(?:{_IN_DIGITS})"


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
    "hk$": "HKD", "s$": "SGD", "r$": "BRL", "nt$": "TWD", "mx$": "MXN", "$": "USD", "€": "EUR", "£": "GBP",
    "e£": "EGP", "¥": "JPY", "cn¥": "CNY", "₹": "INR", "₽": "RUB", "₺": "TRY", "₩": "KRW", "₪": "ILS", "₦": "NGN",
    "₱": "PHP", "₫": "VND", "฿": "THB", "₴": "UAH", "gh₵": "GHS", "₵": "GHS", "rs": "INR", "rs.": "INR",
    "chf": "CHF", "sfr": "CHF", "rp": "IDR", "rp.": "IDR", "rm": "MYR", "tk": "BDT", "tk.": "BDT", "ksh": "KES",
    "r": "ZAR",
}  # fmt: skip
CODES = {
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "RUB", "AFN", "IRR", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD",
    "BRL", "TRY", "KRW", "ILS", "SAR", "AED", "PKR", "UAH", "MXN", "ZAR", "NGN", "EGP", "SEK", "NOK", "DKK", "PLN",
    "KES", "UGX", "TZS", "GHS", "ETB", "PHP", "IDR", "MYR", "BDT", "THB", "VND", "TWD", "LKR", "NPR", "QAR", "KWD",
    "IQD", "JOD", "ARS", "CLP", "COP", "HUF", "CZK", "MAD",
}  # fmt: skip
CURRENCY_WORDS = {
    "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD", "canadian dollar": "CAD",
    "australian dollar": "AUD", "hong kong dollar": "HKD", "new zealand dollar": "NZD", "singapore dollar": "SGD",
    "taiwan dollar": "TWD", "new taiwan dollar": "TWD", "dollar": "USD", "euro": "EUR", "pound sterling": "GBP",
    "pounds sterling": "GBP", "british pound": "GBP", "pound": "GBP", "sterling": "GBP", "egyptian pound": "EGP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "indian rupee": "INR", "pakistani rupee": "PKR",
    "sri lankan rupee": "LKR", "nepalese rupee": "NPR", "rouble": "RUB", "ruble": "RUB", "rial": "IRR",
    "iranian rial": "IRR", "saudi riyal": "SAR", "riyal": "SAR", "qatari riyal": "QAR", "afghani": "AFN",
    "swiss franc": "CHF", "franc": "CHF", "lira": "TRY", "turkish lira": "TRY", "won": "KRW", "shekel": "ILS",
    "hryvnia": "UAH", "dirham": "AED", "uae dirham": "AED", "moroccan dirham": "MAD", "rand": "ZAR", "naira": "NGN",
    "cedi": "GHS", "birr": "ETB", "kenyan shilling": "KES", "ugandan shilling": "UGX", "tanzanian shilling": "TZS",
    "peso": "MXN", "mexican peso": "MXN", "philippine peso": "PHP", "argentine peso": "ARS", "chilean peso": "CLP",
    "colombian peso": "COP", "ringgit": "MYR", "rupiah": "IDR", "taka": "BDT", "baht": "THB", "dong": "VND",
    "reais": "BRL", "brazilian real": "BRL", "iraqi dinar": "IQD", "kuwaiti dinar": "KWD", "jordanian dinar": "JOD",
    "swedish krona": "SEK", "swedish kronor": "SEK", "norwegian krone": "NOK", "norwegian kroner": "NOK",
    "danish krone": "DKK", "danish kroner": "DKK", "zloty": "PLN", "forint": "HUF", "koruna": "CZK",
}  # fmt: skip
_SYMBOLS = "$€£¥₹₽₺₩₪₦₱₫฿₴₵"
# "R" is the rand only before a scale or a thousands group ("R3.5bn", "R1,200"), never alone ("R2")
_RAND = r"R(?=\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:bn|mn|m|million|billion|trillion|k)\b)"
_PREFIX_RE = (
    r"(?:"
    + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True) if p[-1] in _SYMBOLS)
    + r"|(?:Rs\.?|Rp\.?|Tk\.?|RM|KSh|Ksh|CHF|SFr)\s?"
    + r"|(?-i:"  # an ISO code is upper case and apart from the number: "USD 5m", never "COP26"
    + "|".join(sorted(CODES))
    + r")\s|"
    + _RAND
    + r")"
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

    def to_dict(self, display: bool = True) -> dict[str, Any]:
        """The quantity as a dict; ``display`` (its value in words, `say`) is left out when ``display=False``, for a
        caller that changes the quantity first and says it after."""
        out = {
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
        if display:
            out["display"] = say(self.to_fields())
        return out

    def to_fields(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in ("text", "type", "value", "value_max", "unit", "currency", "iso", "relative")
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
    rf"(?:\s(?P<scale>{_LONG_SCALE}))?\s(?:of\s)?(?P<cur>{_CUR_WORD_RE}|(?-i:{'|'.join(sorted(CODES))})){_E}",
    re.I,
)
MONEY_BETWEEN = re.compile(
    rf"\bbetween\s(?P<cur>{_PREFIX_RE})?(?P<num>{NUMBER})\sand\s(?P<cur2>{_PREFIX_RE})?(?P<num2>{NUMBER})"
    rf"(?:\s(?P<scale>{_LONG_SCALE}))?(?:\s(?P<word>{_CUR_WORD_RE}))?{_E}",
    re.I,
)
PERCENT = re.compile(
    rf"{_B}(?:between\s)?(?P<num>{NUMBER})(?:\s?%|\s?(?:-|–|to|and)\s?(?P<num2>{NUMBER}))?"
    r"\s?(?P<unit>%|(?:per\s?cent(?:age\spoints?)?|percentage\spoints?|basis\spoints?|pct)(?!\w)"
    r"|(?<=\d)(?-i:pc)(?!\w))",
    re.I,
)
DURATION_UNITS = {
    "year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "MIN", "decade": "DECADE",
    "century": "CENTURY", "centurie": "CENTURY",
}  # fmt: skip


def _duration(number: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_B}(?P<num>{number}|an?|half\san?)(?:\sand\sa\shalf)?[\s-](?P<unit>years?|yrs?|months?|weeks?|days?|"
        r"hours?|minutes?|decades?|century|centuries)(?P<ago>\sago|\searlier|\slater|\sold|-old)?(?!\w)",
        re.I,
    )


DURATION = _duration(NUMBER)
_DURATION_IN_DIGITS = _duration(_NUMBER_IN_DIGITS)
MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
FULL_MONTHS = "|".join(calendar.month_name[1:])
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
ABSOLUTE_DATE = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:{WEEKDAYS},?\s)?{MONTHS}\s{_DAY}(?:,?\s{_YEAR})?(?!\d)"  # (Tuesday,) August 31(, 2021)
    rf"|(?:{WEEKDAYS},?\s)?(?:the\s)?{_DAY}\s(?:of\s)?{MONTHS}(?:,?\s{_YEAR})?(?!\d)"  # 31 August 2021
    rf"|{MONTHS}\s(?:of\s)?{_YEAR}"  # August 2021
    rf"|{_YEAR}-[01]\d-[0-3]\d"  # 2021-08-31
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])(?![\d-])"  # 2021-08 (unless a period: see PERIOD)
    rf"|[01]?\d/[0-3]?\d/{_YEAR}"  # 8/31/2021
    rf")(?!\w)",
)
# a month named without a year or day, after a word that makes it a time ("in March", "until June", "last May")
MONTH_ALONE = re.compile(
    rf"\b(?:(?:in|since|by|until|till|from|during|before|after|early|late|mid-?|end\sof|through)\s(?:early\s|late\s)?"
    rf"(?P<month>{FULL_MONTHS})|(?P<rel>last|next|this)\s(?P<rmonth>{FULL_MONTHS}))"
    rf"(?![\w-])(?!,?\s(?:\d|of\s\d))"
)
YEAR = re.compile(
    r"\b(?:in|since|by|until|till|from|before|after|during|of|early|late|end\sof|throughout|and|to|between|"
    rf"year)\s(?P<year>{_YEAR})(?!\w|-\d|,\d|[/–]\d)"
    rf"|\bmid-(?P<mid>{_YEAR})(?!\w)",
    re.I,
)
DECADE = re.compile(r"(?<!\w)(?:the\s)?(?:(?P<y>1[6-9]\d|20\d)0s|'(?P<yy>\d)0s)(?!\w)")
# fiscal years and seasons written as two years ("2011-12", "2019/20", "FY2021-22", "1939-45"), fiscal years
# ("FY2021", "FY21", "fiscal 2022"): periods, not numbers
PERIOD = re.compile(
    rf"(?<![\w$€£¥₹.,/-])(?P<fy>FY\s?|fiscal\s(?:year\s)?)?(?P<y1>{_YEAR})\s?[-–/]\s?(?P<y2>\d\d(?:\d\d)?)(?![\w-]|[.,]\d)"
    r"|(?<![\w-])FY\s?(?P<fyear>\d\d(?:\d\d)?)(?:[-–/](?P<fy2>\d\d))?(?![\w-])"
    rf"|\bfiscal\s(?:year\s)?(?P<fyear4>{_YEAR})(?![\w-])",
)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
SEASON = re.compile(
    rf"(?<!\w)(?:(?P<rel>last|this|next|past|coming|previous)\s)?(?P<season>spring|summer|autumn|fall|winter)"
    rf"(?:\s(?:of\s)?(?P<year>{_YEAR})(?:[-–/](?P<y2>\d\d))?)?(?!\w)",
    re.I,
)
_ORDINAL_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
QUARTER = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s(?:fiscal\s)?quarter)"
    rf"(?:\s(?:of\s)?(?:fiscal\s|FY\s?)?(?P<year>{_YEAR}))?"
    rf"|(?:H(?P<h>[12])|(?P<hw>first|second)\shalf)\s(?:of\s)?(?P<hyear>{_YEAR})"
    rf"|(?P<rel>last|this|next|previous)\squarter"
    rf")(?!\w)",
    re.I,
)
_RELATIVE = (
    rf"yesterday|today|tomorrow|tonight"
    rf"|(?:last|next|this|past|previous|coming)\s(?:week(?:end)?|month|year|night|morning|afternoon|evening|"
    rf"{WEEKDAYS})"
    rf"|(?:earlier|later)\s(?:this\s(?:week|month|year)|today)"
    rf"|{WEEKDAYS}"
)
_AGO = rf"(?:{NUMBER}|an?)\s(?:days?|weeks?|months?|years?|decades?)\sago"
RELATIVE_DATE = re.compile(rf"(?<!\w)(?:{_RELATIVE}|{_AGO})(?!\w)", re.I)
_RELATIVE_WITHOUT_AGO = re.compile(rf"(?<!\w)(?:{_RELATIVE})(?!\w)", re.I)  # for texts without "ago"
_RELATIVE_DATES = (RELATIVE_DATE, _RELATIVE_WITHOUT_AGO)
TIME = re.compile(
    r"(?<![\w:])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ap>a\.m\.|p\.m\.|am|pm)(?![\w])"
    r"|(?<![\w:])(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\w:])",
    re.I,
)
_NOT_UNIT = (
    r"of|to|and|or|in|on|at|by|for|from|with|the|a|an|is|are|was|were|per|percent|than|as|will|would|could|should|"
    r"can|may|might|must|has|have|had|do|does|did|be|been|very|more|less|except|that|this|these|those|who|which|"
    r"when|where|while|if|but|not|so|about|into|over|after|before|out|up|down|off|each|all|both|either|such|it|they"
)


def _count(number: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_B}(?P<num>{number})(?![\w/@])"
        r"(?:(?P<sep>\s?(?:-|–|to)\s?)(?P<num2>" + _DIGITS + r"(?:\s?" + _LONG_SCALE + r")?)(?![\w/@]))?"
        rf"(?P<unit>\s(?:of\s)?(?!(?:{_NOT_UNIT})\b)(?-i:[a-z][a-z'-]*))?",
        re.I,
    )


COUNT = _count(f"{_IN_DIGITS}|{_IN_WORDS}")
_COUNT_IN_DIGITS = _count(_IN_DIGITS)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)

# ---- names with digits: not quantities ------------------------------------------------------------------------------
# letters glued to digits ("F-35", "G7", "G-20", "H1N1", "MH17", "COP26", "A320", "Covid-19", "SARS-CoV-2", "AK-47"),
# except an amount after a currency prefix or code ("Rs500", "R3.5bn"), quarters and halves ("Q3", "H1") and words
# that make the number a quantity ("mid-2020", "FY2021": see PERIOD)
_NOT_NAME_PREFIX = {"rs", "rp", "rm", "tk", "ksh", "r", "fy", "mid", "pre", "post", "late", "early", "top", "under",
                    "over", "about", "around", "some", "per", "x"} | {c.lower() for c in CODES}  # fmt: skip
GLUED_NAME = re.compile(
    r"(?<![\w$€£¥₹.-])(?P<letters>[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*|[a-z]+[A-Z][A-Za-z]*|covid|sars|mers)"
    r"-?\d+(?:[A-Za-z]+\d*)*(?:-\d+[A-Za-z]?)?(?![\w])"
)
# a name followed by a number: products, aircraft, rockets, laws, articles, routes, phases, levels
_NUMBERED = (
    r"Windows|iPhone|iPad|iOS|Android|Galaxy|Pixel|Xbox|PlayStation|Nintendo|Boeing|Airbus|Embraer|"
    r"Apollo|Artemis|Soyuz|Falcon|Gemini|Sputnik|Voyager|Tesla\sModel|Model|Series|Version|Section|Article|"
    r"Clause|Chapter|Title|Rule|Regulation|Resolution|Proposition|Prop\.?|Amendment|Bill|Route|Highway|Interstate|"
    r"Flight|Formula|Stage|Phase|Tier|Level|Category|Channel|Terminal|Gate|Platform|Unit|Room|Ward|Camp|Area|Zone|"
    r"Vision|Agenda|Ligue|Serie|Group|Pillar|Year|Grade|Radio|No\.|Number"
)
_NUMBERED_SET_NAMES = ("Catch-22", "7-Eleven", "24/7", "9/11")
NAME_THEN_NUMBER = re.compile(
    rf"(?<![\w])(?:{_NUMBERED})\s\d+[A-Za-z]?(?![\w,.]\d)(?!\w)"
    rf"|(?<![\w])(?:{'|'.join(_NUMBERED_SET_NAMES)})(?!\w)"
)
# a number whose "hours"/"day" is the name of a thing, not a length of time
NOT_DURATION = re.compile(r"\b(?:zero|0)-hours?\b|\b24-hour\s(?:clock|news)\b|\b9-to-5\b", re.I)


_DIGIT = re.compile(r"\d")


_GLUED_CUE = re.compile(r"[A-Za-z]-?\d")  # `GLUED_NAME`: its letters end in a letter, then a digit
_NUMBERED_WORDS = frozenset(re.findall(r"[a-z]+", _NUMBERED.lower().replace("\\s", " ").replace("\\.", " ")))


def name_spans(text: str, cues: _Cues | None = None) -> list[tuple[int, int]]:
    """Spans of names that contain digits (see `GLUED_NAME`, `NAME_THEN_NUMBER`, `NOT_DURATION`); with ``cues``
    (the text's `_Cues`) the patterns that cannot match skip their scans."""
    spans = []
    for m in GLUED_NAME.finditer(text) if cues is None or _GLUED_CUE.search(text) else ():
        letters, whole = m.group("letters"), m.group(0)
        plain = re.fullmatch(r"[A-Za-z]+-?\d+", whole) is not None
        if re.fullmatch(r"[QH][1-4]", whole) or (plain and letters.lower() in _NOT_NAME_PREFIX):
            continue
        if letters.lower() in ("mid", "pre", "post", "fy") or re.fullmatch(MONTHS, letters):
            continue
        spans.append(m.span())
    numbered = cues is None or (
        cues.digit and (cues.word(_NUMBERED_WORDS) or any(n in text for n in _NUMBERED_SET_NAMES))
    )
    spans += [m.span() for m in NAME_THEN_NUMBER.finditer(text)] if numbered else []
    # `NOT_DURATION`: "zero-hours", "0-hour", "24-hour clock" or "9-to-5" (its letters are not among those
    # that other characters fold to, so a lower-cased text holds them whenever the pattern matches)
    not_duration = cues is None or any(w in (cues.lower or text.lower()) for w in ("-hour", "9-to-5"))
    spans += [m.span() for m in NOT_DURATION.finditer(text)] if not_duration else []
    return spans


# ---- past or future: the words nearest to a date ---------------------------------------------------------------------
FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|'ll|would|until|till|next|scheduled|upcoming|coming|planned|planning|plans?\sto|"
    r"set\sto|going\sto|expected\sto|due\s(?:on|by|in|to\s(?:be|begin|start|open|close|end|take|meet|vote|"
    r"launch|expire|arrive|resume))|is\sto|are\sto|aims?\sto|deadline|ahead\sof|from\snow|starting|postponed\sto)\b",
    re.I,
)
# past tense and past-time words; a participle after "be", "been", "to" or "will" ("will be held") is not past
PAST_CUES = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bto\s)(?<!\bwill\s)\b(?:"
    r"was|were|had|did|said|told|ago|last|earlier|previously|yesterday|since"
    r"|(?!(?:scheduled|planned|expected|postponed|proposed)\b)[a-z]{3,}ed"
    r"|began|met|held|took|came|went|left|won|lost|fell|rose|grew|saw|made|gave|spoke|wrote|ran|became|sent|brought|"
    r"thought|found|kept|paid|sold|struck|fled|stood|hit|cut|put|broke|chose|drew|flew"
    r")\b",
)
_REPORTING = re.compile(r"said|told|added|announced|reported|stated|warned|confirmed", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\b(?:that|but|and|while|when|because|as|which|who)\b")
_CLOSES = re.compile(r"\s*(?:on\s\w+\s*)?(?:[.!?\"”]|$)")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s|\n\s*\n")


def direction_at(text: str, start: int, end: int) -> Direction:
    """ "future" or "past" from the cue word nearest to text[start:end] in its sentence ("until 30 April", "said
    on Friday", "will vote on May 5"), None when the sentence has none."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    following = _SENTENCE_END.search(text, end)
    right = following.start() + 1 if following else len(text)
    clause = _CLAUSE_BREAK.search(
        text, end, right
    )  # after the date, only its own clause: "that he would..." is not
    right = clause.start() if clause else right
    best: tuple[int, Direction] | None = None
    for pattern, direction in ((FUTURE_CUES, "future"), (PAST_CUES, "past")):
        for m in pattern.finditer(text, left, right):
            if m.start() < end and m.end() > start:
                continue  # a cue inside the date itself ("last Friday") is handled by the date's own reading
            if m.start() >= end and _REPORTING.fullmatch(m.group(0)) and _CLOSES.match(text, m.end()):
                continue  # "..., officials said.": the tag closing a clause says when it was said, not its tense
            distance = start - m.end() if m.end() <= start else m.start() - end + 6  # words before weigh more
            if best is None or distance < best[0]:
                best = (distance, direction)  # type: ignore[assignment]
    return best[1] if best else None


def year_for(month: int, day: int, base: date, direction: Direction = None) -> int:
    """The year that puts `month`/`day` closest to `base` (the publication date), on or before it for "past", on
    or after it for "future": "Feb. 9" in a January story is next month, "until 30 April" in an April story this
    month, "May 5" said of the past in an April story last year."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February
            continue
    if direction == "past":
        candidates = [d for d in candidates if d <= base] or candidates
    elif direction == "future":
        candidates = [d for d in candidates if d >= base] or candidates
    return min(candidates, key=lambda d: (abs((d - base).days), d > base)).year


def month_year_for(month: int, base: date, direction: Direction = None) -> int:
    """The year of a month named alone ("in March"), by the same rule as `year_for` (the current month counts)."""
    here = base.year * 12 + base.month - 1
    options = [(year, year * 12 + month - 1 - here) for year in (base.year - 1, base.year, base.year + 1)]
    if direction == "past":
        options = [o for o in options if o[1] <= 0] or options
    elif direction == "future":
        options = [o for o in options if o[1] >= 0] or options
    return min(options, key=lambda o: (abs(o[1]), o[1] > 0))[0]


def weekday_for(weekday: int, base: date, direction: Direction = None) -> date:
    """A weekday named alone ("on Friday"): the coming one when the words say future, else the most recent one (a
    report tells what happened: "in the wake of Monday's discovery"), the publication day itself included."""
    if direction == "future":
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    return base - timedelta(days=(base.weekday() - weekday) % 7)


def _month_number(name: str) -> int:
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(
        name.strip(". ").lower()[:3]
    ) + 1


# ---- date normalisation -------------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _date_parser(base: date | None) -> Any:
    """One dateparser parser per publication date: building one costs more than most parses."""
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


_DAY_MONTH = re.compile(
    rf"(?:{WEEKDAYS},?\s)?({MONTHS})\s(\d+)|(?:{WEEKDAYS},?\s)?(?:the\s)?(\d+)\s(?:of\s)?({MONTHS})"
)


@lru_cache(maxsize=4096)
def parse_date(text: str, base: date | None = None, direction: Direction = None) -> tuple[str | None, bool]:
    """(ISO 8601 string or None, relative) for one date expression; `direction` ("past"/"future", from the words
    around it) chooses between the last and the next occurrence of a day named without its year (a pure function
    of its arguments, so its results are cached: a corpus repeats its dates)."""
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
    if not has_year and (m := _DAY_MONTH.fullmatch(s)):
        # a day without a year: the year closest to the publication date, past or future as the words say
        month_text, day_text = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month, day = _month_number(month_text), int(day_text)
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return None, True
        if base is None:
            return f"--{month:02d}-{day:02d}", True
        return date(year_for(month, day, base, direction), month, day).isoformat(), True
    if re.fullmatch(WEEKDAYS, s, re.I):
        if base is None:
            return None, True
        weekday = [calendar.day_name[i].lower() for i in range(7)].index(low)
        return weekday_for(weekday, base, direction).isoformat(), True
    relative = bool(
        re.search(
            r"\b(?:yesterday|today|tomorrow|tonight|last|next|this|past|previous|coming|ago|earlier|later)\b",
            low,
        )
        or not has_year
    )
    if relative and base is None:
        return None, True
    if re.fullmatch(r"(?:this|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)", low):
        weekday = [calendar.day_name[i].lower() for i in range(7)].index(low.split()[1])
        assert base is not None
        coming = weekday_for(weekday, base, "future")
        if low.startswith("next") and coming == base:
            coming += timedelta(days=7)
        return coming.isoformat(), True
    if "earlier this" in low or "later this" in low:
        s = "this " + low.rsplit(" ", 1)[-1]
    if re.fullmatch(r"(?:past|previous) (?:week|month|year)", low):
        s = "last " + low.split()[1]
    if re.fullmatch(r"(?:coming) (?:week|month|year)", low):
        s = "next " + low.split()[1]
    if low in ("tonight", "earlier today", "later today") or re.fullmatch(
        r"this (?:morning|afternoon|evening)", low
    ):
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


def _full_year(y1: int, y2_text: str) -> int:
    """'2011-12' -> 2012, '1939-45' -> 1945, '2019-2020' -> 2020."""
    if len(y2_text) == 4:
        return int(y2_text)
    century = y1 // 100 * 100
    y2 = century + int(y2_text)
    return y2 if y2 > y1 else y2 + 100


def _period(m: re.Match[str]) -> tuple[str, str | None] | None:
    """(ISO interval or year, unit) of a PERIOD match, or None when the two numbers do not make a period (2021-08)."""
    fiscal = "fiscal year" if (m.group("fy") or m.group("fyear") or m.group("fyear4")) else None
    if m.group("y1"):
        y1 = int(m.group("y1"))
        y2 = _full_year(y1, m.group("y2"))
        if not y1 < y2 <= y1 + 10 or (len(m.group("y2")) == 2 and y2 - y1 > 1 and int(m.group("y2")) <= 12):
            return None  # "2021-08" is August 2021, "2010-11" the season, "2018-20" ambiguous: not a period
        return f"{y1}/{y2}", fiscal
    if m.group("fyear4"):
        return m.group("fyear4"), fiscal
    year_text = m.group("fyear")
    y1 = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    if m.group("fy2"):
        return f"{y1}/{_full_year(y1, m.group('fy2'))}", fiscal
    return str(y1), fiscal


def _months_interval(year: int, first: int, last: int) -> str:
    end_year = year + 1 if last < first else year
    return f"{year:04d}-{first:02d}/{end_year:04d}-{last:02d}"


def _season(m: re.Match[str], base: date | None) -> tuple[str | None, bool] | None:
    season = m.group("season").lower()
    first, last = SEASONS[season]
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        return _months_interval(int(m.group("year")), first, last), False
    if not rel:
        return None
    if base is None:
        return None, True

    # the season's start in each candidate year; last = the latest that has ended, this = the one of this year
    # (winter: the one around the turn of the year), next = the first that has not started
    def bounds(year: int) -> tuple[date, date]:
        end_year = year + 1 if last < first else year
        return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])

    years = range(base.year - 2, base.year + 2)
    if rel in ("last", "past", "previous"):
        year = max(y for y in years if bounds(y)[1] < base)
    elif rel in ("next", "coming"):
        year = min(y for y in years if bounds(y)[0] > base)
    else:
        year = base.year - 1 if (season == "winter" and base.month <= 2) else base.year
    return _months_interval(year, first, last), True


def _quarter(m: re.Match[str], base: date | None, direction: Direction) -> tuple[str | None, bool] | None:
    if m.group("h") or m.group("hw"):
        half = int(m.group("h") or (1 if m.group("hw").lower() == "first" else 2))
        first = 1 if half == 1 else 7
        return _months_interval(int(m.group("hyear")), first, first + 5), False
    if m.group("rel"):
        if base is None:
            return None, True
        current = (base.month - 1) // 3
        shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[m.group("rel").lower()]
        index = base.year * 4 + current + shift
        year, quarter = divmod(index, 4)
        return _months_interval(year, quarter * 3 + 1, quarter * 3 + 3), True
    quarter = int(m.group("q") or _ORDINAL_WORDS[m.group("qw").lower()])
    first = (quarter - 1) * 3 + 1
    if m.group("year"):
        return _months_interval(int(m.group("year")), first, first + 2), False
    if base is None:
        return None, True
    # "the third quarter" without a year: the latest such quarter that has started (results are reported after)
    year = base.year if base.month >= first or direction == "future" else base.year - 1
    if direction == "future" and base.month > first + 2:
        year = base.year + 1
    return _months_interval(year, first, first + 2), True


def _looks_like_a_name(text: str, m: re.Match[str]) -> bool:
    """'USA Today', 'Psychology Today', 'This Week', NBC's 'Today show', 'Black Friday', 'Super Tuesday': a
    programme, a publication or a named day, not a date."""
    word = m.group(0)
    after = text[m.end() : m.end() + 24]
    before = text[: m.start()].rstrip(" \"'“‘")
    if re.match(WEEKDAYS, word):
        return bool(
            re.search(
                r"\b(?:Black|Good|Super|Cyber|Bloody|Holy|Ash|Easter|Maundy|Giving|Manic|Small\sBusiness)$",
                before,
            )
        )
    if not word[0].isupper():
        return False
    if re.match(
        r"[\"'”’]?\s(?:show|programme|program|newspaper|podcast|host|presenter|anchor)s?\b", after, re.I
    ):
        return True
    return bool(before) and (before[-1].isalnum() or before[-1] in ",")


# ---- the reading view: line breaks and hyphenation inside a quantity ---------------------------------------------------
_JOINABLE = {
    *(w for w in ("hundred", "thousand", "million", "billion", "trillion", "crore", "lakh")),
    *(f"{w}s" for w in ("hundred", "thousand", "million", "billion", "trillion", "crore", "lakh")),
    *(w.split()[-1] + s for w in CURRENCY_WORDS for s in ("", "s")),
    *(m.lower() for m in calendar.month_name[1:]),
    *(d.lower() for d in calendar.day_name),
    "percent", "percentage", "points", "years", "months", "weeks", "decades", "hours", "minutes",
}  # fmt: skip
_BROKEN_WORD = re.compile(r"(?P<a>[A-Za-z]+)(?P<gap>-?[ \t]*\n[ \t]*)(?P<b>[a-z]+)")
_LINE_GAP = re.compile(r"(?<![\n \t])[ \t]*\n[ \t]*(?![\n \t])|[ \t]{2,}")


def reading_view(text: str) -> tuple[str, Sequence[int]]:
    """The text as the scanner reads it, with `index[i]` the offset in `text` of character i of the view (and
    `index[len(view)] == len(text)`): a word broken by a line end ("bill-\\nion", "mil\\nlion") is joined when the
    whole is a number, currency or date word, and a line break or a run of spaces inside a paragraph is one space."""
    if "\n" not in text and "  " not in text and "\t" not in text:
        return text, range(len(text) + 1)  # nothing to join: the identity
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in text, sorted, disjoint
    for m in _BROKEN_WORD.finditer(text):
        if (m.group("a") + m.group("b")).lower() in _JOINABLE:
            edits.append((m.start("gap"), m.end("gap"), ""))
    for m in _LINE_GAP.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e, _ in edits) and m.group(0) != " ":
            edits.append((m.start(), m.end(), " "))
    if not edits:
        return text, range(len(text) + 1)
    edits.sort()
    view: list[str] = []
    index: list[int] = []
    position = 0
    for start, end, replacement in edits:
        view.append(text[position:start])
        index.extend(range(position, start))
        view.append(replacement)
        index.extend([start] * len(replacement))
        position = end
    view.append(text[position:])
    index.extend(range(position, len(text) + 1))
    return "".join(view), index


# ---- the scanner ----------------------------------------------------------------------------------------------
# Necessary conditions of the patterns, checked before their scans: Python's `re` tries every alternative of a
# pattern at every position of the text, which costs far more than looking up a text's words in a set. Each
# condition holds whenever its pattern can match (a false "may" costs one scan; a false "may not" would lose a
# quantity), so the scans that do run find what they found before. Words are the runs of ASCII letters of the
# lower-cased text: every word the conditions look for is bounded in its pattern by a non-word character or by
# the ends of the match (`\s`, `(?<!\w)`, `(?!\w)`...), so a match of it is one whole such run. A text holding one
# of the four characters that `re.I` also matches to an ASCII letter (see `casefold`) has no words here: none of
# the conditions on words skips a scan.
_LETTERS = re.compile(r"[a-z]+")
_SYMBOL = re.compile("[" + re.escape(_SYMBOLS) + "]")
_RAND_CUE = re.compile(r"[Rr]\d")  # `_RAND`: R before a digit
_CODE = re.compile("|".join(sorted(CODES)))  # upper case, as the patterns read them
_CODE_WORDS = frozenset(c.lower() for c in CODES)
_LETTER_PREFIXES = ("rs", "rp", "tk", "rm", "ksh", "chf", "sfr")  # glued to the number ("Rs500"): word starts
_CURRENCY_WORDS = frozenset(w.split()[-1] + end for w in CURRENCY_WORDS for end in ("", "s", "es"))
_NUMBER_WORDS = frozenset(
    [*UNITS, *TENS, "hundred", "thousand", "million", "billion", "trillion", "crore", "lakh", "lac"]
)
_DAY_NAMES = [d.lower() for d in calendar.day_name]
_RELATIVE_WORDS = frozenset(
    ["yesterday", "today", "tomorrow", "tonight", "week", "weekend", "month", "year", "night", "morning",
     "afternoon", "evening", "day", "days", "weeks", "months", "years", "decade", "decades", *_DAY_NAMES]
)  # fmt: skip
_DURATION_WORDS = frozenset(
    ["year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
     "minutes", "decade", "decades", "century", "centuries"]
)  # fmt: skip
_MONTH_WORDS = frozenset(m.lower() for m in calendar.month_name[1:])
_SEASON_WORDS = frozenset(SEASONS)
_MONTH_ABBREVIATIONS = _MONTH_WORDS | {m[:3] for m in _MONTH_WORDS} | {"sept"}  # `MONTHS`
_YEAR_CUE = re.compile(_YEAR)
_QUARTER_CODE = re.compile(r"[QqHh][1-4]")
_AM_PM = re.compile(r"\d\s?[AaPp]\.?[Mm]")
_BETWEEN, _QUARTER, _AGO_WORD = frozenset(["between"]), frozenset(["quarter"]), frozenset(["ago"])


class _Cues:
    """What one text holds of what the patterns need: digits, words (None: any word may be there), lower case.
    Each method is the necessary condition of one pattern (the scanner skips the pattern when it is False)."""

    __slots__ = ("digit", "lower", "text", "words", "year")

    def __init__(self, text: str) -> None:
        self.text = text
        self.digit = _DIGIT.search(text) is not None
        self.year = self.digit and _YEAR_CUE.search(text) is not None  # the four digits of a `_YEAR`
        self.lower = lowered(text)
        self.words = None if self.lower is None else set(_LETTERS.findall(self.lower))

    def word(self, vocabulary: frozenset[str]) -> bool:
        return self.words is None or not self.words.isdisjoint(vocabulary)

    def part(self, *pieces: str) -> bool:
        return self.lower is None or any(p in self.lower for p in pieces)

    def starts(self, prefixes: tuple[str, ...]) -> bool:
        return self.words is None or any(w.startswith(prefixes) for w in self.words)

    def numeric(self) -> bool:
        """A number in digits or in words bounded as `COUNT` and `MONEY_SUFFIX` read them."""
        return self.digit or self.word(_NUMBER_WORDS)

    def code(self) -> bool:
        return self.word(_CODE_WORDS) and _CODE.search(self.text) is not None

    def money_prefix(self) -> bool:
        """`MONEY_PREFIX`: a currency symbol, a letter prefix at a word start, an upper-case code, or R and a digit."""
        return (
            _SYMBOL.search(self.text) is not None
            or self.starts(_LETTER_PREFIXES)
            or _RAND_CUE.search(self.text) is not None
            or self.code()
        )

    def money_suffix(self) -> bool:
        """`MONEY_SUFFIX`: a number, then a currency word or code."""
        return self.numeric() and (self.word(_CURRENCY_WORDS) or self.code())

    def relative(self) -> bool:
        return self.word(_RELATIVE_WORDS)

    def period(self) -> bool:
        """`PERIOD`: a year (of two, or of "fiscal 2022"), or "FY" (case as written: the pattern has no `re.I`)."""
        return self.year or (self.digit and "FY" in self.text)

    def absolute_date(self) -> bool:
        """`ABSOLUTE_DATE`: a year, or a day (digits) and a month name or its abbreviation."""
        return self.year or (self.digit and self.word(_MONTH_ABBREVIATIONS))

    def decade(self) -> bool:
        """`DECADE`: "1990s", "'90s", each ending in 0s."""
        return self.digit and "0s" in self.text

    def quarter(self) -> bool:
        """`QUARTER`: Q1-Q4 or H1/H2, "... quarter", or "first half of" a year."""
        return self.word(_QUARTER) if not self.digit else (self.year or _QUARTER_CODE.search(self.text) is not None
                                                          or self.word(_QUARTER))  # fmt: skip

    def time(self) -> bool:
        """`TIME`: "14:00", or a digit, maybe a space, then a.m./p.m. (am/pm)."""
        return self.digit and (":" in self.text or _AM_PM.search(self.text) is not None)

    def percent(self) -> bool:
        """`PERCENT`: %, (per)cent(age), basis (points), pct, or pc after a digit ("5pc", case as written)."""
        return "%" in self.text or self.part("cent", "basis", "pct") or "pc" in self.text


_PRIORITY = {"money": 0, "percent": 1, "date": 2, "time": 3, "duration": 4, "count": 5}


def _candidates(text: str, base: date | None, cues: _Cues | None = None) -> list[Quantity]:
    """Every quantity any pattern reads in `text`, overlaps included; with ``cues`` (`_Cues` of `text`) the
    patterns whose necessary condition fails skip their scans, without it every pattern scans."""
    every = cues is None

    def may(condition: Callable[[_Cues], bool]) -> bool:
        return every or condition(cues)  # type: ignore[arg-type]

    found: list[Quantity] = []

    def add(m: re.Match[str], kind: str, **values: Any) -> None:
        start, end = m.span()
        while end > start and text[end - 1] in (" ,;:" if kind == "time" else " ,.;:"):
            end -= 1
        found.append(Quantity(start, end, text[start:end], kind, **values))

    money = (
        (MONEY_BETWEEN, may(lambda c: c.word(_BETWEEN))),
        (MONEY_PREFIX, may(_Cues.money_prefix)),
        (MONEY_SUFFIX, may(_Cues.money_suffix)),
    )
    for pattern, scan in money:
        for m in pattern.finditer(text) if scan else ():
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
    for m in PERCENT.finditer(text) if may(_Cues.percent) else ():
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
            unit="basis points" if "basis" in unit else "percentage points" if "point" in unit else "percent",
        )
    periods = []
    for m in PERIOD.finditer(text) if may(_Cues.period) else ():
        read = _period(m)
        if read is not None:
            periods.append(m.span())
            add(m, "date", iso=read[0], unit=read[1])
    dates = (
        (ABSOLUTE_DATE, may(_Cues.absolute_date)),
        (RELATIVE_DATE if may(lambda c: c.word(_AGO_WORD)) else _RELATIVE_WITHOUT_AGO, may(_Cues.relative)),
        (DECADE, may(_Cues.decade)),
    )
    for pattern, scan in dates:
        for m in pattern.finditer(text) if scan else ():
            if pattern in _RELATIVE_DATES and _looks_like_a_name(text, m):
                continue
            if pattern is ABSOLUTE_DATE and any(s <= m.start() and m.end() <= e for s, e in periods):
                continue  # "2011-12" is the 2011/12 season, not December 2011
            needs_direction = (
                base is not None and pattern is not DECADE and not re.search(r"\d{4}", m.group(0))
            )
            if pattern in _RELATIVE_DATES and not re.fullmatch(
                rf"(?:this\s|next\s)?{WEEKDAYS}", m.group(0), re.I
            ):
                needs_direction = False
            direction = direction_at(text, m.start(), m.end()) if needs_direction else None
            iso, relative = parse_date(m.group(0), base, direction)
            if pattern in _RELATIVE_DATES or relative or iso is not None:
                add(m, "date", iso=iso, relative=relative)
    for m in MONTH_ALONE.finditer(text) if may(lambda c: c.word(_MONTH_WORDS)) else ():
        key = "month" if m.group("month") else "rmonth"
        month = _month_number(m.group(key))
        start = m.start(key) if key == "month" else m.start()
        iso = None
        if base is not None:
            rel = (m.group("rel") or "").lower()
            said: Direction = "past" if rel == "last" else "future" if rel == "next" else None
            direction = said or direction_at(text, start, m.end())
            if rel == "next" and month == base.month:
                iso = f"{base.year + 1:04d}-{month:02d}"
            elif rel == "last" and month == base.month:
                iso = f"{base.year - 1:04d}-{month:02d}"
            else:
                iso = f"{month_year_for(month, base, direction):04d}-{month:02d}"
        found.append(Quantity(start, m.end(), text[start : m.end()], "date", iso=iso, relative=True))
    for m in SEASON.finditer(text) if may(lambda c: c.word(_SEASON_WORDS)) else ():
        read_season = _season(m, base)
        if read_season is not None:
            add(m, "date", iso=read_season[0], relative=read_season[1])
    for m in QUARTER.finditer(text) if may(_Cues.quarter) else ():
        direction = direction_at(text, m.start(), m.end()) if base is not None else None
        read_quarter = _quarter(m, base, direction)
        if read_quarter is not None:
            add(m, "date", iso=read_quarter[0], relative=read_quarter[1])
    for m in YEAR.finditer(text) if may(lambda c: c.year) else ():
        key = "year" if m.group("year") else "mid"
        start, end = m.span(key) if key == "year" else (m.start(), m.end())
        found.append(Quantity(start, end, text[start:end], "date", iso=m.group(key), relative=False))
    for m in TIME.finditer(text) if may(_Cues.time) else ():
        if m.group("h24"):
            iso = f"T{int(m.group('h24')):02d}:{m.group('m24')}"
        else:
            hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            iso = f"T{hour:02d}:{m.group('m') or '00'}"
        add(m, "time", iso=iso)
    duration = DURATION if may(lambda c: c.word(_NUMBER_WORDS)) else _DURATION_IN_DIGITS
    for m in duration.finditer(text) if may(lambda c: c.word(_DURATION_WORDS)) else ():
        if m.group("ago") and m.group("ago").strip(" -").lower() != "old":
            continue  # "two weeks ago" is a date
        raw = m.group("num").lower()
        value = 0.5 if raw.startswith("half") else parse_number(raw)
        if value is None:
            continue
        if re.search(r"and\sa\shalf", m.group(0), re.I):
            value += 0.5
        if value == 0:
            continue  # "zero-hours contracts", "zero days": not a length of time
        if m.group("ago"):  # "20 years old": an age, a count
            add(m, "count", value=value, unit=f"{m.group('unit').lower().rstrip('s')}s old")
            continue
        iso, unit = _duration_iso(value, m.group("unit"))
        add(m, "duration", value=value, unit=unit, iso=iso)
    count = COUNT if may(lambda c: c.word(_NUMBER_WORDS)) else _COUNT_IN_DIGITS
    for m in count.finditer(text) if may(_Cues.numeric) else ():
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


# a sentence without any of these holds no quantity: one search lets most sentences of an article skip the scanner
_QUANTITY_WORDS = "|".join(
    [*UNITS, *TENS, "hundred", "thousand", "million", "billion", "trillion", "crore", "lakh", "dozen", "today",
     "tonight", "tomorrow", "yesterday", "day", "hour", "minute", "week", "month", "year", "decade", "centur",
     "summer", "winter", "spring", "autumn", "fall", "quarter", "half", "morning", "afternoon", "evening", "night",
     "fiscal", "percent", *_DAY_NAMES]
)  # fmt: skip
_ANY_QUANTITY = re.compile(rf"\d|(?i:\b(?:{_QUANTITY_WORDS}))|\b{MONTHS}(?!\w)")
# the same search in three parts, each of which `re` runs fast: the words without `re.I`, on the lower-cased text
# (which has the same length and the same word characters: see `casefold`)
_QUANTITY_WORD = re.compile(rf"\b(?:{_QUANTITY_WORDS})")
_MONTH_NAME = re.compile(rf"\b{MONTHS}(?!\w)")


def _may_hold_quantity(text: str) -> bool:
    """Whether `_ANY_QUANTITY` finds something in `text` (the same answer, about three times faster)."""
    if _DIGIT.search(text) or _MONTH_NAME.search(text):
        return True
    lower = lowered(text)
    if lower is None:
        return _ANY_QUANTITY.search(text) is not None
    return _QUANTITY_WORD.search(lower) is not None


def find_quantities(text: str, base: date | None = None) -> list[Quantity]:
    """Non-overlapping quantities in `text`, in text order (money > percent > date > time > duration > count,
    then the longer match, when two overlap); none inside a name with digits ("Covid-19", "Windows 10").
    `base` is the publication date, against which relative dates and days without a year are resolved."""
    return _find(text, base, prefilter=True)


def _find(text: str, base: date | None, prefilter: bool) -> list[Quantity]:
    """`find_quantities`; with ``prefilter=False`` every pattern scans every text (the reference the necessary
    conditions of `_Cues` and `_may_hold_quantity` are tested against: they must never change what is found)."""
    if not (_may_hold_quantity(text) if prefilter else _ANY_QUANTITY.search(text)):
        return []
    view, index = reading_view(text)
    view = to_ascii_letters(view)  # a word `re.I` matched is then one the tables of words hold
    cues = _Cues(view) if prefilter else None
    names = name_spans(view, cues)
    chosen: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for q in sorted(
        _candidates(view, base, cues), key=lambda q: (_PRIORITY[q.type], -(q.end - q.start), q.start)
    ):
        if q.end <= q.start or any(q.start < e and s < q.end for s, e in taken):
            continue
        if q.type == "count" and re.fullmatch(_YEAR, q.text.strip()):
            continue  # a bare year-like number is not a count
        if q.type != "money" and any(q.start < e and s < q.end for s, e in names):
            continue
        chosen.append(q)
        taken.append((q.start, q.end))
    out = []
    for q in sorted(chosen, key=lambda q: q.start):
        start, end = index[q.start], index[q.end - 1] + 1
        q.start, q.end, q.text = start, end, text[start:end]
        out.append(q)
    return out
