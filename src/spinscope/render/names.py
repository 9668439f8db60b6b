"""Display names and counted phrases shared by every renderer (terminal, HTML) and, through `Analysis.counts` and
`TechniqueSpan.label`, by the API.

Why one module: the terminal once said "6 phrases" where the HTML report said "7 spans", and showed
"Exaggeration,Minimisation" where the HTML showed a readable name. Every readable name and every summary sentence
a renderer prints comes from here, and every figure from `Analysis.counts`, so two views of one analysis agree.

>>> plural(1, "phrase"), plural(7, "phrase")
('1 phrase', '7 phrases')
>>> duration_text("P20Y"), date_text("2021-08-31"), date_text("2022-W34")
('20 years', '31 August 2021', 'week 34 of 2022')
"""

from __future__ import annotations

import calendar
import re

from ..analysis import Analysis, Counts, Persuasion, Quantity, TechniqueSpan

LAYER_NAMES = {
    "entities": "entities",
    "quotes": "quotes",
    "outlet": "outlet",
    "techniques": "techniques",
    "claims": "claims",
    "tone": "tone",
}
SPEAKER_TYPE_NAMES = {
    "named_person": "named person",
    "named_organization": "organisation",
    "anonymous": "anonymous",
    "group": "group",
    "document": "document",
    "outlet": "the outlet",
    "unknown": "unidentified",
}
QUOTE_KIND_NAMES = {"direct": "direct", "indirect": "reported", "mixed": "mixed"}
RATING_FIELDS = (
    ("reliability", "reliability"),
    ("factual_reporting", "factual reporting"),
    ("credibility", "credibility"),
    ("bias", "bias"),
    ("press_freedom", "press freedom"),
    ("media_type", "media type"),
)
OWN_VOICE = "outlet's own voice"
UNATTRIBUTED = "unattributed"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


# ---- techniques ----------------------------------------------------------------------------------------------------
def prettify_technique(name: str) -> str:
    """A readable form of a raw technique name, for analyses stored before `TechniqueSpan.label` existed."""
    parts = [part.replace("_", " ").strip() for part in name.split(",")]
    return " / ".join(p[:1].upper() + p[1:].lower() if i == 0 else p.lower() for i, p in enumerate(parts))


def technique_name(span: TechniqueSpan) -> str:
    """The technique's readable name, as the analysis carries it."""
    return span.label or prettify_technique(span.technique)


def technique_names(analysis: Analysis) -> dict[str, str]:
    """Raw technique name -> readable name, for the names in `Counts.techniques`."""
    return {t.technique: technique_name(t) for t in analysis.techniques or []}


def technique_voice(span: TechniqueSpan) -> str | None:
    """Whose words a technique phrase is: its quotation's speaker, "inside a quotation", the outlet's own voice, or
    None when the quotes layer did not run."""
    if span.speaker:
        return f"quoted: {span.speaker}"
    if span.in_quote:
        return "inside a quotation"
    return OWN_VOICE if span.in_quote is False else None


def technique_summary(counts: Counts) -> str:
    """'7 phrases (8 technique labels) in 5 of 11 sentences; 3 likely; 2 inside quotations' (likely: the phrases
    the report shows by default, `TechniqueSpan.likely`)."""
    phrases = counts.technique_phrases or 0
    text = plural(phrases, "phrase")
    if counts.technique_labels is not None and counts.technique_labels != phrases:
        text += f" ({plural(counts.technique_labels, 'technique label')}: some phrases carry two)"
    if counts.sentences_with_techniques is not None and counts.sentences:
        text += f" in {counts.sentences_with_techniques:,} of {plural(counts.sentences, 'sentence')}"
    if counts.likely_technique_phrases is not None and phrases:
        text += f"; {counts.likely_technique_phrases:,} likely"
    if counts.technique_phrases_in_quotes is not None:
        text += f"; {counts.technique_phrases_in_quotes:,} inside quotations"
    return text


