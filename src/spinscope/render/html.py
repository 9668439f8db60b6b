"""The HTML report: one self-contained page (inline CSS, JS and SVG; no CDN, no web fonts) that opens offline.

The article text is shown with every span layer on it at once: technique spans as a background colour per
technique family, quotations as an underline in their speaker's colour, check-worthy claims with a dotted
underline. Spans of different layers (and of the same layer) overlap, so the text is cut into *segments* at every
span boundary; each segment lists the marks that cover it, and clicking it (or focusing it and pressing Enter)
opens all of their explanations in the side panel. Hovering shows the same as a tooltip (`title`).

Side panels follow the briefing's reading order (OUTLET, VOICES, CLAIMS, TECHNIQUE, ACTORS, TONE) and only
appear for layers that ran; a layer that ran and found nothing says so.

Why the report works on `analysis.model_dump()` (plain dicts) and not on the pydantic objects: layers and their
models land independently, and the report must show whatever exists at render time and degrade gracefully when
a field is missing or a layer is null; dict look-ups with defaults do that, and any part whose shape the report
does not know is still shown as an escaped key/value listing rather than dropped.

Security: every string comes from the article or its metadata, i.e. from whoever wrote the page, so Jinja2
autoescaping is always on, links are only emitted for http(s) URLs, and the page carries a Content-Security-Policy
that lets only its own nonce-tagged script run: even an escaping bug could not execute injected script.

>>> from spinscope.render.html import render_html
>>> page = render_html(analysis)  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

if TYPE_CHECKING:
    from ..analysis import Analysis

# Light backgrounds (dark text stays readable on them), distinguishable for the common colour-vision types.
FAMILY_COLOURS: dict[str, str] = {
    "loaded language & labels": "#f6a5a5",
    "emotional appeals": "#f8c97c",
    "logical fallacies": "#a8c9f6",
    "authority & crowd": "#cdb1f2",
    "slogans & repetition": "#a3ddb9",
}
OTHER_FAMILY_COLOUR = "#d4d4d4"
# Underline colours for speakers: dark, saturated, cycled when there are more speakers.
SPEAKER_COLOURS = ["#1f5fbf", "#b3261e", "#1e7d32", "#8a3ab9", "#c25e00", "#00838f", "#5d4037", "#ad1457"]
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
SAFE_SCHEMES = ("http://", "https://")
KIND_ORDER = {"technique": 0, "quote": 1, "claim": 2, "outlet": 3}


# ---- small helpers over plain dicts ------------------------------------------------------------------------------
def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """First present, non-None value among `names` of a dict (layers' field names differ or change)."""
    if isinstance(obj, Mapping):
        for name in names:
            value = obj.get(name)
            if value is not None:
                return value
    return default


def _name_of(value: Any) -> str | None:
    """A display name for a speaker/actor given as a string or an object with a name or text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        found = _get(value, "name", "label", "text", "description")
        return _name_of(found) if found is not None else None
    return str(value)


def _span_of(obj: Any, text: str) -> tuple[int, int] | None:
    """(start, end) of a span-like dict whose offsets are valid for `text`, else None."""
    if not isinstance(obj, Mapping):
        return None
    start, end = obj.get("start"), obj.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    return None


def safe_url(url: Any) -> str | None:
    """The URL if it may become a link (http/https only: no `javascript:`/`data:`), else None."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    return stripped if stripped.lower().startswith(SAFE_SCHEMES) else None


def technique_label(name: str) -> str:
    """Human-readable technique name from the catalogue ("Name_Calling,Labeling" -> "Name-calling / labelling")."""
    try:
        from ..techniques.catalog import BY_NAME
    except ImportError:  # pragma: no cover - the catalogue ships with the package
        return name.replace("_", " ")
    info = BY_NAME.get(name)
    return info.label if info else name.replace("_", " ").replace(",", " / ")


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


def quantity_text(item: Mapping[str, Any]) -> str | None:
    """One normalised quantity as a short string: "9,000,000,000 USD", "12%", "2021-08-31", "P20Y"."""
    qtype = item.get("type")
    iso, value, high = item.get("iso"), item.get("value"), item.get("value_max")
    unit = _get(item, "unit")
    if qtype in ("date", "time", "duration"):
        return str(iso) if iso else _get(item, "text")
    if value is None:
        found = _get(item, "normalized", "normalised", "amount", "date", "iso", "text")
        return None if found is None else _fmt_number(found)
    number = _fmt_number(value) + (f"–{_fmt_number(high)}" if high is not None else "")
    if qtype == "percent":
        return number + ("%" if unit in (None, "percent") else f" {unit}")
    if qtype == "money" or item.get("currency"):
        return f"{number} {item['currency']}" if item.get("currency") else number
    return f"{number} {unit}" if unit else number


def claim_values(claim: Mapping[str, Any]) -> list[str]:
    """The normalised numbers/dates of a claim as short strings ("9,000,000,000 USD", "2021-08-31")."""
    out: list[str] = []
    items = _get(claim, "quantities", "numbers", "values", default=[])
    if isinstance(items, Mapping | str | int | float):
        items = [items]
    for item in items if isinstance(items, list) else []:
        found = quantity_text(item) if isinstance(item, Mapping) else _fmt_number(item)
        if found:
            out.append(found)
    return out


# ---- marks and segments ------------------------------------------------------------------------------------------
@dataclass
class Mark:
    """One span of one layer on the article text, with what its explanation card shows."""

    id: str
    kind: str  # "technique" | "quote" | "claim" | "outlet"
    start: int
    end: int
    title: str  # one line, for tooltips
    colour: str
    score: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Segment:
    text: str
    marks: list[Mark]

    @property
    def ids(self) -> str:
        """Mark ids in the order the explanation panel lists them: techniques (strongest first), quotations,
        claims, outlet clues; each id once (a quotation's pieces share one)."""
        ordered = sorted(self.marks, key=lambda m: (KIND_ORDER.get(m.kind, 9), -m.score))
        return " ".join(dict.fromkeys(m.id for m in ordered))

    @property
    def classes(self) -> str:
        kinds = {m.kind for m in self.marks}
        names = ["seg"] + [f"has-{k}" for k in ("technique", "quote", "claim", "outlet") if k in kinds]
        if sum(1 for m in self.marks if m.kind == "technique") > 1:
            names.append("multi")
        return " ".join(names)

    @property
    def technique_colour(self) -> str | None:
        techniques = [m for m in self.marks if m.kind == "technique"]
        return max(techniques, key=lambda m: m.score).colour if techniques else None

    @property
    def quote_colour(self) -> str | None:
        quotes = [m for m in self.marks if m.kind == "quote"]
        return quotes[-1].colour if quotes else None

    @property
    def title(self) -> str:
        ordered = sorted(self.marks, key=lambda m: (KIND_ORDER.get(m.kind, 9), -m.score))
        return "\n".join(dict.fromkeys(m.title for m in ordered))


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut `text` at every mark boundary; each piece carries the marks covering it (innermost last).

    Overlapping and nested spans thus never produce crossing HTML elements: every piece is one flat element
    whose styling combines its layers (background, underline, dotted underline, dashed box).
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    starting: dict[int, list[Mark]] = {}
    for m in valid:
        starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):  # a sweep: marks enter at their start and leave at their end
        active = [m for m in active if m.end > a] + starting.get(a, [])
        covering = sorted(active, key=lambda m: (-(m.end - m.start), m.start, m.id))
        out.append(Segment(text[a:b], covering))
    return out


