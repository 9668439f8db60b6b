"""Finds the clues in an article that say which outlet published it or which agency it comes from.

Each clue is kept as evidence, with its exact character span when it is in the text, or the metadata field it
came from: a reader must be able to check why spinscope names an outlet. Clues:

- metadata: the page URL (canonical link when the page has one) and og:site_name / site name, the author field;
- datelines with an agency code near the start of a paragraph: "Kabul (IP) –", "(Reuters) -", "WASHINGTON (AP) —",
  "BEIJING, Aug. 31 (Xinhua) --", "MOSCOW, March 5. /TASS/.", "New Delhi [India], Aug 31 (ANI):",
  "Tehran, IRNA --";
- credit lines: "— Xinhua" or "Source: Anadolu" closing a paragraph;
- phrases: "Iran Press correspondent", "told the Iran Press reporter", "told Reuters";
- bylines: "By Jane Doe, Reuters" in the first lines.

Short codes ("AP", "IP", "AA") are only trusted inside a dateline: elsewhere "(IP)" may mean intellectual property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .table import OutletRecord, find_by_name, normalise_domain, outlets

DATELINE_REACH = 120  # a dateline code sits within this many characters of its paragraph's start
MAX_PARAGRAPHS = 4  # datelines and bylines are looked for in the first paragraphs only


@dataclass(frozen=True)
class Clue:
    kind: str  # url | site_name | author | dateline | credit | phrase | byline
    found_in: str  # "text" or "meta.<field>"
    value: str  # the clue as found (the whole dateline / phrase, or the metadata value)
    name: str  # the outlet name or code the clue gives
    outlet: OutletRecord | None  # the table entry it points to, if any
    start: int | None = None  # span of `value` in the text (None for metadata)
    end: int | None = None


def _alternation(names: list[str]) -> str:
    unique = sorted(set(names), key=len, reverse=True)
    return "|".join(re.escape(n) for n in unique)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    every: list[str] = []
    long_names: list[str] = []
    for rec in outlets():
        for name in rec.names:
            every.extend({name, name.upper()})
            if len(name) >= 3 and not (name in rec.codes and len(name) <= 3 and name.isupper()):
                long_names.extend({name, name.upper()})
    every_alt = _alternation(every)
    long_alt = _alternation(long_names)
    return {
        # "(IP) –", "[ANI]", "/TASS/": a bracketed code followed by a dash, colon, period or comma.
        "bracketed": re.compile(
            rf"(?P<clue>[(\[/]\s*(?P<name>{every_alt})\s*[)\]/])(?=\s*(?:--|[-–—:.]|$))", re.M
        ),
        # "Tehran, IRNA --": city, then the code, then a dash.
        "city_code": re.compile(
            rf"^(?P<clue>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}},\s*(?P<name>{every_alt}))\s*(?:--|[-–—:])",
            re.M,
        ),
        # "— Xinhua" / "Source: Anadolu Agency" closing a paragraph.
        "credit": re.compile(
            rf"(?P<clue>(?:^|(?<=\s))(?:--|[-–—]|(?i:source)\s*:)\s*(?P<name>{long_alt}))\s*\.?\s*$", re.M
        ),
        # "Iran Press correspondent", "told the Iran Press reporter", "told Reuters".
        "phrase": re.compile(
            rf"(?P<clue>(?<![\w-])(?P<name>{long_alt})(?:['’]s)?\s+(?:correspondents?|reporters?|journalists?"
            rf"|news agency|staff writers?|bureau|contributors?)\b"
            rf"|\btold\s+(?:the\s+)?(?P<name2>{long_alt})(?![\w-]))"
        ),
        # "By Jane Doe, Reuters" / "By Jane Doe | Anadolu Agency".
        "byline": re.compile(
            rf"^(?P<clue>By\s+[^\n,|]{{2,60}}?\s*(?:,|\||for|of)\s*(?:the\s+)?(?P<name>{long_alt}))(?![\w-])",
            re.M,
        ),
    }


_DATELINE_WORD = re.compile(r"^(?:[A-Z0-9\[(][\w.'’\])-]*,?|[-–—,.:]+)$")


def _dateline_prefix(prefix: str) -> bool:
    """What precedes a code in a dateline: nothing, or a few capitalised place words and a date
    ("BEIJING, Aug. 31", "New Delhi [India], Aug 31"); lower-case words mean running prose."""
    words = prefix.split()
    return len(words) <= 8 and all(_DATELINE_WORD.match(w) for w in words)


def _record(name: str) -> OutletRecord | None:
    return find_by_name(name)


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\n\s*\n|\n", text):
        starts.append(match.end())
    return sorted({s for s in starts if s < len(text)})


def text_clues(text: str) -> list[Clue]:
    """Clues in the article text, each with its exact span."""
    pats = _patterns()
    clues: list[Clue] = []
    starts = [s for s in _paragraph_starts(text) if text[s:].strip()]
    leading = starts[:MAX_PARAGRAPHS]
    for start in leading:
        window = text[start : start + DATELINE_REACH + 40]
        line_end = window.find("\n")
        window = window if line_end < 0 else window[:line_end]
        for kind, pat in (("dateline", pats["bracketed"]), ("dateline", pats["city_code"])):
            for m in pat.finditer(window):
                if m.start("name") > DATELINE_REACH:
                    continue
                prefix = window[: m.start()]
                if not _dateline_prefix(prefix):
                    continue  # running prose, not a dateline
                clue_start = (
                    start + len(prefix) - len(prefix.lstrip()) if prefix.strip() else start + m.start()
                )
                clues.append(_clue(kind, text, clue_start, start + m.end("clue"), m.group("name")))
        for m in pats["byline"].finditer(window):
            clues.append(
                _clue("byline", text, start + m.start("clue"), start + m.end("clue"), m.group("name"))
            )
    for m in pats["credit"].finditer(text):
        clues.append(_clue("credit", text, m.start("clue"), m.end("clue"), m.group("name")))
    for m in pats["phrase"].finditer(text):
        name = m.group("name") or m.group("name2")
        clues.append(_clue("phrase", text, m.start("clue"), m.end("clue"), name))
    clues.sort(key=lambda c: (c.start or 0, c.end or 0))
    unique: list[Clue] = []
    for clue in clues:  # a span found by two patterns counts once
        if not any(c.start == clue.start and c.end == clue.end for c in unique):
            unique.append(clue)
    return unique


def _clue(kind: str, text: str, start: int, end: int, name: str) -> Clue:
    return Clue(kind, "text", text[start:end], name, _record(name), start, end)


def meta_clues(meta: dict[str, object]) -> list[Clue]:
    """Clues in the ingestion metadata (URL, site name, author); the domain is kept even when unknown."""
    from .table import find_by_domain

    clues: list[Clue] = []
    url = meta.get("url")
    if isinstance(url, str) and url.strip() and "." in url:
        domain = normalise_domain(url)
        if domain:
            clues.append(Clue("url", "meta.url", url.strip(), domain, find_by_domain(domain)))
    extra = meta.get("extra")
    hostname = extra.get("hostname") if isinstance(extra, dict) else None
    if isinstance(hostname, str) and hostname.strip() and not clues:
        domain = normalise_domain(hostname)
        clues.append(Clue("url", "meta.extra.hostname", hostname, domain, find_by_domain(domain)))
    site = meta.get("site_name")
    if isinstance(site, str) and site.strip():
        rec = find_by_name(site) or (find_by_domain(site) if "." in site else None)
        clues.append(Clue("site_name", "meta.site_name", site.strip(), site.strip(), rec))
    author = meta.get("author")
    if isinstance(author, str) and author.strip():
        rec = find_by_name(author)
        if rec is None:
            for part in re.split(r"\s*(?:[,;|/]|\bfor\b|\bof\b)\s*", author):
                rec = find_by_name(part) if part else None
                if rec is not None:
                    break
        if rec is not None:
            clues.append(Clue("author", "meta.author", author.strip(), rec.name, rec))
    return clues
