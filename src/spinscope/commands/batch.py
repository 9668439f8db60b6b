"""`spinscope batch`: analyse whole corpora into SQLite, PostgreSQL, Parquet or JSONL, resumably."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any

from ..cli import (
    UsageError,
    add_metadata_arguments,
    add_profile_argument,
    add_settings_argument,
    check_profile_installed,
    command,
    metadata_from_args,
    parse_layers,
    parse_settings,
)
from ..ingest import DEFAULT_MAX_CHARS

EXAMPLES = """examples:
  spinscope batch articles/ --out sqlite:///corpus.db                 folders of .txt/.html, embedded SQLite
  spinscope batch news.jsonl --out corpus.parquet --layers entities,tone
  zcat dump.jsonl.gz | spinscope batch - --out postgresql://me@localhost/news
  spinscope batch big.parquet --out sqlite:///big.db --workers 2      a local Dask cluster of 2 processes
  spinscope batch big.parquet --out postgresql://db/news --scheduler tcp://10.0.0.5:8786

Rerunning the same command skips what is stored; failed articles are kept as rows with their error
(--retry-failed tries them again); files in folders that are not articles (.bin, .pdf, ...) are named in the
summary and stored with status 'skipped'. JSONL/Parquet inputs: id, text or html, optional url, published,
outlet, title.

exit codes:
  0    every article analysed (or already stored)
  2    a usage error: bad arguments, an input or target that cannot be opened (nothing analysed)
  3    some articles failed (now, or in an earlier run and not retried); each is named in the summary and
       stored with status 'failed' and its error
  130  interrupted (rerun the same command to resume)
"""


@command("batch", "analyse many articles into a database or file, resumably (see --help)")
def _batch_args(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="folder of .txt/.html, .jsonl[.gz], .parquet, or - (JSONL on stdin)",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="TARGET",
        help="sqlite:///FILE.db, postgresql://USER@HOST/DB, FILE.parquet or FILE.jsonl",
    )
    parser.add_argument("--layers", help="comma-separated layers (default: all)")
    parser.add_argument(
        "--workers", type=int, default=0, help="run a local Dask cluster of N worker processes"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="use an existing Dask cluster, e.g. tcp://host:8786"
    )
    parser.add_argument("--chunk-size", type=int, default=16, help="articles per task and per transaction")
    parser.add_argument(
        "--retry-failed", action="store_true", help="analyse failed rows again (databases only)"
    )
    parser.add_argument("--limit", type=int, default=0, help="stop after N input records")
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="fail longer articles")
    add_metadata_arguments(parser, batch=True)
    add_settings_argument(parser)
    add_profile_argument(parser)
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it is off when not a terminal)"
    )
    parser.set_defaults(handler=run_batch_command)


class ProgressBar:
    """A rich progress bar on stderr with the rate over analysed articles (skipped ones do not inflate it)
    and an ETA from that rate; a no-op when disabled."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Any = None
        self.task: Any = None
        self.processed = 0
        self.started = time.perf_counter()

    def start(self, total: int | None) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, rate="", eta="")
        self.started = time.perf_counter()

    def update(self, processed: int, skipped: int) -> None:
        if self.progress is None:
            return
        if processed and self.processed == 0:
            self.started = time.perf_counter()  # rate from the first analysed chunk on
        self.processed += processed
        elapsed = time.perf_counter() - self.started
        rate = self.processed / elapsed if elapsed > 0 and self.processed else 0.0
        task = self.progress.tasks[0]
        remaining = (task.total - task.completed - processed - skipped) if task.total is not None else None
        eta = ""
        if rate > 0 and remaining is not None and remaining > 0:
            seconds = int(remaining / rate)
            eta = f"ETA {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        self.progress.update(self.task, advance=processed + skipped, rate=f"{rate:.1f} articles/s", eta=eta)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def run_batch_command(args: argparse.Namespace) -> int:
    from ..batch.runner import run_batch
    from ..batch.store import target_kind
    from ..pipeline import resolve_layers

    if args.workers < 0:
        raise UsageError("--workers must be 0 (serial) or more")
    if args.chunk_size <= 0:
        raise UsageError("--chunk-size must be a positive number")
    if args.max_chars <= 0:
        raise UsageError("--max-chars must be a positive number")
    if args.limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    if args.workers and args.scheduler:
        raise UsageError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    target_kind(args.out)
    layers = resolve_layers(parse_layers(args.layers))
    metadata = metadata_from_args(args)
    settings = parse_settings(args.settings)
    check_profile_installed(args.profile, layers)  # before the store is opened and the workers start
    bar = ProgressBar(enabled=not args.no_progress and sys.stderr.isatty())

    def terminate(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        summary = run_batch(
            args.inputs,
            args.out,
            layers=layers,
            workers=args.workers,
            scheduler=args.scheduler,
            chunk_size=args.chunk_size,
            retry_failed=args.retry_failed,
            limit=args.limit or None,
            max_chars=args.max_chars,
            settings=settings,
            profile=args.profile,
            metadata=metadata,
            on_start=bar.start,
            on_progress=bar.update,
        )
    finally:
        bar.stop()
        signal.signal(signal.SIGTERM, previous)
    print(f"spinscope batch {summary.line()}", file=sys.stderr)
    print_details(summary)
    if summary.interrupted:
        print("spinscope batch: interrupted; rerun the same command to resume", file=sys.stderr)
    return summary.exit_code


def print_details(summary: Any, shown: int = 20) -> None:
    """Name what was not analysed: every file that is not an article (up to the summary's cap), then the first
    `shown` failed articles and duplicate ids, each with its reason and where to find the rest."""

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    for article_id, reason in summary.not_read_files:
        say(f"  not read {article_id}: {reason}")
    if summary.not_read > len(summary.not_read_files):
        say(
            f"  ... and {summary.not_read - len(summary.not_read_files):,} more files not read "
            "(status = 'skipped' in the store)"
        )
    for article_id, error in summary.failures[:shown]:
        say(f"  failed {article_id}: {error.splitlines()[0] if error else ''}")
    if summary.failed > shown:
        say(f"  ... and {summary.failed - shown:,} more failed articles (status = 'failed' in the store)")
    for article_id, source in summary.failed_before_examples[:5]:
        say(f"  failed in an earlier run {article_id} ({source}): rerun with --retry-failed to try it again")
    if summary.failed_before > 5:
        say(f"  ... and {summary.failed_before - 5:,} more that failed in an earlier run")
    for article_id, source in summary.duplicate_examples[:5]:
        say(
            f"  duplicate id {article_id!r} ({source}): an earlier record of this run has it; give the inputs "
            "distinct file names or explicit `id`s"
        )