# ---- the view model ----------------------------------------------------------------------------------------------
def _technique_marks(data: dict[str, Any], text: str) -> list[Mark]:
    marks = []
    for i, item in enumerate(data.get("techniques") or []):
        span = _span_of(item, text)
        if span is None:
            continue
        name = str(_get(item, "technique", default="?"))
        family = _get(item, "family")
        score = float(_get(item, "score", default=0.0))
        speaker = _name_of(_get(item, "speaker"))
        in_quote = item.get("in_quote")
        voice = (
            f"quoted: {speaker}"
            if speaker
            else ("inside a quotation" if in_quote else ("outlet's own voice" if in_quote is False else None))
        )
        label = technique_label(name)
        marks.append(
            Mark(
                id=f"t{i}",
                kind="technique",
                start=span[0],
                end=span[1],
                title=f"{label} ({score:.2f})" + (f" · {voice}" if voice else ""),
                colour=family_colour(family),
                score=score,
                details={
                    "technique": name,
                    "label": label,
                    "family": family,
                    "score": score,
                    "definition": _get(item, "definition", default=""),
                    "voice": voice,
                    "in_quote": bool(in_quote or speaker),
                    "text": text[span[0] : span[1]],
                },
            )
        )
    return marks


def _quote_spans(item: Mapping[str, Any], text: str) -> list[tuple[int, int]]:
    """The quoted words of a quote item: its `parts` (several when "he said" interrupts the quotation), else
    the item itself when it is a span."""
    part = _get(item, "parts", "content", "quote", "span")
    parts = part if isinstance(part, list) else [part]
    found = [span for span in (_span_of(p, text) for p in parts) if span]
    if found:
        return found
    own = _span_of(item, text)
    return [own] if own else []


