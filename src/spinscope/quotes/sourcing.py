"""The sourcing summary of one article: its voices, how many are named or anonymous, the share of the text
that is attributed speech, which prominent actors have no voice, and one plain statement of it.

Counts resolved voices only (`speakers.VOICE_TYPES`); attributions whose speaker could not be resolved keep
their quote and are counted apart (`unresolved_quotes`), so a corpus count of voices never lists "he",
"which" or a heading.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.tokens import Doc, Span

from .. import docstate
from ..ingest import word_count
from .speakers import Voice, entity_spans, same_affiliation

# Actors mentioned at least this share as often as the most-mentioned actor count as prominent.
PROMINENT_SHARE = 0.4
# The keys of `counts` (stable: "unknown" stays, always 0 now that unresolved speakers are not voices).
VOICED_TYPES = ("named_person", "named_organization", "anonymous", "group", "document", "outlet", "unknown")


def _chars(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _token_chars(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _attributed_parts(
    records: list[dict[str, Any]],
) -> tuple[list[tuple[int, int]], dict[str, list[tuple[int, int]]]]:
    """The content parts of all attributions, and of each voice's (kept as intervals: a set of every
    attributed character, sorted and walked one by one, cost more than the rest of the summary)."""
    total: list[tuple[int, int]] = []
    per_voice: dict[str, list[tuple[int, int]]] = {}
    for data in records:
        parts = [(start, end) for start, end in data["parts"]]
        total += parts
        if data["voice_id"]:
            per_voice.setdefault(data["voice_id"], []).extend(parts)
    return total, per_voice


def _runs(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The maximal runs of attributed characters: the union of the parts, touching or overlapping ones joined.

    >>> _runs([(5, 8), (0, 2), (2, 3), (6, 9), (4, 4)])
    [(0, 3), (5, 9)]
    """
    runs: list[tuple[int, int]] = []
    for start, end in sorted(p for p in parts if p[1] > p[0]):
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _words_in(text: str, parts: list[tuple[int, int]]) -> int:
    """Words whose characters are attributed (counted over maximal runs of attributed characters)."""
    return sum(word_count(text[start:end]) for start, end in _runs(parts))


def _entity_ids(entities: list[Span]) -> dict[str, str]:
    """Canonical name -> id of the first entity of that name (read once, not once per voice)."""
    first: dict[str, Span] = {}
    for span in entities:
        first.setdefault(span._.spinscope_canonical, span)
    return {name: str(span._.spinscope_entity_id) for name, span in first.items()}


