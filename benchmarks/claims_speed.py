"""Speed of the claims component on PTC dev articles, and its exported claims for before/after diffs (not a test).

    python benchmarks/claims_speed.py --ptc DIR/datasets/dev-articles [--dump claims.json] [--profile out.prof]

Runs the pipeline with the techniques and claims layers (as the `speed` entry of `make eval-claims`) and times
the claims component alone per article: wall-clock ms and CPU ms (`time.process_time`, which a training running
beside it inflates less). ``--dump`` writes every article's exported claims (and the bundled example's) as JSON,
so that two versions of the code can be diffed; ``--profile`` writes a cProfile of the claims component only.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import statistics
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kabul-anniversary.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, required=True, help="folder of PTC article .txt files (dev-articles)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1, help="runs per article (the minimum is kept)")
    ap.add_argument("--dump", type=Path, help="write the exported claims of every article here (JSON)")
    ap.add_argument("--profile", type=Path, help="write a cProfile of the claims component here")
    a = ap.parse_args()
    from spinscope.components.claims import export
    from spinscope.pipeline import Pipeline

    paths = sorted(a.ptc.glob("*.txt"))[: a.limit or None]
    texts = {p.name: p.read_text(encoding="utf-8") for p in paths}
    nlp = Pipeline(["techniques", "claims"]).nlp
    nlp(next(iter(texts.values())))  # warm-up
    profiler = cProfile.Profile() if a.profile else None
    wall: list[float] = []
    cpu: list[float] = []
    dumped = {}
    for name, text in [*texts.items(), (EXAMPLE.name, EXAMPLE.read_text(encoding="utf-8"))]:
        best_wall = best_cpu = float("inf")
        for _ in range(a.repeat):
            doc = nlp.make_doc(text)
            for proc_name, proc in nlp.pipeline:
                if proc_name != "spinscope/claims":
                    doc = proc(doc)
                    continue
                w0, c0 = time.perf_counter(), time.process_time()
                if profiler is not None:
                    profiler.enable()
                doc = proc(doc)
                if profiler is not None:
                    profiler.disable()
                best_wall = min(best_wall, (time.perf_counter() - w0) * 1000)
                best_cpu = min(best_cpu, (time.process_time() - c0) * 1000)
        if name != EXAMPLE.name:
            wall.append(best_wall)
            cpu.append(best_cpu)
        dumped[name] = [c.model_dump(mode="json") for c in export(doc)["claims"]]
    if a.dump:
        a.dump.write_text(json.dumps(dumped, indent=1, sort_keys=True), encoding="utf-8")
    if profiler is not None:
        profiler.dump_stats(str(a.profile))
    q = statistics.quantiles
    print(
        f"claims component over {len(wall)} articles: wall median {statistics.median(wall):.1f} ms "
        f"(p90 {q(wall, n=10)[-1]:.1f}) | CPU median {statistics.median(cpu):.1f} ms (p90 {q(cpu, n=10)[-1]:.1f})"
    )


if __name__ == "__main__":
    main()
