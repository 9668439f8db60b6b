"""`spinscope export` and `spinscope analyze --format csv`: one row per span, quote and claim, the same columns
(`analysis.ROW_COLUMNS`) from every target kind, offsets that index the article text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from batch_helpers import FULL
from spinscope.analysis import ROW_COLUMNS, Analysis, rows
from spinscope.batch.jsonl import JsonlStore
from spinscope.batch.parquet import ParquetStore
from spinscope.batch.rows import ArticleResult, article_row, extract_rows
from spinscope.batch.sql import SqlStore
from spinscope.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kabul-anniversary.txt"


def _results() -> list[ArticleResult]:
    text = json.dumps(FULL)
    done = ArticleResult(
        "art-1",
        "done",
        article_row("art-1", FULL, status="done", analysis_json=text, outlet="Iran Press"),
        extract_rows("art-1", FULL),
        text,
    )
    failed = ArticleResult("bad", "failed", article_row("bad", None, status="failed", error="x"), error="x")
    return [done, failed]


@pytest.fixture(params=["sqlite", "jsonl", "parquet"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    kind = request.param
    path = {"sqlite": f"sqlite:///{tmp_path / 's.db'}", "jsonl": str(tmp_path / "s.jsonl")}.get(
        kind, str(tmp_path / "s.parquet")
    )
    store = {"sqlite": SqlStore, "jsonl": JsonlStore, "parquet": ParquetStore}[kind](path)
    store.write(_results())
    store.close()
    return path


def test_rows_cover_every_span_quote_and_claim_with_exact_offsets():
    analysis = Analysis.model_validate(FULL)
    found = rows(analysis)
    assert [r["layer"] for r in found] == ["techniques"] * len(analysis.techniques or []) + ["quotes"] * len(
        analysis.quotes or []
    ) + ["claims"] * len(analysis.claims or [])
    assert all(set(r) == set(ROW_COLUMNS) for r in found)
    assert all(analysis.text[r["start"] : r["end"]] == r["text"] for r in found)
    claim = next(r for r in found if r["layer"] == "claims")
    assert claim["quantities"] == "2021-08-31; 9000000000 USD"


def test_export_csv_from_every_target_kind(target: str, capsys: pytest.CaptureFixture[str]):
    assert main(["export", target]) == 0
    out = capsys.readouterr().out
    table = list(csv.DictReader(io.StringIO(out)))
    analysis = Analysis.model_validate(FULL)
    assert list(table[0]) == ["article_id", "outlet", "title", "url", "published", *ROW_COLUMNS]
    assert len(table) == len(rows(analysis))  # the failed article has no rows
    assert {r["article_id"] for r in table} == {"art-1"} and table[0]["outlet"] == "Iran Press"
    for row in table:
        assert analysis.text[int(row["start"]) : int(row["end"])] == row["text"]


def test_export_parquet_and_a_layer_subset(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "spans.parquet"
    assert main(["export", target, "--format", "parquet", "-o", str(out), "--layers", "claims"]) == 0
    table = pq.read_table(out).to_pylist()
    assert {r["layer"] for r in table} == {"claims"} and len(table) == len(FULL["claims"])
    assert isinstance(table[0]["start"], int) and isinstance(table[0]["score"], float)
    assert f"wrote {len(table):,} rows to {out}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "x.db", "--format", "parquet"], "needs -o FILE.parquet"),
        (["export", "x.txt"], "cannot tell what kind of target"),
        (["export", "missing.db"], "no such database"),
        (["export", "missing.jsonl"], "no such file"),
        (["export", "x.db", "--layers", "tone"], "--layers takes techniques, quotes, claims"),
    ],
)
def test_export_usage_errors_exit_2(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_analyze_format_csv(tmp_path: Path):
    out = tmp_path / "a.csv"
    assert (
        main(["analyze", str(EXAMPLE), "--layers", "quotes,claims", "--format", "csv", "-o", str(out)]) == 0
    )
    table = list(csv.DictReader(out.open(encoding="utf-8")))
    text = EXAMPLE.read_text(encoding="utf-8")
    assert list(table[0]) == list(ROW_COLUMNS)
    assert {r["layer"] for r in table} == {"quotes", "claims"}
    for row in table:
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    assert any(r["layer"] == "claims" and "2021-08-31" in r["quantities"] for r in table)
