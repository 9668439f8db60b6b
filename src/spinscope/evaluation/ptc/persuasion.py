"""The persuasion index against PTC's article-level gold: Spearman of the index, and of the span-count baseline.

    spinscope ptc persuasion --articles DIR --gold FILE.si.labels

The gold of an article is the share of its characters inside at least one gold SI span (the target the index is
fitted to on PTC train). The baseline is what statistics used before the index: the techniques layer's phrases
per 1,000 words. Both come from one run of the shipped pipeline (layer `techniques`) over each article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.evaluation.ptc.formats import parse_si, read_articles


def gold_shares(texts: dict[str, str], gold_file: Path | str) -> dict[str, float]:
    """Per article, the share of characters inside a gold SI span (articles without a span: 0)."""
    covered = {aid: np.zeros(max(1, len(text)), bool) for aid, text in texts.items()}
    for row in parse_si(gold_file):
        if row.article_id in covered:
            covered[row.article_id][row.start : row.end] = True
    return {aid: float(mask.mean()) for aid, mask in covered.items()}


@dataclass(frozen=True)
class ArticleFigures:
    articles: int
    spearman_index: float
    spearman_span_density: float


def evaluate(articles_dir: Path | str, gold_file: Path | str) -> ArticleFigures:
    from scipy.stats import spearmanr

    from spinscope import load
    from spinscope.ingest import from_text

    texts = read_articles(articles_dir)
    gold = gold_shares(texts, gold_file)
    pipeline = load(layers=["techniques"])
    index, density, target = [], [], []
    for aid, text in texts.items():
        analysis = pipeline.analyze(from_text(text, max_chars=max(len(text), pipeline.max_chars)))
        assert analysis.persuasion is not None and analysis.techniques is not None
        index.append(analysis.persuasion.index)
        phrases = {(t.start, t.end) for t in analysis.techniques}
        density.append(1000.0 * len(phrases) / max(1, analysis.meta.word_count))
        target.append(gold[aid])
    return ArticleFigures(
        len(texts),
        float(spearmanr(index, target).statistic),
        float(spearmanr(density, target).statistic),
    )
