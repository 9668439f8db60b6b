"""Row extraction: one analysed article -> its `articles` row and the rows of every layer table.

Reads the typed `Analysis` by field name (a stored JSON is validated into an `Analysis` first), so a renamed
field fails loudly in the tests instead of silently giving empty columns. The technique, quote and claim tables
take their columns from `analysis.rows()`, the one flattening that the CSV output and `spinscope export` use
too; the other tables (entities, tone, actor tone, voices, claim quantities, outlets) are extracted here. A layer
that did not run gives no rows. Rows are extracted where the article was analysed (a Dask worker, say) and only
hold plain picklable values; the stores only insert them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..analysis import Analysis, normalised_quantity, rows
from ..ingest import parse_iso_date

Row = dict[str, Any]
Rows = dict[str, list[Row]]


@dataclass
class ArticleResult:
    """One analysed (or failed) article: its `articles` row, its layer rows, and the Analysis JSON.

    Built where the article was analysed, so it only holds picklable plain values (Dask ships it)."""

    id: str
    status: str  # "done" | "failed"
    article: Row
    rows: Rows = field(default_factory=dict)
    analysis_json: str | None = None
    error: str | None = None


def as_analysis(analysis: Analysis | Mapping[str, Any]) -> Analysis:
    """An `Analysis` as is, or validated from its JSON dict (pydantic's ValidationError when it is not one)."""
    return analysis if isinstance(analysis, Analysis) else Analysis.model_validate(analysis)


def outlet_of(analysis: Analysis | None, given: str | None = None, url: str | None = None) -> str | None:
    """The outlet an article is grouped under: the one the input names, else the publisher the outlet layer
    found, else the site name in the page's metadata, else the host of its URL."""
    if given:
        return given
    if analysis is not None:
        if analysis.outlet is not None and analysis.outlet.name:
            return analysis.outlet.name
        if analysis.meta.site_name:
            return analysis.meta.site_name
        url = url or analysis.meta.url
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def article_row(
    article_id: str,
    analysis: Analysis | Mapping[str, Any] | None,
    *,
    status: str,
    error: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: Any = None,
    seconds: float | None = None,
    analysis_json: str | None = None,
) -> Row:
    """The `articles` row: what the input said, completed from the analysis' metadata."""
    typed = as_analysis(analysis) if analysis is not None else None
    meta = typed.meta if typed is not None else None
    pub = parse_iso_date(published) or (meta.published if meta else None)
    return {
        "id": article_id,
        "status": status,
        "error": error,
        "source": (meta.source if meta else None) or source,
        "url": (meta.url if meta else None) or url,
        "title": (meta.title if meta else None) or title or None,
        "outlet": outlet_of(typed, outlet, (meta.url if meta else None) or url),
        "published": pub,
        "month": pub.strftime("%Y-%m") if pub else None,
        "language": meta.language if meta else None,
        "word_count": meta.word_count if meta else None,
        "char_count": meta.char_count if meta else None,
        "layers": ",".join(typed.layers) or None if typed is not None else None,
        "spinscope_version": typed.spinscope_version if typed is not None else None,
        "analyzed_at": datetime.now(UTC),
        "seconds": round(seconds, 4) if seconds is not None else None,
        "analysis": analysis_json,
    }


# ---- per-table extractors: Analysis -> flat rows -------------------------------------------------------------------
Extractor = Callable[[Analysis], list[Row]]
# table name -> extractor; each returns [] when its layer did not run.
EXTRACTORS: dict[str, Extractor] = {}


def extracts(table: str) -> Callable[[Extractor], Extractor]:
    def register(func: Extractor) -> Extractor:
        EXTRACTORS[table] = func
        return func

    return register


@extracts("entities")
def entity_rows(analysis: Analysis) -> list[Row]:
    return [
        {"entity_id": entity.id, "name": entity.name, "label": entity.label, "mentions": len(entity.mentions)}
        for entity in analysis.entities or []
    ]


@extracts("tone")
def tone_rows(analysis: Analysis) -> list[Row]:
    if analysis.tone is None:
        return []
    document = analysis.tone.document
    return [
        {
            "positive": document.positive,
            "negative": document.negative,
            "polarity": document.polarity,
            "tone": document.tone,
            "compound": document.compound,
            "words": document.words,
        }
    ]


@extracts("persuasion")
def persuasion_rows(analysis: Analysis) -> list[Row]:
    found = analysis.persuasion
    return [] if found is None else [{"index": found.index, "percentile": found.percentile}]


@extracts("actor_tone")
def actor_tone_rows(analysis: Analysis) -> list[Row]:
    actors = analysis.tone.actors if analysis.tone is not None else None
    return [
        {
            "idx": idx,
            "entity_id": actor.entity_id,
            "name": actor.name,
            "entity_label": actor.entity_label,
            "label": actor.label,
            "score": actor.score,
            "mentions": actor.mentions,
            "own_voice": actor.own_voice,
            "quoted_voice": actor.quoted_voice,
            # the columns keep their names; since the target-tone model they count mention sentences
            "own_clauses": sum(1 for m in actor.sentences if m.voice == "own"),
            "quoted_clauses": sum(1 for m in actor.sentences if m.voice == "quoted"),
        }
        for idx, actor in enumerate(actors or [])
    ]


def _span_rows(analysis: Analysis, layer: str) -> list[Row]:
    return [row for row in rows(analysis) if row["layer"] == layer]


@extracts("techniques")
def technique_rows(analysis: Analysis) -> list[Row]:
    return [
        {
            "idx": row["index"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "technique": row["label"],
            "family": row["family"],
            "score": row["score"],
            "in_quote": row["in_quote"],
            "speaker": row["speaker"],
        }
        for row in _span_rows(analysis, "techniques")
    ]


ANONYMOUS_TYPES = {"anonymous"}


@extracts("quotes")
def quote_rows(analysis: Analysis) -> list[Row]:
    return [
        {
            "idx": row["index"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "kind": row["label"],
            "speaker": row["speaker"],
            "speaker_type": row["speaker_type"],
            "anonymous": row["speaker_type"] in ANONYMOUS_TYPES,
            "affiliation": row["affiliation"],
            "voice_id": row["voice_id"],
            "score": row["score"],
        }
        for row in _span_rows(analysis, "quotes")
    ]


@extracts("voices")
def voice_rows(analysis: Analysis) -> list[Row]:
    voices = analysis.sourcing.voices if analysis.sourcing is not None else []
    return [
        {
            "idx": idx,
            "voice_id": voice.id,
            "name": voice.name,
            "speaker_type": voice.speaker_type,
            "anonymous": voice.speaker_type in ANONYMOUS_TYPES,
            "affiliation": voice.affiliation,
            "entity_id": voice.entity_id,
            "quotes": voice.quotes,
            "direct": voice.direct,
            "indirect": voice.indirect,
            "mixed": voice.mixed,
            "words": voice.words,
            "share": voice.share,
        }
        for idx, voice in enumerate(voices)
    ]


@extracts("claims")
def claim_rows(analysis: Analysis) -> list[Row]:
    claims = analysis.claims or []
    return [
        {
            "idx": row["index"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "score": row["score"],
            "kind": row["label"],
            "in_quote": row["in_quote"],
            "speaker": row["speaker"],
            "quantities": len(claims[row["index"]].quantities),
        }
        for row in _span_rows(analysis, "claims")
    ]


@extracts("claim_quantities")
def claim_quantity_rows(analysis: Analysis) -> list[Row]:
    return [
        {
            "claim_idx": claim_idx,
            "idx": idx,
            "start": quantity.start,
            "end": quantity.end,
            "text": quantity.text,
            "type": quantity.type,
            "value": quantity.value,
            "value_max": quantity.value_max,
            "unit": quantity.unit,
            "currency": quantity.currency,
            "iso": quantity.iso,
            "relative": quantity.relative,
            "normalized": normalised_quantity(quantity),
        }
        for claim_idx, claim in enumerate(analysis.claims or [])
        for idx, quantity in enumerate(claim.quantities)
    ]


@extracts("outlets")
def outlet_rows(analysis: Analysis) -> list[Row]:
    """One row per article: the publisher as identified, the agencies it credits, and the first published
    rating of the publisher that gives factual reporting / bias / reliability (each rating names its source in
    the Analysis; `rating_sources` lists them)."""
    outlet = analysis.outlet
    if outlet is None:
        return []
    publisher = next((item for item in outlet.outlets if item.role == "publisher"), None)
    ratings = publisher.ratings if publisher is not None else []

    def rated(key: str) -> str | None:
        return next((getattr(r, key) for r in ratings if getattr(r, key)), None)

    return [
        {
            "name": outlet.name,
            "country": outlet.country or (publisher.country if publisher else None),
            "outlet_id": publisher.id if publisher else None,
            "kind": publisher.kind if publisher else None,
            "domain": publisher.domains[0] if publisher and publisher.domains else None,
            "owner": publisher.owner if publisher else None,
            "state_affiliation": publisher.state_affiliation if publisher else None,
            "agencies": ", ".join(item.name for item in outlet.outlets if item.role == "agency") or None,
            "ratings": len(ratings),
            "factual_reporting": rated("factual_reporting"),
            "bias": rated("bias"),
            "reliability": rated("reliability"),
        }
    ]


@extracts("outlet_ratings")
def outlet_rating_rows(analysis: Analysis) -> list[Row]:
    """One row per published rating of every identified outlet, each with the table it comes from: ratings
    are copied, never merged, so two sources that disagree stay two rows that say whose they are."""
    if analysis.outlet is None:
        return []
    found: list[Row] = []
    for item in analysis.outlet.outlets:
        for rating in item.ratings:
            found.append(
                {
                    "idx": len(found),
                    "outlet": item.name,
                    "role": item.role,
                    "source_id": rating.source_id,
                    "source": rating.source,
                    "rates": rating.rates,
                    "subject": rating.subject,
                    "factual_reporting": rating.factual_reporting,
                    "bias": rating.bias,
                    "reliability": rating.reliability,
                    "credibility": rating.credibility,
                    "label_source": rating.label_source,
                }
            )
    return found


def extract_rows(article_id: str, analysis: Analysis | Mapping[str, Any]) -> Rows:
    """Rows of every layer table for one Analysis, each keyed by `article_id`; layers that did not run give no
    rows. A dict is validated into an `Analysis` first."""
    typed = as_analysis(analysis)
    found: Rows = {}
    for table, extractor in EXTRACTORS.items():
        table_rows = extractor(typed)
        if table_rows:
            found[table] = [{"article_id": article_id, **row} for row in table_rows]
    return found
