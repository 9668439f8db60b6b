"""Speed of the shipped technique model on PTC dev articles (needs the PTC data; not a test).

    python benchmarks/techniques_speed.py --ptc /path/to/ptc-semeval2020-task11 [--threads 2]
    python benchmarks/techniques_speed.py --ptc DIR --profile accurate [--stride 254]   # once installed

Prints load time, median / p90 ms per article for ``TechniqueModel.predict`` (the accurate profile: the
student's encoding, the teacher's probabilities, decoding and the student's technique head) and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from spinscope.evaluation.ptc.formats import PTC


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=75)
    ap.add_argument("--profile", choices=["default", "accurate"], default="default")
    ap.add_argument(
        "--stride", type=int, help="accurate profile: the teacher's window stride (default: its config)"
    )
    a = ap.parse_args()
    t0 = time.perf_counter()
    from spinscope.techniques.model import TechniqueModel

    m = TechniqueModel(threads=a.threads)
    predict = m.predict
    if a.profile == "accurate":
        from spinscope.techniques.accurate import AccurateTagger

        tagger = AccurateTagger(threads=a.threads, stride=a.stride)

        def predict(text):
            return m.predict_encoded(tagger.retag(m.encode(text)), decoding=tagger.decoding)

    load = time.perf_counter() - t0
    texts = list(PTC(a.ptc).articles("dev").values())[: a.n]
    predict(texts[0])  # warm-up
    times = []
    for t in texts:
        s = time.perf_counter()
        predict(t)
        times.append((time.perf_counter() - s) * 1000)
    times.sort()
    lens = sorted(len(t) for t in texts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"load {load:.2f} s (incl. imports) | articles {len(texts)} (median {lens[len(lens) // 2]} chars) | "
        f"median {statistics.median(times):.0f} ms | p90 {times[int(0.9 * len(times))]:.0f} ms | "
        f"max {times[-1]:.0f} ms | peak RSS {rss:.0f} MB | threads {a.threads} | profile {a.profile}"
    )


if __name__ == "__main__":
    main()
