"""`spinscope stats`: tables and charts over a batch store (SQLite, PostgreSQL, Parquet or JSONL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import UsageError, check_output, command, write_output

EXAMPLES = """examples:
  spinscope stats sqlite:///corpus.db                       tables in the terminal, grouped by outlet
  spinscope stats corpus.parquet --by month --png charts/   one PNG per statistic
  spinscope stats postgresql://me@localhost/news --by technique --html report.html
"""


@command("stats", "statistics over a batch store: techniques, voices, anonymous sources, claims, tone")
def _stats_args(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument(
        "target", metavar="TARGET", help="sqlite:///FILE.db, postgresql://..., FILE.parquet, FILE.jsonl"
    )
    parser.add_argument("--by", choices=["outlet", "month", "technique"], default="outlet", help="grouping")
    parser.add_argument(
        "--top", type=int, default=10, help="rows in top-N tables (voices, claims, techniques)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--html", metavar="FILE", help="write one self-contained HTML report")
    output.add_argument("--png", metavar="DIR", help="write one PNG chart per statistic into DIR")
    parser.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from ..batch.stats import compute, open_engine, render_html, render_terminal, write_pngs

    if args.top <= 0:
        raise UsageError("--top must be a positive number")
    if args.png and Path(args.png).exists() and not Path(args.png).is_dir():
        raise UsageError(f"--png needs a folder; {args.png} is a file")
    check_output(args.html)
    engine, source = open_engine(args.target)
    try:
        tables = compute(engine, by=args.by, top=args.top)
    finally:
        engine.dispose()
    if args.html:
        write_output(render_html(tables, source=source), args.html)
        print(f"wrote {args.html}")
    elif args.png:
        for path in write_pngs(tables, Path(args.png)):
            print(f"wrote {path}")
    else:
        render_terminal(tables)
    return 0
