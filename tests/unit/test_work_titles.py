"""Titles of works (`entities.titles`) and the techniques component cutting them out of its phrases."""

from __future__ import annotations

import pytest
import spacy

from spinscope.entities.titles import capitalised_title, quoted_title, work_titles
from spinscope.techniques.sentences import cut_out, split_at_sentences


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    from spinscope.pipeline import SPACY_MODEL

    return spacy.load(SPACY_MODEL, disable=["ner", "lemmatizer"])


def _titles(nlp, text: str) -> list[str]:
    return [text[a:b] for a, b in work_titles(nlp(text), text)]


def test_a_work_word_next_to_the_quotation_makes_it_a_title(nlp) -> None:
    assert _titles(nlp, 'The South Korean film "Parasite" won.') == ['"Parasite"']
    assert _titles(nlp, "“Fleabag” star Phoebe Waller-Bridge was named best actress.") == ["“Fleabag”"]
    assert _titles(nlp, 'She read the novel "Beloved," then the memoir "Becoming."') == [
        '"Beloved,"',
        '"Becoming."',
    ]


def test_a_role_sentence_makes_in_a_quotation_a_title(nlp) -> None:
    text = 'Joaquin Phoenix was named best actor for his role as a troubled comedian in "Joker."'
    assert _titles(nlp, text) == ['"Joker."']
    # the same shape without a role is not enough: "in" a slogan
    assert _titles(nlp, 'Thousands marched in "Stop the Steal" rallies.') == []


def test_lists_of_quoted_titles(nlp) -> None:
    text = 'It beat "Bombshell," "The Irishman," "Jojo Rabbit" and "Once Upon a Time in Hollywood" for the award.'
    assert _titles(nlp, text) == [
        '"Bombshell,"',
        '"The Irishman,"',
        '"Jojo Rabbit"',
        '"Once Upon a Time in Hollywood"',
    ]
    # two quotations with no work word are not a list of works
    assert _titles(nlp, 'Critics called it "Brutal" and "Dishonest."') == []
    # one work in a list makes the others works
    assert _titles(nlp, 'The films "Joker" and "Judy" won.') == ['"Joker"', '"Judy"']


def test_other_mentions_of_a_work_follow_it_but_not_inside_a_longer_name(nlp) -> None:
    text = 'The film "Judy" won. Critics loved Judy. Renee Zellweger played Judy Garland. The cast of Judy cheered.'
    assert _titles(nlp, text) == ['"Judy"', "Judy", "Judy"]  # not the "Judy" of "Judy Garland"
    assert text.index("Judy Garland") not in [a for a, _ in work_titles(nlp(text), text)]


def test_a_one_word_title_that_is_also_a_word_follows_its_quotations_only(nlp) -> None:
    text = 'NBC\'s "Today" show aired it. Today, he spoke; Parasite fans cheered the film "Parasite."'
    assert _titles(nlp, text) == ['"Today"', "Parasite", '"Parasite."']  # not "Today," opening a sentence
    text = 'The show "Today" aired it, and today he spoke on Today again.'
    assert _titles(nlp, text) == ['"Today"']  # "today" is a word of this text


def test_slogans_labels_and_possessives_are_not_titles(nlp) -> None:
    text = (
        'He called her "Crooked Hillary," and aides defended the "America First" policy. '
        "Readers of Trump’s America said ‘No Way’ to it."
    )
    assert _titles(nlp, text) == []
    assert not capitalised_title("MAKE AMERICA GREAT AGAIN")  # shouted, a slogan
    assert capitalised_title("Once Upon a Time in Hollywood") and not capitalised_title("a new monster")


def test_quoted_title_reads_the_quotation_around_a_mention() -> None:
    text = "Scorsese's “The Irishman” lost. “He is a liar,” she said."
    assert quoted_title(text, text.index("Irishman"), text.index("Irishman") + len("Irishman"))
    assert not quoted_title(text, text.index("He"), text.index("He") + 2)


def test_cut_out_and_sentence_pieces_skip_titles() -> None:
    assert cut_out([(0, 20)], [(5, 10), (15, 30)]) == [(0, 5), (10, 15)]
    assert cut_out([(0, 5)], [(5, 9)]) == [(0, 5)]
    text = 'A poor family schemes its way in and beats "Bombshell" at the awards.'
    title = (text.index('"Bombshell"'), text.index('"Bombshell"') + len('"Bombshell"'))
    pieces = split_at_sentences(text, [(2, title[1])], [(0, len(text))], [title])
    assert [text[a:b] for a, b in pieces] == ["poor family schemes its way in and beats"]
    assert split_at_sentences(text, [(title[0] + 1, title[1] - 1)], [(0, len(text))], [title]) == []
    # what is left beside the title needs three words: "beats" alone was read with the title
    short = (text.index("beats"), title[1])
    assert split_at_sentences(text, [short], [(0, len(text))], [title]) == []


@pytest.mark.slow
def test_no_technique_phrase_in_a_film_title_of_an_awards_report() -> None:
    from pathlib import Path

    import spinscope

    text = (Path(__file__).parents[1] / "fixtures" / "news" / "wire-style-awards.txt").read_text()
    analysis = spinscope.load(["techniques"]).analyze(text)
    from spinscope.entities.titles import work_descriptions

    doc = spinscope.load(["techniques"]).nlp(text)
    doc_titles = work_titles(doc, text)
    assert len(doc_titles) >= 10  # every film and show of the report
    fiction = work_descriptions(text, [(x.start_char, x.end_char) for x in doc.sents], doc_titles)
    assert {text[a:b].split()[1] for a, b in fiction} >= {"troubled", "ruthless", "poor"}
    for t in analysis.techniques:
        assert text[t.start : t.end] == t.text
        assert not any(a < t.end and t.start < b for a, b in doc_titles + fiction), t.text


def test_what_a_report_says_of_a_works_fiction(nlp) -> None:
    from spinscope.entities.titles import work_descriptions

    def described(text: str) -> list[str]:
        doc = nlp(text)
        sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
        return [text[a:b].strip() for a, b in work_descriptions(text, sentences, work_titles(doc, text))]

    assert described(
        'Laura Dern won for her role as a ruthless divorce lawyer in the film "Marriage Story."'
    ) == ["a ruthless divorce lawyer in the film"]
    assert described('In the film "Once Upon a Time in Hollywood," he plays a stuntman.') == ["a stuntman"]
    assert described("The film about a poor family that schemes its way into a wealthy household won.") == [
        "a poor family that schemes its way into a wealthy household won"
    ]
    # no work in the sentence: a politician who plays the victim is described as one; a book is not fiction
    assert described("The senator plays the victim again, as in his role as a champion of the poor.") == []
    assert described("He wrote a book about Edward Snowden which was a similar sham.") == []
