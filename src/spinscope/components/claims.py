"""`spinscope/claims`: check-worthy factual claims, with their numbers, money and dates normalised.

Reads the sentences of the `Doc` (spaCy's parser), the actors of the entities layer (`doc.spans["spinscope.entities"]`),
the publication date (`doc.user_data["spinscope_meta"]["published"]`, the base for "last Tuesday") and, when the
quotes layer ran, its attributions (`spinscope.components.quotes.attribution_at`), because a claim made by a
spokesman is a different thing to check from one made in the outlet's own voice.

Each sentence (each line of it, so a headline stays apart from the text after it; a line wrapped mid-sentence is
rejoined) that could be a claim is scored by a check-worthiness classifier (`spinscope.claims.model`: one fine-tuned MiniLM layer on the states of the
techniques layer's encoder, which reads the article once for both layers) giving a calibrated probability of
check-worthiness in the CheckThat! sense; sentences at or above `threshold` (default: the threshold with the best mean
F1 over CheckThat! 2024 dev and dev-test, stored with the model) become claims. Very short fragments and sentences with neither a verb
nor a number are not scored (they cannot be factual claims, and skipping them keeps the layer fast).

Writes `doc.spans["spinscope.claims"]` (label = kind: statistic, event, causal, comparison, quoted claim, other)
with `Span._.spinscope_claim`, a msgpack-safe dict: score, kind, quantities (see `spinscope.claims.quantities`,
each with `display`, its value in words), entities, in_quote, speaker, and `rank` / `check_first`: the few claims
to check first (`spinscope.claims.ranking`; options `check_first_top_k`, `check_first_share`,
`check_first_min_score`). The layer's logic lives in the `spinscope.claims` package; this module reads the Doc,
calls it and writes the spans.

>>> import spinscope
>>> doc = spinscope.load(layers=["claims"]).nlp("Thanks. Unemployment fell to 3.5 percent in 2019, the lowest in 50 years.")
>>> [(s.text[:12], s._.spinscope_claim["quantities"][0]["value"]) for s in doc.spans["spinscope.claims"]]
[('Unemployment', 3.5)]
"""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import docstate
from ..analysis import Claim, exporter
from ..claims.actors import entity_records, first_mentions
from ..claims.attribution import covering_content
from ..claims.candidates import candidate_ranges, units
from ..claims.count_nouns import refine_units
from ..claims.display import currency_words, say
from ..claims.kinds import DocTags, kind_of
from ..claims.quantities import find_quantities
from ..claims.ranking import DEFAULT_MIN_SCORE, DEFAULT_SHARE, DEFAULT_TOP_K, CheckFirstRule, mark_check_first
from ..docstate import document_options, mark_ran
from .encoder import encoded

__all__ = ["ClaimDetector", "export", "units"]

if not Span.has_extension("spinscope_claim"):
    Span.set_extension("spinscope_claim", default=None)


def _published(doc: Doc) -> date | None:
    """The publication date from the document's metadata: the base for "last Tuesday" and days without a year."""
    value = (doc.user_data.get("spinscope_meta") or {}).get("published")
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _content_parts(doc: Doc) -> list[tuple[int, int]]:
    """The (start, end) parts of every quoted or reported content of the quotes layer, read once per Doc."""
    return [
        (s, e)
        for span in doc.spans.get(docstate.QUOTES, [])
        for s, e in (getattr(span._, "spinscope_quote", None) or {}).get("parts", [])
    ]


def _attribution(
    doc: Doc, start: int, end: int, text: str, parts: list[tuple[int, int]]
) -> dict[str, Any] | None:
    """The quotes layer's attribution of the claim: of the whole sentence when it lies in one quotation, else of
    the quoted or reported content (of ``parts``, `_content_parts`) that covers at least 40% of it ("X emphasized
    that <content>")."""
    try:
        from .quotes import attribution_at
    except ImportError:
        return None
    found: dict[str, Any] | None = attribution_at(doc, start, end)
    if found is not None:
        return found
    covered = covering_content(parts, text, start, end)
    return attribution_at(doc, *covered) if covered is not None else None


