"""`spinscope stats`: tables and charts over a batch store (SQLite, PostgreSQL, Parquet or JSONL)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..cli import UsageError, check_output, command, write_output

EXAMPLES = """examples:
  spinscope stats sqlite:///corpus.db                       tables in the terminal, grouped by outlet
  spinscope stats corpus.db --format markdown -o stats.md   every table as Markdown (also csv, html)
  spinscope stats corpus.db --format csv --table tone       one table as a plain CSV file
  spinscope stats corpus.parquet --by month --png charts/   one PNG per statistic
  spinscope stats corpus.db --html stats.html --reports reports/   each article row links to its own report

Outlets and months are compared by article-level figures: the mean over their articles with a 95% t interval
and the article count; groups of fewer than 10 articles are marked as too few to compare. Values are never cut:
in a narrow terminal or a pipe the tables wrap.
"""


@command(
    "stats", "statistics over a batch store: techniques, voices, anonymous sources, claims, tone, ratings"
)
def _stats_args(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument(
        "target", metavar="TARGET", help="sqlite:///FILE.db, postgresql://..., FILE.parquet, FILE.jsonl"
    )
    parser.add_argument("--by", choices=["outlet", "month", "technique"], default="outlet", help="grouping")
    parser.add_argument(
        "--top", type=int, default=10, help="rows in top-N tables (voices, claims, techniques, outlets rated)"
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=["terminal", "csv", "markdown", "html"],
        default="terminal",
        help="output format",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write csv/markdown/html to FILE (default stdout)"
    )
    parser.add_argument(
        "--table",
        action="append",
        metavar="NAME",
        help="only this table (repeatable): overview, techniques, techniques_by_technique, voices, anonymous, "
        "claims, tone, ratings, articles (with --reports)",
    )
    parser.add_argument(
        "--reports",
        metavar="DIR",
        help="write each analysed article's HTML report into DIR; html and markdown rows link to them",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--html", metavar="FILE", help="write one self-contained HTML page (= --format html -o)"
    )
    output.add_argument("--png", metavar="DIR", help="write one PNG chart per statistic into DIR")
    parser.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from ..batch.stats import (
        compute,
        open_engine,
        render_csv,
        render_html,
        render_markdown,
        render_terminal,
        select_tables,
        write_pngs,
        write_reports,
    )

    if args.top <= 0:
        raise UsageError("--top must be a positive number")
    if args.png and Path(args.png).exists() and not Path(args.png).is_dir():
        raise UsageError(f"--png needs a folder; {args.png} is a file")
    if args.reports and Path(args.reports).exists() and not Path(args.reports).is_dir():
        raise UsageError(f"--reports needs a folder; {args.reports} is a file")
    fmt, output = args.format, args.output
    if args.html:
        if output or fmt not in ("terminal", "html"):
            raise UsageError("--html FILE is --format html -o FILE; give one or the other")
        fmt, output = "html", args.html
    if output and fmt == "terminal":
        raise UsageError("-o needs --format csv, markdown or html (the terminal tables go to the screen)")
    check_output(output)
    engine, source = open_engine(args.target)
    try:
        tables = select_tables(
            compute(engine, by=args.by, top=args.top, with_articles=bool(args.reports)), args.table
        )
    finally:
        engine.dispose()
    links: dict[str, str] = {}
    if args.reports:
        base = Path(output).resolve().parent if output and output != "-" else Path.cwd()
        written = write_reports(args.target, Path(args.reports))
        links = {key: Path(os.path.relpath(path.resolve(), base)).as_posix() for key, path in written.items()}
        print(f"wrote {len(written):,} article reports into {args.reports}", file=sys.stderr)
    if args.png:
        for path in write_pngs(tables, Path(args.png)):
            print(f"wrote {path}")
        return 0
    if fmt == "html":
        content = render_html(tables, source=source, links=links)
    elif fmt == "markdown":
        content = render_markdown(tables, links=links)
    elif fmt == "csv":
        content = render_csv(tables)
    else:
        render_terminal(tables)
        return 0
    write_output(content, output)
    if output and output != "-":
        print(f"wrote {output}")
    return 0
