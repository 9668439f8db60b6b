"""PerSenT (Bastan et al., COLING 2020): the author's sentiment towards the main entity of a news article.

Reads the released CSV files (DOCUMENT_INDEX, TITLE, TARGET_ENTITY, DOCUMENT, TRUE_SENTIMENT, ...), runs the
spinscope pipeline on each article (title + text, as an article would arrive: entities, quotes, tone), finds the
mentions of the target entity and labels them exactly as the tone layer labels an actor (`tone.actors`): one
label per mention sentence from the target classifier, aggregated per voice; the document-level prediction is
the outlet's own voice (`outlet_voice_label`). The lexicon baseline is the mean VADER compound of the sentences
naming the entity, with two thresholds tuned on PerSenT dev. Used by `spinscope tone eval --persent FILE`; the
data are never shipped.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from ..ingest import InputError

GOLD = {"Positive": "positive", "Neutral": "neutral", "Negative": "negative"}
REQUIRED = ("TITLE", "TARGET_ENTITY", "DOCUMENT", "TRUE_SENTIMENT")


@dataclass(frozen=True)
class Example:
    index: str
    title: str
    target: str
    text: str
    label: str  # negative / neutral / positive

    @property
    def article(self) -> str:
        """Title on the first line, then the text: the shape spinscope gets from a real article."""
        return f"{self.title.strip()}\n\n{self.text.strip()}" if self.title.strip() else self.text.strip()


def read(path: Path) -> list[Example]:
    """The examples of a PerSenT CSV file; a missing or malformed file raises `InputError`."""
    if not path.is_file():
        raise InputError(f"no such PerSenT file: {path}")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path} is not a PerSenT file: missing column(s) {', '.join(missing)}")
        examples = []
        for row in reader:
            gold = GOLD.get((row["TRUE_SENTIMENT"] or "").strip())
            if gold is None or not (row["DOCUMENT"] or "").strip():
                continue
            examples.append(
                Example(
                    row.get("DOCUMENT_INDEX", ""),
                    row["TITLE"] or "",
                    row["TARGET_ENTITY"],
                    row["DOCUMENT"],
                    gold,
                )
            )
    if not examples:
        raise InputError(f"{path} has no labelled PerSenT rows")
    return examples


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def target_mentions(doc: Doc, target: str) -> list[Span]:
    """Mentions of the target entity: entity groups whose canonical name or a mention matches the target (or
    its surname, for a person), plus literal occurrences of the full name and of its last word."""
    from ..entities.linking import entity_groups

    wanted = _fold(target)
    words = [w for w in wanted.split() if len(w) > 2]
    last = words[-1] if words else wanted
    spans: list[Span] = []
    for group in entity_groups(doc).values():
        names = {_fold(group[0]._.spinscope_canonical or "")} | {_fold(s.text) for s in group}
        if wanted in names or last in names or any(wanted and n and (wanted in n) for n in names):
            spans.extend(group)
    taken = {t.i for s in spans for t in s}
    for form in {target.strip(), last.title() if words else ""}:
        if not form:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", doc.text, flags=re.I):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not ({t.i for t in span} & taken):
                spans.append(span)
                taken.update(t.i for t in span)
    return sorted(spans, key=lambda s: s.start)


@dataclass(frozen=True)
class Prediction:
    example: Example
    found: bool  # the target entity was found in the article
    label: str  # the outlet-voice label (neutral when the target was not found)
    sentence_compound: float  # the baseline's input
    sentences: tuple[
        dict[str, Any], ...
    ] = ()  # the target's mention sentences (voice, speaker, probabilities)


def predict(examples: list[Example], *, progress: bool = False) -> Iterator[Prediction]:
    """The tone layer's outlet-voice label for each example's target entity, and the baseline's input."""
    from ..components.encoder import encoded
    from ..components.tone import quotations_of
    from ..pipeline import Pipeline
    from ..tone.actors import actor_tones, outlet_voice_label
    from ..tone.document import compound
    from ..tone.targets import shared_target_model

    model = shared_target_model()
    # the layers the tone layer reads; its actor part is then run on the target's mentions only
    nlp = Pipeline(["entities", "quotes"]).nlp
    docs = nlp.pipe((ex.article for ex in examples), batch_size=16)
    for count, (example, doc) in enumerate(zip(examples, docs, strict=True), start=1):
        mentions = target_mentions(doc, example.target)
        if progress and count % 50 == 0:
            print(f"  {count}/{len(examples)} articles", file=sys.stderr)
        if not mentions:
            yield Prediction(example, False, "neutral", 0.0)
            continue
        actors = actor_tones(doc, {"T": mentions}, quotations_of(doc), encoded(doc), model, force=True)
        sentences = {m.sent.start: compound(m.sent.text) for m in mentions}
        value = sum(sentences.values()) / len(sentences)
        units = tuple(
            {"voice": m["voice"], "speaker": m["speaker"], "probabilities": m["probabilities"]}
            for m in actors[0]["sentences"]
        )
        yield Prediction(example, True, outlet_voice_label(actors[0]), value, units)


def summary(predictions: list[Prediction], low: float, high: float) -> dict[str, Any]:
    from .metrics import scores, threshold_label

    gold = [p.example.label for p in predictions]
    return {
        "model": scores(gold, [p.label for p in predictions]),
        "baseline": scores(gold, [threshold_label(p.sentence_compound, low, high) for p in predictions]),
        "target_not_found": sum(not p.found for p in predictions),
    }
