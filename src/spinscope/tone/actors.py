"""How a text portrays each actor: one label per mention sentence, per voice, aggregated by one stated rule.

Input (given by the component, read from the Doc): the actors' mention spans (canonical entities of the entities
layer, aliases merged), the quotations of the quotes layer (character parts + speaker) and the article's
`Encoded` from the shared encoder. For every mention the target classifier (`spinscope.tone.targets`) gives
calibrated probabilities of how its sentence portrays it; mentions of one actor in one sentence and one voice
form one *mention sentence* (their probabilities averaged).

**Voice**: a mention whose characters lie (at least half) inside the content of a quotation is in that speaker's
voice (the innermost quotation); every other mention is in the outlet's own voice.

**Aggregation rule** (the same for a voice and for the whole actor): each mention sentence votes for its own
label (the most probable one) with its probability of that label; the actor's label in a voice is the label with
the largest total vote (ties: neutral when it is among them, else the label met first in the text). The winning label is therefore always the label of at least one of
the sentences, and the evidence shown beside it is the 2-3 sentences *with that label* that are most sure of it,
so a label never stands beside evidence that says otherwise. The score beside it (mean P(positive) - P(negative)
of the same sentences) says how far the voice leans; with one sentence, label and probabilities are that
sentence's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from .. import docstate
from .filters import is_non_actor, non_actor_entities
from .targets import LABELS, EncodedLike, TargetToneModel

MAX_ACTORS = 10
EVIDENCE = 3


@dataclass(frozen=True)
class Quotation:
    """One attribution of the quotes layer: the character ranges of its content and who speaks."""

    parts: tuple[tuple[int, int], ...]
    speaker: str | None

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.parts)


@dataclass
class Unit:
    """One mention sentence: an actor's mentions in one sentence and one voice."""

    sentence: tuple[int, int]
    voice: str  # "own" or "quoted"
    speaker: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    probabilities: np.ndarray | None = None


def label_of(probabilities: np.ndarray) -> str:
    """A mention sentence's label: the most probable of negative / neutral / positive."""
    return LABELS[int(np.argmax(probabilities))]


def aggregate(
    probabilities: Sequence[np.ndarray], weights: Sequence[float] = (1.0, 1.0, 1.0)
) -> tuple[str, float, int]:
    """(label, score, sentences with that label) of mention sentences by the rule of the module docstring;
    neutral with score 0 when there is none. `weights`: the vote weight of each label (negative, neutral,
    positive; the model's `vote_weights`)."""
    if not len(probabilities):
        return "neutral", 0.0, 0
    votes = dict.fromkeys(LABELS, 0.0)
    counts = dict.fromkeys(LABELS, 0)
    for p in probabilities:
        label = label_of(p)
        votes[label] += float(np.max(p)) * float(weights[LABELS.index(label)])
        counts[label] += 1
    first = {lab: i for i, p in reversed(list(enumerate(probabilities))) for lab in [label_of(p)]}
    # ties: neutral when it is among them, else the label that comes first in the text
    label = max(
        (lab for lab in LABELS if counts[lab]),
        key=lambda lab: (round(votes[lab], 6), lab == "neutral", -first[lab]),
    )
    score = float(np.mean([p[2] - p[0] for p in probabilities]))
    return label, score, counts[label]


def evidence(probabilities: Sequence[np.ndarray], label: str, k: int = EVIDENCE) -> list[int]:
    """Indices of the (at most `k`) sentences labelled `label` that are most sure of it, in that order."""
    column = LABELS.index(label)
    chosen = [i for i, p in enumerate(probabilities) if label_of(p) == label]
    chosen.sort(key=lambda i: (-float(probabilities[i][column]), i))
    return chosen[:k]


def voice_at(quotes: Sequence[Quotation], start: int, end: int) -> Quotation | None:
    """The innermost quotation holding at least half of the characters [start, end), else None."""
    need = 0.5 * (end - start)
    best: Quotation | None = None
    for quote in quotes:
        inside = sum(max(0, min(end, e) - max(start, s)) for s, e in quote.parts)
        if inside >= need and inside > 0 and (best is None or quote.length < best.length):
            best = quote
    return best


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def candidates(
    doc: Doc,
    groups: dict[str, list[Span]],
    skip_names: set[str] = frozenset(),  # type: ignore[assignment]
    text: str | None = None,
) -> list[tuple[str, str, str, list[Span]]]:
    """(entity id, canonical name, label, mentions) of the actors worth scoring, most named first: canonical
    PERSON / ORG / GPE / NORP entities that are not the publisher (`skip_names`, folded) and not titles, events,
    laws or awards (`filters.is_non_actor`); those named at least twice (at most `MAX_ACTORS`), else the top 3."""
    actors = []
    text, others = doc.text if text is None else text, non_actor_entities(doc)
    for entity_id, spans in groups.items():
        label = Counter(s.label_ for s in spans).most_common(1)[0][0]
        name = spans[0]._.spinscope_canonical or spans[0].text
        if (
            label not in docstate.ACTOR_LABELS
            or _fold(name) in skip_names
            or is_non_actor(doc, spans, text, others)
        ):
            continue
        actors.append((entity_id, name, label, sorted(spans, key=lambda s: s.start)))
    actors.sort(key=lambda a: (-len(a[3]), a[3][0].start))
    return [a for a in actors if len(a[3]) >= 2][:MAX_ACTORS] or actors[:3]


