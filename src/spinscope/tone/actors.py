"""How a text portrays each actor: the tone of the clauses naming it, in the outlet's own voice and in quoted
voices, the evaluative words attached to it, and an overall label from a small classifier.

Why clauses and not sentences: "Afghan people believe the US left their country with complete failure" is
negative about the US, not about the Afghan people; the clause of a mention is the subtree of its nearest verb
without the embedded clauses (ccomp, advcl, relcl, conj...) that do not contain it. Tone per clause is VADER's
compound score, whose lexicon we extend with news-framing words (`lexicon.FRAMING`) for descriptors.

Own vs quoted voice: when the quotes layer ran, `spinscope.components.quotes.attribution_at` says whether a
mention lies inside a quotation or reported speech and whose; without it, only text inside quotation marks
counts as quoted.

The overall label comes from a multinomial logistic regression over these features (`FEATURES`) and the mean
sentence embedding of the actor's clauses (all-MiniLM-L6-v2, int8 ONNX, `spinscope.tone.encoder`), trained
on PerSenT dev (the author's sentiment towards the main entity of a news article) with cross-validation for
model selection, shipped as `spinscope/models/tone/actor_tone.json` (see its card.md).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from .lexicon import FRAMING

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
CLAUSAL = {"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj", "acl"}
SUBJECT = {"nsubj", "nsubjpass", "csubj"}
MODIFIED = {"compound", "poss", "nmod", "amod"}  # "US occupation", "the Taliban's victory"
MAX_ACTORS = 10
LABELS = ("negative", "neutral", "positive")
MODEL_PATH = ("models", "tone", "actor_tone.json")

FEATURES = (
    "clause_mean",
    "clause_min",
    "clause_max",
    "clause_neg_share",
    "clause_pos_share",
    "sentence_mean",
    "own_mean",
    "quoted_mean",
    "quoted_share",
    "descriptor_neg",
    "descriptor_pos",
    "descriptor_mean",
    "first_clause",
    "document_compound",
    "log_mentions",
)

# Quoted-voice lookup: (start_char, end_char) -> speaker name or "" when quoted by an unknown speaker, None if not.
QuoteFn = Callable[[int, int], "str | None"]


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def valence(token: Token) -> float:
    """VADER valence of a word, else its news-framing valence, else 0; negated words flip sign (damped)."""
    lexicon = _vader().lexicon
    value = lexicon.get(token.lower_)
    if value is None:
        value = FRAMING.get(token.lower_, FRAMING.get(token.lemma_.lower(), 0.0))
    value = float(value)
    if value and any(child.dep_ == "neg" for child in (*token.children, *token.head.children)):
        value *= -0.74  # VADER's own negation scalar
    return value


@lru_cache(maxsize=1)
def _vader_framing() -> Any:
    """A VADER analyser whose lexicon also knows the news-framing words (for actor clauses only)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    for word, value in FRAMING.items():
        analyser.lexicon.setdefault(word, value)
    return analyser


def compound(text: str) -> float:
    """VADER compound score (with the framing words) of a clause or sentence, -1..1."""
    return float(_vader_framing().polarity_scores(text)["compound"]) if text.strip() else 0.0


