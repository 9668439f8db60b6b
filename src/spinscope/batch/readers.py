"""Batch inputs as a stream of `Record`s: folders of .txt/.html files, JSONL files (also .jsonl.gz), Parquet
files, or `-` for JSONL on stdin.

Everything is read lazily, one record at a time (Parquet in small row batches, folders one directory listing at
a time), so memory stays flat however large the corpus. A record carries the raw article (text, HTML or file
bytes) rather than a path, so a remote Dask worker that cannot see the files can still analyse it. A line or
row that cannot be read becomes a `Record` with an `error`, which the runner stores as a failed row: one bad
article never stops a batch.

JSONL and Parquet columns: `id`, `text` or `html`, and optionally `url`, `published`, `outlet`, `title`.
Ids: the `id` column (else `FILE:LINE`), or a file's path relative to its folder.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ..ingest import (
    DEFAULT_MAX_CHARS,
    Document,
    InputError,
    from_bytes,
    from_html,
    from_text,
    parse_iso_date,
    with_metadata,
)

ARTICLE_SUFFIXES = {".txt": False, ".text": False, ".html": True, ".htm": True, ".xhtml": True}
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
COLUMNS = ("id", "text", "html", "url", "published", "outlet", "title")


@dataclass
class Record:
    """One article to analyse, as read: exactly one of `text`, `html`, `data` (raw file bytes) is set, unless
    `error` says why it could not be read."""

    id: str
    source: str
    text: str | None = None
    html: str | None = None
    data: bytes | None = None
    is_html: bool | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    error: str | None = None
    skipped: str | None = None  # why a file met in a folder is not an article to read (stored as `skipped`)

    def to_document(self, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
        """Ingest the record like `spinscope analyze` would; `InputError` for anything unusable."""
        if self.error:
            raise InputError(self.error)
        if self.data is not None:
            document = from_bytes(
                self.data, source=self.source, url=self.url, max_chars=max_chars, html=self.is_html
            )
        elif self.html is not None:
            document = from_html(self.html, url=self.url, max_chars=max_chars, source=self.source)
        elif self.text is not None:
            document = from_text(
                self.text, max_chars=max_chars, source=self.source, url=self.url, title=self.title
            )
        else:
            raise InputError("the record has neither `text` nor `html`")
        document = with_metadata(
            document,
            title=self.title or None,
            published=parse_published(self.published),
            outlet=self.outlet or None,
        )
        document.extra["id"] = self.id
        return document


def parse_published(value: Any) -> date | None:
    """ISO dates and datetimes directly; anything else (e.g. "Aug 31, 2022") through dateparser."""
    if value is None or value == "":
        return None
    iso = parse_iso_date(value)
    if iso is not None:
        return iso
    text = str(value).strip()
    import dateparser

    parsed = dateparser.parse(
        text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    )
    return parsed.date() if parsed else None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record_from_mapping(row: dict[str, Any], *, default_id: str, source: str) -> Record:
    """A record from a JSONL line or Parquet row; a missing text becomes a record with an error."""
    if not isinstance(row, dict):
        return Record(id=default_id, source=source, error="the line is not a JSON object")
    key = row.get("id")
    record = Record(
        id=str(key) if key not in (None, "") else default_id,
        source=source,
        url=_str(row.get("url")) or None,
        published=_str(row.get("published")),
        outlet=_str(row.get("outlet")) or None,
        title=_str(row.get("title")) or None,
    )
    text, html = row.get("text"), row.get("html")
    if isinstance(text, str) and text.strip():
        record.text = text
    elif isinstance(html, str) and html.strip():
        record.html = html
    else:
        record.error = "no `text` or `html` field with content"
    return record


def _open_lines(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _lines(handle: IO[bytes], name: str) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, line, None), then (number, None, error) if the stream breaks (a corrupt or truncated
    .gz): what was read before stays good, and the break becomes one failed record."""
    lineno = 0
    try:
        for lineno, raw in enumerate(handle, 1):
            yield lineno, raw, None
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        yield lineno + 1, None, f"cannot read {name} after line {lineno}: {err or type(err).__name__}"


