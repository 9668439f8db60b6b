"""The terminal briefing (rich): headline figures first, then one short block per layer that ran.

Each block is a function `(Analysis) -> Renderable | None` in `SECTIONS`, in reading order; a layer that did not
run shows nothing. `render_text` gives the same report without colour, for `--format text` and pipes.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..analysis import Analysis, Quantity
from . import names

Section = Callable[[Analysis], RenderableType | None]
SECTIONS: list[tuple[str, Section]] = []
# Reading order of the briefing; sections with other names follow in registration order.
ORDER = ["header", "outlet", "voices", "claims", "persuasion", "techniques", "actors", "entities", "tone"]
LABEL_WIDTH = 10


def section(name: str) -> Callable[[Section], Section]:
    def register(func: Section) -> Section:
        SECTIONS.append((name, func))
        return func

    return register


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def block(label: str, rows: list[RenderableType]) -> Table:
    """A labelled block: the label in the left column of the first row, like the briefing layout."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=LABEL_WIDTH, style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for i, row in enumerate(rows):
        table.add_row(label if i == 0 else "", row)
    return table


@section("header")
def header(analysis: Analysis) -> RenderableType:
    meta = analysis.meta
    line = Text("spinscope  ", style="bold magenta")
    if meta.title:
        line.append(f"\u201c{shorten(meta.title, 70)}\u201d  ", style="bold")
    line.append(f"{meta.word_count:,} words, language {meta.language}")
    parts: list[RenderableType] = [line]
    details = [
        x for x in (meta.site_name, meta.author, meta.published and meta.published.isoformat(), meta.url) if x
    ]
    if details:
        parts.append(Text("          " + "  ·  ".join(details), style="dim"))
    for warning in analysis.warnings:
        parts.append(Text(f"WARNING   {warning}", style="bold yellow"))
    return Group(*parts)


def figure(q: Quantity) -> str:
    """A normalised quantity as the briefing shows it (the shared display names: `names.quantity_text`)."""
    return names.quantity_text(q)


@section("claims")
def claims(analysis: Analysis) -> RenderableType | None:
    """The claims to check first (the layer's `check_first`, in `rank` order), each with its figures in words."""
    if analysis.claims is None:
        return None
    found = analysis.claims
    if not found:
        return block("CLAIMS", [Text("no check-worthy factual claim found", style="dim")])
    first = sorted((c for c in found if c.check_first), key=lambda c: c.rank or 0)
    summary = Text(names.claims_summary(analysis.counts), style="bold")
    rows: list[RenderableType] = [summary]
    for c in first:
        figures = ", ".join(figure(q) for q in c.quantities if q.type != "time")
        row = Text(f"{shorten(figures, 24):<26}", style="bold yellow", no_wrap=True, overflow="ellipsis")
        voice = c.speaker or ("outlet's voice" if c.in_quote is False else "")
        row.append(f"{c.score:.2f}  ", style="dim")
        row.append(shorten(c.text, 62 - min(len(voice), 20)))
        if voice:
            row.append(f"  ({shorten(voice, 20)})", style="dim")
        rows.append(row)
    if len(found) > len(first):
        rows.append(
            Text(f"... and {len(found) - len(first)} more check-worthy (--format json for all)", style="dim")
        )
    return block("CLAIMS", rows)


RATING_SHORT = (
    ("factual_reporting", "factual"),
    ("bias", "bias"),
    ("credibility", "credibility"),
    ("reliability", "reliability"),
)


@section("outlet")
def outlet(analysis: Analysis) -> RenderableType | None:
    """Who published it and how that outlet is rated, each rating with its source (issue 6)."""
    if analysis.outlet is None:
        return None
    if not analysis.outlet.outlets:
        return block("OUTLET", [Text(analysis.outlet.note or "no outlet identified", style="dim")])
    rows: list[RenderableType] = []
    for item in analysis.outlet.outlets[:3]:
        line = Text(item.name, style="bold")
        if item.country:
            line.append(f", {item.country}")
        if item.role == "agency":
            line.append("  (credited agency)", style="dim")
        clues = [e.span.text if e.span else f"{e.found_in} {e.value}" for e in item.evidence]
        line.append("  from " + " and ".join(f"\u201c{shorten(c, 40)}\u201d" for c in clues[:3]), style="dim")
        rows.append(line)
        profile = [x for x in (item.state_affiliation, item.owner and f"owner: {item.owner}") if x]
        if profile:
            rows.append(
                Text(shorten("; ".join(profile), 100), style="yellow" if item.state_affiliation else "")
            )
        if not item.ratings:
            rows.append(Text(f"ratings: {item.ratings_note}", style="dim"))
        for rating in item.ratings[:4]:
            values = ", ".join(
                f"{label} {getattr(rating, key)}" for key, label in RATING_SHORT if getattr(rating, key)
            )
            rows.append(
                Text(f"{rating.subject}: ", style="bold")
                + Text(values + "  ")
                + Text(f"({rating.source_id}, rates the {rating.rates})", style="dim")
            )
        if len(item.ratings) > 4:
            rows.append(Text(f"... {len(item.ratings) - 4} more ratings (--format json)", style="dim"))
    return block("OUTLET", rows)


