"""Time and memory of the pipeline against the length of one text: where to set the default --max-chars.

For each length, a fresh process builds a text of that many characters from real news articles (PTC dev,
concatenated in name order and cut at a paragraph break; the last article is cut to size), loads the pipeline,
analyses the text once and reports: model load seconds, analysis seconds (spaCy parse and every layer, then the
export to an Analysis), the seconds and resident-memory growth of each pipeline component, and the peak RSS of the
process (getrusage, models included: what a user's machine must hold). A watchdog kills a run that goes over
`--max-rss-mb` or `--timeout`, and that row says so, so a probe of long texts cannot take the machine down.

    python benchmarks/length_scaling.py --articles ../shared/data/ptc-semeval2020-task11/datasets/dev-articles \
        --lengths 10000,100000,300000,600000 [--layers entities,tone] [--components]

Prints one line per length (and per component with --components); figures only, no assertions. Run it niced on a
shared machine (`nice -n 10`): the seconds then include waiting for the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path


def build_text(folder: Path, length: int) -> str:
    """`length` characters of news: whole articles joined by blank lines, the last one cut at a line break."""
    parts: list[str] = []
    total = 0
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt articles in {folder}")
    while total < length:
        for path in files:
            text = path.read_text(encoding="utf-8").strip()
            parts.append(text)
            total += len(text) + 2
            if total >= length:
                break
    text = "\n\n".join(parts)[:length]
    cut = text.rfind("\n", 0, length)
    return text[: cut if cut > length * 0.9 else length]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux


def child(args: argparse.Namespace) -> None:
    """One measurement in this process; prints one JSON object."""
    import spinscope
    from spinscope.analysis import from_doc
    from spinscope.ingest import from_text

    text = build_text(Path(args.articles), args.child)
    layers = None if args.layers == "all" else args.layers.split(",")
    started = time.perf_counter()
    pipeline = spinscope.load(layers, max_chars=max(len(text) + 1, 10))
    pipeline.analyze("Kabul (IP) - The United States left Afghanistan a year ago, a Taliban spokesman said.")
    load_s = time.perf_counter() - started
    loaded_rss = rss_mb()
    document = from_text(text, max_chars=len(text) + 1)
    started = time.perf_counter()
    doc = pipeline.make_doc(document)
    components = []
    cpu_started = time.process_time()
    for name, proc in pipeline.nlp.pipeline:
        before, t0, c0 = rss_mb(), time.perf_counter(), time.process_time()
        doc = proc(doc)
        components.append(
            {
                "name": name,
                "seconds": round(time.perf_counter() - t0, 3),
                "cpu_s": round(time.process_time() - c0, 3),
                "rss_after_mb": round(rss_mb(), 1),
                "rss_growth_mb": round(rss_mb() - before, 1),
                "peak_mb": round(peak_mb(), 1),
            }
        )
    t0, c0 = time.perf_counter(), time.process_time()
    analysis = from_doc(doc, document)
    analysis.to_json()
    components.append(
        {
            "name": "export",
            "seconds": round(time.perf_counter() - t0, 3),
            "cpu_s": round(time.process_time() - c0, 3),
            "peak_mb": round(peak_mb(), 1),
        }
    )
    print(
        json.dumps(
            {
                "chars": len(text),
                "words": analysis.meta.word_count,
                "layers": analysis.layers,
                "load_s": round(load_s, 2),
                "analyse_s": round(time.perf_counter() - started, 2),
                "analyse_cpu_s": round(time.process_time() - cpu_started, 2),
                "loaded_rss_mb": round(loaded_rss, 1),
                "peak_rss_mb": round(peak_mb(), 1),
                "components": components,
            }
        ),
        flush=True,
    )


def watch(process: subprocess.Popen[str], limit_mb: float, timeout: float, verdict: list[str]) -> None:
    started = time.monotonic()
    page = os.sysconf("SC_PAGE_SIZE")
    while process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/statm") as handle:
                rss = int(handle.read().split()[1]) * page / 1e6
        except OSError:
            return
        if rss > limit_mb:
            verdict.append(f"killed at {rss:,.0f} MB RSS (over --max-rss-mb {limit_mb:,.0f})")
            process.kill()
            return
        if time.monotonic() - started > timeout:
            verdict.append(f"killed after {timeout:,.0f} s (--timeout)")
            process.kill()
            return
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", required=True, help="folder of .txt news articles (PTC dev-articles)")
    parser.add_argument("--lengths", default="10000,100000,300000,600000", help="comma-separated char counts")
    parser.add_argument("--layers", default="all", help="comma-separated layers, or all")
    parser.add_argument("--components", action="store_true", help="also print each component's figures")
    parser.add_argument("--max-rss-mb", type=float, default=6000.0, help="kill a run above this RSS")
    parser.add_argument("--timeout", type=float, default=900.0, help="kill a run after this many seconds")
    parser.add_argument("--json", action="store_true", help="print the raw JSON lines too")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args)
        return 0
    print(
        f"layers: {args.layers}; load average {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print(
        f"{'chars':>10} {'words':>8} {'load s':>7} {'analyse s':>10} {'CPU s':>7} {'RSS loaded':>11} {'peak RSS':>9}"
    )
    for length in [int(x) for x in args.lengths.split(",") if x.strip()]:
        command = [sys.executable, __file__, "--articles", args.articles, "--layers", args.layers]
        process = subprocess.Popen(
            [*command, "--child", str(length)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        verdict: list[str] = []
        watcher = threading.Thread(target=watch, args=(process, args.max_rss_mb, args.timeout, verdict))
        watcher.start()
        out, err = process.communicate()
        watcher.join()
        if verdict or process.returncode != 0:
            reason = verdict[0] if verdict else (err.strip().splitlines() or ["failed"])[-1]
            print(f"{length:>10,} {'':>8} {reason}", flush=True)
            continue
        row = json.loads(out.strip().splitlines()[-1])
        print(
            f"{row['chars']:>10,} {row['words']:>8,} {row['load_s']:>7.2f} {row['analyse_s']:>10.2f} "
            f"{row['analyse_cpu_s']:>7.1f} "
            f"{row['loaded_rss_mb']:>8,.0f} MB {row['peak_rss_mb']:>6,.0f} MB",
            flush=True,
        )
        if args.components:
            for comp in row["components"]:
                growth = f"{comp['rss_growth_mb']:>+8,.0f} MB" if "rss_growth_mb" in comp else " " * 11
                print(
                    f"{'':>12} {comp['name']:<22} {comp['seconds']:>8.2f} s {comp['cpu_s']:>8.2f} s CPU "
                    f"{growth}  peak {comp['peak_mb']:>6,.0f} MB"
                )
        print(f"{'':>12} load average now {os.getloadavg()[0]:.1f}", flush=True)
        if args.json:
            print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
