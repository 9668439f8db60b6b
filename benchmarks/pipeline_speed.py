"""Pipeline speed on a folder of articles (default: PTC dev): load time, ms/article, articles/s, peak RSS.

    python benchmarks/pipeline_speed.py --articles ../shared/data/ptc-semeval2020-task11/datasets/dev-articles

Prints figures; asserts nothing. `--layers` limits the layers; `--baseline` also times spaCy alone (in the same run,
after the pipeline: the same `en_core_web_sm` pipeline the product runs, every component on, one process, spaCy's
default batch size) and prints the ratio of the whole pipeline's time (`pipe`, one process) to the parse alone.
Per component, the median ms per article (spaCy's own components, the shared encoder and each layer) shows where
the time goes; the shared encoder runs in the background while spaCy parses, so its own time is printed apart
and the first layer that reads its states waits for what is left of it.

CPU ms per article (every thread, workers included) say what the work costs when other jobs share the machine and
wall-clock figures are noisy. Peak RSS of the main process is its high-water mark (`VmHWM`) over the pipeline's runs, read before the spaCy-alone
baseline runs; the baseline's own peak is printed apart. The baseline parses in the same batches as the pipeline
(`BATCH`): at spaCy's default batch size it held all 75 articles in one batch, 1.8 GB, and ran a third slower.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import spacy

import spinscope
from spinscope.encoder import Encoded, SharedEncoder, shared_encoder
from spinscope.pipeline import SPACY_MODEL

BATCH = 4  # articles per nlp.pipe batch, for the pipeline and the spaCy-alone baseline alike


def peak_rss_mb() -> tuple[float, float]:
    """High-water mark of this process (`VmHWM`, which `reset_peak` can reset) and of its largest child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        own = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU seconds of this process (every thread) and of its finished children (the `n_process` workers): what
    the work cost, whatever else shares the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    """The 1-minute load average: other work on the machine, beside each figure."""
    return f"{os.getloadavg()[0]:.1f}"


def reset_peak() -> bool:
    """Reset this process's `VmHWM` to its current RSS (Linux: ``echo 5 > /proc/self/clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def time_encoder(encoder: SharedEncoder, seconds: list[float]) -> None:
    """Record how long each `encode_many` call of the shared encoder takes (it runs in the background thread)."""
    inner = encoder.encode_many

    def timed(texts: Sequence[str]) -> list[Encoded]:
        t0 = time.perf_counter()
        try:
            return inner(texts)
        finally:
            seconds.append(time.perf_counter() - t0)

    encoder.encode_many = timed  # type: ignore[method-assign]


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
    print(
        f"model load          {time.perf_counter() - t0:6.2f} s   layers: {', '.join(pipeline.layers)}"
        f"   (load average {load()})"
    )
    pipeline.analyze(texts[0])  # warm-up

    per_component: dict[str, list[float]] = {name: [] for name in pipeline.nlp.pipe_names}
    encoding: list[float] = []
    uses_encoder = "spinscope/encoder" in pipeline.nlp.pipe_names
    if uses_encoder:
        time_encoder(shared_encoder(), encoding)
    for text in texts:
        doc = pipeline.make_doc(pipeline.to_document(text))
        for name, proc in pipeline.nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            per_component[name].append((time.perf_counter() - t0) * 1000)
    print("per component (median ms per article):")
    for name, values in per_component.items():
        print(f"  {name:<28}{statistics.median(values):7.1f}")
    if encoding:
        print(
            f"  {'(encoding, in the background)':<28}{statistics.median(encoding) * 1000:7.1f}"
            "   (runs while spaCy parses; the first layer waits for the rest)"
        )

    timings = []
    for text in texts:
        t0 = time.perf_counter()
        pipeline.analyze(text)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"per article         {statistics.median(timings):6.1f} ms median, {max(timings):.0f} ms max (analyze)"
    )
    rates: dict[int, float] = {}
    for n in [int(x) for x in args.processes.split(",")]:
        t0, c0 = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in pipeline.pipe(texts, n_process=n, batch_size=BATCH))
        rates[n] = count / (time.perf_counter() - t0)
        cpu = (cpu_seconds() - c0) / count * 1000
        print(
            f"pipe n_process={n}    {rates[n]:6.2f} articles/s, {cpu:4.0f} ms CPU per article   (load average {load()})"
        )
    own, children = peak_rss_mb()
    print(f"peak RSS            {own:6.0f} MB (main process), {children:.0f} MB (largest worker)")

    if args.baseline:
        reset = reset_peak()
        nlp = spacy.load(SPACY_MODEL)
        t0, c0 = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, batch_size=BATCH):  # the same batches as the pipeline's
            pass
        parse_rate = len(texts) / (time.perf_counter() - t0)
        cpu = (cpu_seconds() - c0) / len(texts) * 1000
        ratio = (
            f"; the pipeline (1 process) takes {parse_rate / rates[1]:.2f}x its time" if 1 in rates else ""
        )
        print(
            f"spaCy alone         {parse_rate:6.2f} articles/s, {cpu:4.0f} ms CPU per article (1 process, load average"
            f" {load()}){ratio}"
        )
        if reset:
            print(f"peak RSS, spaCy alone  {peak_rss_mb()[0]:6.0f} MB (its model and its batches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
