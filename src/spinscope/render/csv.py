"""CSV output: the rows of `analysis.rows()` (one per technique span, quote and claim, with offsets and layer).

Used by `spinscope analyze --format csv` and `spinscope export --format csv`; the columns are defined once, in
`analysis.ROW_COLUMNS`, so both give the same header. Values are written as Python's csv module quotes them (RFC
4180: fields with commas, quotes or line breaks are quoted); None is an empty field, booleans are true/false.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from ..analysis import ROW_COLUMNS, Analysis, rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(records: Iterable[Mapping[str, Any]], columns: Sequence[str], handle: IO[str]) -> int:
    """Write a header and one line per record (streamed); returns the number of records."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
        count += 1
    return count


def analysis_csv(analysis: Analysis) -> str:
    """The CSV of one analysis: header `ROW_COLUMNS`, one line per span, quote and claim."""
    buffer = io.StringIO()
    write_csv(rows(analysis), ROW_COLUMNS, buffer)
    return buffer.getvalue()