def persuasion_sentence(found: Persuasion) -> str:
    """'more persuasive language than 92% of the reference news reports': the index's percentile in words."""
    return f"more persuasive language than {found.percentile:.0f}% of the reference news reports"


def persuasion_detail(found: Persuasion) -> str:
    """'index 0.11 (estimated share of the text using a technique); reference: news reports by wire services...'."""
    return f"index {found.index:.2f}, the estimated share of the text using a technique; reference: {found.reference}"


def claims_summary(counts: Counts) -> str:
    """'12 check-worthy claims, 3 to check first'."""
    text = plural(counts.claims or 0, "check-worthy claim")
    if counts.check_first_claims:
        text += f", {counts.check_first_claims:,} to check first"
    return text


# ---- voices --------------------------------------------------------------------------------------------------------
def speaker_type_name(value: str | None) -> str:
    return SPEAKER_TYPE_NAMES.get(value or "", (value or "").replace("_", " "))


# ---- numbers and dates ---------------------------------------------------------------------------------------------
def number_text(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}
TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}


def duration_text(iso: str) -> str | None:
    """'P20Y' -> '20 years', 'PT3H' -> '3 hours', 'P1.5M' -> '1.5 months'; None when it is not such a duration."""
    found = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)([YMWD]))?(?:T(\d+(?:\.\d+)?)([HMS]))?", iso)
    if not found or not (found.group(1) or found.group(3)):
        return None
    parts = []
    if found.group(1):
        parts.append(plural_number(float(found.group(1)), DURATION_UNITS[found.group(2)]))
    if found.group(3):
        parts.append(plural_number(float(found.group(3)), TIME_UNITS[found.group(4)]))
    return " ".join(parts)


def plural_number(value: float, unit: str) -> str:
    return f"{number_text(value)} {unit if value == 1 else unit + 's'}"


def date_text(iso: str) -> str:
    """An ISO 8601 date, month, year, week, recurring day or interval as a reader writes it; unknown forms as is."""
    if "/" in iso:
        a, b = iso.split("/", 1)
        return f"{date_text(a)} to {date_text(b)}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso):
        return f"{int(m[3])} {calendar.month_name[int(m[2])]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", iso):
        return f"{calendar.month_name[int(m[2])]} {m[1]}" if 1 <= int(m[2]) <= 12 else iso
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", iso):
        return f"week {int(m[2])} of {m[1]}"
    if m := re.fullmatch(r"--(\d{2})-(\d{2})", iso):
        return f"{int(m[2])} {calendar.month_name[int(m[1])]}" if 1 <= int(m[1]) <= 12 else iso
    if m := re.fullmatch(r"T(\d{2}):(\d{2})(?::\d{2})?", iso):
        return f"{m[1]}:{m[2]}"
    return iso


def quantity_text(q: Quantity) -> str:
    """A normalised quantity as every view shows it: '9,000,000,000 USD', '50%', '2 percentage points',
    '37 teams', '31 August 2021', '20 years'; a relative date with no publication date says so. The claims
    layer's own words (`Quantity.display`) come first; the rest serves analyses stored before it had them."""
    if q.display:
        return q.display
    if q.value is not None:
        span = number_text(q.value) + (f"–{number_text(q.value_max)}" if q.value_max is not None else "")
        if q.type == "money":
            return f"{span} {q.currency}" if q.currency else span
        if q.type == "percent":
            return f"{span} percentage points" if q.unit == "percentage points" else f"{span}%"
        if q.type == "count":
            return f"{span} {q.unit}" if q.unit else span
        if q.type == "duration":
            readable = duration_text(q.iso or "")
            if readable:
                return readable
            return f"{span} {q.unit}" if q.unit else span
    if q.iso:
        if q.type == "duration":
            return duration_text(q.iso) or q.iso
        return date_text(q.iso)
    return f"{q.text} (unresolved: no publication date)" if q.relative else q.text
