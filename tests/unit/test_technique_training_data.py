"""Training batches of the techniques model: gold articles give hard BIO labels, unlabelled (self-training) articles
give the teachers' soft targets, each only on its own wordpieces (never on [CLS]/[SEP]/padding)."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope import encoder as E
from spinscope.onnx_models import load_tokenizer
from spinscope.techniques.model import DEFAULT_DIR
from spinscope.techniques.spans import N_FEATURES
from spinscope.training.techniques.data import Article, collate
from spinscope.training.techniques.pseudo import article_files, load_unlabelled


def _article(aid: str, n: int, soft: bool) -> Article:
    ids = np.arange(1000, 1000 + n, dtype=np.int64)
    offs = np.stack([np.arange(n) * 2, np.arange(n) * 2 + 1], axis=1)
    if soft:
        probs = np.tile(np.array([[0.7, 0.2, 0.1]], np.float32), (n, 1))
        return Article(aid, "x " * n, ids, offs, np.full(n, -100, np.int64), soft=probs)
    return Article(aid, "x " * n, ids, offs, np.array([0, 1, 2] * (n // 3) + [0] * (n % 3), np.int64))


def test_collate_keeps_hard_and_soft_targets_apart():
    arts = [_article("gold", 7, soft=False), _article("news", 5, soft=True)]
    batch = collate(arts, [(0, 0, 7), (1, 0, 5)])
    inp, att, lab, soft = batch.inp, batch.att, batch.lab, batch.soft
    assert inp.shape == (2, 9) and soft.shape == (2, 9, 3)
    assert inp[1, 0] == E.CLS_ID and inp[1, 6] == E.SEP_ID and att[1].sum() == 7
    # the gold window: hard labels on its wordpieces, no soft target anywhere
    assert list(lab[0, 1:8]) == [0, 1, 2, 0, 1, 2, 0] and not soft[0].any()
    # the unlabelled window: soft targets exactly on its 5 wordpieces, no hard label
    assert (lab[1] == -100).all()
    has_soft = soft[1].sum(-1) > 0
    assert has_soft.tolist() == [False] + [True] * 5 + [False] * 3
    np.testing.assert_allclose(soft[1, 1:6], [[0.7, 0.2, 0.1]] * 5)


def test_collate_gives_gold_spans_their_label_and_teacher_phrases_their_distribution():
    gold, news = _article("gold", 7, soft=False), _article("news", 5, soft=True)
    feats = np.zeros(N_FEATURES, np.float32)
    gold.tc = [(1, 3, 4, feats, 2, 6)]
    q = np.full(14, 1 / 14, np.float32)
    news.tc_soft = [(0, 2, q, feats, 0.6), (3, 5, q, feats, 0.3)]
    # the second window starts at token 2 of the unlabelled article: only its second phrase lies inside
    batch = collate([gold, news], [(0, 0, 7), (1, 2, 5)])
    assert batch.sb.tolist() == [0, 1] and batch.sl.tolist() == [4, -1]
    assert batch.sa.tolist() == [2, 2] and batch.se.tolist() == [
        4,
        4,
    ]  # +1 for [CLS], window start subtracted
    assert batch.tc_w.tolist() == pytest.approx([1.0, 0.3])
    assert not batch.tc_soft[0].any() and batch.tc_soft[1].sum() == pytest.approx(1.0)


def test_unlabelled_articles_get_teacher_probabilities_and_a_cache(tmp_path):
    news = tmp_path / "news" / "sub"
    news.mkdir(parents=True)
    (news / "a.txt").write_text("The corrupt regime lied again.\n\nOfficials denied it.", encoding="utf-8")
    (news / "b.txt").write_text("Markets rose 2% on Tuesday.", encoding="utf-8")
    (news / "notes.md").write_text("not an article", encoding="utf-8")
    assert [p.name for p in article_files(tmp_path / "news")] == ["a.txt", "b.txt"]

    tok = load_tokenizer(DEFAULT_DIR / "tokenizer.json")
    logs: list[str] = []
    arts = load_unlabelled(tmp_path / "news", [DEFAULT_DIR], tok, tmp_path / "work", log=logs.append)
    assert [a.aid for a in arts] == ["a", "b"]
    for a in arts:
        assert a.soft is not None and a.soft.shape == (len(a.ids), 3)
        np.testing.assert_allclose(a.soft.sum(-1), 1.0, atol=2e-3)  # stored as float16
        assert (a.bio == -100).all()
    again = load_unlabelled(tmp_path / "news", [DEFAULT_DIR], tok, tmp_path / "work", log=logs.append)
    assert "pseudo-labels from" in logs[-1]
    np.testing.assert_array_equal(again[0].soft, arts[0].soft)


def test_an_empty_unlabelled_folder_is_refused(tmp_path):
    with pytest.raises(SystemExit, match=r"no \.txt articles"):
        article_files(tmp_path)
