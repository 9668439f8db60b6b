"""`spinscope/quotes`: who speaks in the article: quotations, reported speech, their speakers and the sourcing.

Reads the spaCy parse (tokens, sentences, dependencies) and the entities layer (`doc.spans["spinscope.entities"]`,
for speaker names and affiliations), calls the quotes package (`spinscope.quotes.attribution.attribute`: rules
+ learned filter for the attributions, discourse-based speaker resolution to voices) and
`spinscope.quotes.sourcing.sourcing` for the article's summary, and writes the results.

Writes `doc.spans["spinscope.quotes"]` (one span per attribution over its content, label = kind) with
`Span._.spinscope_quote` (a plain dict: content fragments, cue, speaker, voice and how it was resolved), and
`Doc._.spinscope_sourcing` (a plain dict). `attribution_at(doc, start, end)` (from `spinscope.quotes`) tells
other layers whether a stretch of text is someone's speech, and whose.

>>> import spinscope
>>> doc = spinscope.load(layers=["quotes"]).nlp('"We will win," Jane Smith, a spokeswoman for Acme, said.')
>>> attribution_at(doc, 1, 12)["speaker"]
'Jane Smith'
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..analysis import Quote, Sourcing, exporter
from ..docstate import QUOTES as SPAN_KEY
from ..docstate import mark_ran, warn
from ..quotes.attribution import attribute, attribution_at
from ..quotes.extract import Mode
from ..quotes.learned import load_filter
from ..quotes.probe import load_probe
from ..quotes.sourcing import sourcing
from .encoder import encoded

__all__ = ["SPAN_KEY", "QuoteFinder", "attribution_at", "export"]

if not Span.has_extension("spinscope_quote"):
    Span.set_extension("spinscope_quote", default=None)
if not Doc.has_extension("spinscope_sourcing"):
    Doc.set_extension("spinscope_sourcing", default=None)


def _context(text: str, at: int, width: int = 24) -> str:
    """The words around a character, on one line, so that a reader can find the place without offsets."""
    start, end = max(0, at - width), min(len(text), at + width)
    words = " ".join(text[start:end].split())
    return ("\u2026" if start else "") + words + ("\u2026" if end < len(text) else "")


class QuoteFinder:
    """The component: attributions, speakers and the sourcing summary of one Doc."""

    def __init__(self, mode: Mode = "auto") -> None:
        self.mode = mode
        self.filter = load_filter() if mode != "rules" else None
        # the encoder probe, when the filter was fitted with it and it matches the shipped encoder
        self.probe = load_probe() if self.filter is not None and self.filter.meta.get("probe") else None

    def __call__(self, doc: Doc) -> Doc:
        probs = self.probe.token_probs(doc, encoded(doc)) if self.probe is not None else None
        found = attribute(doc, self.mode, self.filter, probs)
        if found.unpaired:
            warn(
                doc,
                f"quotes: {len(found.unpaired)} quotation mark(s) could not be paired (the first in "
                f"\u201c{_context(found.text or doc.text, found.unpaired[0])}\u201d); quotes around them may be missed",
                at=(found.unpaired[0], found.unpaired[0] + 1),
            )
        spans, records = [], []
        for record in found.records:
            span = doc.char_span(
                record["start"], record["end"], label=record["kind"], alignment_mode="expand"
            )
            if span is None:
                continue
            span._.spinscope_quote = {k: v for k, v in record.items() if k not in ("start", "end")}
            spans.append(span)
            records.append(record)
        doc.spans[SPAN_KEY] = spans
        doc._.spinscope_sourcing = sourcing(doc, records, found.voices, text=found.text or None)
        mark_ran(doc, "quotes")
        return doc


@Language.factory(
    "spinscope/quotes",
    assigns=["doc.spans", "doc._.spinscope_sourcing"],
    requires=["token.dep", "token.is_sent_start"],
    default_config={"mode": "auto"},
)
def make_quotes(nlp: Language, name: str, mode: Mode) -> QuoteFinder:
    return QuoteFinder(mode)


def _chars(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


@exporter("quotes")
def export(doc: Doc) -> dict[str, Any]:
    text = doc.text
    quotes = []
    for span in doc.spans.get(SPAN_KEY, []):
        data = span._.spinscope_quote
        parts = data["parts"]
        start, end = min(s for s, _ in parts), max(e for _, e in parts)
        quotes.append(
            {
                **_chars(text, start, end),
                "parts": [_chars(text, s, e) for s, e in parts],
                "cue": _chars(text, *data["cue"][0]) if data["cue"] else None,
                "speaker": _chars(text, *data["speaker"]) if data["speaker"] else None,
                "kind": data["kind"],
                "speaker_name": data["speaker_name"],
                "speaker_type": data["speaker_type"],
                "affiliation": data["affiliation"],
                "voice_id": data["voice_id"],
                "resolved_by": data["resolved_by"],
                "resolved": data["resolved"],
                "resolution": data["resolution"],
                "score": data["score"],
            }
        )
    sourcing = doc._.spinscope_sourcing
    return {
        "quotes": [Quote.model_validate(q) for q in quotes],
        "sourcing": Sourcing.model_validate(sourcing) if sourcing is not None else None,
    }
