"""Entity-level tone: clauses, descriptors, voices, the classifier, PerSenT reading/scoring, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import spinscope
from spinscope.analysis import ActorTone
from spinscope.cli import main
from spinscope.ingest import InputError
from spinscope.pipeline import Pipeline
from spinscope.tone.actors import FEATURES, LABELS, classify, clause_tokens, descriptor_tokens, load_model
from spinscope.tone.persent import read, scores, target_mentions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "persent-mini.csv"


@pytest.fixture(scope="module")
def tone_pipeline() -> Pipeline:
    return spinscope.load(layers=["entities", "tone"])


def _mention(doc: spacy.tokens.Doc, text: str) -> spacy.tokens.Span:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None
    return span


def test_clause_excludes_embedded_clause_with_its_own_subject(tone_pipeline: Pipeline) -> None:
    doc = tone_pipeline.nlp("Afghan people believe the US left their country with complete failure.")
    afghan = " ".join(t.text for t in clause_tokens(_mention(doc, "Afghan")))
    assert "failure" not in afghan
    us = _mention(doc, "US")
    assert "failure" in " ".join(t.text for t in clause_tokens(us))
    assert [t.text for t in descriptor_tokens(us)] == ["failure"]


def test_descriptors_of_modified_nouns(tone_pipeline: Pipeline) -> None:
    doc = tone_pipeline.nlp("They celebrated the end of the US occupation in Afghanistan.")
    assert [t.text for t in descriptor_tokens(_mention(doc, "US"))] == ["occupation"]
    assert descriptor_tokens(_mention(doc, "Afghanistan")) == []


def test_actors_on_example(example_text: str, tone_pipeline: Pipeline) -> None:
    analysis = tone_pipeline.analyze(example_text)
    assert analysis.tone is not None and analysis.tone.actors
    actors = {a.name: a for a in analysis.tone.actors}
    us = actors["United States"]
    assert us.own_voice is not None and us.own_voice < 0
    assert {"occupation", "failure", "defeat"} <= {d.text for d in us.descriptors}
    assert us.label == "negative"
    assert us.score == min(a.score for a in analysis.tone.actors)  # the most negatively portrayed actor
    assert actors["Taliban"].label in ("positive", "neutral")
    # "Afghan people": leaning positive with the shipped classifier (a near tie, see the model card), in any case
    # above the United States.
    assert actors["Afghan"].score > us.score
    for actor in analysis.tone.actors:
        assert actor.label in LABELS and -1 <= actor.score <= 1
        assert actor.own_clauses + actor.quoted_clauses == len(actor.clauses)


def test_quoted_voice_from_quotation_marks(tone_pipeline: Pipeline) -> None:
    text = 'The minister said: "Smith is a wonderful, honest leader." Critics said Smith had failed badly.'
    analysis = tone_pipeline.analyze(text)
    assert analysis.tone is not None and analysis.tone.actors
    smith = next(a for a in analysis.tone.actors if a.name == "Smith")
    assert smith.quoted_voice is not None and smith.quoted_voice > 0
    assert smith.own_voice is not None and smith.own_voice < 0


def test_publisher_is_not_an_actor(example_text: str) -> None:
    analysis = spinscope.load(layers=["entities", "outlet", "tone"]).analyze(example_text)
    assert analysis.tone is not None and analysis.tone.actors is not None
    assert "Iran Press" not in {a.name for a in analysis.tone.actors}


def test_classifier_or_documented_fallback() -> None:
    neutral = dict.fromkeys(FEATURES, 0.0)
    negative = {
        **neutral,
        "clause_mean": -0.8,
        "clause_min": -0.9,
        "sentence_mean": -0.8,
        "clause_neg_share": 1.0,
    }
    positive = {
        **neutral,
        "clause_mean": 0.8,
        "clause_max": 0.9,
        "sentence_mean": 0.8,
        "clause_pos_share": 1.0,
    }
    for features in (neutral, negative, positive):
        label, score, _probs = classify(features)
        assert label in LABELS and -1 <= score <= 1
    assert classify(negative)[1] < classify(positive)[1]
    model = load_model()
    if model is None:  # VADER's documented cut-offs on the mean clause compound
        assert [classify(f)[0] for f in (neutral, negative, positive)] == ["neutral", "negative", "positive"]
        assert classify(neutral)[2] == {}
    else:
        assert tuple(model["features"]) == FEATURES
        width = len(FEATURES) + (model["embedding"]["dim"] if model.get("embedding") else 0)
        assert len(model["mean"]) == len(model["scale"]) == width
        assert all(len(row) == width for row in model["coef"])
        assert sorted(model["classes"]) == sorted(LABELS)
        assert model["baseline"]["low"] <= model["baseline"]["high"]
        assert abs(sum(classify(neutral)[2].values()) - 1) < 1e-3


def test_persent_reader_and_target(tone_pipeline: Pipeline) -> None:
    examples = read(FIXTURE)
    assert [e.label for e in examples] == ["positive", "negative", "neutral"]
    assert examples[0].article.startswith("Mayor praised for rescue\n\nAnna Berg")
    doc = tone_pipeline.nlp(examples[0].article)
    assert [s.text for s in target_mentions(doc, "Anna Berg")] == ["Anna Berg", "Berg"]


def test_persent_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such PerSenT file"):
        read(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(InputError, match="missing column"):
        read(bad)


def test_scores_by_hand() -> None:
    gold = ["positive", "positive", "neutral", "negative"]
    pred = ["positive", "neutral", "neutral", "positive"]
    result = scores(gold, pred)
    # positive: P 1/2, R 1/2 -> F1 .5; neutral: P 1/2, R 1 -> F1 2/3; negative: 0.
    assert result["accuracy"] == 0.5
    assert result["macro_f1"] == round((0.5 + 2 / 3 + 0) / 3, 4)
    assert result["confusion"] == [[0, 0, 1], [0, 1, 0], [0, 1, 1]]


def test_eval_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    metrics = tmp_path / "m.json"
    args = ["tone", "eval", "--persent", str(FIXTURE), "--dev", str(FIXTURE), "--metrics-out", str(metrics)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "VADER baseline" in out and "confusion" in out
    result = json.loads(metrics.read_text())
    assert result["articles"] == 3 and result["target_not_found"] == 0
    assert sum(map(sum, result["model"]["confusion"])) == 3
    assert main(["tone", "eval", "--persent", str(tmp_path / "nope.csv")]) == 2
    assert main(["tone", "eval", "--persent", str(FIXTURE), "--limit", "0"]) == 2


_words = st.sampled_from(
    ["Smith", "the", "US", "praised", "failed", "Moscow", "occupation", "said", "brave", ",", ".", '"', "and"]
)


@settings(max_examples=25, deadline=None)
@given(words=st.lists(_words, min_size=3, max_size=30))
def test_actor_offsets_property(tone_pipeline: Pipeline, words: list[str]) -> None:
    text = "Smith met US officials. " + " ".join(words)
    analysis = tone_pipeline.analyze(text)
    assert analysis.tone is not None and analysis.tone.actors is not None
    for actor in analysis.tone.actors:
        ActorTone.model_validate(actor.model_dump())
        for span in [*actor.clauses, *actor.descriptors]:
            assert analysis.text[span.start : span.end] == span.text


def test_encoder_vectors_and_classifier_input() -> None:
    import numpy as np

    from spinscope.tone.encoder import DIM, encoder, mean_vectors

    model = encoder()
    if model is None:
        pytest.skip("no sentence encoder shipped")
    assert encoder() is model  # loaded once
    vectors = model.embed(
        ["A wonderful victory for the team.", "A great win for the side.", "The bridge fell."]
    )
    assert vectors.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    empty, one = mean_vectors([[], ["A wonderful victory for the team."]])
    # int8 dynamic quantisation scales activations per batch, so a text's vector depends slightly on its batch.
    assert empty is None and one is not None and float(one @ vectors[0]) > 0.98
    assert model.embed([]).shape == (0, DIM)
    neutral = dict.fromkeys(FEATURES, 0.0)
    label, score, probs = classify(neutral, one)
    assert label in LABELS and -1 <= score <= 1 and probs
