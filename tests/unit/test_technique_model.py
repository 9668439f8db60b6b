"""Technique model: windowing, span decoding/offsets, labels. No torch, no PTC data needed."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope import encoder as E
from spinscope.techniques import spans as S
from spinscope.techniques.catalog import CATALOG, FAMILIES, TECHNIQUES

MODEL_DIR = Path(__file__).resolve().parents[2] / "src" / "spinscope" / "models" / "techniques"
HAVE_MODEL = (MODEL_DIR / "model.onnx").exists() and (MODEL_DIR / "config.json").exists()


def test_catalog():
    assert len(TECHNIQUES) == 14 == len(set(TECHNIQUES))
    assert "Name_Calling,Labeling" in TECHNIQUES and "Whataboutism,Straw_Men,Red_Herring" in TECHNIQUES
    assert list(TECHNIQUES) == sorted(TECHNIQUES)  # same order as the organisers' names file
    for t in CATALOG:
        assert t.family in FAMILIES and t.definition.endswith(".") and "\n" not in t.definition


@pytest.mark.parametrize("n", [0, 1, 5, 254, 255, 600, 2000])
@pytest.mark.parametrize("stride", [None, 127, 192])
def test_windows_cover_everything(n, stride):
    wins = E.windows(n, E.CONTENT, stride)
    covered = np.zeros(n, bool)
    for a, b in wins:
        assert 0 <= a < b <= n and b - a <= E.CONTENT
        covered[a:b] = True
    assert covered.all()
    if n:
        assert wins[-1][1] == n


def test_windows_phase():
    wins = E.windows(1000, E.CONTENT, phase=100)
    assert wins[0] == (0, 100) and wins[1] == (100, 354) and wins[-1][1] == 1000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=8), st.integers(3, 12))
def test_line_windows_follow_lines(words_per_line, size):
    """One window per line, long lines cut into parts of at most `size` tokens; every token once; no window
    crosses a line break."""
    text = "\n".join(" ".join(f"w{i}" for i in range(n)) for n in words_per_line)
    spans = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
    offs = np.array(spans, dtype=np.int64).reshape(-1, 2)
    wins = E.line_windows(text, offs, size)
    covered = np.zeros(len(offs), int)
    for a, b in wins:
        assert 0 <= a < b <= len(offs) and b - a <= size
        assert "\n" not in text[offs[a, 0] : offs[b - 1, 1]]
        covered[a:b] += 1
    assert (covered == 1).all()
    assert len(wins) == sum(-(-n // size) for n in words_per_line)


def test_batch_inputs_dynamic_padding():
    ids = np.arange(1000, 1300)
    inp, att = E.batch_inputs(ids, [(0, 10), (10, 30)])
    assert inp.shape == (2, 22)
    assert inp[0, 0] == E.CLS_ID and inp[0, 11] == E.SEP_ID and inp[0, 12] == E.PAD_ID
    assert att[0].sum() == 12 and att[1].sum() == 22


def test_snap():
    t = "The  radical-leftist mob, ok?"
    assert S.snap(t, 6, 9) == (5, 12)  # inside "radical" -> whole word
    assert t[slice(*S.snap(t, 3, 13))] == "radical-"  # leading spaces stripped
    assert S.snap(t, 3, 5) == (5, 5)  # whitespace only -> empty


def test_bio_and_decode_roundtrip():
    text = "He is a total liar.\nShe said it was fine."
    offs = np.array(
        [
            (0, 2),
            (3, 5),
            (6, 7),
            (8, 13),
            (14, 18),
            (18, 19),
            (20, 23),
            (24, 28),
            (29, 31),
            (32, 35),
            (36, 40),
            (40, 41),
        ]
    )
    lab = S.bio_labels(offs, [(8, 18)])
    assert lab.tolist() == [0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0]
    probs = np.eye(3)[lab].astype(np.float32)
    spans = S.decode(text, offs, probs, S.DecodeParams(threshold=0.5, gap=0, min_chars=1))
    assert [(s, e) for s, e, _ in spans] == [(8, 18)]
    assert text[8:18] == "total liar"


def test_gap_filling_stays_on_line():
    text = "aa bb cc\ndd ee"
    offs = np.array([(0, 2), (3, 5), (6, 8), (9, 11), (12, 14)])
    p = np.array([[0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1]], np.float32)
    out = S.decode(text, offs, p, S.DecodeParams(threshold=0.5, gap=1, min_chars=1))
    assert [(s, e) for s, e, _ in out] == [(0, 8), (9, 14)]


words = st.text(alphabet=st.sampled_from(list("abcXYZ019'-\"")), min_size=1, max_size=8)
seps = st.sampled_from([" ", "  ", "\n", ", ", ". ", "\n\n", " — "])


@st.composite
def text_and_probs(draw):
    parts = draw(st.lists(st.tuples(words, seps), min_size=1, max_size=40))
    text = "".join(w + s for w, s in parts)
    offs, pos = [], 0
    for w, s in parts:  # crude tokenizer: one token per word
        offs.append((pos, pos + len(w)))
        pos += len(w) + len(s)
    offs = np.array(offs, dtype=np.int64)
    raw = draw(
        st.lists(
            st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3), min_size=len(offs), max_size=len(offs)
        )
    )
    probs = np.array(raw, np.float32)
    probs /= probs.sum(1, keepdims=True)
    params = S.DecodeParams(
        threshold=draw(st.floats(0.05, 0.95)),
        gap=draw(st.integers(0, 4)),
        min_chars=draw(st.integers(1, 5)),
        split_b=draw(st.sampled_from([0.4, 1.1])),
    )
    return text, offs, probs, params


@settings(max_examples=200, deadline=None)
@given(text_and_probs())
def test_decoded_spans_are_well_formed(data):
    text, offs, probs, params = data
    out = S.decode(text, offs, probs, params)
    prev_end = -1
    for s, e, score in out:
        assert 0 <= s < e <= len(text)
        assert s >= prev_end  # sorted, non-overlapping
        prev_end = e
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert s == 0 or not (text[s - 1].isalnum() and text[s].isalnum())  # word boundaries
        assert e == len(text) or not (text[e - 1].isalnum() and text[e].isalnum())
        assert 0.0 <= score <= 1.0 + 1e-6


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=60), st.integers(0, 70), st.integers(0, 70))
def test_snap_property(text, a, b):
    s, e = S.snap(text, min(a, b), max(a, b))
    assert 0 <= s <= e <= len(text)
    if e > s:
        assert not text[s].isspace() and not text[e - 1].isspace()


@pytest.fixture(scope="module")
def model():
    if not HAVE_MODEL:
        pytest.skip("shipped technique model not present")
    from spinscope.techniques.model import TechniqueModel

    return TechniqueModel()


LONG = (
    "Title: The corrupt elites are destroying our great nation\n\n"
    + "\n".join(
        f"Sentence {i}: these radical traitors want to flood the country and nobody dares to say the truth."
        for i in range(120)
    )
    + "\nThe end.\n"
)


def test_model_long_text_not_truncated(model):
    enc = model.encode(LONG)
    assert len(enc.ids) > 3 * E.CONTENT  # several windows
    assert len(enc.wins) > 3
    assert enc.wins[-1][1] == len(enc.ids)
    assert np.allclose(enc.probs.sum(1), 1.0, atol=1e-3)
    preds = model.predict(LONG)
    assert preds == sorted(preds, key=lambda p: (p.start, p.end, -p.score))
    for p in preds:
        assert p.technique in TECHNIQUES
        assert 0.0 <= p.score <= 1.0 and 0.0 <= p.span_score <= 1.0 and 0.0 <= p.technique_score <= 1.0
        span = LONG[p.start : p.end]
        assert span and not span[0].isspace() and not span[-1].isspace()
        assert p.start == 0 or not (LONG[p.start - 1].isalnum() and LONG[p.start].isalnum())
        assert p.end == len(LONG) or not (LONG[p.end - 1].isalnum() and LONG[p.end].isalnum())
    # something at the very end of a long text must still be reachable: the last window covers it
    assert max(b for _, b in enc.wins) == len(enc.ids)


def test_model_empty_and_short(model):
    assert model.predict("") == []
    assert model.predict("   \n ") == []
    for p in model.predict("Only a stupid traitor would believe this outrageous lie!"):
        assert p.technique in TECHNIQUES


def test_classify_distribution(model):
    text = "They are a gang of criminals. Make America great again!"
    pr = model.classify(text, [(11, 28), (30, 55)])
    assert pr.shape == (2, 14) and np.allclose(pr.sum(1), 1.0, atol=1e-5)


def test_lexical_features_survive_save_and_load(tmp_path):
    """The lexical views are rebuilt from stored vocabulary + idf: same matrix before and after."""
    from spinscope.techniques.lexical import LexicalFeatures, span_context

    text = (
        "Our brave soldiers.\nThe radical left wants open borders, the radical left says so.\nStop them now."
    )
    spans = [(4, 18), (24, 36), (73, 84), (86, 100)]
    train = [text[s:e] for s, e in spans] * 3
    contexts = [span_context(text, s, e) for s, e in spans] * 3
    lex = LexicalFeatures.fit(train, contexts)
    before = lex.for_spans(text, spans).toarray()
    lex.save(tmp_path / "lexical.json.gz")
    after = LexicalFeatures.load(tmp_path / "lexical.json.gz").for_spans(text, spans).toarray()
    assert before.shape == (4, lex.size) and np.abs(before).sum() > 0
    np.testing.assert_allclose(before, after, atol=1e-5)


def test_span_context_stays_on_its_line():
    from spinscope.techniques.lexical import span_context

    text = "first line\nleft words SPAN right words\nthird line"
    s = text.index("SPAN")
    assert span_context(text, s, s + 4) == "left words " + " " + " right words"
    assert span_context(text, s, s + 4, width=5) == "ords " + " " + " righ"
