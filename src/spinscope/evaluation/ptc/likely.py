"""How precise the techniques layer's default view is: phrases at or above a phrase-score bar against PTC gold.

    python -m spinscope.evaluation.ptc.likely --articles DIR --gold FILE.tc.labels [--bars 0 0.3 0.4 0.5 0.6] \
        [--profile accurate]

For each bar, over the phrases the analysis shows (sentence-bounded, word-snapped, default decoding): how many per
article, the share that overlap a gold span of any technique ("precision"), the share that overlap a gold span of
their own top technique, and the share of gold spans overlapped by at least one shown phrase ("found"). Bar 0 is
every phrase (the "more phrases" view); the shipped bar is `spinscope.techniques.likely.LIKELY_MIN`. The phrase
score is calibrated on PTC dev, so dev figures above a bar are in-sample for that calibration.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from spinscope.evaluation.ptc.formats import parse_tc, read_articles


def shown_phrases(
    articles_dir: Path | str, profile: str = "default"
) -> dict[str, list[tuple[int, int, str, float]]]:
    """Per article, the phrases of the analysis (of the given profile): (start, end, top technique, phrase
    score)."""
    from spinscope import load
    from spinscope.ingest import from_text

    nlp = load(layers=["techniques"], profile=profile)
    out: dict[str, list[tuple[int, int, str, float]]] = {}
    for aid, text in read_articles(articles_dir).items():
        best: dict[tuple[int, int], tuple[float, str, float]] = {}
        for t in nlp.analyze(from_text(text)).techniques or []:
            key = (t.start, t.end)
            if key not in best or t.score > best[key][0]:
                best[key] = (t.score, t.technique, t.phrase_score or 0.0)
        out[aid] = [(s, e, tech, ps) for (s, e), (_, tech, ps) in sorted(best.items())]
    return out


def figures(
    phrases: dict[str, list[tuple[int, int, str, float]]], gold_file: Path | str, bars: list[float]
) -> list[dict[str, Any]]:
    gold: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in parse_tc(gold_file):
        gold[row.article_id].append((row.start, row.end, row.technique))
    rows = []
    for bar in bars:
        n = hit = same = found = total = 0
        for aid, shown in phrases.items():
            kept = [p for p in shown if p[3] >= bar]
            n += len(kept)
            hit += sum(any(s < p[1] and p[0] < e for s, e, _ in gold[aid]) for p in kept)
            same += sum(any(s < p[1] and p[0] < e and t == p[2] for s, e, t in gold[aid]) for p in kept)
            total += len(gold[aid])
            found += sum(any(s < p[1] and p[0] < e for p in kept) for s, e, _ in gold[aid])
        rows.append(
            {
                "bar": bar,
                "phrases": n,
                "per_article": round(n / max(1, len(phrases)), 2),
                "precision": round(hit / n, 3) if n else None,
                "precision_same_technique": round(same / n, 3) if n else None,
                "gold_found": round(found / total, 3) if total else None,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    from spinscope.techniques.likely import LIKELY_MIN

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, required=True)
    ap.add_argument(
        "--gold", type=Path, required=True, help="TC gold labels (article, technique, start, end)"
    )
    ap.add_argument("--bars", type=float, nargs="+", default=[0.0, 0.3, 0.4, LIKELY_MIN, 0.6, 0.7])
    ap.add_argument("--profile", choices=["default", "accurate"], default="default")
    a = ap.parse_args(argv)
    rows = figures(shown_phrases(a.articles, a.profile), a.gold, a.bars)
    for row in rows:
        mark = "  <- shipped bar" if row["bar"] == LIKELY_MIN else ""
        print(json.dumps(row) + mark)


if __name__ == "__main__":
    main()
