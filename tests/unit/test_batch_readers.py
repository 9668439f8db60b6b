"""Batch readers: folders, JSONL (plain, gzip, stdin), Parquet; bad lines become failed records, never crashes."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spinscope.batch.readers import count_inputs, parse_published, read_inputs
from spinscope.ingest import InputError


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_folder_ids_order_and_kinds(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / "b" / "c.html").write_text("<html><body><p>Hi</p></body></html>")
    (tmp_path / "b" / "notes.csv").write_text("not an article")
    (tmp_path / "b" / "blob.bin").write_bytes(b"\x00\x01")
    (tmp_path / "b" / "README").write_text("no extension")
    (tmp_path / ".hidden.txt").write_text("ignored")
    records = list(read_inputs([str(tmp_path)]))
    articles = [r for r in records if r.skipped is None]
    assert [(r.id, r.is_html) for r in articles] == [("a.txt", False), ("b/c.html", True)]
    assert records[0].data == b"First article." and records[0].source == str(tmp_path / "a.txt")
    # every other file is named with the reason it is not read; hidden files are left out
    skipped = {r.id: r.skipped for r in records if r.skipped is not None}
    assert set(skipped) == {"b/README", "b/blob.bin", "b/notes.csv"}
    assert skipped["b/blob.bin"].startswith("a .bin file, not an article: only .txt")
    assert skipped["b/README"].startswith("a file without an extension")
    assert all(r.data is None and r.text is None for r in records if r.skipped)
    assert count_inputs([str(tmp_path)]) == 5


def test_jsonl_rows_bad_lines_and_defaults(tmp_path: Path):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": 7,
                "text": "Some text.",
                "url": "https://x.org/a",
                "published": "2022-08-31",
                "outlet": "X",
            },
            "{not json",
            {"html": "<p>Body</p>"},
            {"id": "empty", "text": "  "},
            [1, 2],
            "",
        ],
    )
    records = list(read_inputs([str(path)]))
    assert [r.id for r in records] == ["7", "in.jsonl:2", "in.jsonl:3", "empty", "in.jsonl:5"]
    assert records[0].outlet == "X" and records[0].published == "2022-08-31" and records[0].error is None
    assert "not valid JSON" in (records[1].error or "")
    assert records[2].html == "<p>Body</p>"
    assert "no `text` or `html`" in (records[3].error or "") and records[4].error
    document = records[0].to_document()
    assert (
        document.published == date(2022, 8, 31) and document.site_name == "X" and document.extra["id"] == "7"
    )
    with pytest.raises(InputError):
        records[1].to_document()
    assert count_inputs([str(path)]) == 6


def test_gzip_stdin_and_parquet(tmp_path: Path):
    gz = tmp_path / "in.jsonl.gz"
    with gzip.open(gz, "wt") as handle:
        handle.write(json.dumps({"id": "g", "text": "Gzip text."}) + "\n")
    table = pa.table(
        {"id": ["p1", "p2"], "text": ["Parquet one.", None], "published": [date(2021, 1, 2), None]}
    )
    pq.write_table(table, tmp_path / "in.parquet")
    stdin = io.BytesIO(b'{"id": "s", "text": "From stdin."}\n')
    records = list(read_inputs([str(gz), "-", str(tmp_path / "in.parquet")], stdin=stdin))
    assert [r.id for r in records] == ["g", "s", "p1", "p2"]
    assert records[2].published == "2021-01-02" and records[3].error
    assert count_inputs([str(gz), str(tmp_path / "in.parquet")]) == 3
    assert count_inputs(["-"]) is None


def test_bad_inputs_fail_early(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([str(tmp_path / "missing")]))
    (tmp_path / "x.csv").write_text("a,b")
    with pytest.raises(InputError, match="unknown input type"):
        list(read_inputs([str(tmp_path / "x.csv")]))
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="Parquet"):
        list(read_inputs([str(tmp_path / "bad.parquet")]))
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), tmp_path / "nocol.parquet")
    with pytest.raises(InputError, match="no `text` or `html` column"):
        list(read_inputs([str(tmp_path / "nocol.parquet")]))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-08-31", date(2022, 8, 31)),
        ("2022-08-31T23:10:00Z", date(2022, 8, 31)),
        ("Aug 31, 2022", date(2022, 8, 31)),
        ("", None),
        ("not a date at all", None),
    ],
)
def test_parse_published(value: str, expected: date | None):
    assert parse_published(value) == expected