def _quote_marks(data: dict[str, Any], text: str, speakers: dict[str, str]) -> list[Mark]:
    marks = []
    for i, item in enumerate(data.get("quotes") or []):
        if not isinstance(item, Mapping):
            continue
        pieces = _quote_spans(item, text)
        if not pieces:
            continue
        who = _get(item, "speaker_name", "speaker", "source")
        speaker = _name_of(who) or "unattributed"
        if speaker not in speakers:
            speakers[speaker] = SPEAKER_COLOURS[len(speakers) % len(SPEAKER_COLOURS)]
        kind = _get(item, "kind", "type", "quote_type", default="")
        cue = _name_of(_get(item, "cue", "verb"))
        speaker_type = _get(item, "speaker_type", "source_type", "anonymity") or _get(
            who, "type", "speaker_type", "kind"
        )
        speaker_type = str(speaker_type).replace("_", " ") if speaker_type else None
        affiliation = _name_of(_get(item, "affiliation") or _get(who, "affiliation", "description"))
        quoted = " … ".join(text[a:b] for a, b in pieces)
        for a, b in pieces:  # the pieces of one quotation share its id: they light up and explain together
            marks.append(
                Mark(
                    id=f"q{i}",
                    kind="quote",
                    start=a,
                    end=b,
                    title=f"{kind + ' ' if kind else ''}quote · {speaker}",
                    colour=speakers[speaker],
                    details={
                        "speaker": speaker,
                        "kind": kind,
                        "cue": cue,
                        "speaker_type": speaker_type,
                        "affiliation": affiliation,
                        "text": quoted,
                    },
                )
            )
    return marks


def _claim_marks(data: dict[str, Any], text: str) -> list[Mark]:
    marks = []
    for i, item in enumerate(data.get("claims") or []):
        span = _span_of(item, text)
        if span is None or not isinstance(item, Mapping):
            continue
        values = claim_values(item)
        score = _get(item, "score", "checkworthiness", default=None)
        marks.append(
            Mark(
                id=f"c{i}",
                kind="claim",
                start=span[0],
                end=span[1],
                title="claim" + (f": {', '.join(values)}" if values else ""),
                colour="#444",
                score=float(score) if isinstance(score, int | float) else 0.0,
                details={
                    "values": values,
                    "score": score,
                    "kind": _get(item, "kind"),
                    "speaker": _name_of(_get(item, "speaker")),
                    "text": text[span[0] : span[1]],
                },
            )
        )
    return marks


def _outlet_marks(data: dict[str, Any], text: str) -> list[Mark]:
    """The words in the text that name the outlet or agency (a dateline, a credit line): its evidence."""
    outlet = data.get("outlet")
    marks: list[Mark] = []
    if not isinstance(outlet, Mapping):
        return marks
    for o in outlet.get("outlets") or []:
        if not isinstance(o, Mapping):
            continue
        for evidence in o.get("evidence") or []:
            found = _span_of(evidence.get("span") if isinstance(evidence, Mapping) else None, text)
            if found is None:
                continue
            name = _name_of(o.get("name")) or "outlet"
            role = o.get("role") or "source"
            marks.append(
                Mark(
                    id=f"o{len(marks)}",
                    kind="outlet",
                    start=found[0],
                    end=found[1],
                    title=f"names the {role}: {name}",
                    colour="#6a1b9a",
                    details={
                        "name": name,
                        "role": role,
                        "kind": _get(evidence, "kind"),
                        "country": o.get("country"),
                        "text": text[found[0] : found[1]],
                    },
                )
            )
    return marks


def _technique_chart(marks: list[Mark]) -> dict[str, Any]:
    """Rows of an inline-SVG bar chart of technique counts, largest first."""
    counts = Counter((m.details["label"], m.details["family"]) for m in marks)
    rows = []
    top = max(counts.values(), default=1)
    bar_max = 180
    for i, ((label, family), count) in enumerate(counts.most_common()):
        rows.append(
            {
                "label": label,
                "family": family,
                "count": count,
                "y": i * 22,
                "width": max(2, round(bar_max * count / top)),
                "colour": family_colour(family),
            }
        )
    return {"rows": rows, "height": max(22, 22 * len(rows)), "bar_x": 190, "bar_max": bar_max}