VOICE_TYPE_LABEL = names.SPEAKER_TYPE_NAMES


QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019 "


@section("voices")
def voices(analysis: Analysis) -> RenderableType | None:
    """VOICES: whose voices are present (the sourcing statement), each voice, then its quotes briefly (issue 4)."""
    if analysis.sourcing is None or analysis.quotes is None:
        return None
    sourcing = analysis.sourcing
    rows: list[RenderableType] = [Text(sourcing.statement, style="bold")]
    if sourcing.voices:
        rows.append(
            Text(
                f"{100 * sourcing.attributed_share:.0f}% of the words are attributed speech "
                f"({sourcing.attributed_words:,} words)",
                style="dim",
            )
        )
    for voice in sourcing.voices[:8]:
        line = Text(f"{shorten(voice.name, 34):<36}", style="bold")
        line.append(f"{shorten(voice.affiliation or '', 18):<20}")
        line.append(f"{VOICE_TYPE_LABEL.get(voice.speaker_type, voice.speaker_type):<13}")
        kinds = ((voice.direct, "direct"), (voice.indirect, "reported"), (voice.mixed, "mixed"))
        counts = [f"{n} {label}" for n, label in kinds if n]
        line.append(", ".join(counts) + f"  ({100 * voice.share:.0f}% of words)", style="dim")
        rows.append(line)
    if len(sourcing.voices) > 8:
        rows.append(Text(f"... and {len(sourcing.voices) - 8} more voices (--format json)", style="dim"))
    names = {v.id: v.name for v in sourcing.voices}
    for quote in analysis.quotes[:6]:
        who = names.get(quote.voice_id or "", quote.speaker_name or "unattributed")
        cue = f" {quote.cue.text}" if quote.cue else ""
        rows.append(
            Text(f"{shorten(who, 26)}{cue}: ", style="cyan")
            + Text("\u201c" + shorten(quote.text.strip(QUOTE_MARKS), 80) + "\u201d")
            + Text(f"  {quote.kind}", style="dim")
        )
    if len(analysis.quotes) > 6:
        rows.append(Text(f"... {len(analysis.quotes) - 6} more quotes (--format json)", style="dim"))
    return block("VOICES", rows)


def actor_lines(analysis: Analysis) -> RenderableType | None:
    """ACTORS as portrayed: per salient actor its label (how many of its mention sentences carry it), the label
    per voice (outlet, each quoted speaker), and the two sentences that weigh most for the label, with their
    labels and probabilities."""
    actors = analysis.tone.actors if analysis.tone else None
    if not actors:
        return None
    style = {"negative": "red", "positive": "green", "neutral": ""}
    rows: list[RenderableType] = []
    for actor in actors[:8]:
        row = Text(f"{shorten(actor.name, 24):<25}", style="bold")
        row.append(f"{actor.label:<9}", style=style[actor.label])
        row.append(f"{actor.agreeing} of {len(actor.sentences)} sentences", style="dim")
        rows.append(row)
        voices = [
            f"{'outlet' if v.voice == 'own' else shorten(v.speaker or 'unnamed source', 20)} {v.label} "
            f"{v.agreeing}/{v.sentences}"
            for v in actor.voices[:3]
        ]
        rows.append(Text("  by voice: " + ", ".join(voices), style="dim"))
        for index in actor.evidence[:2]:
            sentence = actor.sentences[index]
            who = "outlet" if sentence.voice == "own" else (sentence.speaker or "quoted")
            line = Text("  ")
            p = getattr(sentence.probabilities, sentence.label)
            line.append(f"{sentence.label} {p:.2f} ", style=style[sentence.label])
            line.append(f"{shorten(who, 16)}: ", style="dim")
            line.append("\u201c" + shorten(sentence.text, 64) + "\u201d")
            rows.append(line)
    if len(actors) > 8:
        rows.append(Text(f"... and {len(actors) - 8} more", style="dim"))
    return block("ACTORS", rows)


