"""Issue 17: the speaker of a speech verb the parser left without a subject, and the placeholder "it".

The parses are built by hand (words, heads, dependencies, parts of speech, lemmas) as `en_core_web_sm` gives
them on PolNeAR train sentences, so each rule is tested on the construction it is for, whatever a later model
makes of the sentence."""

from __future__ import annotations

from hand_parses import parsed
from spacy.tokens import Doc

from spinscope.quotes.rules import speaker_span, subject_of


def subject_text(doc: Doc, verb: int) -> tuple[str | None, str]:
    token, path = subject_of(doc[verb])
    if token is None:
        return None, path
    start, end = speaker_span(token)
    return doc[start:end].text, path


def test_inverted_speaker_after_what_was_said() -> None:
    # "That's the challenge," said Jared Bernstein.  (the parser made the name the object of "said")
    doc = parsed(
        [
            ("That", 1, "nsubj", "PRON", "that"),
            ("'s", 5, "ccomp", "AUX", "be"),
            ("the", 3, "det", "DET", "the"),
            ("challenge", 1, "attr", "NOUN", "challenge"),
            (",", 5, "punct", "PUNCT", ","),
            ("said", 5, "ROOT", "VERB", "say"),
            ("Jared", 7, "compound", "PROPN", "Jared"),
            ("Bernstein", 5, "dobj", "PROPN", "Bernstein"),
            (".", 5, "punct", "PUNCT", "."),
        ]
    )
    assert subject_text(doc, 5) == ("Jared Bernstein", "inverted")


def test_inverted_pronoun_speaker() -> None:
    # "..., it's over," tweeted another.
    doc = parsed(
        [
            ("it", 1, "nsubj", "PRON", "it"),
            ("'s", 4, "ccomp", "AUX", "be"),
            ("over", 1, "acomp", "ADV", "over"),
            (",", 4, "punct", "PUNCT", ","),
            ("tweeted", 4, "ROOT", "VERB", "tweet"),
            ("another", 4, "dobj", "PRON", "another"),
            (".", 4, "punct", "PUNCT", "."),
        ]
    )
    assert subject_text(doc, 4) == ("another", "inverted")


def test_no_inverted_speaker_without_content_before_the_verb() -> None:
    # "Officials said nothing." -- a subjectless "said" followed by its object is not an inverted speaker
    doc = parsed(
        [
            ("said", 0, "ROOT", "VERB", "say"),
            ("nothing", 0, "dobj", "PRON", "nothing"),
            (".", 0, "punct", "PUNCT", "."),
        ]
    )
    assert subject_text(doc, 0) == (None, "none")


def test_compound_before_the_verb_is_its_speaker() -> None:
    # Federal Election Commission records show.  (the parser made the noun phrase compounds of "show")
    doc = parsed(
        [
            ("Federal", 2, "compound", "PROPN", "Federal"),
            ("Election", 2, "compound", "PROPN", "Election"),
            ("Commission", 4, "compound", "PROPN", "Commission"),
            ("records", 4, "compound", "NOUN", "record"),
            ("show", 4, "ROOT", "VERB", "show"),
            (".", 4, "punct", "PUNCT", "."),
        ]
    )
    assert subject_text(doc, 4) == ("Federal Election Commission", "compound")


def test_dep_verb_takes_the_subject_of_its_head() -> None:
    # Clinton paused, then revealed why ...  ("revealed" hangs from "paused" by `dep`)
    doc = parsed(
        [
            ("Clinton", 1, "nsubj", "PROPN", "Clinton"),
            ("paused", 1, "ROOT", "VERB", "pause"),
            (",", 1, "punct", "PUNCT", ","),
            ("then", 4, "advmod", "ADV", "then"),
            ("revealed", 1, "dep", "VERB", "reveal"),
            ("why", 6, "advmod", "SCONJ", "why"),
            ("it", 7, "nsubj", "PRON", "it"),
            ("mattered", 4, "ccomp", "VERB", "matter"),
        ]
    )
    assert subject_text(doc, 4) == ("Clinton", "inherited")


def test_fallbacks_are_for_speech_verbs_only() -> None:
    # Federal Election Commission records rose.  ("rise" is no speech verb: no speaker is invented)
    doc = parsed(
        [
            ("Commission", 2, "compound", "PROPN", "Commission"),
            ("records", 2, "compound", "NOUN", "record"),
            ("rose", 2, "ROOT", "VERB", "rise"),
        ]
    )
    assert subject_text(doc, 2) == (None, "none")


