"""Speed of the tone layer on top of the shared encoder, per article, on a folder of articles.

    python benchmarks/tone_speed.py --articles ../shared/data/ptc-semeval2020-task11/datasets/dev-articles

Parses each article once with the layers the tone layer reads (entities, quotes), encodes it once with the shared
encoder (as the techniques layer does in the full pipeline; not timed), then times the tone component alone on
the parsed Doc: document tone + actor tone (target classifier, voices, aggregation). Prints median / mean / p90
ms per article, the median article length and the median number of (sentence, mention) pairs classified. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from spinscope.components.tone import ToneScorer, _encoded
from spinscope.pipeline import Pipeline


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=Path, required=True, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="timings per article (the minimum is kept)")
    parser.add_argument("--model", type=Path, help="a target-tone model folder other than the shipped one")
    args = parser.parse_args()
    if args.model is not None:
        from spinscope.tone import targets

        targets.DEFAULT_DIR = args.model  # read by shared_target_model() when it first loads
    if not args.articles.is_dir():
        print(f"no such folder: {args.articles} (pass --articles DIR)", file=sys.stderr)
        return 2
    paths = sorted(args.articles.glob("*.txt"))[: args.limit or None]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = Pipeline(layers=["entities", "quotes"]).nlp
    scorer = ToneScorer()
    times, pairs = [], []
    for doc in nlp.pipe(texts):
        _encoded(doc)  # the shared encoding, made once per article by the first layer that needs it
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            scorer(doc)
            best = min(best, time.perf_counter() - t0)
        times.append(1000 * best)
        actors = doc._.spinscope_tone.get("actors") or []
        pairs.append(sum(len(m["mentions"]) for a in actors for m in a["sentences"]))
    times.sort()
    print(f"{len(texts)} articles, median {int(statistics.median(len(t) for t in texts)):,} characters, "
          f"median {statistics.median(pairs):.0f} (sentence, mention) pairs per article")  # fmt: skip
    print(
        f"tone layer on top of the shared encoder: median {statistics.median(times):.1f} ms, "
        f"mean {statistics.mean(times):.1f} ms, p90 {times[int(0.9 * (len(times) - 1))]:.1f} ms per article"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
