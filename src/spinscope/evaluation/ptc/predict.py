"""SemEval-2020 Task 11 submissions from the shipped technique model.

    rows = predict_si(articles_dir)                 # [SIRow]
    rows = predict_tc(articles_dir, template_rows)  # [TCRow], one technique per template row

For TC, template rows sharing the same span get that span's 1st, 2nd, ... most probable techniques.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from spinscope.evaluation.ptc.formats import SIRow, TCRow, read_articles


def _model(model=None):
    if model is not None:
        return model
    from spinscope.techniques.model import shared_model

    return shared_model()


def predict_si(articles_dir: Path | str, model=None, tagger=None) -> list[SIRow]:
    """SI rows of the student, or of the accurate profile's ``tagger`` (`techniques.accurate.AccurateTagger`:
    its probabilities and decoding, the student's encoding for the wordpieces)."""
    m = _model(model)
    rows: list[SIRow] = []
    for aid, text in read_articles(articles_dir).items():
        enc = m.encode(text)
        if tagger is not None:
            enc = tagger.retag(enc)
        for s, e, _ in m.spans(enc, decoding=tagger.decoding if tagger is not None else None):
            rows.append(SIRow(aid, s, e))
    return rows


def predict_tc(articles_dir: Path | str, template_rows: Iterable, model=None, tagger=None) -> list[TCRow]:
    """TC rows for the template's spans: the student's technique head, or the accurate profile's ``tagger``'s
    (its head over the teacher's states, where the profile has one)."""
    m = _model(model)
    texts = read_articles(articles_dir)
    by_art: dict[str, list[tuple[int, int, int]]] = {}
    rows = list(template_rows)
    for k, r in enumerate(rows):
        aid, s, e = (
            (r.article_id, r.start, r.end) if isinstance(r, TCRow) else (str(r[0]), int(r[-2]), int(r[-1]))
        )
        by_art.setdefault(aid, []).append((k, s, e))
    out: list[TCRow | None] = [None] * len(rows)
    for aid, items in by_art.items():
        text = texts[aid]
        uniq = sorted({(s, e) for _, s, e in items})
        probs = tagger.classify(text, uniq) if tagger is not None and uniq else None
        if probs is None:
            probs = m.technique_probs(m.encode(text), uniq) if uniq else np.zeros((0, len(m.techniques)))
        rank = {sp: list(np.argsort(-p)) for sp, p in zip(uniq, probs, strict=True)}
        used: dict[tuple[int, int], int] = {}
        for k, s, e in items:
            j = used.get((s, e), 0)
            used[(s, e)] = j + 1
            order = rank[(s, e)]
            out[k] = TCRow(aid, m.techniques[int(order[min(j, len(order) - 1)])], s, e)
    return [r for r in out if r is not None]