def _actors(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Entities worth listing (people, organisations, places, groups), joined with their tone when known."""
    tone = data.get("tone") or {}
    tone_by_id = {a.get("entity_id"): a for a in (tone.get("actors") or []) if isinstance(a, Mapping)}
    out = []
    for entity in data.get("entities") or []:
        if entity.get("label") not in ACTOR_LABELS:
            continue
        mentions = entity.get("mentions") or []
        forms = sorted({m.get("text", "") for m in mentions} - {entity.get("name")})
        out.append(
            {
                "name": entity.get("name"),
                "label": entity.get("label"),
                "mentions": len(mentions),
                "forms": forms[:4],
                "tone": tone_by_id.get(entity.get("id")),
            }
        )
    # actors with a tone but no entity entry (should not happen, but never hide a result)
    known = {e.get("id") for e in data.get("entities") or []}
    for entity_id, actor in tone_by_id.items():
        if entity_id not in known:
            out.append(
                {"name": actor.get("name"), "label": "", "mentions": actor.get("mentions", 0), "forms": []}
                | {"tone": actor}
            )
    return out


def build_view(analysis: Analysis) -> dict[str, Any]:
    """Everything the template shows, as plain data (no markup: escaping is the template's job)."""
    data = analysis.model_dump(mode="json", by_alias=True)
    text: str = data["text"]
    speakers: dict[str, str] = {}
    technique_marks = _technique_marks(data, text)
    quote_marks = _quote_marks(data, text, speakers)
    claim_marks = _claim_marks(data, text)
    outlet_marks = _outlet_marks(data, text)
    marks = technique_marks + quote_marks + claim_marks + outlet_marks
    pieces = segments(text, marks)
    families = Counter(m.details["family"] for m in technique_marks)
    legend = [
        {"family": fam, "colour": colour, "count": families.get(fam, 0)}
        for fam, colour in FAMILY_COLOURS.items()
    ] + [
        {"family": fam or "other", "colour": OTHER_FAMILY_COLOUR, "count": n}
        for fam, n in families.items()
        if fam not in FAMILY_COLOURS
    ]
    meta = data["meta"]
    layers_run: list[str] = data.get("layers") or []
    known_layers = ["entities", "quotes", "outlet", "techniques", "claims", "tone"]
    return {
        "analysis": data,
        "text": text,
        "meta": meta,
        "meta_url": safe_url(meta.get("url")),
        "layers": layers_run,
        "not_run": [name for name in known_layers if name not in layers_run],
        "warnings": data.get("warnings") or [],
        "settings": [
            f"{layer}.{option} = {value}"
            for layer, values in (data.get("settings") or {}).items()
            for option, value in values.items()
        ],
        "segments": pieces,
        "has_multi": any("multi" in piece.classes for piece in pieces),
        "marks": marks,
        "cards": list({m.id: m for m in marks}.values()),
        "legend": legend,
        "speakers": speakers,
        "technique_marks": technique_marks,
        "quote_marks": quote_marks,
        "claim_marks": claim_marks,
        "outlet_marks": outlet_marks,
        "chart": _technique_chart(technique_marks),
        "techniques": data.get("techniques"),
        "quotes": data.get("quotes"),
        "sourcing": data.get("sourcing"),
        "claims": data.get("claims"),
        "outlet": data.get("outlet"),
        "tone": data.get("tone"),
        "entities": data.get("entities"),
        "actors": _actors(data),
        "in_quote_count": sum(1 for m in technique_marks if m.details["in_quote"]),
        "sentences_with_techniques": _sentences_with(data, technique_marks),
    }


def _sentences_with(data: dict[str, Any], marks: list[Mark]) -> tuple[int, int] | None:
    """(sentences containing a technique span, sentences) when the tone layer gives sentence offsets."""
    sentences = (data.get("tone") or {}).get("sentences") or []
    if not sentences:
        return None
    hit = sum(1 for s in sentences if any(m.start < s["end"] and s["start"] < m.end for m in marks))
    return hit, len(sentences)


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
    env.globals["name_of"] = _name_of
    env.globals["claim_values"] = claim_values
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
    from .. import __version__

    view = build_view(analysis)
    template = environment().get_template("report.html.j2")
    return template.render(
        **view,
        nonce=nonce or secrets.token_urlsafe(16),
        toolbar=toolbar,
        form_action=form_action,
        version=__version__,
    )
