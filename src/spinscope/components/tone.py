"""`spinscope/tone`: document and sentence tone in the GDELT sense, from VADER's lexicon (ships offline).

GDELT's tone counts words: positive % = share of words in a positive lexicon, negative % = share in a negative
one, polarity = their sum (how charged the text is), tone = their difference. We count words against VADER's
7,500-entry lexicon (valence > 0 positive, < 0 negative) and add VADER's compound score per sentence, which does
handle negation and intensifiers. Results go to `Doc._.spinscope_tone` as plain dicts.

When the entities layer ran, it also gives the entity-level tone of each salient actor (`Tone.actors`, see
`spinscope.tone.actors`): the tone of the clauses naming it in the outlet's own voice and in quoted voices (using
the quotes layer when it ran), the evaluative words attached to it, and a label from a classifier trained on
PerSenT dev.

>>> import spinscope
>>> doc = spinscope.load(layers=["tone"]).nlp("A wonderful victory. A terrible failure and a disgrace.")
>>> doc._.spinscope_tone["document"]["negative"] > doc._.spinscope_tone["document"]["positive"]
True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..analysis import exporter
from ..docstate import mark_ran

if not Doc.has_extension("spinscope_tone"):
    Doc.set_extension("spinscope_tone", default=None)


@lru_cache(maxsize=1)
def vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def is_word(token: Token) -> bool:
    return token.is_alpha or token.like_num or any(ch.isalnum() for ch in token.text)


def word_valence(token: Token) -> float:
    """VADER lexicon valence of a token (lower-cased surface form), 0 when not in the lexicon."""
    lexicon = vader().lexicon
    return float(lexicon.get(token.lower_, 0.0))


def tone_scores(tokens: Iterable[Token], text: str) -> dict[str, Any]:
    words = pos = neg = 0
    for token in tokens:
        if not is_word(token):
            continue
        words += 1
        valence = word_valence(token)
        pos += valence > 0
        neg += valence < 0
    positive = 100.0 * pos / words if words else 0.0
    negative = 100.0 * neg / words if words else 0.0
    compound = float(vader().polarity_scores(text)["compound"]) if text.strip() else 0.0
    return {
        "positive": round(positive, 3),
        "negative": round(negative, 3),
        "polarity": round(positive + negative, 3),
        "tone": round(positive - negative, 3),
        "compound": round(compound, 4),
        "words": words,
    }


def sentence_tone(sent: Span) -> dict[str, Any]:
    scores = tone_scores(sent, sent.text)
    return {"start": sent.start_char, "end": sent.end_char, "text": sent.text, **scores}


class ToneScorer:
    def __call__(self, doc: Doc) -> Doc:
        sentences = [sentence_tone(sent) for sent in doc.sents if sent.text.strip()]
        document = tone_scores(doc, "")
        counted = [s for s in sentences if s["words"]]
        # Document compound: word-weighted mean of sentence compounds (VADER is built for sentences).
        total = sum(s["words"] for s in counted)
        document["compound"] = (
            round(sum(s["compound"] * s["words"] for s in counted) / total, 4) if total else 0.0
        )
        result: dict[str, Any] = {"document": document, "sentences": sentences}
        if "entities" in doc.user_data.get("spinscope_layers", []):
            from ..tone.actors import actor_tones

            result["actors"] = actor_tones(doc, document["compound"])
        doc._.spinscope_tone = result
        mark_ran(doc, "tone")
        return doc


@Language.factory("spinscope/tone", assigns=["doc._.spinscope_tone"], requires=["token.is_sent_start"])
def make_tone(nlp: Language, name: str) -> ToneScorer:
    return ToneScorer()


@exporter("tone")
def export(doc: Doc) -> dict[str, Any]:
    return {"tone": doc._.spinscope_tone}
