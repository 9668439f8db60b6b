"""Statistics over a store: exact rates per 1,000 words, voices, anonymous share, claims, and the three outputs."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from batch_helpers import FULL
from spinscope.batch.jsonl import JsonlStore
from spinscope.batch.rows import ArticleResult, article_row, extract_rows
from spinscope.batch.sql import SqlStore
from spinscope.batch.stats import (
    RATE,
    Table,
    _terminal_text,
    compute,
    mean_interval,
    open_engine,
    render_html,
    render_terminal,
    report_name,
    write_pngs,
)
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
    assert techniques.columns == [
        "outlet",
        "articles",
        "words",
        "mean per article",
        "95% interval",
        "caution",
    ]
    # article-level figures: a (18 words, 1 span) and b (50 words, 3 spans); c did not run the layer
    rates = [1000 * 1 / 18, 1000 * 3 / 50]
    found = mean_interval(rates, RATE)
    assert techniques.rows == [
        [
            "Iran Press",
            2,
            68,
            round(sum(rates) / 2, 2),
            f"{found.low:.2f} to {found.high:.2f}",
            "only 2 articles",
        ]
    ]
    detail = {(row[0], row[1]): row for row in tables["techniques_by_technique"].rows}
    assert detail[("Iran Press", "Loaded_Language")][2:5] == [2, 2, round((1000 / 18 + 2000 / 50) / 2, 2)]
    assert detail[("Iran Press", "Doubt")][2:5] == [2, 1, round((0 + 1000 / 50) / 2, 2)]
    by_technique = tables_of(db, "technique")["techniques"]
    assert by_technique.rows[0][:5] == ["Loaded_Language", 3, "100.0%", round(3000 / 68, 2), 47.78]
    assert by_technique.rows[0][6:] == [0.9, "100%"]
    assert by_technique.rows[1][:3] == ["Doubt", 1, "50.0%"]
    by_month = tables_of(db, "month")["techniques"]
    assert [row[0] for row in by_month.rows] == ["2022-08", "2022-09"]


def test_mean_interval_is_the_t_interval_of_the_mean():
    from scipy import stats

    values = [1.0, 2.0, 4.0, 7.0]
    found = mean_interval(values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=3.5, scale=stats.sem(values))
    assert found.n == 4 and found.mean == 3.5
    assert found.low == pytest.approx(low) and found.high == pytest.approx(high)
    assert mean_interval([5.0]).low is None and mean_interval([]).n == 0
    assert mean_interval([0.0, 10.0], RATE).low == 0.0  # clipped: a rate is never negative


def test_voices_anonymous_claims_tone_ratings(db: str):
    tables = tables_of(db, "outlet")
    assert tables["voices"].rows[0] == ["a Taliban spokesman", "anonymous", 3, 3]
    assert ["Zabihullah Mujahid", "named_person", 1, 2] in tables["voices"].rows
    anonymous = {row[0]: row for row in tables["anonymous"].rows}
    # per article: a has 1 of 1 voices anonymous, b 1 of 2 -> mean 75%
    assert anonymous["Iran Press"][:5] == ["Iran Press", 2, 3, 2, "75.0%"]
    assert anonymous["Other"] == ["Other", 1, 1, 1, "100.0%", "n/a (one article)", "only 1 article"]
    claims = tables["claims"]
    assert len(claims.rows) == 3 and claims.rows[0][4] == "2021-08-31; 9000000000 USD"
    assert claims.articles == [row[1] for row in claims.rows]  # each row is about one article
    tone = {row[0]: row for row in tables["tone"].rows}
    assert tone["Iran Press"][1] == 2 and tone["Other"][1] == 1 and tone["Other"][6] == "only 1 article"
    ratings = tables["ratings"]
    assert ratings.rows == [["Iran Press", 3, "mbfc", "domain iranpress.com", "low", "right", ""]]
    assert "mbfc: " in (ratings.note or "")  # the source is named


def test_terminal_tables_never_cut_a_value_at_80_columns_or_piped(db: str, capsys):
    """Piped (not a terminal: rich uses 80 columns) and at 80 columns: every word of every cell is printed
    whole, no line is wider than 80, nothing is replaced by an ellipsis."""
    from rich.console import Console

    engine, _ = open_engine(db)
    tables = compute(engine, by="outlet", top=5, with_articles=True)
    engine.dispose()
    long_name = "The Extremely Long Outlet Name Of A Regional Broadcaster"
    tables[1].rows.append([long_name, 1, 10, 1.0, "n/a (one article)", "only 1 article"])
    console = Console(width=80, record=True, color_system=None)
    render_terminal(tables, console=console)
    screen = console.export_text()
    assert main(["stats", db]) == 0
    piped = capsys.readouterr().out
    for text in (screen, piped):
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= 80
    words = set(screen.split())
    for table in tables:
        for row in table.rows:
            for column, value in zip(table.columns, row, strict=True):
                for word in _terminal_text(column, value).split():
                    assert word in words, (table.name, word)
    assert long_name.split()[1] in words
    piped_words = set(piped.split())
    assert {"Loaded", "Language", "Iran", "2021-08-31;", "9000000000", "USD"} <= piped_words


def test_terminal_technique_labels_can_wrap():
    assert _terminal_text("technique", "Name_Calling,Labeling") == "Name Calling, Labeling"
    assert _terminal_text("words", 4918) == "4,918" and _terminal_text("outlet", "A,B") == "A,B"


def test_a_table_too_wide_for_the_terminal_is_printed_row_by_row():
    from rich.console import Console

    wide = Table("t", "Wide", [f"column {i}" for i in range(12)], [[f"value{i}xxxx" for i in range(12)]])
    console = Console(width=80, record=True, color_system=None)
    render_terminal([wide], console=console)
    text = console.export_text()
    assert "column 11  value11xxxx" in text and max(len(line) for line in text.splitlines()) <= 80


def test_csv_markdown_and_html_formats(db: str, tmp_path: Path, capsys):
    assert main(["stats", db, "--format", "csv", "--table", "tone"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == [
        "outlet",
        "articles",
        "mean tone",
        "95% interval",
        "% negative",
        "% positive",
        "caution",
    ]
    assert rows[1][0] == "Iran Press" and len(rows) == 3
    assert main(["stats", db, "--format", "csv"]) == 0
    assert "# Check-worthy claims with numbers (3; top 3)" in capsys.readouterr().out
    out = tmp_path / "s.md"
    assert main(["stats", db, "--format", "markdown", "-o", str(out)]) == 0
    text = out.read_text()
    assert "| outlet | articles | words | mean per article | 95% interval | caution |" in text
    assert "| Iran Press | 2 | 68 |" in text
    assert main(["stats", db, "--format", "csv", "--table", "nope"]) == 2
    assert "no table nope" in capsys.readouterr().err
    assert main(["stats", db, "-o", str(out)]) == 2
    assert "-o needs --format" in capsys.readouterr().err


def test_reports_are_written_and_each_article_row_links_to_its_own(db: str, tmp_path: Path, capsys):
    page = tmp_path / "out" / "stats.html"
    page.parent.mkdir()
    reports = tmp_path / "reports"
    assert main(["stats", db, "--html", str(page), "--reports", str(reports)]) == 0
    assert "wrote 3 article reports" in capsys.readouterr().err
    written = {p.name for p in reports.iterdir()}
    assert written == {report_name(key) for key in ("a", "b", "c")}
    assert (
        (reports / report_name("a")).read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    )
    html_text = page.read_text(encoding="utf-8")
    for key in ("a", "b", "c"):  # relative links from the page's folder, in the articles and claims tables
        assert html_text.count(f"href='../reports/{report_name(key)}'") == 2
    assert "overflow-wrap:break-word" in html_text and "overflow-x:auto" in html_text


def test_report_names_are_safe_and_distinct():
    names = {report_name(key) for key in ("a/b.txt", "a_b.txt", "../../etc/passwd", "ünïcode id", "")}
    assert len(names) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.html", name) and not name.startswith(".") for name in names)


def test_outputs_png_html_and_file_targets(db: str, tmp_path: Path):
    engine, source = open_engine(db)
    tables = compute(engine, by="outlet")
    engine.dispose()
    written = write_pngs(tables, tmp_path / "png")
    assert {p.name for p in written} == {
        "techniques.png",
        "persuasion.png",
        "voices.png",
        "anonymous.png",
        "tone.png",
    }
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)
    page = render_html(tables, source=source)
    assert page.count("data:image/png;base64,") == 5 and "http" not in page.replace(source, "")
    # a JSONL target gives the same statistics as the database
    jsonl = tmp_path / "s.jsonl"
    store = JsonlStore(jsonl)
    store.write(corpus())
    store.close()
    assert [t.rows for t in tables_of(str(jsonl), "outlet").values()] == [t.rows for t in tables]


def test_stats_command_and_errors(db: str, tmp_path: Path, capsys):
    assert main(["stats", db, "--by", "technique"]) == 0
    assert "Loaded Language" in capsys.readouterr().out  # the terminal spells the label with spaces
    assert main(["stats", db, "--html", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    assert main(["stats", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    with pytest.raises(InputError, match="not a spinscope store"):
        (tmp_path / "empty.db").touch()
        open_engine(f"sqlite:///{tmp_path / 'empty.db'}")
