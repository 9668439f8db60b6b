"""The quotes layer: quotation pairing, the hard attribution cases of issue #4, offsets, sourcing, evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinscope
from spinscope.components.quotes import attribution_at
from spinscope.evaluation.polnear import Counts, GoldAttribution, Predicted, match, parse_ann, read_split
from spinscope.pipeline import Pipeline
from spinscope.quotes.rules import quote_segments


@pytest.fixture(scope="module")
def quotes_pipeline() -> Pipeline:
    return spinscope.load(layers=["quotes"])


def quotes_of(pipeline: Pipeline, text: str):
    analysis = pipeline.analyze(text)
    assert analysis.quotes is not None and analysis.sourcing is not None
    return analysis


# ---- quotation marks -----------------------------------------------------------------------------------------------
def test_pairs_curly_and_straight_quotes() -> None:
    text = 'He said \u201cone\u201d and "two" and \u201cthree.\u201d'
    segments = [text[s:e] for s, e in quote_segments(text).segments]
    assert segments == ["\u201cone\u201d", '"two"', "\u201cthree.\u201d"]


def test_quote_running_over_paragraphs_is_one_segment() -> None:
    text = '"First paragraph of the quote.\n\n"Second paragraph, still quoted," she said.'
    marks = quote_segments(text)
    assert [(s, e) for s, e in marks.segments] == [(0, text.index(",\u0022") + 2)]
    assert marks.unpaired == []


def test_unbalanced_quotes_are_reported_not_fatal() -> None:
    text = 'He said "this never closes.\n\nAnother paragraph with "a real quote" in it.'
    marks = quote_segments(text)
    assert [text[s:e] for s, e in marks.segments] == ['"a real quote"']
    assert marks.unpaired == [8]


def test_nyt_double_apostrophes_pair() -> None:
    text = "He said, ''We are done,'' and left."
    assert [text[s:e] for s, e in quote_segments(text).segments] == ["''We are done,''"]


# ---- hard attribution cases ------------------------------------------------------------------------------------------
def test_quote_interrupted_by_its_cue(quotes_pipeline: Pipeline) -> None:
    text = 'Maria Lopez is the mayor of Springfield. "We will not," Lopez said, "back down on this plan."'
    analysis = quotes_of(quotes_pipeline, text)
    quote = next(q for q in analysis.quotes if "We will not" in q.text)
    assert [p.text for p in quote.parts] == ['"We will not,"', '"back down on this plan."']
    assert quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker_name == "Maria Lopez"
    assert quote.speaker_type == "named_person"


def test_colon_attribution_and_paragraph_after_colon(quotes_pipeline: Pipeline) -> None:
    text = 'The senator, John Carter, said:\n\n"Our budget is balanced and our schools are open."\n\nHe left.'
    analysis = quotes_of(quotes_pipeline, text)
    quote = next(q for q in analysis.quotes if "budget" in q.text)
    assert quote.speaker_name == "John Carter"
    assert quote.kind == "direct"


def test_dash_attribution(quotes_pipeline: Pipeline) -> None:
    text = (
        "The rally ended at noon.\n\n\u201cWe are going to win this state by a mile.\u201d \u2014 Carlos Raul"
    )
    analysis = quotes_of(quotes_pipeline, text)
    quote = next(q for q in analysis.quotes if "win this state" in q.text)
    assert quote.speaker is not None and "Carlos" in quote.speaker.text
    assert quote.cue is not None and quote.cue.text == "\u2014"


def _broad(pipeline: Pipeline, text: str) -> list[tuple[str, str, list[str]]]:
    """(origin, cue text, content fragments) of the broad candidates the learned filter scores."""
    from spinscope.quotes.rules import extract

    doc = pipeline.nlp(text)
    candidates, _ = extract(doc, None)
    return [
        (c.origin, text[c.cue[0][0] : c.cue[0][1]], [text[s:e] for s, e in c.content]) for c in candidates
    ]


def test_quote_takes_the_nearest_cue_of_its_paragraph(quotes_pipeline: Pipeline) -> None:
    text = (
        "Asked if the comments had rattled them, Ryan said, \u201cSure. I get that, too. Everybody pays "
        "attention to our politics.\u201d"
    )
    found = [c for c in _broad(quotes_pipeline, text) if any("Sure" in f for f in c[2])]
    assert found and found[0][1] == "said"


def test_continuation_is_not_blocked_by_a_non_speech_verb(quotes_pipeline: Pipeline) -> None:
    text = (
        '"There is a tsunami out there that keeps growing," said Steve Smith, an editor who teaches '
        'journalism at the University of Idaho. "Journalists just cannot keep up with it any more."'
    )
    said = [c for c in _broad(quotes_pipeline, text) if c[1] == "said"]
    assert len(said) == 1 and len(said[0][2]) == 2 and "Journalists" in said[0][2][1]


def test_headline_label_and_object_predicate(quotes_pipeline: Pipeline) -> None:
    text = "Paul Ryan: The FBI Decision Defies Explanation.\n\nSanders accused Clinton of being too cozy with Wall Street."
    found = _broad(quotes_pipeline, text)
    assert ("label", ":", ["The FBI Decision Defies Explanation."]) in found
    accused = next(c for c in found if c[1] == "accused")
    assert accused[2] == ["Clinton of being too cozy with Wall Street"]


def test_object_content_runs_on_over_to_and_on(quotes_pipeline: Pipeline) -> None:
    # issue 17, session 8: PolNeAR annotates "likened [Perez to Hugo Chavez]", "pressured [the president on ...]"
    text = (
        "Limbaugh has even likened Perez to the socialist Hugo Chavez. "
        "Senators have pressured the president on his deportation policies."
    )
    found = _broad(quotes_pipeline, text)
    likened = next(c for c in found if c[1] == "likened")
    assert likened[2] == ["Perez to the socialist Hugo Chavez"]
    pressured = next(c for c in found if c[1] == "pressured")
    assert pressured[2] == ["the president on his deportation policies"]


def test_according_to_and_documents(quotes_pipeline: Pipeline) -> None:
    text = "According to a report by the World Bank, poverty rose by 12 percent last year."
    analysis = quotes_of(quotes_pipeline, text)
    quote = analysis.quotes[0]
    assert quote.cue is not None and quote.cue.text == "According to"
    assert "poverty rose" in quote.text
    assert quote.speaker_type == "document"


def test_pronoun_and_description_resolve_to_earlier_speaker(quotes_pipeline: Pipeline) -> None:
    text = (
        "Ahmad Wali, the spokesman of the ministry, told reporters that the road would reopen on Monday.\n\n"
        "He said that the repairs had cost two million dollars.\n\n"
        "The spokesman added that no one was hurt."
    )
    analysis = quotes_of(quotes_pipeline, text)
    names = {q.speaker_name for q in analysis.quotes}
    assert names == {"Ahmad Wali"}
    methods = sorted(q.resolved_by for q in analysis.quotes)
    assert "pronoun" in methods and "description" in methods
    assert len(analysis.sourcing.voices) == 1
    assert analysis.sourcing.voices[0].quotes == 3


def test_anonymous_and_group_voices(quotes_pipeline: Pipeline) -> None:
    text = (
        "An official who asked not to be named said the talks had failed.\n\n"
        "Local residents said that the water had been cut for a week."
    )
    analysis = quotes_of(quotes_pipeline, text)
    types = {q.speaker_type for q in analysis.quotes}
    assert types == {"anonymous", "group"}
    counts = analysis.sourcing.counts
    assert counts["anonymous"] == 1 and counts["group"] == 1


def test_no_quotes_states_own_voice(quotes_pipeline: Pipeline) -> None:
    analysis = quotes_of(quotes_pipeline, "The river is long. It flows to the sea.")
    assert analysis.quotes == []
    assert analysis.sourcing.voices == []
    assert "own voice" in analysis.sourcing.statement


def test_unbalanced_quotes_warn(quotes_pipeline: Pipeline) -> None:
    analysis = quotes_of(quotes_pipeline, 'The minister said "we will see. Then nothing more happened here.')
    assert any("could not be paired" in w for w in analysis.warnings)


def test_attribution_at(quotes_pipeline: Pipeline) -> None:
    text = 'Jane Smith, a spokeswoman for Acme, said: "Our prices will fall next year." Prices rose.'
    doc = quotes_pipeline.nlp(text)
    start = text.index("prices will fall")
    found = attribution_at(doc, start, start + len("prices will fall"))
    assert found is not None
    assert found["speaker"] == "Jane Smith"
    assert found["speaker_type"] == "named_person"
    assert found["affiliation"] == "Acme"
    assert found["kind"] == "direct"
    assert found["quote_index"] == 0
    outside = text.index("Prices rose")
    assert attribution_at(doc, outside, outside + 11) is None
    # half inside, half outside the quote: exactly at the 50% rule
    end_quote = text.index('year."') + 6
    assert attribution_at(doc, end_quote - 10, end_quote + 10) is not None
    assert attribution_at(doc, end_quote - 9, end_quote + 11) is None


# ---- offsets (property) ------------------------------------------------------------------------------------------------
PIECES = [
    "Smith", "said", "told", "reporters", "that", "\u201cWe", "will", "win,\u201d", '"', "'", "\u201d", "\u201c",
    "according", "to", "officials", ":", "\u2014", "--", "he", "she", "they", "added", "the", "spokesman", ".",
    ",", "\n\n", "\n", "  ", "Taliban", "Kabul", "\u00e9", "''", "believes",
]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_quote_offsets_are_exact(quotes_pipeline: Pipeline, words: list[str]) -> None:
    text = "A " + " ".join(words)
    analysis = quotes_pipeline.analyze(text)
    for span in analysis.spans():
        assert analysis.text[span.start : span.end] == span.text
    for quote in analysis.quotes or []:
        assert quote.start == min(p.start for p in quote.parts)
        assert quote.end == max(p.end for p in quote.parts)


# ---- evaluation ----------------------------------------------------------------------------------------------------------
def test_match_thresholds_use_the_longer_span() -> None:
    gold = [((0, 100),)]
    assert match([((0, 40),)], gold, 0.3) == [(0, 0)]
    assert match([((0, 40),)], gold, 0.8) == []
    assert match([((0, 29),)], gold, 0.3) == []
    # fragments count together; one prediction matches at most one gold span
    assert match([((0, 50), (60, 100))], [((0, 50), (60, 90))], 0.8) == [(0, 0)]
    assert match([((0, 100),)], [((0, 100),), ((0, 100),)], 0.3) == [(0, 0)]


def test_counts_metrics() -> None:
    gold = [
        GoldAttribution(content=((0, 10),), cue=((12, 16),), source=((18, 22),)),
        GoldAttribution(content=((30, 40),), cue=((41, 45),), source=()),
    ]
    predicted = [
        Predicted(content=((0, 10),), cue=((12, 16),), source=((18, 20),)),  # right source and cue
        Predicted(
            content=((30, 38),), cue=((50, 52),), source=((50, 55),)
        ),  # wrong cue, speaker but none in gold
        Predicted(content=((60, 70),), cue=(), source=()),  # no gold
    ]
    counts = Counts()
    counts.add(predicted, gold)
    m = counts.metrics()
    assert m["content_p@0.3"] == round(2 / 3, 4) and m["content_r@0.3"] == 1.0
    assert m["content_p@0.8"] == round(2 / 3, 4)
    assert m["source_accuracy"] == 0.5 and m["cue_accuracy"] == 0.5


ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 20;25 30\tthe thing again
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 40 45\tmore.
T6\tCue 35 39\twas told
E2\tAttribution:T6 Content:T5 Cue:T6
"""