def sourcing(
    doc: Doc,
    records: list[dict[str, Any]],
    voices: list[Voice],
    entities: list[Span] | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    """The article's voices and a plain statement of whose voices are present (msgpack-safe dict). Only
    resolved voices are counted; `unresolved_quotes` says how many attributions have no voice (an unresolved
    pronoun, a heading or a thing as speaker, or no speaker at all: "it was said")."""
    text = doc.text if text is None else text  # pass `text` when the caller has it: rebuilt on each access
    entities = entity_spans(doc) if entities is None else entities
    total_words = word_count(text)
    attributed, per_voice = _attributed_parts(records)
    entity_ids = _entity_ids(entities)
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    for data in records:
        if data["voice_id"]:
            counts[data["voice_id"]] += 1
            kinds.setdefault(data["voice_id"], Counter())[data["kind"]] += 1
    voice_items: list[dict[str, Any]] = []
    for voice in voices:
        if not counts[voice.id]:
            continue
        words = _words_in(text, per_voice.get(voice.id, []))
        named = voice.speaker_type.startswith("named")
        voice_items.append(
            {
                "id": voice.id,
                "name": voice.name,
                "speaker_type": voice.speaker_type,
                "affiliation": voice.affiliation,
                "entity_id": entity_ids.get(voice.name) if named else None,
                "quotes": counts[voice.id],
                "direct": kinds[voice.id]["direct"],
                "indirect": kinds[voice.id]["indirect"],
                "mixed": kinds[voice.id]["mixed"],
                "words": words,
                "share": round(words / total_words, 4) if total_words else 0.0,
                "mentions": [_chars(text, *_token_chars(doc, m)) for m in voice.mentions],
            }
        )
    voice_items.sort(key=lambda v: (-v["quotes"], -v["words"], v["id"]))
    type_counts = Counter(v["speaker_type"] for v in voice_items)
    unvoiced = _unvoiced_actors(entities, voice_items)
    unresolved = sum(1 for data in records if not data["voice_id"])
    attributed_words = _words_in(text, attributed)
    return {
        "voices": voice_items,
        "counts": {t: type_counts.get(t, 0) for t in VOICED_TYPES},
        "attributed_words": attributed_words,
        "attributed_share": round(attributed_words / total_words, 4) if total_words else 0.0,
        "unvoiced_actors": unvoiced,
        "unresolved_quotes": unresolved,
        "statement": statement(voice_items, unvoiced, unresolved),
    }


def _unvoiced_actors(entities: list[Span], voices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prominent actors (people, organisations, countries, groups mentioned at least 40% as often as the most
    mentioned one, and at least twice) that no voice is, or is affiliated with."""
    mentions: Counter[str] = Counter()
    labels: dict[str, Counter[str]] = {}
    for span in entities:
        if span.label_ in docstate.ACTOR_LABELS:
            name = str(span._.spinscope_canonical)
            mentions[name] += 1
            labels.setdefault(name, Counter())[span.label_] += 1
    if not mentions:
        return []
    top = max(mentions.values())
    out = []
    for name, count in mentions.most_common():
        if count < 2 or count < PROMINENT_SHARE * top:
            continue
        voiced = any(
            v["name"] == name or same_affiliation(v["name"], name) or same_affiliation(v["affiliation"], name)
            for v in voices
        )
        if not voiced:
            out.append({"name": name, "label": labels[name].most_common(1)[0][0], "mentions": count})
    return out


def statement(voices: list[dict[str, Any]], unvoiced: list[dict[str, Any]], unresolved: int = 0) -> str:
    """One plain sentence (or two) an editor can check at a glance."""
    left = (
        f" {unresolved} attribution{'s' if unresolved != 1 else ''} with no identifiable speaker "
        f"{'are' if unresolved != 1 else 'is'} not counted."
        if unresolved
        else ""
    )
    if not voices:
        if unresolved:
            return "No identifiable voice found." + left
        return "No attributed speech found: the article speaks only in its own voice."
    types = Counter(v["speaker_type"] for v in voices)
    parts = []
    for key, label in (
        ("named_person", "named"),
        ("named_organization", "organisation"),
        ("anonymous", "anonymous"),
        ("group", "group"),
        ("document", "document"),
        ("outlet", "outlet"),
    ):
        if types.get(key):
            parts.append(f"{types[key]} {label}")
    n = len(voices)
    text = f"{n} voice{'s' if n != 1 else ''} ({', '.join(parts)})"
    affiliations: list[str] = []
    for v in voices:
        aff = v["affiliation"] or (
            v["name"] if v["speaker_type"] in ("named_organization", "group") else None
        )
        if aff and not any(same_affiliation(aff, a) for a in affiliations):
            affiliations.append(aff)
    unaffiliated = [
        v for v in voices if not v["affiliation"] and v["speaker_type"] not in ("named_organization", "group")
    ]
    if len(affiliations) == 1 and not unaffiliated:
        text += f", all affiliated with {affiliations[0]}"
    elif affiliations:
        text += f"; affiliations named: {', '.join(affiliations)}"
    text += "."
    if unvoiced:
        names = ", ".join(f"{a['name']} ({a['mentions']} mentions)" for a in unvoiced[:4])
        text += f" Prominent actors with no voice: {names}."
    return text + left
