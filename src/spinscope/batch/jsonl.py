"""The JSONL store: one line per article (its `articles` columns plus the Analysis as an object), appended and
fsync'ed per chunk. Reopening drops a torn last line, the only damage a kill can do to an append."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..ingest import InputError
from .rows import ArticleResult, Row


def _jsonable(row: Row) -> Row:
    return {
        key: value.isoformat() if isinstance(value, date | datetime) else value
        for key, value in row.items()
        if key != "analysis"
    }


def result_line(result: ArticleResult) -> str:
    """One JSONL line: the `articles` columns plus the Analysis as an object (null for a failed article)."""
    row = _jsonable(result.article)
    analysis = result.analysis_json if result.analysis_json is not None else "null"
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))[:-1] + f',"analysis":{analysis}}}'


def is_stored_row(row: Any) -> bool:
    """A line of a JSONL target as `result_line` writes it (as opposed to an input article or anything else)."""
    return isinstance(row, dict) and {"id", "status", "analysis"} <= row.keys()


class JsonlStore:
    """A JSONL file, one article per line, appended and fsync'ed per chunk. Reopening drops a torn last line
    (the only damage a kill can do to an append), so every article is in the file once, whole."""

    def __init__(self, path: str | Path, *, retry_failed: bool = False) -> None:
        self.path = Path(path)
        self.description = str(self.path)
        if retry_failed:
            raise InputError("--retry-failed needs a database target (sqlite:/// or postgresql://)")
        if not self.path.parent.is_dir():
            raise InputError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        self.done: set[str] = set()
        self.failed_ids: set[str] = set()
        if self.path.exists():
            self._recover()
        self.handle = self.path.open("ab")

    def _recover(self) -> None:
        """Read the ids already stored. Only a last line without its newline (torn by a kill) is cut off; any
        other line that is not a spinscope result means this is somebody else's file, which is left alone."""
        good = 0
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if not line.endswith(b"\n"):
                    break
                try:
                    row = json.loads(line)
                    if not is_stored_row(row):
                        raise ValueError
                except ValueError:
                    raise InputError(
                        f"{self.path} is not a spinscope results file (line {number} is not a stored "
                        "article); choose another --out file"
                    ) from None
                self.done.add(str(row["id"]))
                if row["status"] == "failed":
                    self.failed_ids.add(str(row["id"]))
                good += len(line)
        if good != self.path.stat().st_size:
            with self.path.open("r+b") as handle:
                handle.truncate(good)

    def existing(self, ids: Sequence[str]) -> set[str]:
        return {key for key in ids if key in self.done}

    def failed(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` were stored as failed before this run (the file is read once, on opening)."""
        return {key for key in ids if key in self.failed_ids}

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        fresh = []
        for result in results:
            if result.id not in self.done:
                self.done.add(result.id)
                fresh.append(result)
        if fresh:
            self.handle.write("".join(result_line(r) + "\n" for r in fresh).encode("utf-8"))
            self.handle.flush()
            os.fsync(self.handle.fileno())
        return {result.id for result in fresh}

    def close(self) -> None:
        self.handle.close()


def read_jsonl(path: str | Path) -> Iterator[Row]:
    """The lines of a JSONL target as dicts (`analysis` an object or None); a torn last line is ignored."""
    with Path(path).open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return
            yield json.loads(line)
