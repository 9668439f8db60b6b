"""Sentence-bounded technique phrases and the article-level persuasion index (range, percentile, typed export)."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from batch_helpers import FULL
from spinscope.analysis import Analysis, Persuasion
from spinscope.components.techniques import phrases, sentence_ranges
from spinscope.render.terminal import render_text
from spinscope.techniques.catalog import FAMILIES
from spinscope.techniques.model import Prediction
from spinscope.techniques.persuasion import PersuasionModel, index_percentile
from spinscope.techniques.sentences import split_at_sentences

RUIN = "They left the country in ruin. Officials said the corrupt elite had fled. He left."


@pytest.fixture(scope="module")
def sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_span_across_a_full_stop_is_cut_at_the_sentence(sentencizer):
    doc = sentencizer(RUIN)
    start = RUIN.index("country")
    end = RUIN.index(" had fled")
    pred = Prediction(start, end, "Loaded_Language", 0.8)
    spans = phrases(doc, [pred], sentence_ranges(doc))
    assert [s.text for s in spans] == ["country in ruin", "Officials said the corrupt elite"]
    for span in spans:
        assert RUIN[span.start_char : span.end_char] == span.text
        assert span._.spinscope_techniques == {"Loaded_Language": 0.8}
        assert sum(1 for a, b in sentence_ranges(doc) if a <= span.start_char and span.end_char <= b) == 1


def test_fragments_too_short_are_dropped_and_words_kept_whole(sentencizer):
    doc = sentencizer(RUIN)
    start = RUIN.index("fled")
    pred = Prediction(
        start + 1, RUIN.index(" left."), "Doubt", 0.5
    )  # "led. He": mid-word start, "He" too short
    spans = phrases(doc, [pred], sentence_ranges(doc))
    assert [s.text for s in spans] == ["fled"]  # snapped to the whole word; "He" dropped


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(RUIN)), st.integers(0, len(RUIN))), max_size=6))
def test_pieces_never_cross_a_sentence(pairs):
    sentences = [(0, 30), (31, 72), (73, len(RUIN))]
    offsets = [(min(a, b), max(a, b)) for a, b in pairs]
    for a, b in split_at_sentences(RUIN, offsets, sentences):
        assert 0 <= a < b <= len(RUIN)
        assert any(sa <= a and b <= sb for sa, sb in sentences)
        assert RUIN[a].isalnum() or RUIN[a] not in " .,"
        assert sum(ch.isalnum() for ch in RUIN[a:b]) >= 3


HEADLINE = "THEY LIED AGAIN: The Cabal Is Robbing You Blind\n\nWake up, people! They lied.\nShare this."


def test_a_headline_is_a_sentence_even_when_the_parser_runs_on_into_the_paragraph():
    doc = spacy.blank("en").make_doc(HEADLINE)
    for i, token in enumerate(doc):  # what spaCy's parser gave this text: one sentence up to "people!"
        token.is_sent_start = i == 0 or token.text == "They"
    assert [HEADLINE[a:b] for a, b in sentence_ranges(doc)] == [
        "THEY LIED AGAIN: The Cabal Is Robbing You Blind",
        "Wake up, people!",
        "They lied.",
        "Share this.",
    ]
    pred = Prediction(HEADLINE.index("The Cabal"), HEADLINE.index("! They"), "Loaded_Language", 0.6)
    assert [s.text for s in phrases(doc, [pred], sentence_ranges(doc))] == [
        "The Cabal Is Robbing You Blind",
        "Wake up, people",
    ]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=" \n\tab.", max_size=40))
def test_line_break_parts_hold_no_line_break_and_no_outer_space(text):
    from spinscope.techniques.sentences import at_line_breaks

    parts = at_line_breaks(text, [(0, len(text))])
    assert "".join("".join(text[a:b].split()) for a, b in parts) == "".join(text.split())
    for a, b in parts:
        assert "\n" not in text[a:b] and text[a:b] == text[a:b].strip() and text[a:b]


def test_percentile_is_monotone_and_bounded():
    reference = np.sort(np.random.default_rng(0).uniform(0, 1, 200))
    grid = np.linspace(-0.1, 1.1, 121)
    values = [index_percentile(float(x), reference) for x in grid]
    assert values[0] == 0.0 and values[-1] == 100.0
    assert all(0.0 <= v <= 100.0 for v in values)
    assert all(a <= b for a, b in itertools.pairwise(values))
    assert index_percentile(0.5, np.array([0.5])) == 50.0  # a tie counts half


@pytest.fixture(scope="module")
def shipped() -> PersuasionModel:
    return PersuasionModel()


def test_index_stays_in_zero_one_and_rises_with_the_loaded_signals(shipped: PersuasionModel):
    rng = np.random.default_rng(1)
    for _ in range(50):
        features = {name: float(rng.uniform(0, 1)) for name in shipped.features}
        assert 0.0 <= shipped.index_of(features, float(rng.uniform(0, 60))) <= 1.0
    calm = dict.fromkeys(shipped.features, 0.0)
    # more text the sentence model finds loaded, or more phrases, -> a higher index, everything else equal
    assert shipped.index_of({**calm, "sentence_mean": 0.4}, 3.0) > shipped.index_of(calm, 3.0)
    assert shipped.index_of(calm, 20.0) > shipped.index_of(calm, 2.0)


def test_loaded_wording_scores_above_a_flat_report(pipeline):
    flat = (
        "The ministry published its quarterly figures on Tuesday. Exports rose 2.1 percent in the period, "
        "the statistics office said. The figures will be revised in March."
    )
    loaded = (
        "The corrupt, treacherous elite have driven the country into ruin and poverty! Do you really believe "
        "these cowards? We will never forget the most shameful betrayal in our history."
    )
    found = {text: pipeline.analyze(text, layers=["techniques"]).persuasion for text in (flat, loaded)}
    assert found[loaded] is not None and found[flat] is not None
    assert found[loaded].index > found[flat].index
    assert found[loaded].percentile >= found[flat].percentile


def test_straight_news_reports_are_not_in_the_top_half_of_the_reference(pipeline):
    """Issue 20's check: wire-style reports, an awards night among them (film titles and roles are not the
    outlet's persuasion, `entities.titles`), rank below the median wire report of the reference."""
    news = Path(__file__).parents[1] / "fixtures" / "news"
    for name in ("wire-style-awards.txt", "reuters-style-rates.txt", "bbc-style-floods.txt"):
        found = pipeline.analyze((news / name).read_text(), layers=["techniques"]).persuasion
        assert found is not None and found.percentile < 50, (name, found)


