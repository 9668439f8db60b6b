"""The HTML report: one self-contained page (inline CSS, JS and SVG; no CDN, no web fonts) that opens offline.

The article text is shown with every span layer on it at once: technique spans as a background colour per
technique family, quotations as an underline in their speaker's colour (the five main voices each have their own
colour, all other voices share one), claims marked "check first" with a dotted underline, the words naming the
outlet in a dashed box, the places warnings point at with a wavy underline. Spans of different layers (and of
the same layer) overlap, so the text is cut into *segments* at every span boundary (and at every line break, so
paragraphs stay paragraphs); each segment lists the marks covering it, and clicking it (or focusing it and
pressing Enter) opens all of their explanations in the side panel.

A control bar above the text filters the marks in place (a minimum score, one toggle per layer, one speaker or
the outlet's own voice) with a small vanilla script and the marks' data embedded as JSON; a sortable table of every
technique span, quotation and claim follows the article, each row linking to its place in the text.

The report reads the typed `Analysis` by field name only; names and counts come from `render.names` and
`Analysis.counts`, the ones the terminal briefing and the API use.

Security: every string comes from the article or its metadata, i.e. from whoever wrote the page, so Jinja2
autoescaping is always on, the embedded JSON goes through `tojson` (which escapes `<`, `>`, `&` and `'`), links
are only emitted for http(s) URLs, and the page carries a Content-Security-Policy that lets only its own
nonce-tagged script run: even an escaping bug could not execute injected script.

>>> from spinscope.render.html import render_html
>>> page = render_html(analysis)  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..analysis import Analysis, Claim, OutletRating, Quote, TextSpan
from . import names

# Light backgrounds (dark text stays readable on them), distinguishable for the common colour-vision types.
FAMILY_COLOURS: dict[str, str] = {
    "loaded language & labels": "#f6a5a5",
    "emotional appeals": "#f8c97c",
    "logical fallacies": "#a8c9f6",
    "authority & crowd": "#cdb1f2",
    "slogans & repetition": "#a3ddb9",
}
OTHER_FAMILY_COLOUR = "#d4d4d4"
# Underline colours of the five main voices (dark, saturated, told apart without hue alone by their order in the
# legend); every other voice shares OTHERS_COLOUR, so a story with 25 speakers does not repeat colours.
SPEAKER_COLOURS = ["#1f5fbf", "#b3261e", "#1e7d32", "#8a3ab9", "#c25e00"]
MAIN_VOICES = len(SPEAKER_COLOURS)
OTHERS_COLOUR = "#7a7a7a"
SAFE_SCHEMES = ("http://", "https://")
KIND_ORDER = {"warning": 0, "technique": 1, "quote": 2, "claim": 3, "outlet": 4}
KINDS = ("technique", "quote", "claim", "outlet", "warning")
LAYER_OF_KIND = {"technique": "techniques", "quote": "quotes", "claim": "claims", "outlet": "outlet"}
OWN = "__own__"  # speaker-filter value: the outlet's own voice (not inside a quotation)


def safe_url(url: Any) -> str | None:
    """The URL if it may become a link (http/https only: no `javascript:`/`data:`), else None."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    return stripped if stripped.lower().startswith(SAFE_SCHEMES) else None


def family_colour(family: str | None) -> str:
    return FAMILY_COLOURS.get(family or "", OTHER_FAMILY_COLOUR)


def _fmt_number(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:,.4g}"
    return str(value)


def claim_values(claim: Claim) -> list[str]:
    """The normalised numbers/dates of a claim as short strings ("9,000,000,000 USD", "31 August 2021")."""
    return [names.quantity_text(q) for q in claim.quantities if q.type != "time"]


