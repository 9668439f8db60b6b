"""Run-time cost of the article-level persuasion index on PTC dev articles (needs the PTC data; not a test).

    python benchmarks/persuasion_speed.py --ptc /path/to/ptc-semeval2020-task11

spaCy parses each article and the techniques layer finds its phrases first (not timed: the pipeline does both
anyway); the figure is `PersuasionModel.assess` alone (style features, lexicon, sentence model, ridge,
percentile), median and p90 wall ms per article over 3 repeats, the median CPU ms of the thread (what the
article costs on a busy machine) and the load time of the shipped files.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

from spinscope.evaluation.ptc.formats import PTC


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, required=True)
    ap.add_argument("--n", type=int, default=75)
    a = ap.parse_args()
    from spinscope.components.techniques import phrases, sentence_ranges
    from spinscope.pipeline import SPACY_MODEL
    from spinscope.techniques.model import shared_model
    from spinscope.techniques.persuasion import PersuasionModel, SpanIn

    t0 = time.perf_counter()
    index = PersuasionModel()
    load = time.perf_counter() - t0
    nlp, model = spacy.load(SPACY_MODEL), shared_model()
    prepared = []
    for text in list(PTC(a.ptc).articles("dev").values())[: a.n]:
        doc = nlp(text)
        sentences = sentence_ranges(doc)
        spans = [
            SpanIn(s.start_char, s.end_char, s.label_, max(s._.spinscope_techniques.values()))
            for s in phrases(doc, model.predict(text), sentences)
        ]
        prepared.append((doc, sentences, spans, sum(1 for t in doc if t.is_alpha), text))
    times, cpu = [], []
    for _ in range(3):
        for doc, sentences, spans, words, text in prepared:
            t, c = time.perf_counter(), time.thread_time()
            index.assess(doc, sentences, spans, words, text)  # as the component passes it
            times.append(1000.0 * (time.perf_counter() - t))
            cpu.append(1000.0 * (time.thread_time() - c))
    times.sort()
    print(
        f"load {load:.2f} s; assess over {len(prepared)} articles x 3: median {statistics.median(times):.2f} ms, "
        f"p90 {times[int(0.9 * len(times))]:.2f} ms; CPU time median {statistics.median(cpu):.2f} ms"
    )


if __name__ == "__main__":
    main()
