"""Issue 17: who really speaks. Each speaker-resolution rule, the voice filter, the cue-verb filter, alias
merging, and the hand-made multi-speaker stories of tests/fixtures/stories/ (written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import spinscope
from spinscope.analysis import Analysis
from spinscope.pipeline import Pipeline
from spinscope.quotes.aliases import ambiguous_surname, name_words, same_name
from spinscope.quotes.gender import agrees, first_name_gender, name_gender

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"
EXPECTED = {
    k: v for k, v in json.loads((STORIES / "expected.json").read_text()).items() if not k.startswith("_")
}


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return spinscope.load(layers=["quotes"])


def speaker_of(analysis: Analysis, needle: str) -> str | None:
    found = [q for q in analysis.quotes or [] if needle in q.text]
    assert found, f"no quote containing {needle!r} in {[q.text for q in analysis.quotes or []]}"
    return found[0].speaker_name


def analyse(nlp: Pipeline, text: str) -> Analysis:
    analysis = nlp.analyze(text)
    assert analysis.quotes is not None and analysis.sourcing is not None
    for quote in analysis.quotes:  # offsets are sacred, resolution or not
        assert analysis.text[quote.start : quote.end] == quote.text
        if quote.speaker is not None:
            assert analysis.text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
    return analysis


# ---- the stories ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("story", "needle", "speaker"),
    [(story, needle, speaker) for story, items in EXPECTED.items() for needle, speaker in items],
)
def test_multi_speaker_story(nlp: Pipeline, story: str, needle: str, speaker: str) -> None:
    analysis = analyse(nlp, (STORIES / story).read_text(encoding="utf-8"))
    assert speaker_of(analysis, needle) == speaker


def test_interview_story_counts_three_named_voices(nlp: Pipeline) -> None:
    analysis = analyse(nlp, (STORIES / "interview.txt").read_text(encoding="utf-8"))
    assert analysis.sourcing is not None
    names = sorted(v.name for v in analysis.sourcing.voices)
    assert names == ["Meghan Markle", "Oprah Winfrey", "Prince Harry"]
    meghan = next(v for v in analysis.sourcing.voices if v.name == "Meghan Markle")
    assert meghan.quotes >= 4  # "She said", "the duchess said", "Meghan said", "she said": one voice


# ---- resolution rules ----------------------------------------------------------------------------------------------
def test_gender_agreement_beats_the_last_name(nlp: Pipeline) -> None:
    text = (
        "Anna Kowalski met Peter Novak in Warsaw on Monday to discuss the budget. "
        "She said that the talks had gone well."
    )
    quote = next(q for q in analyse(nlp, text).quotes or [] if "talks had gone well" in q.text)
    assert quote.speaker_name == "Anna Kowalski"
    assert quote.resolved_by == "pronoun" and quote.resolved
    assert quote.resolution is not None and "female" in quote.resolution


def test_previous_speaker_in_a_run_of_quotes(nlp: Pipeline) -> None:
    text = (
        'John Miller and Robert Evans spoke after the vote. "We lost," Miller said.\n\n'
        '"We will be back next year," he added.'
    )
    analysis = analyse(nlp, text)
    assert speaker_of(analysis, "We will be back") == "John Miller"


def test_subject_beats_object(nlp: Pipeline) -> None:
    text = "David Park thanked Michael Chen for his help. He said that the project was finished."
    assert speaker_of(analyse(nlp, text), "the project was finished") == "David Park"


def test_interview_framing_gives_the_answer_to_the_one_asked(nlp: Pipeline) -> None:
    text = "Maria Silva asked Laura Jones whether the plan would work. She said that it would take years."
    analysis = analyse(nlp, text)
    assert speaker_of(analysis, "whether the plan would work") == "Maria Silva"
    assert speaker_of(analysis, "it would take years") == "Laura Jones"


def test_passive_addressee_is_not_the_speaker(nlp: Pipeline) -> None:
    text = "Coach Marta Silva was asked whether she feared for her job after the defeat."
    quote = next(q for q in analyse(nlp, text).quotes or [] if "feared" in q.text)
    assert quote.speaker_name != "Marta Silva"
    assert not quote.resolved


def test_title_and_role_descriptions(nlp: Pipeline) -> None:
    text = (
        "Mayor Helen Cho and her deputy, Tom Baker, met the press. Baker said the budget was short. "
        "The mayor said that the city would borrow."
    )
    assert speaker_of(analyse(nlp, text), "the city would borrow") == "Helen Cho"


def test_gendered_description_takes_the_salient_woman(nlp: Pipeline) -> None:
    text = (
        "Prince Harry and Meghan Markle spoke to reporters in London. Meghan Markle said she was happy. "
        '"It has been a hard year," the duchess said.'
    )
    assert speaker_of(analyse(nlp, text), "It has been a hard year") == "Meghan Markle"


def test_relative_pronoun_takes_the_noun_it_qualifies(nlp: Pipeline) -> None:
    text = "Local growers, who said they had not been consulted, marched through the town."
    assert speaker_of(analyse(nlp, text), "they had not been consulted") == "Local growers"


def test_they_points_to_an_organisation(nlp: Pipeline) -> None:
    text = "The National Farmers Union said the rules were unfair. They said the plan should wait."
    assert speaker_of(analyse(nlp, text), "the plan should wait") == "National Farmers Union"


def test_first_person_inside_a_quote_is_its_speaker(nlp: Pipeline) -> None:
    text = '"I think we said that we would win," Jane Smith said.'
    quotes = analyse(nlp, text).quotes or []
    assert quotes and all(q.speaker_name == "Jane Smith" for q in quotes if q.speaker is not None)


# ---- voices a researcher can count ---------------------------------------------------------------------------------
def test_unresolvable_pronoun_is_kept_but_not_a_voice(nlp: Pipeline) -> None:
    text = "You said that the shop would close. It was a sad day."
    analysis = analyse(nlp, text)
    quote = next(q for q in analysis.quotes or [] if "shop would close" in q.text)
    assert not quote.resolved and quote.voice_id is None and quote.resolved_by == "unresolved"
    assert quote.speaker is not None and quote.speaker.text == "You"
    assert analysis.sourcing is not None
    assert analysis.sourcing.voices == []
    assert analysis.sourcing.unresolved_quotes == 1
    assert "not counted" in analysis.sourcing.statement


def test_no_pronoun_or_relative_ever_becomes_a_voice(nlp: Pipeline) -> None:
    text = (
        "It said the numbers were wrong. Which said that nothing had changed. "
        "They said the rain would stop. You said it was fine."
    )
    analysis = analyse(nlp, text)
    assert analysis.sourcing is not None
    names = {v.name.lower() for v in analysis.sourcing.voices}
    assert not names & {"it", "which", "they", "you", "who", "he", "she"}


def test_a_thing_is_not_a_voice(nlp: Pipeline) -> None:
    text = "The blocking of the funds meant that families could not buy food, the report said."
    analysis = analyse(nlp, text)
    assert analysis.sourcing is not None
    assert all("blocking" not in v.name for v in analysis.sourcing.voices)


def test_heading_label_is_not_a_voice(nlp: Pipeline) -> None:
    text = "Coronavirus: cases rise again in the city as schools reopen\n\nThe city opened its schools."
    analysis = analyse(nlp, text)
    assert analysis.sourcing is not None
    assert all(v.name != "Coronavirus" for v in analysis.sourcing.voices)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("The United States recorded '467,000 cases of the virus' on Friday.", "467,000"),
        ("Brad Pitt picked \u201canother trophy for the shelf\u201d at the gala.", "another trophy"),
        ("A new report calls \u201cthe Office for Students\u201d every week.", "Office for Students"),
    ],
)
def test_non_speech_cues_are_not_attributions(nlp: Pipeline, text: str, needle: str) -> None:
    analysis = analyse(nlp, text)
    assert not [q for q in analysis.quotes or [] if needle in q.text and q.speaker_name]


def test_speech_attitude_cues_stay(nlp: Pipeline) -> None:
    text = "Senator Tim Kaine criticized the deal as a giveaway to the banks."
    analysis = analyse(nlp, text)
    assert any(q.speaker_name == "Tim Kaine" for q in analysis.quotes or [])


# ---- aliases -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Skaik", "Sobhi Skaik", True),  # surname only
        ("Kolomoisky", "Igor Kolomoisky", True),
        ("Skaik's", "Sobhi Skaik", True),  # possessive
        ("Mrs. Clinton", "Hillary Clinton", True),  # title + surname
        ("Prince Harry", "Harry Windsor", True),  # title + first name
        ("Meghan", "Meghan Markle", True),  # a known first name
        ("FBI", "Federal Bureau of Investigation", True),  # initials
        ("Harry", "Meghan Markle", False),
        ("Markle", "Meghan", False),
        ("Smith", "John Smithson", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same
    assert same_name(b, a) is same


def test_shared_surname_is_ambiguous() -> None:
    assert ambiguous_surname("Clinton", ["Bill Clinton", "Hillary Clinton"])
    assert not ambiguous_surname("Clinton", ["Hillary Clinton", "Donald Trump"])
    assert name_words("the Prince Harry's") == ["Harry"]


def test_surname_mentions_join_one_voice(nlp: Pipeline) -> None:
    text = (
        "Sobhi Skaik, who runs a bakery in Gaza, lost his shop in the strike. "
        '"We have nothing left," Skaik said. Skaik said that his family had moved south.'
    )
    analysis = analyse(nlp, text)
    assert analysis.sourcing is not None
    skaik = [v for v in analysis.sourcing.voices if "Skaik" in v.name]
    assert [v.name for v in skaik] == ["Sobhi Skaik"]
    assert skaik[0].quotes == 2 and skaik[0].speaker_type == "named_person"


def test_shared_surname_is_not_merged(nlp: Pipeline) -> None:
    text = (
        "Bill Clinton and Hillary Clinton arrived in Iowa on Monday. "
        "Clinton said that the campaign was going well."
    )
    analysis = analyse(nlp, text)
    assert speaker_of(analysis, "the campaign was going well") not in ("Bill Clinton", "Hillary Clinton")


# ---- gender --------------------------------------------------------------------------------------------------------
def test_gender_from_titles_names_and_nouns() -> None:
    assert name_gender(["Prince", "Harry"]) == "male"
    assert name_gender(["Meghan", "Markle"]) == "female"
    assert name_gender(["the", "duchess"]) == "female"
    assert name_gender(["Sen.", "Tim", "Kaine"]) == "male"
    assert name_gender(["Mrs.", "Clinton"]) == "female"
    assert name_gender(["Oprah", "Winfrey"]) == "unknown"  # not in the name list: agrees with both
    assert first_name_gender("Zabihullah") == "male"
    assert agrees("female", "unknown") and not agrees("female", "male")


def test_shared_surname_does_not_join_an_earlier_voice(nlp: Pipeline) -> None:
    text = (
        "Bill Clinton and Hillary Clinton arrived in Iowa. Hillary Clinton said the polls were close. "
        "Clinton said that the campaign was going well."
    )
    analysis = analyse(nlp, text)
    assert speaker_of(analysis, "the polls were close") == "Hillary Clinton"
    assert speaker_of(analysis, "the campaign was going well") == "Clinton"


def test_surname_typed_as_organisation_joins_the_person_entity(nlp: Pipeline) -> None:
    """The entities layer merges "Kolomoisky" (typed ORG) into "Igor Kolomoisky" (PERSON): one entity."""
    from spacy.tokens import Span

    from spinscope.components.entities import EntityLinker

    doc = nlp.nlp.make_doc("Igor Kolomoisky owns the bank. Kolomoisky denied it.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 6, 7, label="ORG")]
    EntityLinker()(doc)
    spans = list(doc.spans["spinscope.entities"])
    assert {s._.spinscope_canonical for s in spans} == {"Igor Kolomoisky"}
    assert len({s._.spinscope_entity_id for s in spans}) == 1


@pytest.mark.parametrize(
    ("name", "label", "voice_type"),
    [
        ("Al-Shifa Hospital", "PERSON", "named_organization"),  # a hospital typed as a person
        ("Sobhi Skaik", "ORG", "named_person"),  # a person typed as an organisation: a known first name
        ("Goldman Sachs", "ORG", "named_organization"),
        ("Zabihullah Mujahid", "PERSON", "named_person"),
        ("Democrats", "NORP", "group"),
        ("The Washington Post", "ORG", "outlet"),
    ],
)
def test_named_voice_type_corrects_the_ner(name: str, label: str, voice_type: str) -> None:
    from spinscope.quotes.speakers import _named_type

    assert _named_type(name, label) == voice_type


def test_stats_count_resolved_voices_and_say_how_many_quotes_were_left(tmp_path: Path) -> None:
    """`spinscope stats`: a quote whose speaker is unresolved ("he" with no antecedent) is no voice, and the
    voices table says how many such quotes it left out."""
    import copy

    from batch_helpers import FULL
    from spinscope.batch.rows import ArticleResult, article_row, extract_rows
    from spinscope.batch.sql import SqlStore
    from spinscope.batch.stats import compute, open_engine

    analysis = copy.deepcopy(FULL)
    unresolved = {
        **analysis["quotes"][0],
        "speaker_name": None,
        "speaker_type": "unknown",
        "voice_id": None,
        "resolved_by": "unresolved",
        "resolved": False,
    }
    analysis["quotes"].append(unresolved)
    analysis["sourcing"]["unresolved_quotes"] = 1
    row = article_row(
        "a", analysis, status="done", outlet="X", published="2022-08-31", analysis_json=json.dumps(analysis)
    )
    target = f"sqlite:///{tmp_path / 's.db'}"
    store = SqlStore(target)
    store.write([ArticleResult("a", "done", row, extract_rows("a", analysis), json.dumps(analysis))])
    store.close()
    engine, _ = open_engine(target)
    try:
        voices = next(t for t in compute(engine, by="outlet", top=5) if t.name == "voices")
    finally:
        engine.dispose()
    assert [r[0] for r in voices.rows] == ["a Taliban spokesman"]
    assert voices.note is not None and voices.note.startswith("1 quote")