def test_placeholder_it_is_not_a_speaker() -> None:
    # It appears that the NFL will move.
    doc = parsed(
        [
            ("It", 1, "nsubj", "PRON", "it"),
            ("appears", 1, "ROOT", "VERB", "appear"),
            ("that", 6, "mark", "SCONJ", "that"),
            ("the", 4, "det", "DET", "the"),
            ("NFL", 6, "nsubj", "PROPN", "NFL"),
            ("will", 6, "aux", "AUX", "will"),
            ("move", 1, "ccomp", "VERB", "move"),
        ]
    )
    assert subject_text(doc, 1) == (None, "expletive")
    # ... while "it" of a speech verb is a document or an organisation that speaks ("it said")
    said = parsed([("It", 1, "nsubj", "PRON", "it"), ("said", 1, "ROOT", "VERB", "say")])
    assert subject_text(said, 1) == ("It", "nsubj")


def test_a_statement_saying_is_spoken_by_who_issued_it() -> None:
    # Trump's campaign released a statement saying it was postponing the rally.
    doc = parsed(
        [
            ("Trump", 2, "poss", "PROPN", "Trump"),
            ("'s", 0, "case", "PART", "'s"),
            ("campaign", 3, "nsubj", "NOUN", "campaign"),
            ("released", 3, "ROOT", "VERB", "release"),
            ("a", 5, "det", "DET", "a"),
            ("statement", 3, "dobj", "NOUN", "statement"),
            ("saying", 5, "acl", "VERB", "say"),
            ("it", 9, "nsubj", "PRON", "it"),
            ("was", 9, "aux", "AUX", "be"),
            ("postponing", 6, "ccomp", "VERB", "postpone"),
            ("the", 11, "det", "DET", "the"),
            ("rally", 9, "dobj", "NOUN", "rally"),
        ]
    )
    assert subject_text(doc, 6) == ("Trump 's campaign", "issuer")
    # ... while a participle of a noun that is not issued keeps the noun: "a man saying ..."
    man = parsed(
        [
            ("a", 1, "det", "DET", "a"),
            ("man", 1, "ROOT", "NOUN", "man"),
            ("saying", 1, "acl", "VERB", "say"),
            ("no", 4, "det", "DET", "no"),
            ("thanks", 2, "dobj", "NOUN", "thanks"),
        ]
    )
    assert subject_text(man, 2) == ("a man", "inherited")


def test_a_thing_that_cannot_speak_gives_way_to_the_subject() -> None:
    # The campaign entered the talks believing it had leverage.  ("believing" hangs from "talks")
    doc = parsed(
        [
            ("The", 1, "det", "DET", "the"),
            ("campaign", 2, "nsubj", "NOUN", "campaign"),
            ("entered", 2, "ROOT", "VERB", "enter"),
            ("the", 4, "det", "DET", "the"),
            ("talks", 2, "dobj", "NOUN", "talk"),
            ("believing", 4, "acl", "VERB", "believe"),
            ("it", 7, "nsubj", "PRON", "it"),
            ("had", 5, "ccomp", "VERB", "have"),
            ("leverage", 7, "dobj", "NOUN", "leverage"),
        ]
    )
    assert subject_text(doc, 5) == ("The campaign", "issuer")
    # ... but a person object keeps the participle: "She met a farmer saying ..." is the farmer's
    farmer = parsed(
        [
            ("She", 1, "nsubj", "PRON", "she"),
            ("met", 1, "ROOT", "VERB", "meet"),
            ("a", 3, "det", "DET", "a"),
            ("farmer", 1, "dobj", "NOUN", "farmer"),
            ("saying", 3, "acl", "VERB", "say"),
            ("prices", 6, "nsubj", "NOUN", "price"),
            ("fell", 4, "ccomp", "VERB", "fall"),
        ]
    )
    assert subject_text(farmer, 4) == ("a farmer", "inherited")


# ---- session 11: subjectless roots, verbs above, "it" lent, senders -----------------------------------------


def test_root_verb_without_subject_takes_the_noun_phrase_before_it() -> None:
    # "Go back to Univision," Trump barked.  (the parser made "Trump" a compound of "barked")
    doc = parsed(
        [
            ("Go", 4, "ccomp", "VERB", "go"),
            ("back", 0, "advmod", "ADV", "back"),
            (",", 4, "punct", "PUNCT", ","),
            ("Senator", 4, "compound", "PROPN", "Senator"),
            ("barked", 4, "ROOT", "VERB", "bark"),
            (".", 4, "punct", "PUNCT", "."),
        ],
        tags={4: "VBD"},
    )
    assert subject_text(doc, 4) == ("Senator", "root_before")