class ClaimDetector:
    def __init__(
        self,
        threshold: float | None,
        model_dir: str | None,
        check_first_top_k: int | None = None,
        check_first_share: float | None = None,
        check_first_min_score: float | None = None,
    ):
        from ..claims.model import shared_model

        self.model = shared_model(model_dir)
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        chosen = self.model.config.get("check_first", {})
        self.rule = CheckFirstRule(
            top_k=DEFAULT_TOP_K if check_first_top_k is None else check_first_top_k,
            share=DEFAULT_SHARE if check_first_share is None else float(check_first_share),
            min_score=float(chosen.get("min_score", DEFAULT_MIN_SCORE))
            if check_first_min_score is None
            else float(check_first_min_score),
        )
        find_quantities("on August 31, 2021")  # dateparser's first call loads its tables: pay it at load time
        currency_words("USD", 2)  # so does Babel's first currency name (66 ms, was paid in an article)

    def _rule(self, doc: Doc) -> CheckFirstRule:
        options = document_options(doc, "claims")  # per-article overrides (API settings)
        if not any(k.startswith("check_first_") for k in options):
            return self.rule
        return CheckFirstRule(
            top_k=int(options.get("check_first_top_k", self.rule.top_k)),
            share=float(options.get("check_first_share", self.rule.share)),
            min_score=float(options.get("check_first_min_score", self.rule.min_score)),
        )

    def __call__(self, doc: Doc) -> Doc:
        enc = encoded(doc)
        # the Doc's text (`encoded` checked it): spaCy rebuilds `Doc.text` on every access
        doc_text = enc.text
        candidates, sentences = candidate_ranges(doc, doc_text)
        scores = self.model.calibrate(self.model.span_logits_encoded(enc, candidates))
        threshold = document_options(doc, "claims").get("threshold", self.threshold)  # per-article override
        claims: list[tuple[int, int, float, Span]] = []
        for (start, end), score in zip(candidates, scores, strict=True):
            if score < threshold:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                claims.append((start, end, score, span))
        base = _published(doc)
        quotes_ran = docstate.ran(doc, "quotes")
        parts = _content_parts(doc) if quotes_ran else []
        entities = (
            entity_records(doc.spans[docstate.ENTITIES], [(s, e) for s, e, _, _ in claims], doc_text)
            if docstate.ENTITIES in doc.spans
            else []
        )
        tags = DocTags(doc) if claims else None
        spans: list[Span] = []
        records: list[dict[str, Any]] = []
        for start, end, score, span in claims:
            text = doc_text[start:end]
            quantities = [q.to_dict(display=False) for q in find_quantities(text, base)]
            for q in quantities:
                q["start"] += start
                q["end"] += start
            refine_units(doc, quantities, end, doc_text)
            for q in quantities:
                q["display"] = say(q)  # after the unit of a count is refined
            attribution = _attribution(doc, start, end, text, parts) if quotes_ran else None
            kind = kind_of(text, quantities, attribution is not None, span, tags)
            span.label_ = kind
            record = {
                "start": start,
                "score": round(float(score), 4),
                "kind": kind,
                "quantities": quantities,
                "entities": first_mentions(entities, start, end),
                "in_quote": (attribution is not None) if quotes_ran else None,
                "speaker": (attribution or {}).get("speaker"),
            }
            records.append(record)
            spans.append(span)
        mark_check_first(records, sentences, self._rule(doc))
        for span, record in zip(spans, records, strict=True):
            del record["start"]
            span._.spinscope_claim = record
        doc.spans[docstate.CLAIMS] = spans
        mark_ran(doc, "claims")
        return doc


@Language.factory(
    "spinscope/claims",
    assigns=["doc.spans"],
    requires=["token.is_sent_start", "token.pos", "token.dep"],
    default_config={
        "threshold": None,
        "model_dir": None,
        "check_first_top_k": None,
        "check_first_share": None,
        "check_first_min_score": None,
    },
)
def make_claims(
    nlp: Language,
    name: str,
    threshold: float | None,
    model_dir: str | None,
    check_first_top_k: int | None,
    check_first_share: float | None,
    check_first_min_score: float | None,
) -> ClaimDetector:
    return ClaimDetector(threshold, model_dir, check_first_top_k, check_first_share, check_first_min_score)


@exporter("claims")
def export(doc: Doc) -> dict[str, Any]:
    claims = []
    for span in doc.spans.get(docstate.CLAIMS, []):
        info = span._.spinscope_claim or {}
        claims.append({"start": span.start_char, "end": span.end_char, "text": span.text, **info})
    claims.sort(key=lambda c: c["start"])
    return {"claims": [Claim.model_validate(c) for c in claims]}
