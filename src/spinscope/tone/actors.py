"""How a text portrays each actor: one label per mention sentence, per voice, aggregated by one stated rule.

Input (given by the component, read from the Doc): the actors' mention spans (canonical entities of the entities
layer, aliases merged), the quotations of the quotes layer (character parts + speaker) and the article's
`Encoded` from the shared encoder. For every mention the target classifier (`spinscope.tone.targets`) gives
calibrated probabilities of how its sentence portrays it; mentions of one actor in one sentence and one voice
form one *mention sentence* (their probabilities averaged).

**Voice**: a mention whose characters lie (at least half) inside the content of a quotation is in that speaker's
voice (the innermost quotation); every other mention is in the outlet's own voice.

**Aggregation rule** (the same for a sentence, a voice and the whole actor, so that a label always agrees with
the sentences shown beside it): score = mean over the mention sentences of P(positive) - P(negative);
label = positive when score >= `margin`, negative when score <= -`margin`, neutral otherwise. A polar label
therefore always has at least one sentence of the same label, and the evidence shown is the 2-3 sentences that
pull the score most towards the label (for neutral: those closest to 0). `margin` is stored in the model's
config.json (chosen on NewsMTSC dev as the margin whose per-sentence labels score best).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from .filters import is_non_actor
from .targets import LABELS, EncodedLike, TargetToneModel

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
MAX_ACTORS = 10
EVIDENCE = 3
DEFAULT_MARGIN = 0.25


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

    @property
    def score(self) -> float:
        assert self.probabilities is not None
        return float(self.probabilities[2] - self.probabilities[0])


def label_of(score: float, margin: float) -> str:
    """The aggregation rule: positive at or above `margin`, negative at or below -`margin`, else neutral."""
    return "positive" if score >= margin else "negative" if score <= -margin else "neutral"


def aggregate(scores: Sequence[float], margin: float) -> tuple[str, float]:
    """(label, mean score) of a set of mention-sentence scores by the rule of the module docstring."""
    mean = float(np.mean(scores)) if len(scores) else 0.0
    return label_of(mean, margin), mean


def evidence(scores: Sequence[float], label: str, k: int = EVIDENCE) -> list[int]:
    """Indices of the (at most `k`) scores that weigh most for `label`: the most negative ones for negative, the
    most positive for positive, those nearest 0 for neutral; a polar label shows only sentences on its side."""
    order = list(range(len(scores)))
    if label == "neutral":
        order.sort(key=lambda i: (abs(scores[i]), i))
        return order[:k]
    sign = 1.0 if label == "positive" else -1.0
    order = [i for i in order if sign * scores[i] > 0]
    order.sort(key=lambda i: (-sign * scores[i], i))
    return order[:k]


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
    doc: Doc, groups: dict[str, list[Span]], skip_names: set[str] = frozenset()  # type: ignore[assignment]
) -> list[tuple[str, str, str, list[Span]]]:
    """(entity id, canonical name, label, mentions) of the actors worth scoring, most named first: canonical
    PERSON / ORG / GPE / NORP entities that are not the publisher (`skip_names`, folded) and not titles, events,
    laws or awards (`filters.is_non_actor`); those named at least twice (at most `MAX_ACTORS`), else the top 3."""
    actors = []
    for entity_id, spans in groups.items():
        label = Counter(s.label_ for s in spans).most_common(1)[0][0]
        name = spans[0]._.spinscope_canonical or spans[0].text
        if label not in ACTOR_LABELS or _fold(name) in skip_names or is_non_actor(doc, spans):
            continue
        actors.append((entity_id, name, label, sorted(spans, key=lambda s: s.start)))
    actors.sort(key=lambda a: (-len(a[3]), a[3][0].start))
    return [a for a in actors if len(a[3]) >= 2][:MAX_ACTORS] or actors[:3]


def units_of(mentions: Sequence[Span], quotes: Sequence[Quotation]) -> list[Unit]:
    """An actor's mention sentences in text order (one per sentence and voice)."""
    units: dict[tuple[int, str, str | None], Unit] = {}
    for mention in mentions:
        sent = mention.sent
        quote = voice_at(quotes, mention.start_char, mention.end_char)
        voice, speaker = ("own", None) if quote is None else ("quoted", quote.speaker)
        key = (sent.start_char, voice, speaker)
        unit = units.setdefault(key, Unit((sent.start_char, sent.end_char), voice, speaker))
        unit.mentions.append((mention.start_char, mention.end_char))
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
    margin = float(model.config.get("margin", DEFAULT_MARGIN))
    if force:
        chosen = [
            (key, spans[0]._.spinscope_canonical or spans[0].text, spans[0].label_ or "", spans)
            for key, spans in groups.items()
            if spans
        ]
    else:
        chosen = candidates(doc, groups, skip_names)
    per_actor = [units_of(spans, quotes) for *_, spans in chosen]
    items = [(u.sentence, m) for units in per_actor for u in units for m in u.mentions]
    probs = model.probabilities(enc, items)
    k = 0
    for units in per_actor:
        for unit in units:
            n = len(unit.mentions)
            unit.probabilities = probs[k : k + n].mean(0)
            k += n
    text = doc.text
    out = []
    for (entity_id, name, label, spans), units in zip(chosen, per_actor, strict=True):
        scores = [round(u.score, 4) for u in units]  # the figures shown are the figures the rule reads
        overall, score = aggregate(scores, margin)
        sentences = [_sentence(text, u, margin) for u in units]
        voices = []
        keys = sorted({(u.voice, u.speaker) for u in units}, key=lambda v: (v[0] != "own", v[1] or ""))
        for voice, speaker in keys:
            idx = [i for i, u in enumerate(units) if (u.voice, u.speaker) == (voice, speaker)]
            vlabel, vscore = aggregate([scores[i] for i in idx], margin)
            voices.append(
                {
                    "voice": voice,
                    "speaker": speaker,
                    "label": vlabel,
                    "score": round(vscore, 4),
                    "sentences": len(idx),
                    "evidence": [idx[j] for j in evidence([scores[i] for i in idx], vlabel)],
                }
            )
        own = [s for s, u in zip(scores, units, strict=True) if u.voice == "own"]
        quoted = [s for s, u in zip(scores, units, strict=True) if u.voice == "quoted"]
        mean_probs = np.mean([u.probabilities for u in units], axis=0) if units else np.full(3, 1 / 3)
        out.append(
            {
                "entity_id": entity_id,
                "name": name,
                "entity_label": label,
                "label": overall,
                "score": round(score, 4),
                "probabilities": {lab: round(float(p), 4) for lab, p in zip(LABELS, mean_probs, strict=True)},
                "mentions": len(spans),
                "own_voice": round(float(np.mean(own)), 4) if own else None,
                "quoted_voice": round(float(np.mean(quoted)), 4) if quoted else None,
                "voices": voices,
                "sentences": sentences,
                "evidence": evidence(scores, overall),
            }
        )
    return out


def _sentence(text: str, unit: Unit, margin: float) -> dict[str, Any]:
    assert unit.probabilities is not None
    start, end = unit.sentence
    # strip surrounding whitespace so that the span is the sentence's text and nothing else
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    probs = {lab: round(float(p), 4) for lab, p in zip(LABELS, unit.probabilities, strict=True)}
    score = round(max(-1.0, min(1.0, unit.score)), 4)
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in unit.mentions],
        "voice": unit.voice,
        "speaker": unit.speaker,
        "label": label_of(score, margin),
        "probabilities": probs,
        "score": score,
    }


def outlet_voice_label(actor: dict[str, Any]) -> str:
    """The label of the outlet's own voice (the actor's overall label when it is only named in quotations): the
    document-level author sentiment that PerSenT asks for."""
    for voice in actor["voices"]:
        if voice["voice"] == "own":
            return str(voice["label"])
    return str(actor["label"])