# ---- marks and segments ------------------------------------------------------------------------------------------
@dataclass
class Mark:
    """One span of one layer on the article text, with what its explanation card shows."""

    id: str
    kind: str  # "technique" | "quote" | "claim" | "outlet" | "warning"
    start: int
    end: int
    title: str  # one line, for tooltips
    colour: str
    score: float | None = None
    speaker: str | None = None  # whose words (None: the outlet's own voice or unknown)
    own_voice: bool = False  # known to be outside every quotation
    more: bool = False  # a technique phrase below the "likely" bar: shown only with "more phrases"
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def sort_score(self) -> float:
        return self.score if self.score is not None else 0.0


@dataclass
class Segment:
    text: str
    marks: list[Mark]
    anchors: list[str] = field(default_factory=list)  # ids of the marks whose first piece this is

    @property
    def ids(self) -> str:
        """Mark ids in the order the explanation panel lists them: warnings, techniques (strongest first),
        quotations, claims, outlet clues; each id once (a quotation's pieces share one)."""
        ordered = sorted(self.marks, key=lambda m: (KIND_ORDER.get(m.kind, 9), -m.sort_score))
        return " ".join(dict.fromkeys(m.id for m in ordered))

    @property
    def classes(self) -> str:
        kinds = {m.kind for m in self.marks}
        out = ["seg"] + [f"has-{k}" for k in KINDS if k in kinds]
        if sum(1 for m in self.marks if m.kind == "technique") > 1:
            out.append("multi")
        return " ".join(out)

    @property
    def technique_colour(self) -> str | None:
        techniques = [m for m in self.marks if m.kind == "technique"]
        return max(techniques, key=lambda m: m.sort_score).colour if techniques else None

    @property
    def quote_colour(self) -> str | None:
        quotes = [m for m in self.marks if m.kind == "quote"]
        return quotes[-1].colour if quotes else None

    @property
    def title(self) -> str:
        ordered = sorted(self.marks, key=lambda m: (KIND_ORDER.get(m.kind, 9), -m.sort_score))
        return "\n".join(dict.fromkeys(m.title for m in ordered))


