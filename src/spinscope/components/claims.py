"""`spinscope/claims`: check-worthy factual claims, with their numbers, money and dates normalised.

Reads the sentences of the `Doc` (spaCy's parser), the actors of the entities layer (`doc.spans["spinscope.entities"]`),
the publication date (`doc.user_data["spinscope_meta"]["published"]`, the base for "last Tuesday") and, when the
quotes layer ran, its attributions (`spinscope.components.quotes.attribution_at`), because a claim made by a
spokesman is a different thing to check from one made in the outlet's own voice.

Each sentence (each line of it, so a headline stays apart from the text after it) that could be a claim is scored
by a check-worthiness classifier (`spinscope.claims.model`: two fine-tuned MiniLM layers on the states of the
techniques layer's encoder, which reads the article once for both layers) giving a calibrated probability of
check-worthiness in the CheckThat! sense; sentences at or above `threshold` (default: the F1-best threshold on
CheckThat! 2024 dev, stored with the model) become claims. Very short fragments and sentences with neither a verb
nor a number are not scored (they cannot be factual claims, and skipping them keeps the layer fast).

Writes `doc.spans["spinscope.claims"]` (label = kind: statistic, event, causal, comparison, quoted claim, other)
with `Span._.spinscope_claim`, a msgpack-safe dict: score, kind, quantities (see `spinscope.claims.quantities`),
entities, in_quote, speaker.

>>> import spinscope
>>> doc = spinscope.load(layers=["claims"]).nlp("Thanks. Unemployment fell to 3.5 percent in 2019, the lowest in 50 years.")
>>> [(s.text[:12], s._.spinscope_claim["quantities"][0]["value"]) for s in doc.spans["spinscope.claims"]]
[('Unemployment', 3.5)]
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..analysis import exporter
from ..claims.quantities import find_quantities
from . import document_options, mark_ran

SPAN_KEY = "spinscope.claims"
ENTITY_KEY = "spinscope.entities"
QUOTES_KEY = "spinscope.quotes"
MIN_QUOTED_SHARE = 0.4
MIN_WORDS = 4

if not Span.has_extension("spinscope_claim"):
    Span.set_extension("spinscope_claim", default=None)

CAUSAL = re.compile(
    r"\b(?:because|due to|caused?|causing|led to|leads? to|lead to|result(?:ed|s)? in|as a result|therefore|"
    r"thanks to|blamed?|responsible for|so that|affect(?:ed|s)?|contribut(?:ed|es) to)\b",
    re.I,
)
COMPARISON = re.compile(
    r"\b(?:than|more|less|fewer|most|least|highest|lowest|largest|biggest|smallest|record|double[ds]?|"
    r"tripled?|twice|half|compared|increase[ds]?|decrease[ds]?|rose|risen|fell|fallen|dropped|grew)\b",
    re.I,
)
QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


def _published(doc: Doc) -> date | None:
    value = (doc.user_data.get("spinscope_meta") or {}).get("published")
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def units(span: Span) -> list[tuple[int, int]]:
    """(start, end) char ranges of the claim candidates in a sentence: one per non-empty line, trimmed."""
    out = []
    offset = span.start_char
    for line in re.split(r"(\n+)", span.text):
        stripped = line.strip()
        if stripped and not line.startswith("\n"):
            start = offset + (len(line) - len(line.lstrip()))
            out.append((start, start + len(stripped)))
        offset += len(line)
    return out


def could_be_claim(span: Span) -> bool:
    words = [t for t in span if t.is_alpha or t.like_num]
    if len(words) < MIN_WORDS:
        return False
    return any(t.pos_ in ("VERB", "AUX") or t.like_num for t in span)


def kind_of(text: str, quantities: list[dict[str, Any]], quoted: bool, span: Span) -> str:
    if quoted:
        return "quoted claim"
    if any(q["type"] in ("money", "percent", "count") for q in quantities):
        return "statistic"
    if CAUSAL.search(text):
        return "causal"
    if COMPARISON.search(text) or any(t.tag_ in ("JJR", "JJS", "RBR", "RBS") for t in span):
        return "comparison"
    if quantities or any(t.tag_ in ("VBD", "VBN") for t in span):
        return "event"
    return "other"


def refine_units(doc: Doc, quantities: list[dict[str, Any]], limit: int, text: str | None = None) -> None:
    """A count's unit is the noun its number modifies, when the parse says so: "two state judges" -> judges
    (the span then reaches the noun); the regex's guess (the next word) stays otherwise."""
    for k, q in enumerate(quantities):
        if q["type"] != "count":
            continue
        span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            head = token.head
            if (
                token.like_num
                and token.dep_ == "nummod"
                and head.pos_ in ("NOUN", "PROPN")
                and 0 < head.i - token.i <= 4
            ):
                end = max(q["end"], head.idx + len(head.text))
                following = quantities[k + 1]["start"] if k + 1 < len(quantities) else limit
                if end <= min(limit, following):
                    q["unit"] = head.text.lower()
                    q["end"] = end
                    q["text"] = (doc.text if text is None else text)[q["start"] : end]
                break


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


