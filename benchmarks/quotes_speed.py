"""Speed of the quotes layer on top of the spaCy parse (+ entities), per article, on a folder of articles.

    python benchmarks/quotes_speed.py --articles ../shared/data/ptc-semeval2020-task11/datasets/dev-articles

Parses each article once with the entities layer and encodes it once with the shared encoder (as the pipeline
does for every layer that reads it), then times the quotes component alone on the parsed Doc (rules-only and the
shipped rules + learned filter, which reads the encoder probe's word roles from those states) and prints median
/ mean / p90 ms per article and the median article length. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from spinscope.components.quotes import QuoteFinder
from spinscope.encoder import shared_encoder
from spinscope.pipeline import Pipeline


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=Path, required=True, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="timings per article (the minimum is kept)")
    args = parser.parse_args()
    if not args.articles.is_dir():
        print(f"no such folder: {args.articles} (pass --articles DIR)", file=sys.stderr)
        return 2
    paths = sorted(args.articles.glob("*.txt"))[: args.limit or None]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = Pipeline(layers=["entities"]).nlp
    docs = list(nlp.pipe(texts))
    states = [shared_encoder().encode(t) for t in texts]  # the pipeline's one encoding per article
    print(f"{len(docs)} articles, median {int(statistics.median(len(t) for t in texts)):,} characters")
    for mode in ("rules", "auto"):
        finder = QuoteFinder(mode)  # type: ignore[arg-type]
        times = []
        for doc, enc in zip(docs, states, strict=True):
            best = float("inf")
            for _ in range(args.repeat):
                copy = doc.copy()
                copy._.spinscope_encoded = enc
                t0 = time.perf_counter()
                finder(copy)
                best = min(best, time.perf_counter() - t0)
            times.append(1000 * best)
        times.sort()
        label = "rules only" if mode == "rules" else "rules + learned filter"
        print(
            f"{label:<24} median {statistics.median(times):6.1f} ms  mean {statistics.mean(times):6.1f} ms  "
            f"p90 {times[int(0.9 * (len(times) - 1))]:6.1f} ms per article"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
