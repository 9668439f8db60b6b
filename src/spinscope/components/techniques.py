"""`spinscope/techniques`: phrases that use one of the 14 persuasion techniques of SemEval-2020 Task 11.

Reads the shared encoder's states of the whole text (`spinscope/encoder`: the fine-tuned MiniLM in int8 ONNX, in
windows, so long articles are never truncated) and turns them into phrases with the shipped model's span decoding
and technique head (`spinscope.techniques.model.TechniqueModel`, see `models/techniques/card.md`). Writes `doc.spans["spinscope.techniques"]`: one span per detected
phrase, labelled with its most likely technique, with `Span._.spinscope_techniques` = {technique: calibrated
probability} (usually one entry; a second technique when the model is confident of both). spaCy keys span
extensions by offsets, so several techniques on one phrase live in that one dict rather than in twin spans.
When the quotes layer ran, each span also gets `Span._.spinscope_attribution` = the quotation it lies in and
whose, so an outlet is not charged for loaded words it attributes to a speaker.

>>> import spinscope
>>> doc = spinscope.load(layers=["techniques"]).nlp("They left nothing but ruin and poverty, the cowards.")
>>> [span.label_ for span in doc.spans["spinscope.techniques"]]  # doctest: +SKIP
['Loaded_Language', 'Name_Calling,Labeling']
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import docstate
from ..analysis import TechniqueSpan, exporter
from ..docstate import document_options, mark_ran
from ..techniques.catalog import get as technique_info
from .encoder import encoded


def attribution_of(doc: Doc, start: int, end: int) -> dict[str, Any] | None:
    """The quotation a character span lies in, from the quotes layer when it ran (else None)."""
    if not docstate.ran(doc, "quotes"):
        return None
    from .quotes import attribution_at

    found = attribution_at(doc, start, end)
    return dict(found) if found else None


class TechniqueDetector:
    """`threshold`: the token probability from which a word belongs to a technique phrase (None: the value tuned
    for SI F1 on PTC dev, 0.35). Lower finds more (0.25: recall 0.68, precision 0.28 on PTC dev; 0.35: 0.54 /
    0.35), higher fewer and surer (0.45: 0.38 / 0.42). `min_score` drops phrases below a calibrated score."""

    def __init__(self, min_score: float = 0.0, threshold: float | None = None) -> None:
        from ..techniques.model import shared_model

        if threshold is not None and not 0.0 < threshold < 1.0:
            raise ValueError(f"techniques threshold must lie between 0 and 1, got {threshold}")
        self.model = shared_model()
        self.min_score = min_score
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        options = document_options(doc, "techniques")  # per-article overrides (e.g. an API request's)
        threshold = options.get("threshold", self.threshold)
        min_score = options.get("min_score", self.min_score)
        by_offsets: dict[tuple[int, int], dict[str, float]] = {}
        for pred in self.model.predict_encoded(encoded(doc), threshold):
            if pred.score < min_score:
                continue
            by_offsets.setdefault((pred.start, pred.end), {})[pred.technique] = round(float(pred.score), 4)
        spans = []
        for (start, end), scores in sorted(by_offsets.items()):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            best = max(scores, key=lambda name: scores[name])
            span = Span(doc, span.start, span.end, label=best)
            previous = span._.spinscope_techniques or {}
            span._.spinscope_techniques = {**previous, **scores}
            span._.spinscope_attribution = attribution_of(doc, span.start_char, span.end_char)
            spans.append(span)
        doc.spans[docstate.TECHNIQUES] = spans
        mark_ran(doc, "techniques")
        return doc


@Language.factory(
    "spinscope/techniques",
    assigns=["doc.spans"],
    default_config={"min_score": 0.0, "threshold": None},
)
def make_techniques(nlp: Language, name: str, min_score: float, threshold: float | None) -> TechniqueDetector:
    return TechniqueDetector(min_score=min_score, threshold=threshold)


@exporter("techniques")
def export(doc: Doc) -> dict[str, list[TechniqueSpan]]:
    quotes_ran = docstate.ran(doc, "quotes")
    items = []
    seen: set[tuple[int, int, str]] = set()
    for span in doc.spans.get(docstate.TECHNIQUES, []):
        attribution = span._.spinscope_attribution
        for technique, score in sorted((span._.spinscope_techniques or {}).items(), key=lambda kv: -kv[1]):
            key = (span.start_char, span.end_char, technique)
            if key in seen:
                continue
            seen.add(key)
            info = technique_info(technique)
            items.append(
                TechniqueSpan(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    technique=technique,
                    label=info.label,
                    family=info.family,
                    score=score,
                    definition=info.definition,
                    in_quote=(attribution is not None) if quotes_ran else None,
                    speaker=attribution.get("speaker") if attribution else None,
                )
            )
    return {"techniques": items}
