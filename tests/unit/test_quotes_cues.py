"""The learned cue lexicon of the quotes layer (issue 17): the three patterns, their keys and spans, the shipped
lexicon leaving out cues of action, and the speakers the learned candidates may have."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from spinscope.pipeline import Pipeline
from spinscope.quotes.cues import CUES_FILE, learned_candidates, learned_keys, pattern_instances
from spinscope.quotes.rules import Sentences, quote_segments
from spinscope.quotes.speakers import plausible_speaker
from spinscope.training.quotes.cues import NOT_ATTITUDE


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The runtime parse (spaCy model + entities), as the quotes component sees it."""
    return Pipeline(layers=["entities"]).nlp


def instances(doc: Doc) -> dict[str, tuple[str, str | None]]:
    """key -> (content text, speaker text) of every pattern instance, offsets checked on the way."""
    text = doc.text
    out = {}
    for key, cand in pattern_instances(doc, quote_segments(text).segments, Sentences(doc), text):
        for start, end in cand.content:
            assert text[start:end] == text[start:end].strip() and end > start
        speaker = doc[cand.speaker[0] : cand.speaker[1]].text if cand.speaker else None
        out[key] = (" ".join(text[s:e] for s, e in cand.content), speaker)
    return out


def test_verb_with_infinitive(nlp) -> None:
    found = instances(nlp("The senator declined to comment on the report."))
    assert found["xcomp|decline"] == ("to comment on the report", "The senator")


def test_noun_with_complement_takes_its_possessor(nlp) -> None:
    found = instances(nlp("Trump's attacks on Mr. Clinton have grown sharper."))
    assert found["noun|attack|on"] == ("Mr. Clinton", "Trump")


def test_noun_with_clause(nlp) -> None:
    found = instances(nlp("Her claim that the vote was rigged spread quickly."))
    assert found["noun|claim|that"][0] == "that the vote was rigged"  # as the verb rules give "said that"
    assert found["noun|claim|that"][1] == "Her"


def test_opening_frame(nlp) -> None:
    found = instances(nlp("In a new poll, 50 percent of respondents chose Clinton."))
    assert found["frame|in|poll"][0] == "50 percent of respondents chose Clinton."


def test_shipped_lexicon_keeps_attitudes_and_leaves_out_actions() -> None:
    keys = learned_keys()
    assert {"xcomp|decline", "xcomp|seem", "noun|attack|on"} <= keys
    assert not keys & NOT_ATTITUDE
    assert "xcomp|stop" not in keys and "xcomp|continue" not in keys  # "stopped taking his calls"
    data = json.loads(CUES_FILE.read_text(encoding="utf-8"))
    for key in data["keys"]:  # every key is justified by its train counts
        hits, seen = data["counts"][key]
        assert hits >= data["meta"]["min_hits"] and hits / seen >= data["meta"]["min_precision"]


def test_only_listed_keys_become_candidates(nlp) -> None:
    doc = nlp("He had stopped taking her calls. The senator declined to comment.")
    text = doc.text
    cands = learned_candidates(doc, quote_segments(text).segments, Sentences(doc), text)
    assert [c.features["cue_key"] for c in cands] == ["xcomp|decline"]


def test_a_thing_cannot_speak_but_a_board_or_a_count_of_people_can(nlp) -> None:
    doc = nlp(
        "The special relationship appears to be alive. The board declined to comment. Many refused to answer."
    )
    text = doc.text
    cands = learned_candidates(doc, quote_segments(text).segments, Sentences(doc), text)
    speakers = {doc[c.speaker[0] : c.speaker[1]].text: plausible_speaker(doc, c) for c in cands}
    assert speakers == {"The special relationship": False, "The board": True, "Many": True}


def test_noun_cue_without_possessor_takes_the_subject_of_its_verb(nlp) -> None:
    found = instances(nlp("Trump has stirred controversy with an assertion that the migrants are criminals."))
    assert found["noun|assertion|that"] == ("that the migrants are criminals", "Trump")


def test_pronoun_possessor_gives_way_to_the_named_subject(nlp) -> None:
    # PolNeAR marks "Donald Trump" as the source of "his support for ...", as a reader does
    found = instances(
        nlp("Donald Trump is doubling down on his support for tougher interrogation techniques.")
    )
    assert found["noun|support|for"] == ("tougher interrogation techniques", "Donald Trump")
