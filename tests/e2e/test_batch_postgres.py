"""`spinscope batch` and `spinscope stats` against a real PostgreSQL server (a private cluster on a loopback port,
started for this module and stopped afterwards; see tests/postgres.py). No mocks of the database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from batch_helpers import make_corpus
from spinscope.batch.runner import run_batch
from spinscope.batch.schema import SCHEMA_VERSION, create_engine
from spinscope.cli import main

pytestmark = pytest.mark.postgres
LAYERS = ["entities", "tone"]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    from postgres import PostgresServer, PostgresUnavailable

    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as err:
        pytest.skip(f"no PostgreSQL server could be started: {err}")
    try:
        yield server.url
    finally:
        server.stop()


def test_postgres_store_resume_and_same_results_as_sqlite(postgres: str, tmp_path: Path, capsys):
    corpus = make_corpus(tmp_path / "in.jsonl", 12, seed=11, bad_every=5)
    args = ["batch", str(corpus), "--out", postgres, "--layers", "entities,tone", "--chunk-size", "4"]
    assert main(args) == 3  # two articles failed
    assert "10 done, 0 skipped (already stored), 2 failed" in capsys.readouterr().err
    assert main(args) == 3  # and they are still failed
    assert (
        "0 done, 12 skipped (already stored), 0 failed (+2 failed in an earlier run)"
        in capsys.readouterr().err
    )

    sqlite_db = tmp_path / "o.db"
    run_batch([str(corpus)], f"sqlite:///{sqlite_db}", layers=LAYERS, chunk_size=4)
    engine = create_engine(postgres)
    with engine.connect() as conn:
        pg_rows = conn.execute(sa.text("SELECT id, status, error, analysis FROM articles ORDER BY id")).all()
        pg_entities = conn.execute(
            sa.text("SELECT article_id, entity_id, name, mentions FROM entities")
        ).all()
        version = conn.execute(sa.text("SELECT max(version) FROM spinscope_schema")).scalar()
        published = conn.execute(sa.text("SELECT published FROM articles WHERE id = 'a000001'")).scalar()
    engine.dispose()
    with sqlite3.connect(sqlite_db) as conn:
        lite_rows = conn.execute("SELECT id, status, error, analysis FROM articles ORDER BY id").fetchall()
        lite_entities = conn.execute("SELECT article_id, entity_id, name, mentions FROM entities").fetchall()
    assert [tuple(row) for row in pg_rows] == lite_rows
    assert sorted(tuple(row) for row in pg_entities) == sorted(lite_entities)
    assert version == SCHEMA_VERSION and str(published) == "2022-02-15"
    assert json.loads(pg_rows[0][3])["layers"] == LAYERS


def test_stats_over_postgres(postgres: str, capsys):
    assert main(["stats", postgres, "--by", "outlet"]) == 0
    out = capsys.readouterr().out
    assert "articles" in out and "A" in out


def test_unreachable_postgres_is_one_clear_line(capsys, tmp_path: Path):
    corpus = make_corpus(tmp_path / "in.jsonl", 1)
    assert main(["batch", str(corpus), "--out", "postgresql://nobody@127.0.0.1:9/none"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("spinscope: error: cannot open postgresql://nobody@127.0.0.1:9/none")
        and err.count("\n") == 1
    )
