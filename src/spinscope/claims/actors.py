"""Who a claim involves: the entities layer's mentions inside it, once per actor."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Span


def entity_records(
    entities: Iterable[Span], within: Iterable[tuple[int, int]] | None = None, text: str | None = None
) -> list[dict[str, Any]]:
    """The entities layer's mentions as the claims' `entities` entries (plus the actor key), read once per doc:
    span extensions are slow to read and a doc has many claims. With ``within`` (the claims' (start, end)
    characters) only the mentions inside one of them are read: `first_mentions` lists no other. ``text`` is the
    Doc's text when the caller has it (a span's text is its slice; `Span.text` joins its tokens)."""
    ranges = sorted(within) if within is not None else []
    starts = [s for s, _ in ranges]
    reach = list(itertools.accumulate((e for _, e in ranges), max))  # the furthest end of the ranges so far
    out = []
    for e in entities:
        if within is not None:
            k = bisect.bisect_right(starts, e.start_char) - 1  # the ranges starting at or before the mention
            if k < 0 or e.end_char > reach[k]:
                continue
        extensions = e._
        name = extensions.spinscope_canonical
        entity_id = extensions.spinscope_entity_id
        start, end = e.start_char, e.end_char
        surface = e.text if text is None else text[start:end]
        out.append(
            {
                "start": start,
                "end": end,
                "text": surface,
                "entity_id": entity_id,
                "name": name or surface,
                "label": e.label_,
                "key": entity_id or name or surface,
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
