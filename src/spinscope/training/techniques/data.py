"""PTC -> tokenised articles with BIO tags (SI) and gold technique spans (TC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from spinscope import encoder as E
from spinscope.evaluation.ptc.formats import PTC
from spinscope.techniques import spans as S
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.training.onnx_export import base_model_dir as base_model_dir  # re-exported


@dataclass
class Article:
    aid: str
    text: str
    ids: np.ndarray
    offs: np.ndarray
    bio: np.ndarray
    # technique spans: (tok_a, tok_b, label, features, char_start, char_end)
    tc: list[tuple[int, int, int, np.ndarray, int, int]] = field(default_factory=list)
    # per-token multi-hot techniques [T, 14] (auxiliary token-level technique tagging)
    tech: np.ndarray | None = None
    # soft BIO targets [T, 3] from teacher models (unlabelled articles for self-training; `bio` is then all -100)
    soft: np.ndarray | None = None
    # soft technique targets of the teacher's phrases (unlabelled articles): (tok_a, tok_b, technique
    # distribution [14], features, weight = the teacher's calibrated P(the phrase is a technique))
    tc_soft: list[tuple[int, int, np.ndarray, np.ndarray, float]] = field(default_factory=list)


class Batch(NamedTuple):
    """One training batch (numpy). Spans ``sb, sa, se`` (window index, first and end token) with their
    ``feats``; ``sl`` is a gold span's technique, -1 for a teacher's phrase, whose target is its row of
    ``tc_soft`` (the distribution) weighted by ``tc_w`` (zeros and 1.0 on gold rows)."""

    inp: np.ndarray
    att: np.ndarray
    lab: np.ndarray
    sb: np.ndarray
    sa: np.ndarray
    se: np.ndarray
    sl: np.ndarray
    feats: np.ndarray
    tech: np.ndarray
    soft: np.ndarray
    tc_soft: np.ndarray
    tc_w: np.ndarray


def load_split(ptc: PTC, split: str, tokenizer) -> list[Article]:
    texts = ptc.articles(split)
    si: dict[str, list[tuple[int, int]]] = {}
    for r in ptc.si(split):
        si.setdefault(r.article_id, []).append((r.start, r.end))
    tc: dict[str, list] = {}
    for tc_row in ptc.tc(split):
        tc.setdefault(tc_row.article_id, []).append(tc_row)
    lab = {t: i for i, t in enumerate(TECHNIQUES)}
    out = []
    for aid, text in texts.items():
        ids, offs = E.encode_ids(tokenizer, text)
        bio = S.bio_labels(offs, S.merge_spans(si.get(aid, [])))
        low = text.lower()
        spans = []
        for r in tc.get(aid, []):
            a, b = S.char_to_tokens(offs, r.start, r.end)
            if b > a:
                spans.append(
                    (a, b, lab[r.technique], S.span_features(text, r.start, r.end, low), r.start, r.end)
                )
        tech = np.zeros((len(ids), len(TECHNIQUES)), dtype=np.float32)
        for a, b, y, *_ in spans:
            tech[a:b, y] = 1.0
        out.append(Article(aid, text, ids, offs, bio, spans, tech))
    return out


def epoch_items(
    articles: list[Article], rng: np.random.Generator, unit: str = "window", batch_size: int = 8
) -> list[tuple[int, int, int]]:
    """(article index, tok_a, tok_b) inputs for one epoch, shuffled.

    ``unit="window"``: 254-wordpiece windows with a random border phase per article and epoch.
    ``unit="line"``: one input per line; shuffled, then sorted by length within runs of 50 batches and the
    batches shuffled again, so that a batch holds lines of similar length (less padding)."""
    items = []
    for i, art in enumerate(articles):
        if unit == "line":
            items += [(i, a, b) for a, b in E.line_windows(art.text, art.offs)]
            continue
        phase = int(rng.integers(0, E.CONTENT))
        for a, b in E.windows(len(art.ids), phase=phase):
            if b - a >= 8:
                items.append((i, a, b))
    order = rng.permutation(len(items))
    items = [items[j] for j in order]
    if unit != "line":
        return items
    run = 50 * batch_size
    items = [
        x for k in range(0, len(items), run) for x in sorted(items[k : k + run], key=lambda t: t[2] - t[1])
    ]
    batches = [items[k : k + batch_size] for k in range(0, len(items), batch_size)]
    return [x for j in rng.permutation(len(batches)) for x in batches[j]]


def collate(
    articles: list[Article],
    items: list[tuple[int, int, int]],
    special: tuple[int, int, int] = (E.CLS_ID, E.SEP_ID, E.PAD_ID),
):
    """``special``: the encoder's (start, end, padding) token ids (MiniLM's [CLS]/[SEP]/[PAD] by default; the
    MPNet teacher's <s>/</s>/<pad>). A `Batch`: input_ids, attention_mask, bio labels (-100 = ignore), spans
    (gold ones and the teacher's phrases that lie inside a window), per-token technique targets ``[B, L, 14]``
    (zeros on [CLS]/[SEP]/padding, which the loss masks out) and soft BIO targets ``[B, L, 3]`` (all zeros where
    a token has none: gold articles, special tokens, padding)."""
    wins = [(a, b) for _, a, b in items]
    L = max(b - a for a, b in wins) + 2
    cls_id, sep_id, pad_id = special
    inp = np.full((len(items), L), pad_id, dtype=np.int64)
    att = np.zeros((len(items), L), dtype=np.int64)
    lab = np.full((len(items), L), -100, dtype=np.int64)
    tech = np.zeros((len(items), L, len(TECHNIQUES)), dtype=np.float32)
    soft = np.zeros((len(items), L, 3), dtype=np.float32)
    sb, sa, se, sl, sf, sq, sw = [], [], [], [], [], [], []
    none = np.zeros(len(TECHNIQUES), np.float32)
    for k, (i, a, b) in enumerate(items):
        art = articles[i]
        n = b - a
        inp[k, 0] = cls_id
        inp[k, 1 : 1 + n] = art.ids[a:b]
        inp[k, 1 + n] = sep_id
        att[k, : n + 2] = 1
        lab[k, 1 : 1 + n] = art.bio[a:b]
        if art.tech is not None:
            tech[k, 1 : 1 + n] = art.tech[a:b]
        if art.soft is not None:
            soft[k, 1 : 1 + n] = art.soft[a:b]
        for ta, tb, y, f, _, _ in art.tc:
            if ta >= a and tb <= b:
                sb.append(k)
                sa.append(ta - a + 1)
                se.append(tb - a + 1)
                sl.append(y)
                sf.append(f)
                sq.append(none)
                sw.append(1.0)
        for ta, tb, q, f, w in art.tc_soft:
            if ta >= a and tb <= b:
                sb.append(k)
                sa.append(ta - a + 1)
                se.append(tb - a + 1)
                sl.append(-1)
                sf.append(f)
                sq.append(q)
                sw.append(w)
    feats = np.stack(sf) if sf else np.zeros((0, S.N_FEATURES), dtype=np.float32)
    return Batch(
        inp,
        att,
        lab,
        np.array(sb, np.int64),
        np.array(sa, np.int64),
        np.array(se, np.int64),
        np.array(sl, np.int64),
        feats,
        tech,
        soft,
        np.stack(sq).astype(np.float32) if sq else np.zeros((0, len(TECHNIQUES)), np.float32),
        np.array(sw, np.float32),
    )