def segments(text: str, marks: Iterable[Mark], cuts: Iterable[int] = ()) -> list[Segment]:
    """Cut `text` at every mark boundary (and at `cuts`); each piece carries the marks covering it.

    Overlapping and nested spans thus never produce crossing HTML elements: every piece is one flat element
    whose styling combines its layers (background, underline, dotted underline, dashed box). The first piece of
    each mark carries its id in `anchors`, for links to "the place in the text".
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    points = {0, len(text), *(m.start for m in valid), *(m.end for m in valid)}
    points |= {c for c in cuts if 0 < c < len(text)}
    starting: dict[int, list[Mark]] = {}
    for m in valid:
        starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    anchored: set[str] = set()
    for a, b in itertools.pairwise(
        sorted(points)
    ):  # a sweep: marks enter at their start and leave at their end
        active = [m for m in active if m.end > a] + starting.get(a, [])
        covering = sorted(active, key=lambda m: (-(m.end - m.start), m.start, m.id))
        anchors = [m.id for m in covering if m.id not in anchored]
        anchored.update(anchors)
        out.append(Segment(text[a:b], covering, anchors))
    return out


@dataclass
class Block:
    """A paragraph (`segments`) or the line breaks between paragraphs (`separator`, kept verbatim so the page's
    text is exactly the analysed text)."""

    segments: list[Segment] = field(default_factory=list)
    separator: str | None = None


LINE = re.compile(r"[^\n]+")


def blocks(text: str, marks: Iterable[Mark]) -> list[Block]:
    """The text as paragraphs (one per line of text) holding their segments, with the line breaks between them.

    HTML extraction gives one paragraph per line, so every line is a paragraph with its own spacing; a mark
    running across paragraphs is cut there and its pieces share its id.
    """
    lines = [(m.start(), m.end()) for m in LINE.finditer(text)]
    cuts = [point for span in lines for point in span]
    pieces = segments(text, marks, cuts)
    out: list[Block] = []
    offset, line = 0, 0
    for piece in pieces:
        end = offset + len(piece.text)
        inside = line < len(lines) and lines[line][0] <= offset and end <= lines[line][1]
        if inside:
            if not out or out[-1].separator is not None:
                out.append(Block())
            out[-1].segments.append(piece)
            if end == lines[line][1]:
                line += 1
        else:  # line breaks: marks covering them are not drawn there (their pieces on each side are)
            if out and out[-1].separator is not None:
                out[-1].separator += piece.text
            else:
                out.append(Block(separator=piece.text))
        offset = end
    return out


# ---- the view model ----------------------------------------------------------------------------------------------
def _technique_marks(analysis: Analysis) -> list[Mark]:
    marks = []
    for i, t in enumerate(analysis.techniques or []):
        label = names.technique_name(t)
        voice = names.technique_voice(t)
        marks.append(
            Mark(
                id=f"t{i}",
                kind="technique",
                start=t.start,
                end=t.end,
                title=f"{label} ({t.score:.2f})" + (f" · {voice}" if voice else ""),
                colour=family_colour(t.family),
                score=t.score,
                speaker=t.speaker,
                own_voice=t.in_quote is False,
                more=t.likely is False,
                details={
                    "technique": t.technique,
                    "label": label,
                    "family": t.family,
                    "score": t.score,
                    "phrase_score": t.phrase_score,
                    "definition": t.definition,
                    "voice": voice,
                    "in_quote": bool(t.in_quote or t.speaker),
                    "text": t.text,
                },
            )
        )
    return marks


def _speaker_of(quote: Quote, voice_names: dict[str, str]) -> str:
    if quote.voice_id and quote.voice_id in voice_names:
        return voice_names[quote.voice_id]
    return quote.speaker_name or names.UNATTRIBUTED


def speaker_colours(analysis: Analysis) -> tuple[dict[str, str], list[str]]:
    """(speaker -> underline colour, the speakers in legend order): the five voices with the most quotations get a
    colour each, in that order; all others share `OTHERS_COLOUR`."""
    voice_names = {v.id: v.name for v in analysis.sourcing.voices} if analysis.sourcing else {}
    counts = Counter(_speaker_of(q, voice_names) for q in analysis.quotes or [])
    order = sorted(counts, key=lambda name: (name == names.UNATTRIBUTED, -counts[name]))
    colours = {
        name: SPEAKER_COLOURS[i] if i < MAIN_VOICES and name != names.UNATTRIBUTED else OTHERS_COLOUR
        for i, name in enumerate(order)
    }
    return colours, order


def _quote_marks(analysis: Analysis, colours: dict[str, str]) -> list[Mark]:
    voice_names = {v.id: v.name for v in analysis.sourcing.voices} if analysis.sourcing else {}
    marks = []
    for i, q in enumerate(analysis.quotes or []):
        pieces: list[TextSpan] = list(q.parts) or [q]
        speaker = _speaker_of(q, voice_names)
        kind = names.QUOTE_KIND_NAMES.get(q.kind, q.kind)
        quoted = " … ".join(p.text for p in pieces)
        for piece in pieces:  # the pieces of one quotation share its id: they light up and explain together
            marks.append(
                Mark(
                    id=f"q{i}",
                    kind="quote",
                    start=piece.start,
                    end=piece.end,
                    title=f"{kind} quotation · {speaker}",
                    colour=colours.get(speaker, OTHERS_COLOUR),
                    score=q.score,
                    speaker=speaker,
                    details={
                        "speaker": speaker,
                        "kind": kind,
                        "cue": q.cue.text if q.cue else None,
                        "speaker_type": names.speaker_type_name(q.speaker_type),
                        "affiliation": q.affiliation,
                        "text": quoted,
                    },
                )
            )
    return marks


def _claim_mark(i: int, claim: Claim) -> Mark:
    values = claim_values(claim)
    return Mark(
        id=f"c{i}",
        kind="claim",
        start=claim.start,
        end=claim.end,
        title=("check first" if claim.check_first else "claim")
        + (f": {', '.join(values)}" if values else ""),
        colour="#444",
        score=claim.score,
        speaker=claim.speaker,
        own_voice=claim.in_quote is False,
        details={
            "values": values,
            "score": claim.score,
            "kind": claim.kind,
            "speaker": claim.speaker,
            "check_first": claim.check_first,
            "text": claim.text,
        },
    )


def rating_values(rating: OutletRating) -> list[tuple[str, str]]:
    """(readable field name, value) of the fields a published rating fills, in a fixed order."""
    return [(label, value) for key, label in names.RATING_FIELDS if (value := getattr(rating, key))]


def _outlet_marks(analysis: Analysis) -> list[Mark]:
    """The words in the text that name the outlet or agency (a dateline, a credit line): its evidence."""
    marks: list[Mark] = []
    for o in analysis.outlet.outlets if analysis.outlet else []:
        for evidence in o.evidence:
            if evidence.span is None:
                continue
            marks.append(
                Mark(
                    id=f"o{len(marks)}",
                    kind="outlet",
                    start=evidence.span.start,
                    end=evidence.span.end,
                    title=f"names the {o.role}: {o.name}",
                    colour="#6a1b9a",
                    details={
                        "name": o.name,
                        "role": o.role,
                        "kind": evidence.kind,
                        "country": o.country,
                        "text": evidence.span.text,
                    },
                )
            )
    return marks


def _warning_marks(analysis: Analysis) -> list[Mark]:
    marks = []
    for place in analysis.warning_places:
        if place.warning >= len(analysis.warnings):
            continue
        marks.append(
            Mark(
                id=f"w{place.warning}",
                kind="warning",
                start=place.start,
                end=place.end,
                title=f"warning: {analysis.warnings[place.warning]}",
                colour="#e0a800",
                details={"warning": analysis.warnings[place.warning], "text": place.text},
            )
        )
    return marks


def _technique_chart(marks: list[Mark]) -> dict[str, Any]:
    """Rows of an inline-SVG bar chart of technique counts, largest first."""
    counts = Counter((m.details["label"], m.details["family"]) for m in marks)
    rows = []
    top = max(counts.values(), default=1)
    bar_max = 180
    for i, ((label, family), n) in enumerate(counts.most_common()):
        rows.append(
            {
                "label": label,
                "family": family,
                "count": n,
                "y": i * 22,
                "width": max(2, round(bar_max * n / top)),
                "colour": family_colour(family),
            }
        )
    return {"rows": rows, "height": max(22, 22 * len(rows)), "bar_x": 190, "bar_max": bar_max}


def _persuasion(analysis: Analysis, technique_marks: list[Mark], marked: set[str]) -> dict[str, Any] | None:
    """The index in words, its figures and the phrases that weigh most (linked to their mark when shown)."""
    found = analysis.persuasion
    if found is None:
        return None
    mark_of = {(m.start, m.end, m.details["technique"]): m.id for m in technique_marks if m.id in marked}
    return {
        "sentence": names.persuasion_sentence(found),
        "detail": names.persuasion_detail(found),
        "percentile": found.percentile,
        "index": found.index,
        "spans": [
            {
                "text": span.text,
                "label": span.label or names.prettify_technique(span.technique),
                "family": span.family,
                "colour": family_colour(span.family),
                "score": span.score,
                "sentence_score": span.sentence_score,
                "mark": mark_of.get((span.start, span.end, span.technique)),
            }
            for span in found.top_spans
        ],
    }


def _actors(analysis: Analysis) -> list[dict[str, Any]]:
    """Entities worth listing (people, organisations, places, groups), joined with their tone when known."""
    tone_by_id = {a.entity_id: a for a in (analysis.tone.actors or [])} if analysis.tone else {}
    out = []
    for entity in analysis.entities or []:
        if not entity.is_actor:
            continue
        forms = sorted({m.text for m in entity.mentions} - {entity.name})
        out.append(
            {
                "name": entity.name,
                "label": entity.label,
                "mentions": len(entity.mentions),
                "forms": forms[:4],
                "tone": tone_by_id.get(entity.id),
            }
        )
    known = {e.id for e in analysis.entities or []}
    for entity_id, actor in tone_by_id.items():  # a tone with no entity entry: never hide a result
        if entity_id not in known:
            out.append(
                {"name": actor.name, "label": actor.entity_label, "mentions": actor.mentions, "forms": []}
                | {"tone": actor}
            )
    return out


def _items(marks: list[Mark], claims: list[tuple[int, Claim]], marked: set[str]) -> list[dict[str, Any]]:
    """Rows of the table under the article: every technique span, quotation and claim (marked in the text or not),
    in text order."""
    rows: dict[str, dict[str, Any]] = {}
    for m in marks:
        if m.kind not in ("technique", "quote") or m.id in rows:
            continue
        what = m.details["label"] if m.kind == "technique" else f"{m.details['kind']} quotation"
        voice = m.details.get("voice") if m.kind == "technique" else m.speaker
        rows[m.id] = _row(m, what, voice, m.details["text"], marked)
    for i, claim in claims:
        m = _claim_mark(i, claim)
        what = ("check first · " if claim.check_first else "") + claim.kind
        if m.details["values"]:
            what += ": " + ", ".join(m.details["values"])
        voice = claim.speaker or (names.OWN_VOICE if claim.in_quote is False else None)
        rows[m.id] = _row(m, what, voice, claim.text, marked)
    return sorted(rows.values(), key=lambda r: (r["start"], KIND_ORDER.get(r["kind"], 9), r["id"]))


def _row(m: Mark, what: str, voice: str | None, text: str, marked: set[str]) -> dict[str, Any]:
    return {
        "id": m.id,
        "kind": m.kind,
        "layer": LAYER_OF_KIND[m.kind],
        "what": what,
        "voice": voice or "",
        "score": m.score,
        "start": m.start,
        "end": m.end,
        "text": " ".join(text.split()),
        "marked": m.id in marked,
        "speaker": m.speaker,
        "own": m.own_voice,
        "more": m.more,
    }


def _filter_data(marks: list[Mark], items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What the control bar's script needs per mark or table row: kind, score, speaker, own voice, colour."""
    out: dict[str, dict[str, Any]] = {}
    for m in marks:
        out.setdefault(m.id, {"k": m.kind, "s": m.score, "v": m.speaker, "o": m.own_voice, "c": m.colour})
    for row in items:
        out.setdefault(
            row["id"],
            {"k": row["kind"], "s": row["score"], "v": row["speaker"], "o": row["own"], "c": "#444"},
        )
    return out


