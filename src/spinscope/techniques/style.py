"""Stylistic and lexical signals of persuasion, read from the spaCy Doc: the index's features that the fine-tuned
encoder does not give.

The shipped encoder was fine-tuned on PTC train, so everything it outputs fits those articles better than new
text, and a model fitted on its train outputs overweights it. These signals come from the words and tags alone
(the part-of-speech tags of spaCy's model, VADER's valence lexicon and booster words, punctuation, quotation
marks) and from two small models learned from PTC train gold with cross-fitting (`training.techniques
.persuasion`): a loaded-word lexicon (per word, the smoothed log-odds of lying inside a gold technique span) and a
sentence model (TF-IDF words -> "this sentence holds a gold span"). Everything here is a dictionary look-up or a
sparse dot product: about a millisecond per article.

>>> sorted(word_counts("The worst, the WORST!"))
['the', 'worst']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH, LIKE_NUM, LOWER, POS, TAG
from spacy.symbols import ADJ, ADV, PRON, PROPN
from spacy.tokens import Doc

FIRST_PERSON = frozenset(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"])
SECOND_PERSON = frozenset(["you", "your", "yours", "yourself", "yourselves"])
REPORTING = frozenset(
    ["said", "says", "say", "told", "according", "reported", "announced", "added", "stated"]
)
MODALS = frozenset(["must", "should", "ought", "need"])
QUOTE_MARKS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
QUOTE_OR_BREAK = re.compile("[\n" + "".join(sorted(QUOTE_MARKS)) + "]")
WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern: the sentence model's words


@lru_cache(maxsize=1)
def vader_tables() -> tuple[dict[str, float], frozenset[str], frozenset[str]]:
    """VADER's valence lexicon (word -> -4..4), its booster (intensifier) words and its negations."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SentimentIntensityAnalyzer

    lexicon = {word: float(value) for word, value in SentimentIntensityAnalyzer().lexicon.items()}
    return lexicon, frozenset(BOOSTER_DICT), frozenset(NEGATE)


def word_counts(text: str) -> Counter[str]:
    """Lower-cased words as the sentence model counts them (scikit-learn's default analyzer)."""
    return Counter(WORD.findall(text.lower()))


@dataclass(frozen=True)
class SentenceModel:
    """A linear model over sublinear TF-IDF of a sentence's words (l2-normalised, as scikit-learn's
    `TfidfVectorizer(sublinear_tf=True)`): a ridge regression to the share of the sentence's characters inside
    gold spans (``link="identity"``, clipped to 0-1) or a logistic regression on "holds a gold span"."""

    vocabulary: Mapping[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    link: str = "identity"  # or "logistic"

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """Per sentence: the estimated share of its text inside technique spans (or P(holds one))."""
        out = np.empty(len(sentences))
        for k, sentence in enumerate(sentences):
            z = self.intercept
            pairs = [
                (self.vocabulary[w], n) for w, n in word_counts(sentence).items() if w in self.vocabulary
            ]
            if pairs:
                idx = np.fromiter((i for i, _ in pairs), np.int64, len(pairs))
                tf = 1.0 + np.log(np.fromiter((n for _, n in pairs), np.float64, len(pairs)))
                x = tf * self.idf[idx]
                z += float(x @ self.coef[idx]) / float(np.sqrt(x @ x))
            out[k] = 1.0 / (1.0 + math.exp(-z)) if self.link == "logistic" else min(1.0, max(0.0, z))
        return out


def quoted_mask(text: str) -> np.ndarray:
    """Characters between an opening and a closing quotation mark (straight or curly), per paragraph."""
    inside = np.zeros(len(text), bool)
    start = None
    for found in QUOTE_OR_BREAK.finditer(text):
        i = found.start()
        if text[i] == "\n":
            start = None
        elif start is None:
            start = i
        else:
            inside[start : i + 1] = True
            start = None
    return inside


def style_features(
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    lexicon: Mapping[str, float] | None = None,
    sentence_model: SentenceModel | None = None,
    sentence_p: np.ndarray | None = None,
    text: str | None = None,
) -> dict[str, float]:
    """Per article: shares of words (of alphabetic tokens) by kind, punctuation per sentence, the loaded-word
    lexicon's mean and share, and the sentence model's length-weighted mean and top-3 (``sentence_p``: its
    values per sentence when already computed; ``text``: ``doc.text`` when the caller has it, as a Doc rebuilds
    it on each access). ``sentences``: character ranges (the techniques component's)."""
    valence, boosters, negations = vader_tables()
    text = doc.text if text is None else text
    # token attributes as one array: building spaCy Token objects one by one cost more than all the rest
    table = doc.to_array([IS_ALPHA, LIKE_NUM, IS_UPPER, LENGTH, POS, TAG, LOWER]).reshape(-1, 7)
    alpha = table[:, 0].astype(bool)
    strings = doc.vocab.strings
    lower = [strings[int(h)] for h in table[alpha, 6]]
    pos = Counter(int(v) for v in table[alpha, 4])
    tags = Counter(strings[int(v)] for v in table[alpha, 5])
    caps = int((alpha & table[:, 2].astype(bool) & (table[:, 3] > 1)).sum())
    numbers = int(table[:, 1].sum())
    n = max(1, len(lower))
    f: dict[str, float] = {
        "adj": pos[ADJ] / n,
        "adv": pos[ADV] / n,
        "superlative": (tags["JJS"] + tags["RBS"]) / n,
        "comparative": (tags["JJR"] + tags["RBR"]) / n,
        "propn": pos[PROPN] / n,
        "pron": pos[PRON] / n,
        "first_person": sum(w in FIRST_PERSON for w in lower) / n,
        "second_person": sum(w in SECOND_PERSON for w in lower) / n,
        "reporting": sum(w in REPORTING for w in lower) / n,
        "modal": sum(w in MODALS for w in lower) / n,
        "negation": sum(w in negations or w == "not" for w in lower) / n,
        "intensifier": sum(w in boosters for w in lower) / n,
        "caps": caps / n,
        "numbers": numbers / n,
    }
    values = np.asarray([valence.get(w, 0.0) for w in lower])
    f["valence_abs"] = float(np.abs(values).mean()) if len(values) else 0.0
    f["valence_strong"] = float((np.abs(values) >= 2.0).mean()) if len(values) else 0.0
    f["valence_negative"] = float((values <= -1.5).mean()) if len(values) else 0.0
    n_sent = max(1, len(sentences))
    f["exclamations"] = text.count("!") / n_sent
    f["questions"] = text.count("?") / n_sent
    f["words_per_sentence"] = len(lower) / n_sent
    f["quoted"] = float(quoted_mask(text).mean()) if text else 0.0
    if lexicon is not None:
        loads = np.asarray([lexicon.get(w, 0.0) for w in lower])
        f["loaded_mean"] = float(loads.mean()) if len(loads) else 0.0
        f["loaded_share"] = float((loads > 0.5).mean()) if len(loads) else 0.0
    if sentence_p is None and sentence_model is not None:
        sentence_p = sentence_model.probabilities([text[a:b] for a, b in sentences])
    if sentence_p is not None:
        lengths = np.asarray([max(1, b - a) for a, b in sentences], np.float64)
        p = np.asarray(sentence_p, np.float64)
        f["sentence_mean"] = float((p * lengths).sum() / lengths.sum()) if len(p) else 0.0
        f["sentence_top3"] = float(np.sort(p)[::-1][:3].mean()) if len(p) else 0.0
    return f