@section("entities")
def entities(analysis: Analysis) -> RenderableType | None:
    if analysis.entities is None:
        return None
    if analysis.tone is not None and analysis.tone.actors:
        return actor_lines(analysis)
    actors = [e for e in analysis.entities if e.is_actor]
    if not actors:
        return block("ACTORS", [Text("no named people, organisations or places found", style="dim")])
    rows: list[RenderableType] = []
    for entity in actors[:8]:
        forms = sorted({m.text for m in entity.mentions} - {entity.name})
        row = Text(f"{entity.name:<28} ", style="bold")
        row.append(
            f"{entity.label:<7} {len(entity.mentions):>3} mention{'s' if len(entity.mentions) != 1 else ''}"
        )
        if forms:
            row.append("  (" + ", ".join(shorten(f, 24) for f in forms[:4]) + ")", style="dim")
        rows.append(row)
    if len(actors) > 8:
        rows.append(Text(f"... and {len(actors) - 8} more", style="dim"))
    return block("ACTORS", rows)


@section("persuasion")
def persuasion(analysis: Analysis) -> RenderableType | None:
    found = analysis.persuasion
    if found is None:
        return None
    line = Text(names.persuasion_sentence(found) + " ")
    line.append(f"(index {found.index:.2f})", style="dim")
    rows: list[RenderableType] = [line]
    if found.top_spans:
        weighs = Text("weighs most: ", style="dim")
        for k, span in enumerate(found.top_spans[:3]):
            if k:
                weighs.append(", ")
            weighs.append(shorten(chr(0x201C) + span.text + chr(0x201D), 40), style="yellow")
            weighs.append(f" ({span.label or span.technique})", style="dim")
        rows.append(weighs)
    return block("PERSUASION", rows)


@section("techniques")
def techniques(analysis: Analysis) -> RenderableType | None:
    if analysis.techniques is None:
        return None
    spans = analysis.techniques
    if not spans:
        return block("TECHNIQUE", [Text("no persuasion technique detected", style="dim")])
    counts = analysis.counts
    labels = names.technique_names(analysis)
    rows: list[RenderableType] = [
        Text(names.technique_summary(counts)),
        Text(
            "   ".join(
                f"{labels.get(name, name)} x{n}"
                for name, n in sorted(counts.techniques.items(), key=lambda kv: -kv[1])
            ),
            style="bold",
        ),
    ]
    # the likely phrases (the report's default view) one per line; the others named on one line after them
    likely = [t for t in spans if t.likely is not False]
    for t in sorted(likely, key=lambda t: -t.score)[:8]:
        voice = t.speaker or ("quoted" if t.in_quote else "outlet's voice" if t.in_quote is False else "")
        row = Text(f"{shorten(chr(0x201C) + t.text + chr(0x201D), 38):<40}", style="yellow")
        row.append(f"{shorten(names.technique_name(t), 30):<31} {t.score:.2f}  ")
        row.append(voice, style="dim")
        rows.append(row)
    others = list(dict.fromkeys(t.text for t in sorted(spans, key=lambda t: -t.score) if t.likely is False))
    if others:
        shown = ", ".join(chr(0x201C) + shorten(text, 30) + chr(0x201D) for text in others[:6])
        more = f" and {len(others) - 6:,} more" if len(others) > 6 else ""
        rows.append(Text(f"less likely ({len(others):,}): {shown}{more}", style="dim"))
    return block("TECHNIQUE", rows)


@section("tone")
def tone(analysis: Analysis) -> RenderableType | None:
    if analysis.tone is None:
        return None
    doc = analysis.tone.document
    line = Text()
    line.append(f"negative {doc.negative:.1f}%", style="red")
    line.append(f"  positive {doc.positive:.1f}%", style="green")
    line.append(f"  polarity {doc.polarity:.1f}%  tone {doc.tone:+.1f}  compound {doc.compound:+.2f}")
    rows: list[RenderableType] = [line]
    charged = sorted(analysis.tone.sentences, key=lambda s: s.compound)
    if charged and charged[0].compound < -0.3:
        rows.append(
            Text(f"most negative sentence ({charged[0].compound:+.2f}): ", style="dim")
            + Text(shorten(charged[0].text, 90))
        )
    if charged and charged[-1].compound > 0.3:
        rows.append(
            Text(f"most positive sentence ({charged[-1].compound:+.2f}): ", style="dim")
            + Text(shorten(charged[-1].text, 90))
        )
    return block("TONE", rows)


def renderables(analysis: Analysis) -> list[RenderableType]:
    out = []
    rank = {name: i for i, name in enumerate(ORDER)}
    for _, func in sorted(SECTIONS, key=lambda item: rank.get(item[0], len(ORDER))):
        part = func(analysis)
        if part is not None:
            out.append(part)
    return out


def render(analysis: Analysis, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=110)
    for part in renderables(analysis):
        console.print(part)


def render_text(analysis: Analysis, width: int = 110) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, force_terminal=False, highlight=False)
    render(analysis, console)
    return buffer.getvalue()
