"""`spinscope export`: the technique spans, quotes and claims of a batch store as rows (CSV or Parquet).

One row per span, quote and claim of every analysed article, with the article's id, outlet, title, URL and
publication date in front of the columns of `analysis.ROW_COLUMNS` (the same as `spinscope analyze --format
csv`). Streamed: articles are read one at a time, so the store's size does not matter.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..cli import UsageError, check_output, command

ARTICLE_COLUMNS = ("article_id", "outlet", "title", "url", "published")
EXAMPLES = """examples:
  spinscope export sqlite:///corpus.db > spans.csv                  every span, quote and claim as CSV
  spinscope export corpus.parquet --format parquet -o spans.parquet
  spinscope export corpus.jsonl --layers claims -o claims.csv        only the claims
"""


@command("export", "the spans, quotes and claims of a batch store as CSV or Parquet rows")
def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument(
        "target", metavar="TARGET", help="sqlite:///FILE.db, postgresql://..., FILE.parquet, FILE.jsonl"
    )
    parser.add_argument("--format", "-f", choices=["csv", "parquet"], default="csv", help="output format")
    parser.add_argument("-o", "--output", help="write to this file (csv: default stdout; parquet: required)")
    parser.add_argument(
        "--layers", help="comma-separated subset of techniques, quotes, claims (default: all three)"
    )
    parser.set_defaults(handler=run_export)


def export_rows(target: str, layers: set[str]) -> Iterator[dict[str, Any]]:
    """The rows of every analysed article of `target`, article columns first."""
    from ..analysis import rows
    from ..batch.store import iter_analyses

    for article, analysis in iter_analyses(target):
        front = {
            "article_id": article["id"],
            "outlet": article.get("outlet"),
            "title": article.get("title"),
            "url": article.get("url"),
            "published": str(article["published"]) if article.get("published") else None,
        }
        for row in rows(analysis):
            if row["layer"] in layers:
                yield {**front, **row}


def run_export(args: argparse.Namespace) -> int:
    from ..analysis import ROW_COLUMNS, ROW_LAYERS
    from ..batch.store import target_kind

    target_kind(args.target)  # a usage error before anything is read
    layers = set(ROW_LAYERS)
    if args.layers:
        layers = {name.strip() for name in args.layers.split(",") if name.strip()}
        unknown = layers - set(ROW_LAYERS)
        if unknown or not layers:
            raise UsageError(
                f"--layers takes {', '.join(ROW_LAYERS)}; got {', '.join(sorted(unknown)) or 'nothing'}"
            )
    columns = [*ARTICLE_COLUMNS, *ROW_COLUMNS]
    if args.format == "parquet":
        if not args.output or args.output == "-":
            raise UsageError("--format parquet needs -o FILE.parquet (Parquet is not written to a terminal)")
        check_output(args.output)
        count = write_parquet(export_rows(args.target, layers), columns, Path(args.output))
    else:
        check_output(args.output)
        count = write_csv_file(export_rows(args.target, layers), columns, args.output)
    if args.output and args.output != "-":
        print(f"wrote {count:,} rows to {args.output}", file=sys.stderr)
    return 0


def _atomic(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.")


def write_csv_file(records: Iterator[dict[str, Any]], columns: list[str], output: str | None) -> int:
    from ..render.csv import write_csv

    if output is None or output == "-":
        return write_csv(records, columns, sys.stdout)
    path = Path(output)
    fd, tmp = _atomic(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write_csv(records, columns, handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def write_parquet(
    records: Iterator[dict[str, Any]], columns: list[str], path: Path, chunk: int = 5000
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"index": pa.int64(), "start": pa.int64(), "end": pa.int64(), "score": pa.float64()}
    types["in_quote"] = pa.bool_()
    schema = pa.schema([(name, types.get(name, pa.string())) for name in columns])
    fd, tmp = _atomic(path)
    os.close(fd)
    count = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            batch: list[dict[str, Any]] = []
            for record in records:
                batch.append(record)
                if len(batch) >= chunk:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                    batch = []
            if batch or count == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
