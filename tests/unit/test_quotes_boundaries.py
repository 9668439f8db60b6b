"""Issue 17, session 12: another boundary of one cue's content for the learned filter to choose among, the
subject of a passive cue as its content, and the choice of one candidate per cue.

The parses are built by hand (words, heads, dependencies, parts of speech, lemmas, tags) as `en_core_web_sm`
gives them, so each rule is tested on the construction it is for, whatever a later model makes of it."""

from __future__ import annotations

from hand_parses import parsed
from spacy.tokens import Doc

from spinscope.quotes.extract import choose
from spinscope.quotes.rules import Candidate, _passive_subject, object_variants, verb_candidates

# "Trump criticized the media five times from the stage ."
MEDIA = [
    ("Trump", 1, "nsubj", "PROPN", "Trump"),
    ("criticized", 1, "ROOT", "VERB", "criticize"),
    ("the", 3, "det", "DET", "the"),
    ("media", 1, "dobj", "NOUN", "media"),
    ("five", 5, "nummod", "NUM", "five"),
    ("times", 1, "npadvmod", "NOUN", "time"),
    ("from", 1, "prep", "ADP", "from"),
    ("the", 8, "det", "DET", "the"),
    ("stage", 6, "pobj", "NOUN", "stage"),
    (".", 1, "punct", "PUNCT", "."),
]


def contents(doc: Doc, cands: list[Candidate]) -> list[tuple[list[str], str | None]]:
    text = doc.text
    return [([text[s:e] for s, e in c.content], c.features.get("variant")) for c in cands]


def test_object_runs_on_to_the_end_of_the_verb_phrase() -> None:
    doc = parsed(MEDIA, {1: "VBD"})
    # "from" is not a predicate of the object: the object content stops at "the media"; the variant runs on
    assert object_variants(doc[1], doc[3], 2, 4) == [("rest", [(2, 9)])]
    assert contents(doc, verb_candidates(doc, [], None)) == [
        (["the media"], None),
        (["the media five times from the stage"], "rest"),
    ]


def test_no_variant_in_the_rules_mode() -> None:
    doc = parsed(MEDIA, {1: "VBD"})
    assert verb_candidates(doc, [], frozenset({"criticize"})) == []  # no clause: not a lexicon candidate


def test_passive_subject_is_the_content() -> None:
    # "Clinton 's attacks were echoed by Sanders ."
    doc = parsed(
        [
            ("Clinton", 2, "poss", "PROPN", "Clinton"),
            ("'s", 0, "case", "PART", "'s"),
            ("attacks", 4, "nsubjpass", "NOUN", "attack"),
            ("were", 4, "auxpass", "AUX", "be"),
            ("echoed", 4, "ROOT", "VERB", "echo"),
            ("by", 4, "agent", "ADP", "by"),
            ("Sanders", 5, "pobj", "PROPN", "Sanders"),
            (".", 4, "punct", "PUNCT", "."),
        ],
        {4: "VBN"},
    )
    subject = _passive_subject(doc[4])
    assert subject is not None and subject.i == 2
    (cand,) = verb_candidates(doc, [], None)
    assert contents(doc, [cand]) == [(["Clinton 's attacks"], None)]
    assert cand.features["clause_dep"] == "nsubjpass"
    assert cand.speaker is not None and doc[cand.speaker[0] : cand.speaker[1]].text == "Sanders"


def test_active_verb_has_no_passive_subject() -> None:
    doc = parsed(MEDIA, {1: "VBD"})
    assert _passive_subject(doc[1]) is None


def test_choose_keeps_one_candidate_per_cue() -> None:
    # two boundaries of one cue's content, best first: only the better one is kept, even when the two share
    # too little to be duplicates; another cue's candidate is kept
    best = Candidate(content=[(0, 40)], cue=[(50, 55)], speaker=None, origin="verb")
    other_boundary = Candidate(content=[(0, 10)], cue=[(50, 55)], speaker=None, origin="verb")
    other_cue = Candidate(content=[(60, 90)], cue=[(95, 100)], speaker=None, origin="verb")
    duplicate = Candidate(content=[(62, 90)], cue=[(120, 125)], speaker=None, origin="verb")
    assert choose([best, other_boundary, other_cue, duplicate], 0.5) == [best, other_cue]
