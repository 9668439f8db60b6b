"""The Parquet store: one row per article (`analysis` holds the Analysis JSON), rewritten atomically at the end
of a run from a crash-safe JSONL journal (Parquet files cannot be appended to)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..ingest import InputError, parse_iso_date
from .jsonl import JsonlStore, read_jsonl
from .rows import ArticleResult, Row


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.date32()),
            ("month", pa.string()),
            ("language", pa.string()),
            ("word_count", pa.int64()),
            ("char_count", pa.int64()),
            ("layers", pa.string()),
            ("spinscope_version", pa.string()),
            ("analyzed_at", pa.timestamp("us", tz="UTC")),
            ("seconds", pa.float64()),
            ("analysis", pa.string()),
        ]
    )


class ParquetStore:
    """A Parquet file, one row per article (`analysis` holds the Analysis JSON). Parquet cannot be appended to,
    so results go to a crash-safe journal (`FILE.journal.jsonl`, a `JsonlStore`) during the run, and `close`
    rewrites the Parquet file atomically (old rows + journal, row group by row group) and removes the journal.
    A run killed mid-way leaves the old file intact and the journal, which the rerun picks up."""

    ROW_GROUP = 1000

    def __init__(self, path: str | Path, *, retry_failed: bool = False) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.description = str(self.path)
        if retry_failed:
            raise InputError("--retry-failed needs a database target (sqlite:/// or postgresql://)")
        self.stored: set[str] = set()
        self.failed_ids: set[str] = set()
        if self.path.exists():  # checked before the journal is created, so a refusal leaves nothing behind
            try:
                table = pq.read_table(self.path, columns=["id", "status"])
                ids = table.column("id").to_pylist()
                statuses = table.column("status").to_pylist()
            except Exception as err:
                raise InputError(f"{self.path} is not a spinscope Parquet file: {err}") from err
            self.stored = {str(key) for key in ids}
            self.failed_ids = {
                str(key) for key, status in zip(ids, statuses, strict=True) if status == "failed"
            }
        self.journal = JsonlStore(self.path.with_name(self.path.name + ".journal.jsonl"))

    def existing(self, ids: Sequence[str]) -> set[str]:
        return {key for key in ids if key in self.stored} | self.journal.existing(ids)

    def failed(self, ids: Sequence[str]) -> set[str]:
        return {key for key in ids if key in self.failed_ids} | self.journal.failed(ids)

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        return self.journal.write([r for r in results if r.id not in self.stored])

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.journal.close()
        if not self.journal.done and self.path.exists():
            self.journal.path.unlink(missing_ok=True)
            return
        schema = _parquet_schema()
        tmp = self.path.with_name(self.path.name + ".tmp")
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            if self.path.exists():
                old = pq.ParquetFile(self.path)
                for group in range(old.num_row_groups):
                    writer.write_table(old.read_row_group(group).cast(schema))
            batch: list[Row] = []
            for line in read_jsonl(self.journal.path):
                analysis = line.pop("analysis", None)
                line["analysis"] = _json(analysis) if analysis is not None else None
                line["published"] = parse_iso_date(line.get("published"))
                stamp = line.get("analyzed_at")
                line["analyzed_at"] = datetime.fromisoformat(stamp) if stamp else None
                batch.append(line)
                if len(batch) >= self.ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        os.replace(tmp, self.path)
        self.journal.path.unlink(missing_ok=True)


def read_parquet(path: str | Path) -> Iterator[Row]:
    """The rows of a Parquet target as dicts (`analysis` parsed), row group by row group."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    for batch in handle.iter_batches(batch_size=500):
        for row in batch.to_pylist():
            row["analysis"] = json.loads(row["analysis"]) if row.get("analysis") else None
            yield row