def test_root_verb_without_subject_steps_over_a_participle() -> None:
    # Mr. Bush, smiling broadly, declared that ...  ("Bush" hung from the root as `npadvmod`)
    doc = parsed(
        [
            ("Mr.", 1, "compound", "PROPN", "Mr."),
            ("Bush", 6, "npadvmod", "PROPN", "Bush"),
            (",", 6, "punct", "PUNCT", ","),
            ("smiling", 6, "advcl", "VERB", "smile"),
            ("broadly", 3, "advmod", "ADV", "broadly"),
            (",", 6, "punct", "PUNCT", ","),
            ("declared", 6, "ROOT", "VERB", "declare"),
            ("that", 9, "mark", "SCONJ", "that"),
            ("taxes", 9, "nsubj", "NOUN", "tax"),
            ("rose", 6, "ccomp", "VERB", "rise"),
        ],
        tags={3: "VBG", 6: "VBD"},
    )
    assert subject_text(doc, 6) == ("Mr. Bush", "root_before")


def test_root_verb_takes_no_placeholder_or_date_before_it() -> None:
    # ... , it declared.  /  Monday declared ...: a placeholder or a date is nobody
    it = parsed(
        [("it", 1, "npadvmod", "PRON", "it"), ("declared", 1, "ROOT", "VERB", "declare")], tags={1: "VBD"}
    )
    assert subject_text(it, 1) == (None, "none")
    # a verb that is not finite (a headline's "Challenging ...") is left alone
    ing = parsed(
        [("Senator", 1, "npadvmod", "PROPN", "Senator"), ("challenging", 1, "ROOT", "VERB", "challenge")],
        tags={1: "VBG"},
    )
    assert subject_text(ing, 1) == (None, "none")


def test_subjectless_participle_takes_the_subject_of_the_verb_above() -> None:
    # Jeb Bush spoke in the debate after criticizing Rubio.  ("after" hung from the noun "debate")
    doc = parsed(
        [
            ("Jeb", 1, "compound", "PROPN", "Jeb"),
            ("Bush", 2, "nsubj", "PROPN", "Bush"),
            ("spoke", 2, "ROOT", "VERB", "speak"),
            ("in", 2, "prep", "ADP", "in"),
            ("the", 5, "det", "DET", "the"),
            ("debate", 3, "pobj", "NOUN", "debate"),
            ("after", 5, "prep", "ADP", "after"),
            ("criticizing", 6, "pcomp", "VERB", "criticize"),
            ("Rubio", 7, "dobj", "PROPN", "Rubio"),
        ],
        tags={7: "VBG"},
    )
    assert subject_text(doc, 7) == ("Jeb Bush", "ancestor")
    # ... and a placeholder above lends nothing: "It ended in a draw after criticizing ..."
    it = parsed(
        [
            ("It", 1, "nsubj", "PRON", "it"),
            ("ended", 1, "ROOT", "VERB", "end"),
            ("in", 1, "prep", "ADP", "in"),
            ("a", 4, "det", "DET", "a"),
            ("draw", 2, "pobj", "NOUN", "draw"),
            ("after", 4, "prep", "ADP", "after"),
            ("criticizing", 5, "pcomp", "VERB", "criticize"),
        ],
        tags={6: "VBG"},
    )
    assert subject_text(it, 6) == (None, "none")


def test_it_lent_by_the_verb_above_to_an_attitude_is_not_a_speaker() -> None:
    # It showed the numbers, pointing to a decline.  ("pointing" is no speech verb of the lexicon)
    doc = parsed(
        [
            ("It", 1, "nsubj", "PRON", "it"),
            ("showed", 1, "ROOT", "VERB", "show"),
            ("the", 3, "det", "DET", "the"),
            ("numbers", 1, "dobj", "NOUN", "number"),
            ("pointing", 1, "advcl", "VERB", "point"),
        ],
        tags={4: "VBG"},
    )
    assert subject_text(doc, 4) == (None, "inherited_it")
    # ... while a speech verb keeps it: "It issued figures, saying ..." is the organisation's
    said = parsed(
        [
            ("It", 1, "nsubj", "PRON", "it"),
            ("issued", 1, "ROOT", "VERB", "issue"),
            ("figures", 1, "dobj", "NOUN", "figure"),
            ("saying", 1, "advcl", "VERB", "say"),
        ],
        tags={3: "VBG"},
    )
    assert subject_text(said, 3) == ("It", "inherited")


