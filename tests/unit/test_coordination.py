"""Phrases cut on a conjunction are completed with the conjunct or trimmed (`techniques.coordination`)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from spinscope.components.techniques import phrases, sentence_ranges
from spinscope.techniques.coordination import MAX_CONJUNCT_TOKENS, complete_coordination
from spinscope.techniques.model import Prediction

VOCAB = spacy.blank("en").vocab


def _ruin() -> Doc:
    # They left ruin and poverty . -- "poverty" is the conjunct of "ruin", "and" its cc
    return Doc(
        VOCAB,
        words=["They", "left", "ruin", "and", "poverty", "."],
        pos=["PRON", "VERB", "NOUN", "CCONJ", "NOUN", "PUNCT"],
        heads=[1, 1, 1, 2, 2, 1],
        deps=["nsubj", "ROOT", "dobj", "cc", "conj", "punct"],
    )


def _text(doc: Doc, rng: tuple[int, int]) -> str:
    return doc[rng[0] : rng[1]].text


def test_a_trailing_conjunction_takes_its_conjunct():
    doc = _ruin()
    assert _text(doc, complete_coordination(doc, 2, 4, (0, len(doc.text)))) == "ruin and poverty"


def test_a_leading_conjunction_is_trimmed():
    doc = _ruin()
    assert _text(doc, complete_coordination(doc, 3, 5, (0, len(doc.text)))) == "poverty"


def test_no_conjunct_within_reach_trims_the_conjunction_and_the_comma_before_it():
    doc = Doc(
        VOCAB,
        words=["I", "reject", ",", "condemn", "and", "oppose", "him"],
        spaces=[True, False, True, True, True, True, False],
        pos=["PRON", "VERB", "PUNCT", "VERB", "CCONJ", "VERB", "PRON"],
        heads=[1, 1, 1, 1, 3, 3, 5],
        deps=["nsubj", "ROOT", "punct", "conj", "cc", "conj", "dobj"],
    )
    # "and" hangs from "condemn", whose conjunct "oppose him" follows: completed
    assert (
        _text(doc, complete_coordination(doc, 0, 5, (0, len(doc.text)))) == "I reject, condemn and oppose him"
    )
    # the sentence ends before the conjunct's last word: trimmed instead, with the comma it leaves bare
    assert _text(doc, complete_coordination(doc, 0, 5, (0, doc[5].idx + 3))) == "I reject, condemn"
    # a title of a work where the conjunct would go: trimmed
    assert _text(
        doc, complete_coordination(doc, 0, 5, (0, len(doc.text)), [(doc[6].idx, doc[6].idx + 3)])
    ) == ("I reject, condemn")


def test_a_long_conjunct_is_not_taken():
    words = ["ruin", "and", "the", "very", "long", "list", "of", "woes"]
    doc = Doc(
        VOCAB,
        words=words,
        pos=["NOUN", "CCONJ", "DET", "ADV", "ADJ", "NOUN", "ADP", "NOUN"],
        heads=[0, 0, 5, 4, 5, 0, 5, 6],
        deps=["ROOT", "cc", "det", "advmod", "amod", "conj", "prep", "pobj"],
    )
    assert len(words) - 2 > MAX_CONJUNCT_TOKENS
    assert _text(doc, complete_coordination(doc, 0, 2, (0, len(doc.text)))) == "ruin"


def test_phrases_show_the_completed_coordination():
    doc = _ruin()
    text = doc.text
    pred = Prediction(text.index("ruin"), text.index(" poverty"), "Loaded_Language", 0.7)
    only_and = Prediction(text.index("and"), text.index(" poverty"), "Doubt", 0.6)
    shown = phrases(doc, [pred, only_and], sentence_ranges(doc))
    assert [s.text for s in shown] == ["ruin and poverty"]  # "and" alone is no phrase
    assert shown[0]._.spinscope_techniques == {"Loaded_Language": 0.7}
