"""Pipeline speed on a folder of articles (default: PTC dev): load time, ms/article, articles/s, peak RSS.

    python benchmarks/pipeline_speed.py --articles ../shared/data/ptc-semeval2020-task11/datasets/dev-articles

Prints figures; asserts nothing. `--layers` limits the layers; `--baseline` also times spaCy alone (in the same run)
and prints the ratio of the whole pipeline's time to the parse alone. Per component, the median ms per article
(spaCy's own components, the shared encoder and each layer) shows where the time goes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import spacy

import spinscope
from spinscope.pipeline import SPACY_MODEL


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=Path, required=True, help="folder of .txt articles")
    parser.add_argument("--layers", help="comma-separated layers (default all)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--processes", default="1,2", help="process counts to time with pipe()")
    parser.add_argument("--baseline", action="store_true", help="also time spaCy alone")
    args = parser.parse_args()
    if not args.articles.is_dir():
        print(f"no such folder: {args.articles} (pass --articles DIR)", file=sys.stderr)
        return 2
    paths = sorted(args.articles.glob("*.txt"))[: args.limit or None]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    layers = args.layers.split(",") if args.layers else None
    print(
        f"{len(texts)} articles from {args.articles}, median {statistics.median(len(t) for t in texts):,.0f} chars"
    )

    t0 = time.perf_counter()
    pipeline = spinscope.load(layers)
    print(f"model load          {time.perf_counter() - t0:6.2f} s   layers: {', '.join(pipeline.layers)}")
    pipeline.analyze(texts[0])  # warm-up

    parse_rate = None
    if args.baseline:
        nlp = spacy.load(SPACY_MODEL)
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        parse_rate = len(texts) / (time.perf_counter() - t0)
        print(f"spaCy alone         {parse_rate:6.2f} articles/s (1 process)")

    per_component: dict[str, list[float]] = {name: [] for name in pipeline.nlp.pipe_names}
    for text in texts:
        doc = pipeline.make_doc(pipeline.to_document(text))
        for name, proc in pipeline.nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            per_component[name].append((time.perf_counter() - t0) * 1000)
    print("per component (median ms per article):")
    for name, values in per_component.items():
        print(f"  {name:<28}{statistics.median(values):7.1f}")

    timings = []
    for text in texts:
        t0 = time.perf_counter()
        pipeline.analyze(text)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"per article         {statistics.median(timings):6.1f} ms median, {max(timings):.0f} ms max (analyze)"
    )
    for n in [int(x) for x in args.processes.split(",")]:
        t0 = time.perf_counter()
        count = sum(1 for _ in pipeline.pipe(texts, n_process=n, batch_size=4))
        rate = count / (time.perf_counter() - t0)
        ratio = f"  ({parse_rate / rate:.2f}x the parse alone)" if parse_rate and n == 1 else ""
        print(f"pipe n_process={n}    {rate:6.2f} articles/s{ratio}")
    own, children = peak_rss_mb()
    print(f"peak RSS            {own:6.0f} MB (main process), {children:.0f} MB (largest worker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
