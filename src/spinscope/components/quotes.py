"""`spinscope/quotes`: who speaks in the article: quotations, reported speech, their speakers and the sourcing.

Reads the spaCy parse (tokens, sentences, dependencies) and the entities layer (`doc.spans["spinscope.entities"]`,
for speaker names and affiliations). Finds attributions with the hand-written rules of `spinscope.quotes.rules`
(quotation marks, cue verbs, "according to", colons and dashes) widened to every complement-taking verb and
filtered by a logistic-regression model trained on PolNeAR (`spinscope.quotes.learned`); resolves each speaker
to a voice (`spinscope.quotes.speakers`): a canonical name, a type (named person or organisation, anonymous,
group, document, outlet) and an affiliation; and sums up the article's sourcing: its voices, how many are named
or anonymous, the share of the text that is attributed speech and which prominent actors have no voice.

Writes `doc.spans["spinscope.quotes"]` (one span per attribution over its content, label = kind) with
`Span._.spinscope_quote` (a plain dict: content fragments, cue, speaker and voice), and
`Doc._.spinscope_sourcing` (a plain dict). `attribution_at(doc, start, end)` tells other layers whether a
stretch of text is someone's speech, and whose.

>>> import spinscope
>>> doc = spinscope.load(layers=["quotes"]).nlp('"We will win," Jane Smith, a spokeswoman for Acme, said.')
>>> attribution_at(doc, 1, 12)["speaker"]
'Jane Smith'
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..analysis import exporter
from ..ingest import word_count
from ..quotes.extract import Mode, find
from ..quotes.learned import load_filter
from ..quotes.rules import Candidate
from ..quotes.speakers import ENTITY_KEY, SpeakerResolver, Voice, same_affiliation
from . import mark_ran, warn

SPAN_KEY = "spinscope.quotes"

if not Span.has_extension("spinscope_quote"):
    Span.set_extension("spinscope_quote", default=None)
if not Doc.has_extension("spinscope_sourcing"):
    Doc.set_extension("spinscope_sourcing", default=None)

# Actors mentioned at least this share as often as the most-mentioned actor count as prominent.
PROMINENT_SHARE = 0.4
VOICED_TYPES = ("named_person", "named_organization", "anonymous", "group", "document", "outlet", "unknown")


def _chars(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


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


class QuoteFinder:
    """The component: attributions, speakers and the sourcing summary of one Doc."""

    def __init__(self, mode: Mode = "auto") -> None:
        self.mode = mode
        self.filter = load_filter() if mode != "rules" else None

    def __call__(self, doc: Doc) -> Doc:
        candidates, marks = find(doc, self.mode, self.filter)
        if marks.unpaired:
            warn(
                doc,
                f"quotes: {len(marks.unpaired)} quotation mark(s) could not be paired "
                f"(first at character {marks.unpaired[0]}); quotes around them may be missed",
                at=(marks.unpaired[0], marks.unpaired[0] + 1),
            )
        resolver = SpeakerResolver(doc)
        voice_of: list[Voice | None] = [None] * len(candidates)
        methods: list[str] = ["none"] * len(candidates)
        # outer quotations first, so that "I"/"we" inside a quotation can point to its speaker
        order = sorted(
            range(len(candidates)), key=lambda i: (_container(candidates, candidates[i]) is not None, i)
        )
        for i in order:
            container = _container(candidates, candidates[i])
            quoted_by = voice_of[container] if container is not None else None
            resolution = resolver.resolve(candidates[i], quoted_by)
            voice_of[i], methods[i] = resolution.voice, resolution.method
        spans = []
        for i, cand in enumerate(candidates):
            voice = voice_of[i]
            span = doc.char_span(cand.start, cand.end, label=cand.kind, alignment_mode="expand")
            if span is None:
                continue
            span._.spinscope_quote = {
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
                "resolved_by": methods[i],
            }
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        doc._.spinscope_sourcing = sourcing(doc, spans, resolver.voices)
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


def _attributed_chars(doc: Doc, spans: list[Span]) -> tuple[set[int], dict[str, set[int]]]:
    total: set[int] = set()
    per_voice: dict[str, set[int]] = {}
    for span in spans:
        data = span._.spinscope_quote
        chars: set[int] = set()
        for start, end in data["parts"]:
            chars.update(range(start, end))
        total |= chars
        if data["voice_id"]:
            per_voice.setdefault(data["voice_id"], set()).update(chars)
    return total, per_voice


def _words_in(text: str, chars: set[int]) -> int:
    """Words whose characters are attributed (counted over maximal runs of attributed characters)."""
    if not chars:
        return 0
    ordered = sorted(chars)
    words = 0
    run_start = prev = ordered[0]
    for c in ordered[1:]:
        if c != prev + 1:
            words += word_count(text[run_start : prev + 1])
            run_start = c
        prev = c
    return words + word_count(text[run_start : prev + 1])


def _entity_id(doc: Doc, name: str) -> str | None:
    for span in doc.spans.get(ENTITY_KEY, []):
        if span._.spinscope_canonical == name:
            return str(span._.spinscope_entity_id)
    return None


def sourcing(doc: Doc, spans: list[Span], voices: list[Voice]) -> dict[str, Any]:
    """The article's voices and a plain statement of whose voices are present (msgpack-safe dict)."""
    text = doc.text
    total_words = word_count(text)
    attributed, per_voice = _attributed_chars(doc, spans)
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    for span in spans:
        data = span._.spinscope_quote
        if data["voice_id"]:
            counts[data["voice_id"]] += 1
            kinds.setdefault(data["voice_id"], Counter())[data["kind"]] += 1
    voice_items: list[dict[str, Any]] = []
    for voice in voices:
        if not counts[voice.id]:
            continue
        words = _words_in(text, per_voice.get(voice.id, set()))
        voice_items.append(
            {
                "id": voice.id,
                "name": voice.name,
                "speaker_type": voice.speaker_type,
                "affiliation": voice.affiliation,
                "entity_id": _entity_id(doc, voice.name) if voice.speaker_type.startswith("named") else None,
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
    unvoiced = _unvoiced_actors(doc, voice_items)
    return {
        "voices": voice_items,
        "counts": {t: type_counts.get(t, 0) for t in VOICED_TYPES},
        "attributed_words": _words_in(text, attributed),
        "attributed_share": round(_words_in(text, attributed) / total_words, 4) if total_words else 0.0,
        "unvoiced_actors": unvoiced,
        "statement": statement(voice_items, unvoiced),
    }


def _unvoiced_actors(doc: Doc, voices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prominent actors (people, organisations, countries, groups mentioned at least 40% as often as the most
    mentioned one, and at least twice) that no voice is, or is affiliated with."""
    mentions: Counter[str] = Counter()
    labels: dict[str, Counter[str]] = {}
    for span in doc.spans.get(ENTITY_KEY, []):
        if span.label_ in ("PERSON", "ORG", "GPE", "NORP"):
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


def statement(voices: list[dict[str, Any]], unvoiced: list[dict[str, Any]]) -> str:
    """One plain sentence (or two) an editor can check at a glance."""
    if not voices:
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
        ("unknown", "unidentified"),
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
    return text


def attribution_at(doc: Doc, start_char: int, end_char: int) -> dict[str, Any] | None:
    """Whose speech a stretch of text is, for other layers (techniques, claims, tone).

    Returns `{"speaker", "speaker_type", "affiliation", "kind", "voice_id", "quote_index"}` when at least half of
    the characters of `[start_char, end_char)` lie inside the content of one attribution (the innermost one when
    attributions nest), else None; None too when the quotes layer did not run. `speaker` is the canonical name
    of the voice (None when nobody is named, e.g. "it was said"); `quote_index` indexes `Analysis.quotes`.
    """
    if end_char <= start_char or SPAN_KEY not in doc.spans:
        return None
    need = 0.5 * (end_char - start_char)
    best: tuple[int, int] | None = None  # (content length, index)
    for index, span in enumerate(doc.spans[SPAN_KEY]):
        data = span._.spinscope_quote
        if data is None:
            continue
        inside = sum(max(0, min(end_char, e) - max(start_char, s)) for s, e in data["parts"])
        if inside >= need:
            length = sum(e - s for s, e in data["parts"])
            if best is None or length < best[0]:
                best = (length, index)
    if best is None:
        return None
    data = doc.spans[SPAN_KEY][best[1]]._.spinscope_quote
    return {
        "speaker": data["speaker_name"],
        "speaker_type": data["speaker_type"],
        "affiliation": data["affiliation"],
        "kind": data["kind"],
        "voice_id": data["voice_id"],
        "quote_index": best[1],
    }


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
                "score": data["score"],
            }
        )
    return {"quotes": quotes, "sourcing": doc._.spinscope_sourcing}
