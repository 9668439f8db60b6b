"""Actor tone: target marking, the aggregation rule, voices, the non-actor filter, readers, the eval command,
offsets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st

import spinscope
from spinscope.analysis import ActorTone
from spinscope.cli import main
from spinscope.evaluation import newsmtsc, persent
from spinscope.evaluation.metrics import macro_f1, scores, threshold_label, tune_thresholds
from spinscope.ingest import InputError
from spinscope.pipeline import Pipeline
from spinscope.tone.actors import Quotation, aggregate, evidence, label_of, voice_at
from spinscope.tone.filters import is_non_actor, non_actor_mention
from spinscope.tone.targets import LABELS, Window, pooled_features, shared_target_model, window

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PERSENT = FIXTURES / "persent-mini.csv"
NEWSMTSC = FIXTURES / "newsmtsc-mini.jsonl"


@pytest.fixture(scope="module")
def tone_pipeline() -> Pipeline:
    return spinscope.load(layers=["entities", "quotes", "tone"])


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spinscope.load(layers=["entities"]).nlp


# ---- target marking ---------------------------------------------------------------------------------------------
def _offsets(text: str) -> np.ndarray:
    """Word-level 'wordpieces' of a text: enough to test the window logic without the tokenizer."""
    import re

    return np.asarray([m.span() for m in re.finditer(r"\S+", text)], dtype=np.int64).reshape(-1, 2)


def test_window_marks_exactly_the_target() -> None:
    text = "Critics said that Smith failed badly."
    offs = _offsets(text)
    start = text.index("Smith")
    win = window(offs, (0, len(text)), (start, start + 5))
    assert win == Window(0, 6, 3, 4)
    assert win.marker().tolist() == [0, 0, 0, 1, 0, 0]
    marked = [text[a:b] for (a, b), m in zip(offs[win.start : win.end], win.marker(), strict=True) if m]
    assert marked == ["Smith"]


def test_window_is_cut_around_the_target() -> None:
    text = " ".join(f"w{i}" for i in range(300))
    offs = _offsets(text)
    start = text.index("w200 ")
    win = window(offs, (0, len(text)), (start, start + 4), max_tokens=50)
    assert win is not None
    assert win.end - win.start == 50 and win.start <= 200 < win.end
    assert abs((200 - win.start) - (win.end - 201)) <= 1  # centred
    first = window(offs, (0, len(text)), (0, 2), max_tokens=50)
    assert first == Window(0, 50, 0, 1)
    assert window(offs, (0, len(text)), (len(text), len(text) + 3)) is None  # no wordpiece: no window


def test_window_only_reads_its_sentence() -> None:
    text = "Smith won. Jones lost badly today."
    offs = _offsets(text)
    second = (text.index("Jones"), len(text))
    win = window(offs, second, (second[0], second[0] + 5))
    assert (win.start, win.end) == (2, 6)


def test_pooled_features_shapes_and_parts() -> None:
    states = np.arange(10 * 4, dtype=np.float32).reshape(10, 4)
    win = Window(2, 9, 4, 6)
    feats = pooled_features(states, win, context=1)
    assert feats.shape == (12,)
    assert np.allclose(feats[:4], states[4:6].mean(0))
    assert np.allclose(feats[4:8], states[2:9].mean(0))
    assert np.allclose(feats[8:], states[[3, 6]].mean(0))


def test_shipped_model_on_the_shared_encoder() -> None:
    from spinscope.techniques.model import shared_model

    model = shared_target_model()
    text = "Smith was praised for his brave and generous leadership. Kell was charged with stealing millions."
    enc = shared_model().encode(text)
    first, second = (0, text.index(" Kell")), (text.index("Kell"), len(text))
    probs = model.probabilities(enc, [(first, (0, 5)), (second, (second[0], second[0] + 4))])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(1), 1.0, atol=1e-5)
    assert probs[0].argmax() == LABELS.index("positive") and probs[1].argmax() == LABELS.index("negative")
    assert model.probabilities(enc, []).shape == (0, 3)


# ---- aggregation rule --------------------------------------------------------------------------------------------
def _p(neg: float, neu: float, pos: float) -> np.ndarray:
    return np.asarray([neg, neu, pos])


def test_aggregation_rule_by_hand() -> None:
    assert aggregate([]) == ("neutral", 0.0, 0)
    one = _p(0.2, 0.3, 0.5)
    assert aggregate([one]) == ("positive", pytest.approx(0.3), 1)
    # two weakly neutral sentences outvote one clearly negative one: 0.45 + 0.45 > 0.8
    mixed = [_p(0.8, 0.1, 0.1), _p(0.3, 0.45, 0.25), _p(0.3, 0.45, 0.25)]
    label, score, agreeing = aggregate(mixed)
    assert (label, agreeing) == ("neutral", 2) and score == pytest.approx((-0.7 - 0.05 - 0.05) / 3)
    assert evidence(mixed, "neutral") == [1, 2] and evidence(mixed, "negative") == [0]
    assert aggregate([_p(0.5, 0.0, 0.5)])[0] in ("negative", "positive")
    assert aggregate([_p(0.6, 0.4, 0.0), _p(0.0, 0.4, 0.6)])[0] == "negative"  # a tie: the first in the text
    assert aggregate([_p(0.0, 0.4, 0.6), _p(0.6, 0.4, 0.0)])[0] == "positive"
    assert aggregate([_p(0.0, 0.6, 0.4), _p(0.0, 0.4, 0.6)])[0] == "neutral"  # a tie with neutral: neutral
    assert label_of(_p(0.1, 0.2, 0.7)) == "positive"
    # vote weights (the model's `vote_weights`; equal in the shipped config) scale each label's votes
    assert aggregate(mixed, (3.0, 1.0, 1.0))[:3:2] == ("negative", 1)


_probs = st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3).map(lambda v: np.asarray(v) / sum(v))


@settings(max_examples=200, deadline=None)
@given(probs=st.lists(_probs, min_size=1, max_size=12))
def test_label_agrees_with_its_evidence(probs: list[np.ndarray]) -> None:
    label, score, agreeing = aggregate(probs)
    shown = evidence(probs, label)
    assert 1 <= len(shown) <= 3 and agreeing >= len(shown)
    assert all(label_of(probs[i]) == label for i in shown)  # every sentence shown carries the label
    column = LABELS.index(label)
    assert [probs[i][column] for i in shown] == sorted((probs[i][column] for i in shown), reverse=True)
    assert -1 <= score <= 1


def test_voice_is_the_innermost_quotation() -> None:
    outer = Quotation(((0, 100),), "Ahmed")
    inner = Quotation(((20, 40),), "Omar")
    assert voice_at([outer, inner], 25, 30) is inner
    assert voice_at([outer, inner], 50, 55) is outer
    assert voice_at([inner], 38, 44) is None  # a third inside: not in that voice
    assert voice_at([inner], 36, 42) is inner  # at least half inside
    assert voice_at([], 0, 5) is None


# ---- non-actor filter --------------------------------------------------------------------------------------------
def _span(doc: spacy.tokens.Doc, text: str, label: str, nth: int = 0) -> spacy.tokens.Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None
    return span


def test_titles_awards_and_events_are_not_actors(nlp: spacy.language.Language) -> None:
    doc = nlp("Scorsese's “The Irishman” lost to Parasite. Pesci won an Oscar and an Oscar nomination.")
    assert non_actor_mention(doc, _span(doc, "Irishman", "PERSON")) == "quoted title"
    assert non_actor_mention(doc, _span(doc, "Oscar", "PERSON")) is not None  # "an Oscar"
    assert non_actor_mention(doc, _span(doc, "Oscar", "PERSON", 1)) is not None  # "Oscar nomination"
    assert non_actor_mention(doc, _span(doc, "Scorsese", "PERSON")) is None
    assert non_actor_mention(doc, _span(doc, "Pesci", "PERSON")) is None
    doc = nlp("Critics loved De Niro in The Irishman, the Oscar-winning director said.")
    assert non_actor_mention(doc, _span(doc, "Irishman", "PERSON")) is not None  # capitalised "The"
    assert non_actor_mention(doc, _span(doc, "Oscar", "PERSON")) is not None  # "Oscar-winning"
    assert non_actor_mention(doc, _span(doc, "De Niro", "PERSON")) is None


def test_people_in_quotations_and_with_verbs_stay_actors(nlp: spacy.language.Language) -> None:
    doc = nlp('"Smith has failed this country," Jones said. The Patriots play Miami. Obama signed the bill.')
    assert non_actor_mention(doc, _span(doc, "Smith", "PERSON")) is None  # a long quotation, not a title
    assert non_actor_mention(doc, _span(doc, "Patriots", "ORG")) is None  # "play" is a verb here
    assert non_actor_mention(doc, _span(doc, "Obama", "PERSON")) is None


def test_filter_judges_an_entity_by_most_of_its_mentions(nlp: spacy.language.Language) -> None:
    doc = nlp("She starred in “Joker”. Critics hated the Joker sequel. Joker said nothing.")
    mentions = [_span(doc, "Joker", "PERSON", k) for k in range(3)]
    assert [non_actor_mention(doc, m) is not None for m in mentions] == [True, True, False]
    assert is_non_actor(doc, mentions) and not is_non_actor(doc, mentions[2:]) and not is_non_actor(doc, [])


def test_layer_drops_works_of_art(tone_pipeline: Pipeline) -> None:
    text = (
        "Netflix released “The Irishman” on Friday. Critics said “The Irishman” was too long. "
        "Martin Scorsese defended “The Irishman” and Scorsese thanked the actors."
    )
    analysis = tone_pipeline.analyze(text)
    assert analysis.tone is not None and analysis.tone.actors is not None
    names = {a.name for a in analysis.tone.actors}
    assert not any("Irishman" in n for n in names)


# ---- the layer on articles ---------------------------------------------------------------------------------------
def test_voices_and_evidence(tone_pipeline: Pipeline) -> None:
    text = (
        'The minister said: "Smith is a wonderful, honest and brave leader." '
        "Smith was charged with fraud on Monday. Prosecutors said Smith stole millions from pensioners."
    )
    analysis = tone_pipeline.analyze(text)
    assert analysis.tone is not None and analysis.tone.actors
    smith = next(a for a in analysis.tone.actors if a.name == "Smith")
    assert smith.mentions == 3 and len(smith.sentences) == 3
    own = next(v for v in smith.voices if v.voice == "own")
    assert own.label == "negative" and own.score == smith.own_voice
    assert smith.quoted_voice is not None and smith.own_voice is not None
    assert smith.quoted_voice > smith.own_voice
    for voice in smith.voices:
        mine = [s for s in smith.sentences if (s.voice, s.speaker) == (voice.voice, voice.speaker)]
        assert voice.sentences == len(mine)
        assert voice.evidence and all(smith.sentences[i].label == voice.label for i in voice.evidence)
        assert all(smith.sentences[i] in mine for i in voice.evidence)
    assert smith.voices[0].voice == "own" and len(smith.voices) >= 2  # the outlet first
    assert smith.evidence and all(smith.sentences[i].label == smith.label for i in smith.evidence)


def test_publisher_is_not_an_actor(example_text: str) -> None:
    analysis = spinscope.load(layers=["entities", "outlet", "tone"]).analyze(example_text)
    assert analysis.tone is not None and analysis.tone.actors is not None
    assert "Iran Press" not in {a.name for a in analysis.tone.actors}


_words = st.sampled_from(
    [
        "Smith",
        "the",
        "US",
        "praised",
        "failed",
        "Moscow",
        "occupation",
        "said",
        "brave",
        ",",
        ".",
        '"',
        "and",
        "\n",
    ]
)


@settings(max_examples=20, deadline=None)
@given(words=st.lists(_words, min_size=3, max_size=30))
@example(words=["Smith", "Smith", "\n"])  # NER took the line break into the mention: it is trimmed
def test_actor_offsets_property(tone_pipeline: Pipeline, words: list[str]) -> None:
    text = "Smith met US officials. " + " ".join(words)
    analysis = tone_pipeline.analyze(text)
    assert analysis.tone is not None and analysis.tone.actors is not None
    for actor in analysis.tone.actors:
        ActorTone.model_validate(actor.model_dump())
        assert sum(v.sentences for v in actor.voices) == len(actor.sentences)
        for sentence in actor.sentences:
            assert analysis.text[sentence.start : sentence.end] == sentence.text
            for mention in sentence.mentions:
                assert analysis.text[mention.start : mention.end] == mention.text
                assert sentence.start <= mention.start < mention.end <= sentence.end
            probs = sentence.probabilities
            assert abs(probs.negative + probs.neutral + probs.positive - 1) < 1e-3


# ---- readers, scores, the eval command ---------------------------------------------------------------------------
def test_newsmtsc_reader(tmp_path: Path) -> None:
    sentences = newsmtsc.read(NEWSMTSC)
    assert len(sentences) == 3 and [len(s.targets) for s in sentences] == [1, 1, 2]
    assert [t.label for _, t in newsmtsc.targets(sentences)] == ["positive", "negative", "neutral", "neutral"]
    for sentence, target in newsmtsc.targets(sentences):
        assert sentence.text[target.start : target.end] == target.mention
    with pytest.raises(InputError, match="no such NewsMTSC file"):
        newsmtsc.read(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentence_normalized": "x", "targets": [{"from": 0, "to": 9}]}\n', "utf-8")
    with pytest.raises(InputError, match="line 1 is not a NewsMTSC record"):
        newsmtsc.read(bad)


def test_scores_by_hand() -> None:
    gold = ["positive", "positive", "neutral", "negative"]
    pred = ["positive", "neutral", "neutral", "positive"]
    result = scores(gold, pred)
    # positive: P 1/2, R 1/2 -> F1 .5; neutral: P 1/2, R 1 -> F1 2/3; negative: 0.
    assert result["accuracy"] == 0.5
    assert result["macro_f1"] == round((0.5 + 2 / 3 + 0) / 3, 4)
    assert result["confusion"] == [[0, 0, 1], [0, 1, 0], [0, 1, 1]]
    as_int = np.asarray([LABELS.index(g) for g in gold]), np.asarray([LABELS.index(p) for p in pred])
    assert round(macro_f1(*as_int), 4) == result["macro_f1"]
    f1, low, high = tune_thresholds([0.9, 0.5, 0.0, -0.7], gold)
    assert f1 == 1.0 and [threshold_label(v, low, high) for v in (0.9, 0.5, 0.0, -0.7)] == gold


def test_newsmtsc_eval_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "pred.jsonl"
    metrics = tmp_path / "m.json"
    args = ["tone", "eval", "--newsmtsc", str(NEWSMTSC), "--predictions", str(out_file)]
    assert main([*args, "--metrics-out", str(metrics)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "VADER baseline" in out and "confusion" in out
    lines = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert [line["gid"] for line in lines] == ["t1_Smith_0_5", "t2_Kell_0_4", "t3_Berg_0_4", "t3_Jones_42_47"]
    assert all(set(line) == {"gid", "polarity"} and line["polarity"] in LABELS for line in lines)
    result = json.loads(metrics.read_text())
    assert result["model"]["n"] == 4 and sum(map(sum, result["model"]["confusion"])) == 4
    assert main(["tone", "eval", "--newsmtsc", str(tmp_path / "nope.jsonl")]) == 2
    assert main(["tone", "eval", "--newsmtsc", str(NEWSMTSC), "--dev", str(PERSENT)]) == 2


def test_persent_reader_and_target(nlp: spacy.language.Language) -> None:
    examples = persent.read(PERSENT)
    assert [e.label for e in examples] == ["positive", "negative", "neutral"]
    assert examples[0].article.startswith("Mayor praised for rescue\n\nAnna Berg")
    doc = nlp(examples[0].article)
    assert [s.text for s in persent.target_mentions(doc, "Anna Berg")] == ["Anna Berg", "Berg"]
    with pytest.raises(InputError, match="missing column"):
        bad = FIXTURES.parent / "fixtures" / "newsmtsc-mini.jsonl"
        persent.read(bad)


def test_persent_eval_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    metrics = tmp_path / "m.json"
    args = ["tone", "eval", "--persent", str(PERSENT), "--dev", str(PERSENT), "--metrics-out", str(metrics)]
    assert main(args) == 0
    assert "VADER baseline" in capsys.readouterr().out
    result = json.loads(metrics.read_text())
    assert result["items"].startswith("3 articles; target entity not found in 0")
    assert sum(map(sum, result["model"]["confusion"])) == 3
    assert main(["tone", "eval", "--persent", str(tmp_path / "nope.csv")]) == 2
    assert main(["tone", "eval", "--persent", str(PERSENT), "--limit", "0"]) == 2
