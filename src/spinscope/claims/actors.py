"""Who a claim involves: the entities layer's mentions inside it, once per actor."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span


def entity_records(entities: list[Span]) -> list[dict[str, Any]]:
    """The entities layer's mentions as the claims' `entities` entries (plus the actor key), read once per doc:
    span extensions are slow to read and a doc has many claims."""
    out = []
    for e in entities:
        name = e._.spinscope_canonical
        entity_id = e._.spinscope_entity_id
        out.append(
            {
                "start": e.start_char,
                "end": e.end_char,
                "text": e.text,
                "entity_id": entity_id,
                "name": name or e.text,
                "label": e.label_,
                "key": entity_id or name or e.text,
            }
        )
    return out


def first_mentions(entities: list[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    """The first mention of each actor inside [start, end): a claim lists who is involved, once each."""
    seen: set[str] = set()
    out = []
    for e in entities:
        if start <= e["start"] and e["end"] <= end and e["key"] not in seen:
            seen.add(e["key"])
            out.append({k: v for k, v in e.items() if k != "key"})
    return out
