"""Batch stores: row extractors (tolerant of absent layers, exact offsets), migrations, atomic chunks, file targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from batch_helpers import FULL, minimal
from spinscope.analysis import Analysis, Meta, TechniqueSpan
from spinscope.batch import schema as st_store
from spinscope.batch.jsonl import JsonlStore, read_jsonl
from spinscope.batch.parquet import ParquetStore, read_parquet
from spinscope.batch.rows import EXTRACTORS, ArticleResult, article_row, extract_rows
from spinscope.batch.schema import SCHEMA_VERSION, migrate, schema_version
from spinscope.batch.sql import SqlStore
from spinscope.batch.store import open_store, target_kind
from spinscope.ingest import InputError


def test_absent_or_null_layers_give_no_rows():
    analysis = minimal()
    assert extract_rows("a", analysis) == {}
    # a layer field missing altogether is a layer that did not run
    for key in ("entities", "tone", "techniques", "quotes", "sourcing", "claims", "outlet"):
        analysis.pop(key, None)
    assert extract_rows("a", analysis) == {}


def test_rows_read_the_typed_analysis_so_a_wrong_shape_fails_loudly():
    """No guessed keys: a dict that is not an Analysis is refused instead of giving empty columns."""
    with pytest.raises(pydantic.ValidationError):
        extract_rows("a", {"tone": {"document": None}, "claims": "x", "sourcing": [1, 2]})


def test_full_fixture_matches_the_current_analysis_model():
    """The fixture the extractor tests use must be a valid Analysis: when a layer's model changes, this fails
    and the extractors get updated."""
    analysis = Analysis.model_validate(FULL)
    assert all(analysis.text[s.start : s.end] == s.text for s in analysis.spans())
    assert {name for name in Analysis.model_fields if getattr(analysis, name) is None} == set()


def test_every_table_filled_from_a_full_analysis():
    rows = extract_rows("art-1", FULL)
    assert set(rows) == set(EXTRACTORS)
    assert all(row["article_id"] == "art-1" for table in rows.values() for row in table)
    assert rows["entities"][1] == {
        "article_id": "art-1",
        "entity_id": "E2",
        "name": "Taliban",
        "label": "ORG",
        "mentions": 2,
    }
    assert rows["tone"][0]["tone"] == -4.5 and rows["actor_tone"][0]["entity_label"] == "GPE"
    quote = rows["quotes"][0]
    assert (
        quote["anonymous"] is True and quote["speaker"] == "a Taliban spokesman" and quote["voice_id"] == "V1"
    )
    assert rows["voices"][0]["speaker_type"] == "anonymous" and rows["voices"][0]["indirect"] == 1
    assert [q["normalized"] for q in rows["claim_quantities"]] == ["2021-08-31", "9000000000 USD"]
    assert rows["claims"][0]["speaker"] == "a Taliban spokesman"
    outlet = rows["outlets"][0]
    assert (outlet["name"], outlet["country"], outlet["domain"], outlet["agencies"]) == (
        "Iran Press",
        "Iran",
        "iranpress.com",
        "Iran Press",
    )
    assert (outlet["factual_reporting"], outlet["bias"], outlet["ratings"]) == ("low", "right", 1)
    # every column an extractor fills exists in its table
    for table, table_rows in rows.items():
        assert set(table_rows[0]) <= {c.name for c in st_store.LAYER_TABLES[table].columns}, table


def test_article_row_outlet_fallbacks():
    assert article_row("a", FULL, status="done")["outlet"] == "Iran Press"
    assert article_row("a", FULL, status="done", outlet="Given")["outlet"] == "Given"
    plain = minimal()
    plain["meta"]["url"] = "https://www.example.org/news/1"
    assert article_row("a", plain, status="done")["outlet"] == "example.org"
    row = article_row("a", None, status="failed", error="bad", published="2022-08-31T10:00:00")
    assert row["month"] == "2022-08" and row["analysis"] is None


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_span_rows_index_the_text_exactly(data):
    text = data.draw(st.text(min_size=1, max_size=200))
    spans = []
    for _ in range(data.draw(st.integers(0, 5))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans.append(
            TechniqueSpan(
                start=start,
                end=end,
                text=text[start:end],
                technique="Doubt",
                family="f",
                score=0.5,
                definition="d",
            )
        )
    meta = Meta(language="en", word_count=1, char_count=len(text))
    analysis = Analysis(text=text, meta=meta, layers=["techniques"], techniques=spans)
    # the same path as the runner: JSON round trip, then extraction
    data_json = json.loads(analysis.to_json(indent=None))
    for row in extract_rows("a", data_json).get("techniques", []):
        assert data_json["text"][row["start"] : row["end"]] == row["text"]


def _result(key: str, analysis: dict[str, Any] | None = None, status: str = "done") -> ArticleResult:
    text = json.dumps(analysis) if analysis is not None else None
    row = article_row(key, analysis, status=status, analysis_json=text, error=None if analysis else "boom")
    return ArticleResult(key, status, row, extract_rows(key, analysis) if analysis else {}, text)


def test_migrations_from_scratch_and_from_version_1(tmp_path: Path):
    engine = st_store.create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    assert migrate(engine, target=1) == [1]
    names = set(sa.inspect(engine).get_table_names())
    assert {"articles", "entities", "tone"} <= names and "techniques" not in names
    assert migrate(engine) == [2, 3, 4] and migrate(engine) == []
    with engine.connect() as conn:
        assert schema_version(conn) == SCHEMA_VERSION
    assert set(st_store.LAYER_TABLES) <= set(sa.inspect(engine).get_table_names())


def test_newer_database_is_refused(tmp_path: Path):
    target = f"sqlite:///{tmp_path / 'a.db'}"
    SqlStore(target).close()
    engine = sa.create_engine(target)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO spinscope_schema VALUES (99, 'future', '2030-01-01')"))
    with pytest.raises(InputError, match="newer than this spinscope"):
        SqlStore(target)


def test_sql_chunk_is_all_or_nothing(tmp_path: Path):
    store = SqlStore(f"sqlite:///{tmp_path / 'a.db'}")
    bad = _result("b", FULL)
    bad.rows["entities"].append(dict(bad.rows["entities"][0]))  # duplicate primary key: the insert fails
    with pytest.raises(sa.exc.IntegrityError):
        store.write([_result("a", FULL), bad])
    assert store.existing(["a", "b"]) == set()
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM entities")).scalar() == 0
    assert store.write([_result("a", FULL), _result("a", FULL), _result("f", None, "failed")]) == {"a", "f"}
    assert store.write([_result("a", FULL)]) == set()
    assert store.existing(["a", "f", "zz"]) == {"a", "f"}
    store.close()
    retry = SqlStore(f"sqlite:///{tmp_path / 'a.db'}", retry_failed=True)
    assert retry.existing(["a", "f"]) == {"a"}
    assert retry.write([_result("f", FULL)]) == {"f"}
    with retry.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM articles WHERE id = 'f'")).scalar() == "done"
        assert conn.execute(sa.text("SELECT count(*) FROM claim_quantities")).scalar() == 4
    retry.close()


def test_jsonl_store_drops_a_torn_last_line(tmp_path: Path):
    path = tmp_path / "out.jsonl"
    store = JsonlStore(path)
    store.write([_result("a", FULL), _result("f", None, "failed")])
    store.close()
    with path.open("ab") as handle:
        handle.write(b'{"id":"b","status":"do')  # what a kill in the middle of a write leaves
    store = JsonlStore(path)
    assert store.existing(["a", "b", "f"]) == {"a", "f"}
    store.write([_result("b", FULL)])
    store.close()
    lines = list(read_jsonl(path))
    assert [line["id"] for line in lines] == ["a", "f", "b"]
    assert lines[0]["analysis"]["outlet"]["name"] == "Iran Press" and lines[1]["analysis"] is None


@pytest.mark.parametrize(
    "content",
    [
        b'{"id":"a","text":"x"}\nnot json but precious\n',  # an input file given as --out by mistake
        b'{"id":"a","status":"done","analysis":null}\n[1, 2]\n{"id":"c"}\n',  # a stored line, then others
    ],
)
def test_jsonl_store_refuses_a_file_that_is_not_its_own(tmp_path: Path, content: bytes):
    path = tmp_path / "mine.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a spinscope results file"):
        JsonlStore(path)
    assert path.read_bytes() == content  # nothing cut, nothing appended


def test_parquet_store_refusal_leaves_no_journal(tmp_path: Path):
    path = tmp_path / "fake.parquet"
    path.write_text("not parquet")
    with pytest.raises(InputError, match="not a spinscope Parquet file"):
        ParquetStore(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.parquet"]


def test_parquet_store_journal_and_append(tmp_path: Path):
    path = tmp_path / "out.parquet"
    store = ParquetStore(path)
    store.write([_result("a", FULL)])
    assert (tmp_path / "out.parquet.journal.jsonl").exists() and not path.exists()
    store.close()
    assert path.exists() and not (tmp_path / "out.parquet.journal.jsonl").exists()
    store = ParquetStore(path)
    assert store.existing(["a", "b"]) == {"a"}
    store.write([_result("b", FULL), _result("f", None, "failed")])
    store.close()
    rows = list(read_parquet(path))
    assert [row["id"] for row in rows] == ["a", "b", "f"]
    assert rows[0]["analysis"]["tone"]["document"]["tone"] == -4.5 and rows[2]["status"] == "failed"


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("sqlite:///x.db", "sql"),
        ("postgresql://u@h/db", "sql"),
        ("x.db", "sql"),
        ("a.jsonl", "jsonl"),
        ("a.PARQUET", "parquet"),
    ],
)
def test_target_kind(target: str, kind: str):
    assert target_kind(target) == kind


@pytest.mark.parametrize("target", ["out.csv", "mysql://u@h/db", "out"])
def test_bad_targets(target: str):
    with pytest.raises(InputError):
        target_kind(target)


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'no' / 'a.db'}")
    with pytest.raises(InputError, match="does not exist"):
        open_store(str(tmp_path / "no" / "a.jsonl"))
    with pytest.raises(InputError, match="cannot open"):
        open_store("postgresql://nobody@127.0.0.1:9/none")