def build_view(analysis: Analysis) -> dict[str, Any]:
    """Everything the template shows (no markup: escaping is the template's job)."""
    text = analysis.text
    colours, speaker_order = speaker_colours(analysis)
    technique_marks = _technique_marks(analysis)
    quote_marks = _quote_marks(analysis, colours)
    claims = list(enumerate(analysis.claims or []))
    claim_marks = [_claim_mark(i, c) for i, c in claims if c.check_first]
    outlet_marks = _outlet_marks(analysis)
    warning_marks = _warning_marks(analysis)
    marks = technique_marks + quote_marks + claim_marks + outlet_marks + warning_marks
    page_blocks = blocks(text, marks)
    pieces = [piece for block in page_blocks for piece in block.segments]
    marked = {m.id for piece in pieces for m in piece.marks}
    items = _items(marks, claims, marked)
    counts = analysis.counts
    families = Counter(m.details["family"] for m in technique_marks)
    legend = [
        {"family": fam, "colour": colour, "count": families.get(fam, 0)}
        for fam, colour in FAMILY_COLOURS.items()
    ] + [
        {"family": fam or "other", "colour": OTHER_FAMILY_COLOUR, "count": n}
        for fam, n in families.items()
        if fam not in FAMILY_COLOURS
    ]
    main = [s for s in speaker_order if colours[s] != OTHERS_COLOUR]
    others = [s for s in speaker_order if colours[s] == OTHERS_COLOUR]
    meta = analysis.meta
    warning_ids = {m.id for m in warning_marks if m.id in marked}
    ran = analysis.layers
    return {
        "analysis": analysis,
        "text": text,
        "meta": meta,
        "meta_url": safe_url(meta.url),
        "layers": ran,
        "not_run": [name for name in names.LAYER_NAMES if name not in ran],
        "warnings": [
            {"text": message, "anchor": f"w{i}" if f"w{i}" in warning_ids else None}
            for i, message in enumerate(analysis.warnings)
        ],
        "settings": [
            f"{layer}.{option} = {value}"
            for layer, values in analysis.settings.items()
            for option, value in values.items()
        ],
        "blocks": page_blocks,
        "segments": pieces,
        "has_multi": any("multi" in piece.classes for piece in pieces),
        "marks": marks,
        "cards": list({m.id: m for m in marks}.values()),
        "legend": legend,
        "speakers": colours,
        "main_voices": main,
        "other_voices": others,
        "others_colour": OTHERS_COLOUR,
        "own_voice_value": OWN,
        "technique_marks": technique_marks,
        "quote_marks": quote_marks,
        "claim_marks": claim_marks,
        "outlet_marks": outlet_marks,
        "warning_marks": warning_marks,
        "toggles": [
            (kind, LAYER_OF_KIND[kind])
            for kind, found in (
                ("technique", technique_marks),
                ("quote", quote_marks),
                ("claim", claim_marks),
                ("outlet", outlet_marks),
            )
            if found
        ],
        "more_phrases": len({(m.start, m.end) for m in technique_marks if m.more}),
        "scored": any(m.score is not None for m in marks) or any(r["score"] is not None for r in items),
        "items": items,
        "filter_data": _filter_data(marks, items),
        "chart": _technique_chart(technique_marks),
        "counts": counts,
        "technique_summary": names.technique_summary(counts) if analysis.techniques else "",
        "claims_summary": names.claims_summary(counts) if analysis.claims else "",
        "techniques": analysis.techniques,
        "persuasion": _persuasion(analysis, technique_marks, marked),
        "quotes": analysis.quotes,
        "sourcing": analysis.sourcing,
        "claims": analysis.claims,
        "claims_ranked": [
            (f"c{i}", c)
            for i, c in sorted(claims, key=lambda ic: (not ic[1].check_first, -ic[1].score, ic[1].start))
        ],
        "outlet": analysis.outlet,
        "tone": analysis.tone,
        "entities": analysis.entities,
        "actors": _actors(analysis),
    }


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("spinscope.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _fmt_number
    env.filters["bare"] = lambda value: str(value).strip().strip("\"'“”‘’«»").strip()
    env.filters["safe_url"] = safe_url
    env.globals["family_colour"] = family_colour
    env.globals["claim_values"] = claim_values
    env.globals["speaker_type_name"] = names.speaker_type_name
    env.globals["plural"] = names.plural
    env.globals["rating_values"] = rating_values
    return env


def render_html(
    analysis: Analysis,
    *,
    toolbar: bool = False,
    nonce: str | None = None,
    form_action: str = "/",
) -> str:
    """The report as one HTML page. `toolbar` adds the web app's "analyse another / download" bar (the
    downloaded file drops it again). `nonce` is the CSP nonce of the page's script (random when not given)."""
    view = build_view(analysis)
    template = environment().get_template("report.html.j2")
    return template.render(
        **view,
        nonce=nonce or secrets.token_urlsafe(16),
        toolbar=toolbar,
        form_action=form_action,
        version=analysis.spinscope_version,
    )