def test_a_message_sent_to_people_saying_is_the_senders() -> None:
    # The senator emailed supporters saying the struggle continues.
    doc = parsed(
        [
            ("The", 1, "det", "DET", "the"),
            ("senator", 2, "nsubj", "NOUN", "senator"),
            ("emailed", 2, "ROOT", "VERB", "email"),
            ("supporters", 2, "dobj", "NOUN", "supporter"),
            ("saying", 3, "acl", "VERB", "say"),
            ("the", 6, "det", "DET", "the"),
            ("struggle", 7, "nsubj", "NOUN", "struggle"),
            ("continues", 4, "ccomp", "VERB", "continue"),
        ],
        tags={4: "VBG"},
    )
    assert subject_text(doc, 4) == ("The senator", "issuer")
    # ... "She met a farmer saying prices fell" stays the farmer's (meeting sends no message)
    farmer = parsed(
        [
            ("She", 1, "nsubj", "PRON", "she"),
            ("met", 1, "ROOT", "VERB", "meet"),
            ("a", 3, "det", "DET", "a"),
            ("farmer", 1, "dobj", "NOUN", "farmer"),
            ("saying", 3, "acl", "VERB", "say"),
            ("prices", 6, "nsubj", "NOUN", "price"),
            ("fell", 4, "ccomp", "VERB", "fall"),
        ],
        tags={4: "VBG"},
    )
    assert subject_text(farmer, 4) == ("a farmer", "inherited")


def test_a_noun_cue_under_a_request_takes_the_subject_of_the_verb() -> None:
    # The campaign did not respond to a request for comment.  ("comment" under "request" under "respond")
    from spinscope.quotes.cues import _governing_subject

    doc = parsed(
        [
            ("The", 1, "det", "DET", "the"),
            ("campaign", 4, "nsubj", "NOUN", "campaign"),
            ("did", 4, "aux", "AUX", "do"),
            ("not", 4, "neg", "PART", "not"),
            ("respond", 4, "ROOT", "VERB", "respond"),
            ("to", 4, "prep", "ADP", "to"),
            ("a", 7, "det", "DET", "a"),
            ("request", 5, "pobj", "NOUN", "request"),
            ("for", 7, "prep", "ADP", "for"),
            ("comment", 8, "pobj", "NOUN", "comment"),
        ]
    )
    span = _governing_subject(doc[9])
    assert span is not None and doc[span[0] : span[1]].text == "The campaign"
    # a noun phrase under a noun that hangs from nothing verbal has no speaker ("a request for comment.")
    bare = parsed(
        [
            ("a", 1, "det", "DET", "a"),
            ("request", 1, "ROOT", "NOUN", "request"),
            ("for", 1, "prep", "ADP", "for"),
            ("comment", 2, "pobj", "NOUN", "comment"),
        ]
    )
    assert _governing_subject(bare[3]) is None


def test_root_verb_steps_over_a_participle_the_parser_hung_on_the_quotation() -> None:
    # "We had it," Bill Eastland, wearing a hat, said.  (en_core_web_sm on PolNeAR train: "Eastland" an
    # `npadvmod` and "wearing" an `advcl` of the quoted verb, not of "said")
    doc = parsed(
        [
            ("We", 1, "nsubj", "PRON", "we"),
            ("had", 11, "ccomp", "VERB", "have"),
            ("it", 1, "dobj", "PRON", "it"),
            (",", 1, "punct", "PUNCT", ","),
            ("Bill", 5, "compound", "PROPN", "Bill"),
            ("Eastland", 1, "npadvmod", "PROPN", "Eastland"),
            (",", 1, "punct", "PUNCT", ","),
            ("wearing", 1, "advcl", "VERB", "wear"),
            ("a", 9, "det", "DET", "a"),
            ("hat", 7, "dobj", "NOUN", "hat"),
            (",", 11, "punct", "PUNCT", ","),
            ("said", 11, "ROOT", "VERB", "say"),
            (".", 11, "punct", "PUNCT", "."),
        ],
        tags={7: "VBG", 11: "VBD"},
    )
    assert subject_text(doc, 11) == ("Bill Eastland", "root_before")


