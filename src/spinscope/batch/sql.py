"""The SQL store: SQLite or PostgreSQL (schema and migrations in `schema.py`), one transaction per chunk.

Crash safety: `SqlStore.write` writes a chunk of articles, their layer rows included, in one transaction, and
`existing` tells which ids are stored, so a run killed at any moment (even with SIGKILL) and rerun stores every
article exactly once, never half. SQLite runs in WAL mode. `load_rows` fills a fresh database from saved
articles (a Parquet or JSONL target) by re-running the row extractors, so statistics read every target kind
with the same SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..ingest import InputError, parse_iso_date
from .rows import ArticleResult, Row, extract_rows
from .schema import LAYER_TABLES, articles, create_engine, describe, migrate


class SqlStore:
    """SQLite or PostgreSQL through SQLAlchemy Core; one transaction per chunk."""

    def __init__(self, target: str, *, retry_failed: bool = False) -> None:
        self.engine = create_engine(target)
        self.description = describe(self.engine.url)
        self.retry_failed = retry_failed
        try:
            migrate(self.engine)
        except sa.exc.DatabaseError as err:  # not a database, or cannot open it
            self.engine.dispose()
            reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
            raise InputError(f"cannot open {self.description}: {reason}") from err

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are stored already (done, and failed unless failed ones are being retried)."""
        if not ids:
            return set()
        query = sa.select(articles.c.id).where(articles.c.id.in_(list(ids)))
        if self.retry_failed:
            query = query.where(articles.c.status == "done")
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def failed(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are stored as failed (by an earlier run)."""
        if not ids:
            return set()
        query = sa.select(articles.c.id).where(articles.c.id.in_(list(ids)), articles.c.status == "failed")
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        """Store a chunk in one transaction; ids stored meanwhile (a duplicate in the input, a concurrent run)
        are left alone. Returns the ids written."""
        if not results:
            return set()
        unique: dict[str, ArticleResult] = {}
        for result in results:
            unique.setdefault(result.id, result)
        with self.engine.begin() as conn:
            ids = list(unique)
            if self.retry_failed:
                conn.execute(articles.delete().where(articles.c.id.in_(ids), articles.c.status == "failed"))
            present = set(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(ids))).scalars())
            fresh = [result for key, result in unique.items() if key not in present]
            if not fresh:
                return set()
            conn.execute(articles.insert(), [result.article for result in fresh])
            by_table: dict[str, list[Row]] = {}
            for result in fresh:
                for table, rows in result.rows.items():
                    by_table.setdefault(table, []).extend(rows)
            for table, rows in by_table.items():
                if table in LAYER_TABLES and rows:
                    conn.execute(LAYER_TABLES[table].insert(), rows)
        return {result.id for result in fresh}

    def close(self) -> None:
        self.engine.dispose()


def load_rows(engine: Engine, saved: Iterable[Row], *, chunk: int = 500) -> int:
    """Fill a (fresh) database from saved article dicts by re-running the row extractors: how statistics read
    a Parquet or JSONL target with the same SQL as a database."""
    migrate(engine)
    count = 0
    batch: list[ArticleResult] = []

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(articles.insert(), [r.article for r in batch])
            by_table: dict[str, list[Row]] = {}
            for result in batch:
                for table, rows in result.rows.items():
                    by_table.setdefault(table, []).extend(rows)
            for table, rows in by_table.items():
                conn.execute(LAYER_TABLES[table].insert(), rows)

    seen: set[str] = set()
    for line in saved:
        key = str(line["id"])
        if key in seen:
            continue
        seen.add(key)
        analysis = line.get("analysis")
        row = {column.name: line.get(column.name) for column in articles.columns}
        row["published"] = parse_iso_date(row.get("published"))
        stamp = row.get("analyzed_at")
        row["analyzed_at"] = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
        row["analysis"] = None
        try:
            rows = extract_rows(key, analysis) if isinstance(analysis, dict) else {}
        except pydantic.ValidationError:  # an Analysis of another spinscope version: the article row only
            rows = {}
        batch.append(ArticleResult(id=key, status=str(row["status"]), article=row, rows=rows))
        count += 1
        if len(batch) >= chunk:
            flush()
            batch = []
    if batch:
        flush()
    return count
