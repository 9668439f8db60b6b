"""Statistics over a store: exact rates per 1,000 words, voices, anonymous share, claims, and the three outputs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from batch_helpers import FULL
from spinscope.batch.jsonl import JsonlStore
from spinscope.batch.rows import ArticleResult, article_row, extract_rows
from spinscope.batch.sql import SqlStore
from spinscope.batch.stats import compute, open_engine, render_html, write_pngs
from spinscope.cli import main
from spinscope.ingest import InputError


def result(key: str, analysis: dict[str, Any] | None, outlet: str, published: str) -> ArticleResult:
    text = json.dumps(analysis) if analysis is not None else None
    status = "done" if analysis else "failed"
    row = article_row(key, analysis, status=status, outlet=outlet, published=published, analysis_json=text)
    return ArticleResult(key, status, row, extract_rows(key, analysis) if analysis else {}, text)


def corpus() -> list[ArticleResult]:
    two = copy.deepcopy(FULL)
    two["meta"]["word_count"] = 50
    two["techniques"] = two["techniques"] * 2 + [
        {**two["techniques"][0], "technique": "Doubt", "in_quote": False}
    ]
    two["sourcing"]["voices"].append(
        {
            **two["sourcing"]["voices"][0],
            "id": "V9",
            "name": "Zabihullah Mujahid",
            "speaker_type": "named_person",
            "quotes": 2,
        }
    )
    no_techniques = copy.deepcopy(FULL)
    no_techniques["layers"] = ["entities", "tone"]
    no_techniques["techniques"] = None
    return [
        result("a", FULL, "Iran Press", "2022-08-31"),  # 18 words, 1 Loaded_Language
        result("b", two, "Iran Press", "2022-09-01"),  # 50 words, 2 Loaded_Language + 1 Doubt
        result("c", no_techniques, "Other", "2022-09-02"),  # words not counted for techniques
        result("f", None, "Other", "2022-09-03"),
    ]


@pytest.fixture
def db(tmp_path: Path) -> str:
    target = f"sqlite:///{tmp_path / 's.db'}"
    store = SqlStore(target)
    store.write(corpus())
    store.close()
    return target


def tables_of(target: str, by: str) -> dict[str, Any]:
    engine, _ = open_engine(target)
    try:
        return {table.name: table for table in compute(engine, by=by, top=5)}
    finally:
        engine.dispose()


def test_rates_per_1000_words_by_outlet_and_technique(db: str):
    tables = tables_of(db, "outlet")
    overview = dict(tables["overview"].rows)
    assert overview["articles"] == "4" and overview["failed"] == "1" and overview["outlets"] == "2"
    techniques = tables["techniques"]
    assert techniques.columns[:3] == ["outlet", "words", "all techniques"]
    assert techniques.rows == [
        ["Iran Press", 68, round(4000 / 68, 2), round(3000 / 68, 2), round(1000 / 68, 2)]
    ]
    by_technique = tables_of(db, "technique")["techniques"]
    assert by_technique.rows[0] == ["Loaded_Language", 3, "100.0%", round(3000 / 68, 2), 0.9, "100%"]
    assert by_technique.rows[1][:3] == ["Doubt", 1, "50.0%"]
    by_month = tables_of(db, "month")["techniques"]
    assert [row[0] for row in by_month.rows] == ["2022-08", "2022-09"]


def test_voices_anonymous_claims_tone(db: str):
    tables = tables_of(db, "outlet")
    assert tables["voices"].rows[0] == ["a Taliban spokesman", "anonymous", 3, 3]
    assert ["Zabihullah Mujahid", "named_person", 1, 2] in tables["voices"].rows
    anonymous = {row[0]: row for row in tables["anonymous"].rows}
    assert anonymous["Iran Press"] == ["Iran Press", 3, 2, "66.7%"]
    assert anonymous["Other"] == ["Other", 1, 1, "100.0%"]
    claims = tables["claims"]
    assert len(claims.rows) == 3 and claims.rows[0][4] == "2021-08-31; 9000000000 USD"
    assert {row[0]: row[1] for row in tables["tone"].rows} == {"Iran Press": 2, "Other": 1}


def test_outputs_png_html_and_file_targets(db: str, tmp_path: Path):
    engine, source = open_engine(db)
    tables = compute(engine, by="outlet")
    engine.dispose()
    written = write_pngs(tables, tmp_path / "png")
    assert {p.name for p in written} == {"techniques.png", "voices.png", "anonymous.png", "tone.png"}
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)
    page = render_html(tables, source=source)
    assert page.count("data:image/png;base64,") == 4 and "http" not in page.replace(source, "")
    # a JSONL target gives the same statistics as the database
    jsonl = tmp_path / "s.jsonl"
    store = JsonlStore(jsonl)
    store.write(corpus())
    store.close()
    assert [t.rows for t in tables_of(str(jsonl), "outlet").values()] == [t.rows for t in tables]


def test_stats_command_and_errors(db: str, tmp_path: Path, capsys):
    assert main(["stats", db, "--by", "technique"]) == 0
    assert "Loaded_Language" in capsys.readouterr().out
    assert main(["stats", db, "--html", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    assert main(["stats", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    with pytest.raises(InputError, match="not a spinscope store"):
        (tmp_path / "empty.db").touch()
        open_engine(f"sqlite:///{tmp_path / 'empty.db'}")