def test_root_verb_steps_over_an_age_after_the_name() -> None:
    # As part of his plea, Lazar, 44, said that he lied.  ("Lazar" an `appos` of "plea", "44" of "Lazar")
    doc = parsed(
        [
            ("As", 9, "prep", "ADP", "as"),
            ("part", 0, "pobj", "NOUN", "part"),
            ("of", 1, "prep", "ADP", "of"),
            ("his", 4, "poss", "PRON", "his"),
            ("plea", 2, "pobj", "NOUN", "plea"),
            (",", 4, "punct", "PUNCT", ","),
            ("Lazar", 4, "appos", "PROPN", "Lazar"),
            (",", 6, "punct", "PUNCT", ","),
            ("44", 6, "appos", "NUM", "44"),
            ("said", 9, "ROOT", "VERB", "say"),
            ("that", 12, "mark", "SCONJ", "that"),
            ("he", 12, "nsubj", "PRON", "he"),
            ("lied", 9, "ccomp", "VERB", "lie"),
        ],
        tags={9: "VBD"},
    )
    token, path = subject_of(doc[9])
    assert token is not None and token.text == "Lazar" and path == "root_before"


def test_an_infinitive_under_a_subjectless_root_takes_the_noun_phrase_before_the_root() -> None:
    # In an interview at Palm Beach, Lewandowski continued to assert that he left.  ("Lewandowski" parsed as
    # the object of "at"; "assert" the `xcomp` of the root "continued", which has no subject)
    doc = parsed(
        [
            ("In", 8, "prep", "ADP", "in"),
            ("an", 2, "det", "DET", "an"),
            ("interview", 0, "pobj", "NOUN", "interview"),
            ("at", 2, "prep", "ADP", "at"),
            ("Palm", 5, "compound", "PROPN", "Palm"),
            ("Beach", 7, "compound", "PROPN", "Beach"),
            (",", 7, "punct", "PUNCT", ","),
            ("Lewandowski", 3, "pobj", "PROPN", "Lewandowski"),
            ("continued", 8, "ROOT", "VERB", "continue"),
            ("to", 10, "aux", "PART", "to"),
            ("assert", 8, "xcomp", "VERB", "assert"),
            ("that", 13, "mark", "SCONJ", "that"),
            ("he", 13, "nsubj", "PRON", "he"),
            ("left", 10, "ccomp", "VERB", "leave"),
        ],
        tags={8: "VBD", 10: "VB"},
    )
    text, path = subject_text(doc, 10)
    assert text is not None and text.endswith("Lewandowski") and path == "root_before"
    # with a subject of its own the root lends it as before
    doc2 = parsed(
        [
            ("Lewandowski", 1, "nsubj", "PROPN", "Lewandowski"),
            ("continued", 1, "ROOT", "VERB", "continue"),
            ("to", 3, "aux", "PART", "to"),
            ("assert", 1, "xcomp", "VERB", "assert"),
            ("it", 3, "dobj", "PRON", "it"),
        ],
        tags={1: "VBD", 3: "VB"},
    )
    assert subject_text(doc2, 3) == ("Lewandowski", "inherited")


def test_asked_tagged_as_a_past_tense_is_still_the_one_asked() -> None:
    # Asked whether it was hard, Daley said: "Of course."  (en_core_web_sm tagged "Asked" VBD, an `advcl`)
    doc = parsed(
        [
            ("Asked", 6, "advcl", "VERB", "ask"),
            ("whether", 3, "mark", "SCONJ", "whether"),
            ("it", 3, "nsubj", "PRON", "it"),
            ("was", 0, "ccomp", "AUX", "be"),
            ("hard", 3, "acomp", "ADJ", "hard"),
            (",", 6, "punct", "PUNCT", ","),
            ("said", 6, "ROOT", "VERB", "say"),
        ],
        tags={0: "VBD", 6: "VBD"},
    )
    assert subject_of(doc[0]) == (None, "addressee")
    # a past tense after its head is a verb of its own ("... when he asked"), not this participle
    later = parsed(
        [
            ("Daley", 1, "nsubj", "PROPN", "Daley"),
            ("smiled", 1, "ROOT", "VERB", "smile"),
            ("when", 4, "advmod", "SCONJ", "when"),
            ("he", 4, "nsubj", "PRON", "he"),
            ("asked", 1, "advcl", "VERB", "ask"),
        ],
        tags={1: "VBD", 4: "VBD"},
    )
    assert subject_text(later, 4) == ("he", "nsubj")