def _attribution(doc: Doc, start: int, end: int, text: str) -> dict[str, Any] | None:
    """The quotes layer's attribution of the claim: of the whole sentence when it lies in one quotation, else of
    the quoted or reported content that covers at least 40% of it ("X emphasized that <content>")."""
    try:
        from .quotes import attribution_at
    except ImportError:
        return None
    found: dict[str, Any] | None = attribution_at(doc, start, end)
    if found is not None:
        return found
    best: tuple[int, int, int] | None = None  # (overlap, start, end)
    for span in doc.spans.get(QUOTES_KEY, []):
        data = getattr(span._, "spinscope_quote", None) or {}
        for s, e in data.get("parts", []):
            a, b = max(s, start), min(e, end)
            if b - a > 0 and (best is None or b - a > best[0]):
                best = (b - a, a, b)
    for m in QUOTED.finditer(text):  # a quotation the quotes layer may have split differently
        a, b = start + m.start(1), start + m.end(1)
        if best is None or b - a > best[0]:
            best = (b - a, a, b)
    if best is None or best[0] < MIN_QUOTED_SHARE * (end - start):
        return None
    return attribution_at(doc, best[1], best[2])


class ClaimDetector:
    def __init__(self, threshold: float | None, model_dir: str | None):
        from ..claims.model import shared_model

        self.model = shared_model(model_dir)
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        find_quantities("on August 31, 2021")  # dateparser's first call loads its tables: pay it at load time

    def __call__(self, doc: Doc) -> Doc:
        doc_text = doc.text  # spaCy rebuilds Doc.text from the tokens on every access: read it once
        candidates: list[tuple[int, int]] = []
        for sent in doc.sents:
            for start, end in units(sent):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and could_be_claim(span):
                    candidates.append((span.start_char, span.end_char))
        scores = self.model.span_scores(doc_text, candidates)
        base = _published(doc)
        quotes_ran = "quotes" in doc.user_data.get("spinscope_layers", [])
        entities = entity_records(list(doc.spans[ENTITY_KEY])) if ENTITY_KEY in doc.spans else []
        spans: list[Span] = []
        threshold = document_options(doc, "claims").get("threshold", self.threshold)  # per-article override
        for (start, end), score in zip(candidates, scores, strict=True):
            if score < threshold:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            text = doc_text[start:end]
            quantities = [q.to_dict() for q in find_quantities(text, base)]
            for q in quantities:
                q["start"] += start
                q["end"] += start
            refine_units(doc, quantities, end, doc_text)
            attribution = _attribution(doc, start, end, text) if quotes_ran else None
            kind = kind_of(text, quantities, attribution is not None, span)
            span.label_ = kind
            span._.spinscope_claim = {
                "score": round(float(score), 4),
                "kind": kind,
                "quantities": quantities,
                "entities": first_mentions(entities, start, end),
                "in_quote": (attribution is not None) if quotes_ran else None,
                "speaker": (attribution or {}).get("speaker"),
            }
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        mark_ran(doc, "claims")
        return doc


@Language.factory(
    "spinscope/claims",
    assigns=["doc.spans"],
    requires=["token.is_sent_start", "token.pos", "token.dep"],
    default_config={"threshold": None, "model_dir": None},
)
def make_claims(nlp: Language, name: str, threshold: float | None, model_dir: str | None) -> ClaimDetector:
    return ClaimDetector(threshold, model_dir)


@exporter("claims")
def export(doc: Doc) -> dict[str, Any]:
    claims = []
    for span in doc.spans.get(SPAN_KEY, []):
        info = span._.spinscope_claim or {}
        claims.append({"start": span.start_char, "end": span.end_char, "text": span.text, **info})
    claims.sort(key=lambda c: c["start"])
    return {"claims": claims}