def test_parse_ann_discontinuous_and_sourceless() -> None:
    gold = parse_ann(ANN)
    assert gold[0] == GoldAttribution(content=((11, 20), (25, 30)), cue=((6, 10),), source=((0, 5),))
    assert gold[1].source == ()


def test_read_split_takes_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Smith said the thing.", encoding="utf-8")
    (tmp_path / "attributions" / "a_b2.ann").write_text("", encoding="utf-8")
    first = "T1\tContent 11 20\tthe thing\nT2\tCue 6 10\tsaid\nE1\tContent:T1 Cue:T2\n"
    (tmp_path / "attributions" / "a_a1.ann").write_text(first, encoding="utf-8")
    articles = list(read_split(tmp_path))
    assert len(articles) == 1 and len(articles[0].attributions) == 1


def test_eval_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spinscope.cli import main

    text = 'Jane Smith said that the bridge would reopen on Monday. "It is safe," she added.'
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    content = text.index("that the")
    ann = (
        f"T1\tSource 0 10\tJane Smith\nT2\tCue 11 15\tsaid\n"
        f"T3\tContent {content} {text.index('.')}\t{text[content : text.index('.')]}\n"
        "E1\tContent:T3 Cue:T2 Source:T1\n"
    )
    (tmp_path / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    out = tmp_path / "metrics.json"
    assert main(["quotes", "eval", "--polnear", str(tmp_path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "content P / R / F1 @0.3" in printed and "source accuracy" in printed
    assert '"content_r@0.3": 1.0' in out.read_text(encoding="utf-8")
    assert main(["quotes", "eval", "--polnear", str(tmp_path / "missing")]) == 2
    assert main(["quotes", "eval", "--polnear", str(tmp_path), "--modes", "nonsense"]) == 2


def test_eval_command_reports_voices_and_reuses_its_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from spinscope.cli import main

    split = tmp_path / "split"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = "Maria Lopez met the press. She said that the bridge would reopen on Monday."
    (split / "text" / "a.txt").write_text(text, encoding="utf-8")
    content = text.index("that the")
    she = text.index("She")
    ann = (
        f"T1\tSource {she} {she + 3}\tShe\nT2\tCue {she + 4} {she + 8}\tsaid\n"
        f"T3\tContent {content} {len(text) - 1}\t{text[content:-1]}\n"
        "E1\tContent:T3 Cue:T2 Source:T1\n"
    )
    (split / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "metrics.json"
    for _ in range(2):  # the second run reads the parse back from the cache
        assert main(["quotes", "eval", "--polnear", str(split), "--cache", str(cache), "-o", str(out)]) == 0
    assert list(cache.glob("polnear-split-*/docs.spacy"))
    printed = capsys.readouterr().out
    assert "pronoun sources resolved" in printed
    learned = json.loads(out.read_text(encoding="utf-8"))["modes"]["learned"]
    assert learned["pronoun_sources"] == 1 and learned["pronoun_sources_resolved_share"] == 1.0
    assert learned["source_accuracy"] == 1.0


def test_attribution_at_reads_a_quotes_group_set_again(quotes_pipeline: Pipeline) -> None:
    """The quotes' records are read once per Doc and read again when the span group is replaced."""
    from spinscope.components.quotes import SPAN_KEY

    text = 'Jane Smith said: "Our prices will fall next year." Prices rose.'
    doc = quotes_pipeline.nlp(text)
    start = text.index("prices will fall")
    assert attribution_at(doc, start, start + 16) is not None  # read and kept
    doc.spans[SPAN_KEY] = []
    assert attribution_at(doc, start, start + 16) is None
