"""Document and sentence tone in the GDELT sense, from VADER's lexicon (ships offline, no model).

GDELT's tone counts words: positive % = share of words in a positive lexicon, negative % = share in a negative
one, polarity = their sum (how charged the text is), tone = their difference. We count words against VADER's
7,500-entry lexicon (valence > 0 positive, < 0 negative) and add VADER's compound score per sentence, which does
handle negation and intensifiers; the document's compound is the word-weighted mean of its sentences' (VADER is
built for sentences).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token


@lru_cache(maxsize=1)
def vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def is_word(token: Token) -> bool:
    return token.is_alpha or token.like_num or any(ch.isalnum() for ch in token.text)


def word_valence(token: Token) -> float:
    """VADER lexicon valence of a token (lower-cased surface form), 0 when not in the lexicon."""
    return float(vader().lexicon.get(token.lower_, 0.0))


def compound(text: str) -> float:
    """VADER's compound score of a text, -1..1 (0 for blank text)."""
    return float(vader().polarity_scores(text)["compound"]) if text.strip() else 0.0


def _counts(tokens: Iterable[Token]) -> tuple[int, int, int]:
    """(words, positive words, negative words) by VADER's lexicon."""
    lexicon = vader().lexicon
    words = pos = neg = 0
    for token in tokens:
        if not is_word(token):
            continue
        words += 1
        valence = lexicon.get(token.lower_, 0.0)
        pos += valence > 0
        neg += valence < 0
    return words, pos, neg


def _scores(words: int, pos: int, neg: int, compound_score: float) -> dict[str, Any]:
    positive = 100.0 * pos / words if words else 0.0
    negative = 100.0 * neg / words if words else 0.0
    return {
        "positive": round(positive, 3),
        "negative": round(negative, 3),
        "polarity": round(positive + negative, 3),
        "tone": round(positive - negative, 3),
        "compound": round(compound_score, 4),
        "words": words,
    }


def tone_scores(tokens: Iterable[Token], text: str) -> dict[str, Any]:
    return _scores(*_counts(tokens), compound(text))


def sentence_tone(sent: Span) -> dict[str, Any]:
    scores = tone_scores(sent, sent.text)
    return {"start": sent.start_char, "end": sent.end_char, "text": sent.text, **scores}


def document_tone(doc: Doc) -> dict[str, Any]:
    """`Tone.document` and `Tone.sentences` as plain dicts: {"document": ..., "sentences": [...]}. The document's
    word counts are the sum of its sentences' (every token is in one sentence; blank ones have no word)."""
    sentences = []
    words = pos = neg = 0
    for sent in doc.sents:
        text = sent.text
        counts = _counts(sent)
        words, pos, neg = words + counts[0], pos + counts[1], neg + counts[2]
        if text.strip():
            sentences.append({"start": sent.start_char, "end": sent.end_char, "text": text,
                              **_scores(*counts, compound(text))})  # fmt: skip
    counted = [s for s in sentences if s["words"]]
    total = sum(s["words"] for s in counted)
    mean = sum(s["compound"] * s["words"] for s in counted) / total if total else 0.0
    return {"document": _scores(words, pos, neg, mean), "sentences": sentences}