def clause_tokens(mention: Span) -> list[Token]:
    """The tokens of the clause a mention sits in (see module docstring)."""
    sent = mention.sent
    verb: Token | None = mention.root
    while verb is not None and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head if verb.head.i != verb.i else None  # the root is its own head
    if verb is None:
        return list(sent)
    inside = {t.i for t in mention}
    kept: list[Token] = []
    skip: set[int] = set()
    for child in verb.children:
        # An embedded clause with its own subject speaks about something else; a participle or a conjoined verb
        # without one ("..., leaving nothing but ruin") still speaks about the mention.
        own_subject = any(c.dep_ in SUBJECT or c.dep_ == "expl" for c in child.children)
        if child.dep_ in CLAUSAL and own_subject and not ({t.i for t in child.subtree} & inside):
            skip.update(t.i for t in child.subtree)
    if verb.dep_ in ("advcl", "relcl", "ccomp", "acl"):
        # The mention's own verb is subordinate ("when the Taliban entered Kabul ..., leaving ruin"): a dangling
        # participle inside it belongs to the main clause's subject, whatever the parser attached it to.
        for token in verb.subtree:
            if token.dep_ == "advcl" and token.tag_ == "VBG" and not ({t.i for t in token.subtree} & inside):
                skip.update(t.i for t in token.subtree)
    for token in verb.subtree:
        if token.i not in skip and sent.start <= token.i < sent.end:
            kept.append(token)
    return kept or list(sent)


