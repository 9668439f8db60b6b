"""The quotes layer over one parsed Doc: its attributions with their speakers resolved, as plain records, and
`attribution_at`, which tells other layers whether a stretch of text is someone's speech, and whose.

A record (msgpack-safe dict, stored on `Span._.spinscope_quote` by the component) holds character offsets:
`parts` (content fragments), `cue`, `speaker` (the mention), `kind`, `origin`, `score`, and the voice:
`voice_id`, `speaker_name`, `speaker_type`, `affiliation`, `resolved_by`, `resolved` and `resolution` (the
evidence that tied the mention to its voice, or why it was left unresolved).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.tokens import Doc

from .. import docstate
from .extract import Mode, find
from .learned import Filter
from .rules import Candidate
from .speakers import SpeakerResolver, Voice

SPAN_KEY = docstate.QUOTES


@dataclass
class Attributions:
    records: list[dict[str, Any]] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    unpaired: list[int] = field(default_factory=list)  # offsets of quotation marks that could not be paired
    text: str = ""  # `Doc.text`, built once (spaCy joins the tokens again on every access)


def _token_chars(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _container(candidates: list[Candidate], cand: Candidate) -> int | None:
    """Index of the direct quotation that holds this candidate's cue (nested speech: "I think", "he told me")."""
    if not cand.cue:
        return None
    cue = cand.cue[0][0]
    best = None
    for i, other in enumerate(candidates):
        if other is cand or other.direct_share < 0.5:
            continue
        inside = any(s <= cue < e for s, e in other.content)
        if inside and (
            best is None or other.end - other.start < candidates[best].end - candidates[best].start
        ):
            best = i
    return best


def attribute(
    doc: Doc, mode: Mode = "auto", flt: Filter | None = None, probs: np.ndarray | None = None
) -> Attributions:
    """Find the attributions of a parsed Doc (entities layer run) and resolve their speakers to voices;
    ``probs``: the encoder probe's token role probabilities (`probe`), for a filter fitted with them."""
    candidates, marks = find(doc, mode, flt, probs)
    resolver = SpeakerResolver(doc, marks)
    resolutions: list[Any] = [None] * len(candidates)
    containers = [_container(candidates, c) for c in candidates]
    # outer quotations first, so that "I"/"we" inside a quotation can point to its speaker
    order = sorted(range(len(candidates)), key=lambda i: (containers[i] is not None, i))
    for i in order:
        container = containers[i]
        quoted_by = resolutions[container].voice if container is not None and resolutions[container] else None
        resolutions[i] = resolver.resolve(candidates[i], quoted_by)
    records = []
    for cand, resolution in zip(candidates, resolutions, strict=True):
        voice = resolution.voice
        records.append(
            {
                "start": cand.start,
                "end": cand.end,
                "parts": [list(p) for p in cand.content],
                "cue": [list(c) for c in cand.cue],
                "speaker": list(_token_chars(doc, cand.speaker)) if cand.speaker else None,
                "kind": cand.kind,
                "origin": cand.origin,
                "score": round(cand.score, 4) if cand.score is not None else None,
                "voice_id": voice.id if voice else None,
                "speaker_name": voice.name if voice else None,
                "speaker_type": voice.speaker_type if voice else "unknown",
                "affiliation": voice.affiliation if voice else None,
                "resolved_by": resolution.method,
                "resolved": voice is not None,
                "resolution": resolution.evidence or None,
            }
        )
    used = {r["voice_id"] for r in records if r["voice_id"]}
    voices = [v for v in resolver.voices if v.id in used]
    return Attributions(records, voices, list(marks.unpaired), resolver.text)


def attribution_at(doc: Doc, start_char: int, end_char: int) -> dict[str, Any] | None:
    """Whose speech a stretch of text is, for other layers (techniques, claims, tone).

    Returns `{"speaker", "speaker_type", "affiliation", "kind", "voice_id", "quote_index"}` when at least half of
    the characters of `[start_char, end_char)` lie inside the content of one attribution (the innermost one when
    attributions nest), else None; None too when the quotes layer did not run. `speaker` is the canonical name
    of the voice (None when nobody is named or the speaker is unresolved, e.g. "it was said"); `quote_index`
    indexes `Analysis.quotes`.
    """
    if end_char <= start_char or SPAN_KEY not in doc.spans:
        return None
    need = 0.5 * (end_char - start_char)
    best: tuple[int, int, dict[str, Any]] | None = None  # (content length, index, data)
    for index, parts, lo, hi, length, data in _quote_records(doc):
        if lo >= end_char or hi <= start_char:
            continue
        inside = sum(max(0, min(end_char, e) - max(start_char, s)) for s, e in parts)
        if inside >= need and (best is None or length < best[0]):
            best = (length, index, data)
    if best is None:
        return None
    data = best[2]
    return {
        "speaker": data["speaker_name"],
        "speaker_type": data["speaker_type"],
        "affiliation": data["affiliation"],
        "kind": data["kind"],
        "voice_id": data["voice_id"],
        "quote_index": best[1],
    }


# Per Doc: its quotes' (index, parts, first and last character, content length, record), read once from the span group. Other layers ask
# `attribution_at` for every claim and clause; building a `Span` and reading its `._` for every quote on each call
# cost about 10 ms per median article. Keyed weakly by the Doc (nothing is added to what a Doc serialises) and
# checked against the span group's identity and length, so a group set again is read again.
_RECORDS: weakref.WeakKeyDictionary[
    Doc, tuple[tuple[int, int], list[tuple[int, list, int, int, int, dict[str, Any]]]]
] = weakref.WeakKeyDictionary()


def _quote_records(doc: Doc) -> list[tuple[int, list, int, int, int, dict[str, Any]]]:
    group = doc.spans[SPAN_KEY]
    key = (id(group), len(group))
    cached = _RECORDS.get(doc)
    if cached is not None and cached[0] == key:
        return cached[1]
    records = []
    for index, span in enumerate(group):
        data = span._.spinscope_quote
        if data is not None and data["parts"]:
            parts = data["parts"]
            lo, hi = min(s for s, _ in parts), max(e for _, e in parts)
            records.append((index, parts, lo, hi, sum(e - s for s, e in parts), data))
    _RECORDS[doc] = (key, records)
    return records
