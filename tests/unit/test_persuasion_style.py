"""The index's word and style signals (`techniques.style`): counts on a known text, the run-time sentence model
against scikit-learn's, and quotation marks."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

from spinscope.pipeline import SPACY_MODEL
from spinscope.techniques.style import SentenceModel, quoted_mask, style_features

SENTENCES = [
    "The cowards fled and left the country in ruin.",
    "Officials said the report was published on Tuesday.",
    "We will never forgive this shameful betrayal!",
    "Is this really the best they can do?",
    "Exports rose in the second quarter, the office said.",
    "The worst, most corrupt elite ruined everything.",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(SPACY_MODEL, disable=["ner", "lemmatizer"])


@pytest.mark.parametrize("link", ["identity", "logistic"])
def test_sentence_model_matches_scikit_learn(link: str):
    vectorizer = TfidfVectorizer(sublinear_tf=True)
    X = vectorizer.fit_transform(SENTENCES)
    if link == "identity":
        fitted = Ridge(alpha=1.0).fit(X, [0.8, 0.0, 0.9, 0.5, 0.0, 1.0])
        coef, intercept = fitted.coef_, float(fitted.intercept_)
        expected = np.clip(fitted.predict(vectorizer.transform([*SENTENCES, "said said the office"])), 0, 1)
    else:
        fitted = LogisticRegression().fit(X, [1, 0, 1, 1, 0, 1])
        coef, intercept = fitted.coef_[0], float(fitted.intercept_[0])
        expected = fitted.predict_proba(vectorizer.transform([*SENTENCES, "said said the office"]))[:, 1]
    model = SentenceModel(vectorizer.vocabulary_, vectorizer.idf_, coef, intercept, link)
    got = model.probabilities([*SENTENCES, "said said the office"])
    np.testing.assert_allclose(got, expected, atol=1e-9)
    # a sentence without a known word gets the intercept alone
    assert model.probabilities(["zzz qqq"])[0] == pytest.approx(
        min(1.0, max(0.0, intercept)) if link == "identity" else 1 / (1 + np.exp(-intercept))
    )


def test_style_counts_on_a_known_text(nlp):
    text = "We will never forgive you! Is this the worst betrayal? It is, the very worst.\n"
    doc = nlp(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    f = style_features(doc, sentences, lexicon={"betrayal": 2.0, "forgive": 0.2})
    words = [t for t in doc if t.is_alpha]
    assert f["exclamations"] == pytest.approx(1 / len(sentences))
    assert f["questions"] == pytest.approx(1 / len(sentences))
    assert f["first_person"] == pytest.approx(1 / len(words))  # "We"
    assert f["second_person"] == pytest.approx(1 / len(words))  # "you"
    assert f["superlative"] == pytest.approx(2 / len(words))  # "worst" twice (JJS)
    assert f["intensifier"] == pytest.approx(1 / len(words))  # VADER booster "very"
    assert f["loaded_share"] == pytest.approx(1 / len(words))  # only "betrayal" above 0.5
    assert f["loaded_mean"] == pytest.approx(2.2 / len(words))
    assert f["valence_abs"] > 0 and f["valence_strong"] > 0  # "worst" is strongly negative in VADER
    assert "sentence_mean" not in f  # no sentence model given


def test_sentence_signals_are_length_weighted(nlp):
    doc = nlp("Short one. " + "A much longer second sentence that carries most of the characters here.")
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    assert len(sentences) == 2
    f = style_features(doc, sentences, sentence_p=np.array([1.0, 0.0]))
    lengths = np.array([b - a for a, b in sentences], float)
    assert f["sentence_mean"] == pytest.approx(lengths[0] / lengths.sum())
    assert f["sentence_top3"] == pytest.approx(0.5)


def test_quoted_mask_pairs_marks_within_a_paragraph():
    text = 'He said "no way" and left.\nShe wrote \u201cnever'
    mask = quoted_mask(text)
    assert text[mask.argmax() : mask.argmax() + mask.sum()] == '"no way"'
    assert not mask[text.index("\u201c") :].any()  # an unclosed quotation does not run on