def test_a_conspiracy_style_post_ranks_above_the_reference_and_the_news(pipeline):
    """Issue 20's other direction: a post of name-calling and calls to act ranks above nearly all the wire
    reports of the reference and above every straight-news fixture; none of its phrases runs over a line."""
    fixtures = Path(__file__).parents[1] / "fixtures"
    text = (fixtures / "opinion" / "conspiracy-style-blog.txt").read_text()
    analysis = pipeline.analyze(text, layers=["techniques"])
    post = analysis.persuasion
    assert post is not None and post.percentile >= 95, post
    for name in ("wire-style-awards.txt", "reuters-style-rates.txt", "bbc-style-floods.txt"):
        news = pipeline.analyze((fixtures / "news" / name).read_text(), layers=["techniques"]).persuasion
        assert news is not None and news.index < post.index, name
    assert analysis.techniques and all("\n" not in t.text for t in analysis.techniques)


def test_reference_ships_with_provenance(shipped: PersuasionModel):
    path = Path(__file__).resolve().parents[2] / "src" / "spinscope" / "data" / "persuasion_reference.json"
    reference = json.loads(path.read_text())
    assert "PolNeAR" in reference["source"] and len(reference["articles"]) == len(reference["values"]) >= 50
    assert list(shipped.reference) == sorted(reference["values"])


def test_exporter_gives_the_typed_index(pipeline):
    text = (
        "The corrupt elite left the country in ruin and poverty. Officials said the cowards fled.\n"
        "The ministry published its figures on Tuesday."
    )
    analysis = pipeline.analyze(text, layers=["techniques"])
    found = analysis.persuasion
    assert isinstance(found, Persuasion)
    assert 0.0 <= found.index <= 1.0 and 0.0 <= found.percentile <= 100.0
    assert [f.family for f in found.families] == list(FAMILIES)
    assert sum(f.spans for f in found.families) == len({(t.start, t.end) for t in analysis.techniques or []})
    for span in found.top_spans:
        assert analysis.text[span.start : span.end] == span.text and 0 <= span.sentence_score <= 1
    # display options leave the index alone
    other = pipeline.analyze(text, layers=["techniques"], settings={"techniques": {"min_score": 0.9}})
    assert other.persuasion is not None and other.persuasion.index == found.index
    again = Analysis.model_validate_json(analysis.to_json())
    assert again.persuasion == found
    briefing = render_text(analysis)
    assert f"than {found.percentile:.0f}% of the reference news reports" in briefing
    if found.top_spans:
        assert "weighs most:" in briefing and found.top_spans[0].text[:20] in " ".join(briefing.split())


def test_stats_compare_outlets_by_the_index(tmp_path: Path):
    from spinscope.batch.rows import ArticleResult, article_row, extract_rows
    from spinscope.batch.sql import SqlStore
    from spinscope.batch.stats import SHARE, compute, mean_interval, open_engine

    def result(key: str, index: float | None) -> ArticleResult:
        analysis = copy.deepcopy(FULL)
        analysis.pop("persuasion", None)  # as stored before the index existed
        if index is not None:
            analysis["persuasion"] = {
                "index": index,
                "percentile": 50.0,
                "reference": "test",
                "families": [],
                "top_spans": [],
            }
        text = json.dumps(analysis)
        row = article_row(
            key, analysis, status="done", outlet="Iran Press", published="2022-08-31", analysis_json=text
        )
        return ArticleResult(key, "done", row, extract_rows(key, analysis), text)

    target = f"sqlite:///{tmp_path / 's.db'}"
    store = SqlStore(target)
    store.write([result("a", 0.2), result("b", 0.4), result("c", None)])
    store.close()
    engine, _ = open_engine(target)
    try:
        table = {t.name: t for t in compute(engine, by="outlet")}["persuasion"]
    finally:
        engine.dispose()
    found = mean_interval([20.0, 40.0], SHARE)
    assert table.rows == [["Iran Press", 2, 30.0, f"{found.low:.1f} to {found.high:.1f}", "only 2 articles"]]


def test_schema_4_backfills_the_index_of_stored_articles(tmp_path: Path):
    import sqlalchemy as sa

    from spinscope.batch.schema import articles, create_engine, migrate

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    assert migrate(engine, target=3) == [1, 2, 3]
    with engine.begin() as conn:
        conn.execute(articles.insert(), [{"id": "a", "status": "done", "analysis": json.dumps(FULL)}])
        conn.execute(articles.insert(), [{"id": "b", "status": "failed", "analysis": None}])
    assert migrate(engine) == [4]
    with engine.connect() as conn:
        rows = conn.execute(sa.text('SELECT article_id, "index", percentile FROM persuasion')).all()
    engine.dispose()
    assert rows == [("a", 0.3, 90.0)]