def descriptor_tokens(mention: Span) -> list[Token]:
    """Evaluative words syntactically attached to a mention: the noun it modifies ("US occupation"), its own
    modifiers and appositions, and what its verb says about it when it is the subject ("left ... with failure")."""
    head = mention.root
    inside = {t.i for t in mention}
    candidates: list[Token] = []
    if head.dep_ in MODIFIED and head.head.i != head.i:
        candidates.append(head.head)
    if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.pos_ in ("NOUN", "VERB"):
        candidates.append(head.head.head)  # "the occupation of Afghanistan by the US", "blocked by the US"
    for child in head.children:
        if child.dep_ in ("amod", "appos", "acl", "relcl"):
            candidates.extend(
                t for t in child.subtree if t.dep_ in ("amod", "appos", "attr", "acomp", "dobj")
            )
            candidates.append(child)
    if head.dep_ in SUBJECT:
        verb = head.head
        candidates.append(verb)
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "acomp", "oprd", "advmod", "npadvmod"):
                candidates.append(child)
                candidates.extend(c for c in child.children if c.dep_ in ("amod", "conj"))
            if child.dep_ in ("prep", "agent"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        candidates.append(pobj)
                        candidates.extend(c for c in pobj.children if c.dep_ in ("amod", "conj"))
    if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
        candidates.append(head.head)  # "killed X", "X was praised"
    seen: set[int] = set()
    found = []
    for token in candidates:
        if token.i in inside or token.i in seen or token.ent_type_ or not token.is_alpha:
            continue
        seen.add(token.i)
        if valence(token):
            found.append(token)
    return sorted(found, key=lambda t: t.i)


@lru_cache(maxsize=256)
def _quote_regions(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in re.finditer(r"“[^”]{3,}”|\"[^\"\n]{3,}\"", text))


def quote_lookup(doc: Doc) -> QuoteFn:
    """Who speaks at a given stretch of text: the quotes layer when it ran, else quotation marks only."""
    if "quotes" in doc.user_data.get("spinscope_layers", []):
        import importlib

        try:  # imported lazily: the quotes layer is optional
            attribution_at = importlib.import_module("spinscope.components.quotes").attribution_at
        except (ImportError, AttributeError):
            attribution_at = None
        if attribution_at is not None:

            def from_layer(start: int, end: int) -> str | None:
                found = attribution_at(doc, start, end)
                if not found:
                    return None
                return str(found.get("speaker") or "")

            return from_layer
    regions = _quote_regions(doc.text)

    def from_marks(start: int, end: int) -> str | None:
        return "" if any(a <= start and end <= b for a, b in regions) else None

    return from_marks


@dataclass
class ActorEvidence:
    """What the text says around one actor; `features()` turns it into the classifier's inputs."""

    mentions: int = 0
    clauses: list[dict[str, Any]] = field(default_factory=list)
    sentences: dict[int, float] = field(default_factory=dict)
    descriptors: list[dict[str, Any]] = field(default_factory=list)
    document_compound: float = 0.0

    def features(self) -> dict[str, float]:
        scores = [c["compound"] for c in self.clauses] or [0.0]
        own = [c["compound"] for c in self.clauses if c["voice"] == "own"]
        quoted = [c["compound"] for c in self.clauses if c["voice"] == "quoted"]
        values = [d["valence"] for d in self.descriptors]
        return {
            "clause_mean": _mean(scores),
            "clause_min": min(scores),
            "clause_max": max(scores),
            "clause_neg_share": sum(s < -0.05 for s in scores) / len(scores),
            "clause_pos_share": sum(s > 0.05 for s in scores) / len(scores),
            "sentence_mean": _mean(list(self.sentences.values()) or [0.0]),
            "own_mean": _mean(own or [0.0]),
            "quoted_mean": _mean(quoted or [0.0]),
            "quoted_share": len(quoted) / len(self.clauses) if self.clauses else 0.0,
            "descriptor_neg": math.log1p(sum(v < 0 for v in values)),
            "descriptor_pos": math.log1p(sum(v > 0 for v in values)),
            "descriptor_mean": _mean(values) / 4.0 if values else 0.0,
            "first_clause": scores[0],
            "document_compound": self.document_compound,
            "log_mentions": math.log1p(self.mentions),
        }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def gather(
    doc: Doc,
    mentions: Sequence[Span],
    quoted: QuoteFn,
    document_compound: float,
    others: frozenset[int] = frozenset(),
) -> ActorEvidence:
    """Clauses, sentences and descriptors around the given mentions of one actor. `others`: indices of tokens
    that are descriptors of other actors ("occupation" in "the US occupation"), left out of this actor's clause
    tone because they speak about someone else."""
    evidence = ActorEvidence(mentions=len(mentions), document_compound=document_compound)
    seen_clauses: set[tuple[int, int]] = set()
    seen_descriptors: set[int] = set()
    for mention in sorted(mentions, key=lambda s: s.start):
        sent = mention.sent
        if sent.start not in evidence.sentences:
            evidence.sentences[sent.start] = compound(sent.text)
        speaker = quoted(mention.start_char, mention.end_char)
        voice = "own" if speaker is None else "quoted"
        tokens = clause_tokens(mention)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if (start, end) not in seen_clauses:
            seen_clauses.add((start, end))
            text = "".join(t.text_with_ws for t in tokens if t.i not in others).strip()
            evidence.clauses.append(
                {
                    "start": start,
                    "end": end,
                    "text": doc[tokens[0].i : tokens[-1].i + 1].text,  # == doc.text[start:end], O(clause)
                    "compound": round(compound(text), 4),
                    "voice": voice,
                    "speaker": speaker or None,
                }
            )
        for token in descriptor_tokens(mention):
            if token.i in seen_descriptors:
                continue
            seen_descriptors.add(token.i)
            evidence.descriptors.append(
                {
                    "start": token.idx,
                    "end": token.idx + len(token.text),
                    "text": token.text,
                    "valence": round(valence(token), 3),
                    "voice": voice,
                }
            )
    return evidence


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """The shipped classifier (None if the file is absent: the label then falls back to clause tone)."""
    path = resources.files("spinscope").joinpath(*MODEL_PATH)
    if not path.is_file():
        return None
    model: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return model


def classify(
    features: dict[str, float], vector: Sequence[float] | None = None
) -> tuple[str, float, dict[str, float]]:
    """(label, score in -1..1 = P(positive) - P(negative), probabilities). `vector`: the mean sentence embedding
    of the actor's clauses (`clause_vector`), used when the shipped model has an embedding block; None (no
    clause, no encoder) counts as the zero vector, as in training."""
    model = load_model()
    if model is None:
        # No trained classifier shipped: VADER's own documented cut-offs (+-0.05) on the mean clause compound.
        score = features["clause_mean"]
        label = "negative" if score <= -0.05 else "positive" if score >= 0.05 else "neutral"
        return label, round(score, 4), {}
    values = [features[name] for name in model["features"]]
    block = model.get("embedding")
    if block:
        dim = int(block["dim"])
        values.extend([float(v) for v in vector] if vector is not None else [0.0] * dim)
    x = [(v - mean) / scale for v, mean, scale in zip(values, model["mean"], model["scale"], strict=True)]
    logits = [
        sum(w * v for w, v in zip(row, x, strict=True)) + b
        for row, b in zip(model["coef"], model["intercept"], strict=True)
    ]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    probs = {label: e / total for label, e in zip(model["classes"], exps, strict=True)}
    label = max(probs, key=lambda k: probs[k])
    score = probs.get("positive", 0.0) - probs.get("negative", 0.0)
    return label, round(score, 4), {k: round(v, 4) for k, v in probs.items()}


def clause_vectors(evidences: Sequence[ActorEvidence]) -> list[Any]:
    """Mean sentence embedding of each actor's clauses (one encoder call for all of them), or None per actor
    when the model has no embedding block or no encoder is shipped (`spinscope.tone.encoder`)."""
    model = load_model()
    if model is None or not model.get("embedding"):
        return [None] * len(evidences)
    from .encoder import mean_vectors

    return mean_vectors([[c["text"] for c in ev.clauses] for ev in evidences])


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def outlet_names(doc: Doc) -> set[str]:
    """Names of the outlets the outlet layer identified: the publisher is not an actor of its own story."""
    outlet = doc._.spinscope_outlet if Doc.has_extension("spinscope_outlet") else None
    names: set[str] = set()
    for item in (outlet or {}).get("outlets", []):
        names.update(_fold(n) for n in [item.get("name") or "", *item.get("codes", [])] if n)
    return names


def actor_tones(doc: Doc, document_compound: float) -> list[dict[str, Any]]:
    """`Tone.actors`: one entry per salient actor (canonical PERSON, ORG, GPE, NORP entity), most named first."""
    from ..components.entities import entity_groups

    groups = entity_groups(doc)
    skip = outlet_names(doc)
    actors = []
    for entity_id, spans in groups.items():
        label = Counter(s.label_ for s in spans).most_common(1)[0][0]
        name = spans[0]._.spinscope_canonical
        if label not in ACTOR_LABELS or _fold(name) in skip:
            continue
        actors.append((entity_id, name, label, spans))
    actors.sort(key=lambda a: (-len(a[3]), a[3][0].start))
    salient = [a for a in actors if len(a[3]) >= 2][:MAX_ACTORS] or actors[:3]
    quoted = quote_lookup(doc)
    owners: dict[int, set[str]] = {}
    for entity_id, _, _, spans in actors:
        for span in spans:
            for token in descriptor_tokens(span):
                owners.setdefault(token.i, set()).add(entity_id)
    evidences = []
    for entity_id, _, _, spans in salient:
        others = frozenset(i for i, ids in owners.items() if entity_id not in ids)
        evidences.append(gather(doc, spans, quoted, document_compound, others))
    out = []
    for (entity_id, name, label, spans), evidence, vector in zip(
        salient, evidences, clause_vectors(evidences), strict=True
    ):
        tone_label, score, probs = classify(evidence.features(), vector)
        own = [c["compound"] for c in evidence.clauses if c["voice"] == "own"]
        quoted_scores = [c["compound"] for c in evidence.clauses if c["voice"] == "quoted"]
        out.append(
            {
                "entity_id": entity_id,
                "name": name,
                "entity_label": label,
                "label": tone_label,
                "score": score,
                "probabilities": probs,
                "mentions": len(spans),
                "own_voice": round(_mean(own), 4) if own else None,
                "quoted_voice": round(_mean(quoted_scores), 4) if quoted_scores else None,
                "own_clauses": len(own),
                "quoted_clauses": len(quoted_scores),
                "descriptors": evidence.descriptors,
                "clauses": evidence.clauses,
            }
        )
    return out
