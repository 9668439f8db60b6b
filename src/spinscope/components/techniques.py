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

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import docstate
from ..analysis import Persuasion, PersuasionFamily, TechniqueSpan, WeightySpan, exporter
from ..docstate import doc_text, document_options, mark_ran
from ..encoder import Encoded
from ..entities.titles import work_descriptions, work_titles
from ..techniques.catalog import get as technique_info
from ..techniques.coordination import complete_coordination
from ..techniques.likely import is_likely
from ..techniques.model import Prediction
from ..techniques.persuasion import REFERENCE_NAME, SpanIn
from ..techniques.sentences import MIN_LETTERS, at_line_breaks, split_at_sentences
from .encoder import encoded


def attribution_of(doc: Doc, start: int, end: int) -> dict[str, Any] | None:
    """The quotation a character span lies in, from the quotes layer when it ran (else None)."""
    if not docstate.ran(doc, "quotes"):
        return None
    from .quotes import attribution_at

    found = attribution_at(doc, start, end)
    return dict(found) if found else None


def sentence_ranges(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` characters of spaCy's sentences, cut at line breaks (`techniques.sentences
    .at_line_breaks`: a headline is a sentence of its own); the whole text when nothing set sentence starts.
    ``text``: the Doc's text when the caller has it (spaCy rebuilds `Doc.text` on every access)."""
    text = doc_text(doc) if text is None else text
    if not doc.has_annotation("SENT_START"):
        return at_line_breaks(text, [(0, len(text))]) if len(doc) else []
    return at_line_breaks(text, [(sent.start_char, sent.end_char) for sent in doc.sents])


def phrases(
    doc: Doc, predictions: Iterable[Prediction], sentences: list[tuple[int, int]], min_score: float = 0.0
) -> list[Span]:
    """The predictions as spans a reader can check: cut at sentence boundaries (`techniques.sentences`) and
    around titles of works and what is said of their fiction (`entities.titles`: "Parasite" in an awards report
    is a film, not a label; "a ruthless divorce lawyer" is a role), snapped
    to spaCy's tokens, one span per phrase with ``Span._.spinscope_techniques`` = {technique: score} and
    ``Span._.spinscope_phrase_score`` = the calibrated probability that the phrase uses a technique at all (the
    highest of its predictions'; a piece cut at a sentence boundary keeps its prediction's). A phrase the decoder
    cut on "and" is completed with its conjunct or trimmed (`techniques.coordination`: "ruin and" -> "ruin and
    poverty")."""
    text = doc.text
    titles = work_titles(doc, text)
    excluded = titles + work_descriptions(text, sentences, titles)
    by_offsets: dict[tuple[int, int], dict[str, float]] = {}
    phrase_score: dict[tuple[int, int], float] = {}
    for pred in predictions:
        if pred.score < min_score:
            continue
        for start, end in split_at_sentences(text, [(pred.start, pred.end)], sentences, excluded):
            scores = by_offsets.setdefault((start, end), {})
            scores[pred.technique] = max(scores.get(pred.technique, 0.0), round(float(pred.score), 4))
            phrase_score[(start, end)] = max(phrase_score.get((start, end), 0.0), float(pred.span_score))
    by_tokens: dict[tuple[int, int], dict[str, float]] = {}
    token_phrase_score: dict[tuple[int, int], float] = {}
    for (start, end), scores in sorted(by_offsets.items()):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not span.text.strip():
            continue
        sentence = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        key = complete_coordination(doc, span.start, span.end, sentence, excluded)
        if sum(ch.isalnum() for ch in doc[key[0] : key[1]].text) < MIN_LETTERS:
            continue  # only conjunctions, or too little left without them
        merged = by_tokens.setdefault(key, {})
        for name, score in scores.items():
            merged[name] = max(merged.get(name, 0.0), score)
        token_phrase_score[key] = max(token_phrase_score.get(key, 0.0), phrase_score[(start, end)])
    out = []
    for (a, b), scores in sorted(by_tokens.items()):
        span = Span(doc, a, b, label=max(scores, key=lambda name: scores[name]))
        span._.spinscope_techniques = scores
        span._.spinscope_phrase_score = round(token_phrase_score[(a, b)], 4)
        out.append(span)
    return out


class TechniqueDetector:
    """`threshold`: the token probability from which a word belongs to a technique phrase (None: the value tuned
    for SI F1 on PTC dev, 0.35). Lower finds more (0.25: recall 0.68, precision 0.28 on PTC dev; 0.35: 0.54 /
    0.35), higher fewer and surer (0.45: 0.38 / 0.42). `min_score` drops phrases below a calibrated score.
    `profile`: "default" (the MiniLM student) or "accurate" (the phrases of the installed mpnet teacher,
    `techniques.accurate`, with the technique of each from the teacher's own head; the persuasion index stays
    the student's)."""

    def __init__(
        self, min_score: float = 0.0, threshold: float | None = None, profile: str = "default"
    ) -> None:
        from ..techniques.accurate import check_profile, shared_tagger
        from ..techniques.model import shared_model
        from ..techniques.persuasion import shared_persuasion

        if threshold is not None and not 0.0 < threshold < 1.0:
            raise ValueError(f"techniques threshold must lie between 0 and 1, got {threshold}")
        self.model = shared_model()
        self.persuasion = shared_persuasion()
        self.min_score = min_score
        self.threshold = threshold
        self.tagger = shared_tagger() if check_profile(profile) == "accurate" else None

    def predictions(self, enc: Encoded, threshold: float | None) -> list[Prediction]:
        """The phrases of this detector's profile on the shared encoding."""
        if self.tagger is None:
            return self.model.predict_encoded(enc, threshold)
        return self.tagger.predict(self.model, enc, threshold)

    def __call__(self, doc: Doc) -> Doc:
        options = document_options(doc, "techniques")  # per-article overrides (e.g. an API request's)
        threshold = options.get("threshold", self.threshold)
        min_score = options.get("min_score", self.min_score)
        enc = encoded(doc)
        sentences = sentence_ranges(doc, enc.text)  # the encoding's text is the Doc's (`encoded` checked it)
        spans = phrases(doc, self.predictions(enc, threshold), sentences, min_score)
        for span in spans:
            span._.spinscope_attribution = attribution_of(doc, span.start_char, span.end_char)
        doc.spans[docstate.TECHNIQUES] = spans
        # the index reads the student's default decoding (its reference distribution was made so): display
        # options (threshold, min_score) and the profile never move it
        basis = (
            spans
            if threshold is None and min_score == 0 and self.tagger is None
            else phrases(doc, self.model.predict_encoded(enc), sentences, 0.0)
        )
        # stored as plain data: spaCy serialises extensions (nlp.pipe with n_process > 1)
        doc._.spinscope_persuasion = self.persuasion.assess_data(
            doc,
            sentences,
            [
                SpanIn(
                    s.start_char, s.end_char, s.label_, max((s._.spinscope_techniques or {0: 0.0}).values())
                )
                for s in basis
            ],
            sum(1 for token in doc if token.is_alpha),
            enc.text,  # the Doc's text, kept by the encoder
        )
        mark_ran(doc, "techniques")
        return doc


@Language.factory(
    "spinscope/techniques",
    assigns=["doc.spans"],
    default_config={"min_score": 0.0, "threshold": None, "profile": "default"},
)
def make_techniques(
    nlp: Language, name: str, min_score: float, threshold: float | None, profile: str
) -> TechniqueDetector:
    return TechniqueDetector(min_score=min_score, threshold=threshold, profile=profile)


@exporter("techniques")
def export(doc: Doc) -> dict[str, Any]:
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
                    phrase_score=span._.spinscope_phrase_score,
                    likely=is_likely(span._.spinscope_phrase_score),
                    definition=info.definition,
                    in_quote=(attribution is not None) if quotes_ran else None,
                    speaker=attribution.get("speaker") if attribution else None,
                )
            )
    return {"techniques": items, "persuasion": persuasion_of(doc)}


def persuasion_of(doc: Doc) -> Persuasion | None:
    """The article's persuasion index as the typed model (None when the component did not assess it)."""
    found = doc._.spinscope_persuasion
    if found is None:
        return None
    top = []
    for weighty in found["top_spans"]:
        span = weighty["span"]
        info = technique_info(span["technique"])
        top.append(
            WeightySpan(
                start=span["start"],
                end=span["end"],
                text=doc.text[span["start"] : span["end"]],
                technique=span["technique"],
                label=info.label,
                family=info.family,
                score=span["score"],
                sentence_score=weighty["sentence_score"],
            )
        )
    return Persuasion(
        index=found["index"],
        percentile=found["percentile"],
        reference=REFERENCE_NAME,
        families=[PersuasionFamily(**family) for family in found["families"]],
        top_spans=top,
    )