class Sentences:
    """The sentences of a document, computed once: which sentence a mention is in, cut at line breaks (spaCy's
    parser often runs a heading or a dateline into the next sentence; the classifier learned single sentences)."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.text = doc.text if text is None else text
        self.spans = [(s.start, s.start_char, s.end_char) for s in doc.sents]
        self.starts = np.asarray([s[0] for s in self.spans], dtype=np.int64)

    def of(self, mention: Span) -> tuple[int, int]:
        _, start, end = self.spans[int(np.searchsorted(self.starts, mention.start, side="right")) - 1]
        text = self.text
        m_start, m_end = trimmed(text, mention.start_char, mention.end_char)
        start = max(start, text.rfind("\n", 0, m_start) + 1)
        line_end = text.find("\n", m_end)
        end = min(end, line_end) if line_end >= 0 else end
        return start, max(end, m_end)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A mention's characters without the white space spaCy's NER sometimes takes in (a trailing line break)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def units_of(mentions: Sequence[Span], quotes: Sequence[Quotation], sentences: Sentences) -> list[Unit]:
    """An actor's mention sentences in text order (one per sentence and voice)."""
    units: dict[tuple[int, str, str | None], Unit] = {}
    for mention in mentions:
        sentence = sentences.of(mention)
        quote = voice_at(quotes, mention.start_char, mention.end_char)
        voice, speaker = ("own", None) if quote is None else ("quoted", quote.speaker)
        key = (sentence[0], voice, speaker)
        unit = units.setdefault(key, Unit(sentence, voice, speaker))
        unit.mentions.append(trimmed(sentences.text, mention.start_char, mention.end_char))
    return sorted(units.values(), key=lambda u: (u.sentence[0], u.voice != "own", u.speaker or ""))


def actor_tones(
    doc: Doc,
    groups: dict[str, list[Span]],
    quotes: Sequence[Quotation],
    enc: EncodedLike,
    model: TargetToneModel,
    skip_names: set[str] = frozenset(),  # type: ignore[assignment]
    force: bool = False,
) -> list[dict[str, Any]]:
    """`Tone.actors` as plain dicts (see `spinscope.analysis.ActorTone`), most named actor first. `force`: score
    every group as given, without choosing the salient actors (an evaluation that knows its target)."""
    text = doc.text  # built from the tokens on each access: once here
    weights = tuple(float(w) for w in model.config.get("vote_weights", (1.0, 1.0, 1.0)))
    if force:
        chosen = [
            (key, spans[0]._.spinscope_canonical or spans[0].text, spans[0].label_ or "", spans)
            for key, spans in groups.items()
            if spans
        ]
    else:
        chosen = candidates(doc, groups, skip_names, text)
    sentences = Sentences(doc, text)
    per_actor = [units_of(spans, quotes, sentences) for *_, spans in chosen]
    items = [(u.sentence, m) for units in per_actor for u in units for m in u.mentions]
    found = model.probabilities(enc, items)
    k = 0
    for units in per_actor:
        for unit in units:
            n = len(unit.mentions)
            unit.probabilities = found[k : k + n].mean(0)
            k += n
    text = sentences.text
    out = []
    for (entity_id, name, label, spans), units in zip(chosen, per_actor, strict=True):
        # the figures shown are the figures the rule reads (rounded once, here)
        probs = [np.round(np.asarray(u.probabilities, dtype=np.float64), 4) for u in units]
        overall, score, agreeing = aggregate(probs, weights)
        voices = []
        keys = sorted({(u.voice, u.speaker) for u in units}, key=lambda v: (v[0] != "own", v[1] or ""))
        for voice, speaker in keys:
            idx = [i for i, u in enumerate(units) if (u.voice, u.speaker) == (voice, speaker)]
            vlabel, vscore, vagree = aggregate([probs[i] for i in idx], weights)
            voices.append(
                {
                    "voice": voice,
                    "speaker": speaker,
                    "label": vlabel,
                    "score": round(vscore, 4),
                    "sentences": len(idx),
                    "agreeing": vagree,
                    "evidence": [idx[j] for j in evidence([probs[i] for i in idx], vlabel)],
                }
            )
        own = [float(p[2] - p[0]) for p, u in zip(probs, units, strict=True) if u.voice == "own"]
        quoted = [float(p[2] - p[0]) for p, u in zip(probs, units, strict=True) if u.voice == "quoted"]
        mean_probs = np.mean(probs, axis=0) if probs else np.full(3, 1 / 3)
        out.append(
            {
                "entity_id": entity_id,
                "name": name,
                "entity_label": label,
                "label": overall,
                "score": round(score, 4),
                "agreeing": agreeing,
                "probabilities": {lab: round(float(p), 4) for lab, p in zip(LABELS, mean_probs, strict=True)},
                "mentions": len(spans),
                "own_voice": round(float(np.mean(own)), 4) if own else None,
                "quoted_voice": round(float(np.mean(quoted)), 4) if quoted else None,
                "voices": voices,
                "sentences": [_sentence(text, u, p) for u, p in zip(units, probs, strict=True)],
                "evidence": evidence(probs, overall),
            }
        )
    return out


def _sentence(text: str, unit: Unit, probs: np.ndarray) -> dict[str, Any]:
    start, end = unit.sentence
    # strip surrounding whitespace so that the span is the sentence's text and nothing else
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in unit.mentions],
        "voice": unit.voice,
        "speaker": unit.speaker,
        "label": label_of(probs),
        "probabilities": {lab: float(p) for lab, p in zip(LABELS, probs, strict=True)},
        "score": round(max(-1.0, min(1.0, float(probs[2] - probs[0]))), 4),
    }


def outlet_voice_label(actor: dict[str, Any]) -> str:
    """The label of the outlet's own voice (the actor's overall label when it is only named in quotations): the
    document-level author sentiment that PerSenT asks for."""
    for voice in actor["voices"]:
        if voice["voice"] == "own":
            return str(voice["label"])
    return str(actor["label"])
