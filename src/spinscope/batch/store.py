"""Where batch results go, by target: `sqlite:///FILE.db` or `postgresql://...` (`sql.py`, schema in
`schema.py`), a `.parquet` file (`parquet.py`) or a `.jsonl` file (`jsonl.py`); rows come from `rows.py`.

This module only tells the kinds apart (`target_kind`), opens the right store (`open_store`) and reads back the
articles of a file target (`iter_saved`) for statistics and exports. Every store keeps the same guarantee: a
chunk is written whole or not at all, and `existing` says which ids to skip when a killed run is rerun.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from ..analysis import Analysis
from ..ingest import InputError
from .jsonl import JsonlStore, is_stored_row, read_jsonl
from .parquet import ParquetStore, read_parquet
from .rows import ArticleResult, Row
from .schema import sql_target
from .sql import SqlStore


class Store(Protocol):
    """Where a batch writes: `existing` says what to skip, `failed` which of those failed in an earlier run,
    `write` stores one chunk atomically."""

    description: str

    def existing(self, ids: Sequence[str]) -> set[str]: ...

    def failed(self, ids: Sequence[str]) -> set[str]: ...

    def write(self, results: Sequence[ArticleResult]) -> set[str]: ...

    def close(self) -> None: ...


def target_kind(target: str) -> str:
    """`sql`, `jsonl` or `parquet` for an --out value; anything else is a usage error."""
    lowered = target.lower()
    if "://" in target:
        scheme = lowered.split("://", 1)[0]
        if scheme.startswith(("sqlite", "postgresql", "postgres")):
            return "sql"
        raise InputError(
            f"unsupported target {target!r}: use sqlite:///FILE.db, postgresql://..., .parquet or .jsonl"
        )
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith(".parquet"):
        return "parquet"
    if lowered.endswith((".db", ".sqlite", ".sqlite3")):
        return "sql"
    raise InputError(
        f"cannot tell what kind of target {target!r} is: use sqlite:///FILE.db, postgresql://USER@HOST/DB, "
        "FILE.parquet or FILE.jsonl"
    )


def open_store(target: str, *, retry_failed: bool = False) -> Store:
    kind = target_kind(target)
    if kind == "jsonl":
        return JsonlStore(target, retry_failed=retry_failed)
    if kind == "parquet":
        return ParquetStore(target, retry_failed=retry_failed)
    return SqlStore(sql_target(target), retry_failed=retry_failed)


def iter_saved(target: str) -> Iterator[Row]:
    """Every stored article of a file target as a dict with its `analysis` (for stats and exports)."""
    kind = target_kind(target)
    path = Path(target)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if kind == "jsonl":
        try:
            for number, row in enumerate(read_jsonl(path), 1):
                if not is_stored_row(row):
                    raise ValueError(f"line {number} is not a stored article")
                yield row
        except ValueError as err:  # includes JSON syntax errors
            raise InputError(f"{path} is not a spinscope results file ({err})") from None
    elif kind == "parquet":
        try:
            yield from read_parquet(path)
        except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"{path} is not a spinscope Parquet file: {err}") from None
    else:
        raise InputError(f"{target} is a database, not a file")


def iter_analyses(target: str) -> Iterator[tuple[Row, Analysis]]:
    """Every analysed (`done`) article of any target, in id order for databases and file order for files, as
    its `articles` columns (id, outlet, title, url, published) and its typed Analysis; streamed."""
    import sqlalchemy as sa

    from .schema import articles, create_engine, schema_version

    if target_kind(target) == "sql":
        url = sql_target(target)
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
            raise InputError(f"no such database: {url.removeprefix('sqlite:///')}")
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                if schema_version(conn) == 0:
                    raise InputError(f"{target} is not a spinscope store (no spinscope_schema table)")
                query = (
                    sa.select(
                        articles.c.id,
                        articles.c.outlet,
                        articles.c.title,
                        articles.c.url,
                        articles.c.published,
                        articles.c.analysis,
                    )
                    .where(articles.c.status == "done", articles.c.analysis.is_not(None))
                    .order_by(articles.c.id)
                )
                for row in conn.execution_options(stream_results=True, yield_per=200).execute(query):
                    columns = dict(row._mapping)
                    text = columns.pop("analysis")
                    yield columns, Analysis.model_validate_json(text)
        except sa.exc.DatabaseError as err:
            reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
            raise InputError(f"cannot read {target}: {reason}") from err
        finally:
            engine.dispose()
        return
    for saved in iter_saved(target):
        if saved.get("status") != "done" or not isinstance(saved.get("analysis"), dict):
            continue
        columns = {key: saved.get(key) for key in ("id", "outlet", "title", "url", "published")}
        yield columns, Analysis.model_validate(saved["analysis"])