def read_jsonl_stream(handle: IO[bytes], name: str) -> Iterator[Record]:
    for lineno, raw, broken in _lines(handle, name):
        if raw is None:
            where = f"{name}:{lineno}"
            yield Record(id=where, source=where, error=broken)
            return
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            row = json.loads(raw)
        except ValueError as err:
            yield Record(id=where, source=where, error=f"line {lineno} of {name} is not valid JSON ({err})")
            continue
        yield record_from_mapping(row, default_id=where, source=where)


def read_parquet(path: Path, *, batch_size: int = 256) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except Exception as err:
        raise InputError(f"cannot read {path} as Parquet: {err}") from err
    columns = [name for name in COLUMNS if name in handle.schema_arrow.names]
    if "text" not in columns and "html" not in columns:
        raise InputError(
            f"{path} has no `text` or `html` column (columns: {', '.join(handle.schema_arrow.names)})"
        )
    row_number = 0
    for batch in handle.iter_batches(batch_size=batch_size, columns=columns):
        for row in batch.to_pylist():
            row_number += 1
            where = f"{path.name}:{row_number}"
            yield record_from_mapping(row, default_id=where, source=where)


SUPPORTED = ", ".join(ARTICLE_SUFFIXES)


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under a folder, depth first in name order, one directory listing in memory at a time, with
    the reason it is not read (None for an article file). Hidden files and folders (".git", ".DS_Store") are
    left out without a word: they are never articles."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as err:
        yield folder, f"cannot read this folder: {err.strerror or err}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_symlink() and entry.is_dir():
            yield path, "a link to a folder, not followed (give the folder itself as an input)"
        elif Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES:
            yield path, None
        else:
            suffix = Path(entry.name).suffix.lower()
            kind = f"a {suffix} file" if suffix else "a file without an extension"
            yield path, f"{kind}, not an article: only {SUPPORTED} files are read in folders"


def read_file(path: Path, *, key: str) -> Record:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as err:
        return Record(id=key, source=str(path), error=f"cannot read {path}: {err.strerror or err}")
    return Record(id=key, source=str(path), data=data, is_html=ARTICLE_SUFFIXES.get(suffix))


def read_folder(folder: Path) -> Iterator[Record]:
    for path, skipped in _walk(folder):
        key = path.relative_to(folder).as_posix() if path != folder else folder.name
        if skipped:
            yield Record(id=key, source=str(path), skipped=skipped)
        else:
            yield read_file(path, key=key)


def check_inputs(inputs: Sequence[str]) -> None:
    """Fail early, before models load, on inputs that do not exist or are of an unknown kind."""
    if not inputs:
        raise InputError("no input given")
    if list(inputs).count("-") > 1:
        raise InputError("stdin (-) can be given only once")
    for item in inputs:
        if item == "-":
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
        if path.is_file() and _kind(path) is None:
            raise InputError(
                f"{path}: unknown input type (expected a folder, .jsonl, .jsonl.gz, .parquet, .txt or .html)"
            )


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        return "file"
    return None


def read_inputs(inputs: Sequence[str], *, stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """All records of all inputs, in order, lazily."""
    check_inputs(inputs)
    for item in inputs:
        if item == "-":
            yield from read_jsonl_stream(stdin or sys.stdin.buffer, "stdin")
            continue
        path = Path(item)
        if path.is_dir():
            yield from read_folder(path)
            continue
        kind = _kind(path)
        if kind == "jsonl":
            with _open_lines(path) as handle:
                yield from read_jsonl_stream(handle, path.name)
        elif kind == "parquet":
            yield from read_parquet(path)
        else:
            yield read_file(path, key=path.name)


def count_inputs(inputs: Sequence[str]) -> int | None:
    """How many records the inputs hold, for the progress bar's ETA; None when unknown (stdin). Cheap: a folder
    walk, a newline count, Parquet metadata."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        if path.is_dir():
            total += sum(1 for _ in _walk(path))  # skipped files too: the bar advances over them
            continue
        kind = _kind(path)
        if kind not in ("jsonl", "parquet"):  # one article file
            total += 1
            continue
        try:
            if kind == "jsonl":
                with _open_lines(path) as handle:
                    total += _count_lines(handle)
            else:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
        except (OSError, EOFError, ValueError):  # unreadable: reading it will say so, per record
            return None
    return total


def _count_lines(handle: IO[bytes]) -> int:
    count, last = 0, b"\n"
    while chunk := handle.read(1 << 20):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)
