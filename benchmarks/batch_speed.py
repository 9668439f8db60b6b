"""Batch speed: articles/s with 1 process and a 2-worker Dask cluster, into SQLite and PostgreSQL; peak RSS;
time to resume after a SIGKILL; RSS over a long generated corpus (streaming).

    python benchmarks/batch_speed.py --articles PTC/datasets/train-articles PTC/datasets/dev-articles
    python benchmarks/batch_speed.py --articles DIR --workers 0,2 --targets sqlite --resume
    python benchmarks/batch_speed.py --streaming 100000 --layers entities,tone

Each configuration runs in a fresh process (so the peak RSS is its own). PostgreSQL is a private server started
for the run (tests/postgres.py), or `--postgres URL`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

RUN = """
import json, resource, sys, time
from spinscope.batch.runner import run_batch
kwargs = json.loads(sys.argv[1])
started = time.perf_counter()
summary = run_batch(**kwargs)
usage = resource.getrusage
print(json.dumps({"done": summary.done, "failed": summary.failed, "skipped": summary.skipped,
                  "seconds": summary.seconds, "rate": summary.rate, "wall": time.perf_counter() - started,
                  "rss_self_mb": usage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_children_mb": usage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

STREAM = """
import json, sys, time, psutil
from spinscope.batch.runner import run_batch
kwargs = json.loads(sys.argv[1])
every = int(sys.argv[2])
process, seen, started = psutil.Process(), [0], time.perf_counter()
def progress(processed, skipped):
    before = seen[0]
    seen[0] += processed + skipped
    if seen[0] // every != before // every:
        rss = process.memory_info().rss / 2**20
        rate = seen[0] / (time.perf_counter() - started)
        print(f"  after {seen[0]:>8,} articles  RSS {rss:7.0f} MB  ({rate:.1f} articles/s so far)", flush=True)
summary = run_batch(on_progress=progress, **kwargs)
print(f"  {summary.done:,} done, {summary.failed:,} failed at {summary.rate:.1f} articles/s", flush=True)
"""


def run(kwargs: dict[str, object]) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", RUN, json.dumps(kwargs)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"batch failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_postgres_db(base: str, name: str) -> str:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


def throughput(args: argparse.Namespace, layers: list[str] | None, tmp: Path) -> None:
    count = sum(1 for folder in args.articles for _ in Path(folder).glob("*.txt"))
    print(
        f"{count} articles from {', '.join(str(a) for a in args.articles)}; layers: {', '.join(layers or ['all'])}"
    )
    server = None
    base = args.postgres
    if "postgresql" in args.targets and not base:
        from postgres import PostgresServer

        server = PostgresServer("bench").start()
        base = server.url
    try:
        print(
            f"{'target':<11} {'workers':>7} {'articles/s':>10} {'done':>5} {'failed':>6} {'wall s':>7} "
            f"{'peak RSS main':>14} {'largest worker':>15}"
        )
        for target_kind in args.targets.split(","):
            for workers in [int(w) for w in args.workers.split(",")]:
                name = f"bench_{target_kind}_{workers}"
                target = (
                    f"sqlite:///{tmp / name}.db" if target_kind == "sqlite" else fresh_postgres_db(base, name)
                )
                figures = run(
                    {
                        "inputs": [str(a) for a in args.articles],
                        "target": target,
                        "layers": layers,
                        "workers": workers,
                        "chunk_size": args.chunk_size,
                    }
                )
                print(
                    f"{target_kind:<11} {workers or 1:>7} {figures['rate']:>10.2f} {figures['done']:>5} "
                    f"{figures['failed']:>6} {figures['wall']:>7.1f} {figures['rss_self_mb']:>11.0f} MB "
                    f"{figures['rss_children_mb']:>12.0f} MB"
                )
    finally:
        if server is not None:
            server.stop()


def resume(args: argparse.Namespace, layers: list[str] | None, tmp: Path) -> None:
    """Kill a serial SQLite run with SIGKILL half-way, rerun it, and time how long the rerun takes to store its
    first new article (model load and skipping included) and to finish."""
    db = tmp / "resume.db"
    cmd = [
        sys.executable,
        "-m",
        "spinscope",
        "batch",
        *map(str, args.articles),
        "--out",
        f"sqlite:///{db}",
        "--no-progress",
        "--chunk-size",
        str(args.chunk_size),
    ]
    if layers:
        cmd += ["--layers", ",".join(layers)]
    count = sum(1 for folder in args.articles for _ in Path(folder).glob("*.txt"))

    def stored() -> int:
        if not db.exists():
            return 0
        try:
            with sqlite3.connect(db) as conn:
                return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:
            return 0

    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while stored() < count // 2 and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = stored()
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while stored() == before and process.poll() is None:
        time.sleep(0.02)
    first = time.perf_counter() - started
    process.wait()
    total = time.perf_counter() - started
    print(
        f"resume after SIGKILL at {before}/{count} stored: first new article stored {first:.1f} s after "
        f"relaunch (model load included); rerun finished in {total:.1f} s; stored {stored()} (each once)"
    )
    if args.keep:
        import shutil

        shutil.copyfile(db, args.keep)
        print(f"kept the store as {args.keep}")


def streaming(args: argparse.Namespace, layers: list[str] | None, tmp: Path) -> None:
    from batch_helpers import make_corpus

    corpus = make_corpus(tmp / "stream.jsonl", args.streaming, seed=1)
    print(
        f"streaming: {args.streaming:,} generated articles ({corpus.stat().st_size / 2**20:.0f} MB JSONL), "
        f"layers {', '.join(layers or ['all'])}, to SQLite, workers={args.workers.split(',')[0]}"
    )
    kwargs = {
        "inputs": [str(corpus)],
        "target": f"sqlite:///{tmp / 'stream.db'}",
        "layers": layers,
        "workers": int(args.workers.split(",")[0]),
        "chunk_size": args.chunk_size,
    }
    every = max(1, args.streaming // 20)
    result = subprocess.run([sys.executable, "-c", STREAM, json.dumps(kwargs), str(every)], text=True)
    if result.returncode != 0:
        raise SystemExit("batch failed")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", nargs="*", type=Path, default=[], help="folders of .txt articles")
    parser.add_argument("--layers", help="comma-separated layers (default: all)")
    parser.add_argument("--workers", default="0,2", help="worker counts to time (0 = serial, in process)")
    parser.add_argument("--targets", default="sqlite,postgresql", help="sqlite and/or postgresql")
    parser.add_argument("--postgres", help="a PostgreSQL URL to use instead of a private server")
    parser.add_argument("--chunk-size", type=int, default=8)
    parser.add_argument("--resume", action="store_true", help="also time a resume after SIGKILL")
    parser.add_argument("--streaming", type=int, default=0, help="RSS over N generated articles")
    parser.add_argument(
        "--keep", type=Path, help="copy the resumed SQLite store here (e.g. for `spinscope stats`)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops a private PostgreSQL server
    missing = [str(a) for a in args.articles if not a.is_dir()]
    if missing:
        print(f"no such folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    layers = [x.strip() for x in args.layers.split(",")] if args.layers else None
    with tempfile.TemporaryDirectory(prefix="spinscope-bench-") as folder:
        tmp = Path(folder)
        if args.articles:
            throughput(args, layers, tmp)
            if args.resume:
                resume(args, layers, tmp)
        if args.streaming:
            streaming(args, layers, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
