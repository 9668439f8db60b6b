"""Every input message of the command line: one plain sentence that says what to do, and its exit code
(0 analysed, 2 a problem with the input or arguments, 3 a batch with failed articles)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from spinscope.cli import main
from spinscope.ingest import DEFAULT_MAX_CHARS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"


class _Missing(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>gone</body></html>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Missing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _fails(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("spinscope: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err.removeprefix("spinscope: error: ").strip()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["ftp://files.example.org/a.txt"],
            "only http(s) URLs are fetched, not ftp: URLs; download the file",
        ),
        (["file:///etc/hostname"], "only http(s) URLs are fetched, not file: URLs"),
        (
            ["www.bbc.com/news/123"],
            "no such file: www.bbc.com/news/123; add https:// to fetch www.bbc.com/news/123",
        ),
        (
            [str(EXAMPLE), "--set", "techniques.threshold=abc"],
            "techniques.threshold must be a number from 0 to 1",
        ),
        ([str(EXAMPLE), "--set", "claims.threshold=1.5"], "claims.threshold must be a number from 0 to 1"),
        ([str(EXAMPLE), "--published", "31/08/2022"], "the publication date must be a date as YYYY-MM-DD"),
        ([str(EXAMPLE), "--url", "www.bbc.com/news/1"], "add https:// to www.bbc.com/news/1"),
        ([str(EXAMPLE), "--title", "  "], "the title is empty"),
        ([str(EXAMPLE), "--outlet", ""], "the outlet is empty"),
        (
            [str(EXAMPLE), "--max-chars", "1000"],
            "the text has 2,413 characters, over the limit of 1,000 (about a minute of analysis",
        ),
    ],
)
def test_analyze_messages(capsys, args, expected):
    assert expected in _fails(capsys, ["analyze", *args])


def test_http_error_names_the_status_and_the_url(capsys, site):
    message = _fails(capsys, ["analyze", f"{site}/news/1"])
    assert message.startswith(f"HTTP 404 from {site}/news/1") and "not a valid" not in message


def test_the_default_limit_is_said_in_the_error(capsys, tmp_path):
    big = tmp_path / "long.txt"
    big.write_text("The minister spoke again today. " * (DEFAULT_MAX_CHARS // 30 + 10))
    message = _fails(capsys, ["analyze", str(big), "--layers", "entities"])
    assert f"over the limit of {DEFAULT_MAX_CHARS:,}" in message and "--max-chars" in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le"])
def test_wide_unicode_files_are_analysed(capsys, tmp_path, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode(encoding))
    assert main(["analyze", str(path), "--layers", "entities", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == EXAMPLE.read_text(encoding="utf-8")


def test_a_binary_file_is_refused(capsys, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "looks like binary data" in _fails(capsys, ["analyze", str(path)])


def test_metadata_is_recorded_and_used_by_the_layers(capsys):
    args = ["analyze", str(EXAMPLE), "--layers", "outlet,claims", "--format", "json"]
    meta = [
        "--title",
        "One year on",
        "--url",
        "https://www.bbc.com/news/world-1",
        "--published",
        "2022-08-31",
    ]
    assert main([*args, *meta, "--outlet", "BBC"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        data["meta"]["title"] == "One year on" and data["meta"]["url"] == "https://www.bbc.com/news/world-1"
    )
    assert data["meta"]["published"] == "2022-08-31" and data["meta"]["site_name"] == "BBC"
    publisher = data["outlet"]["outlets"][0]
    assert publisher["role"] == "publisher" and publisher["name"] == "BBC News"
    assert {e["found_in"] for e in publisher["evidence"]} == {"meta.url", "meta.site_name"}
    assert any(o["name"] == "Iran Press" and o["role"] == "agency" for o in data["outlet"]["outlets"])


def test_published_anchors_relative_dates(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The ministry said on Tuesday that 4,000 teachers had not been paid since last year.\n")
    args = ["analyze", str(path), "--layers", "claims", "--format", "json", "--set", "claims.threshold=0"]
    assert main([*args, "--published", "2022-08-31"]) == 0
    quantities = [q for c in json.loads(capsys.readouterr().out)["claims"] for q in c["quantities"]]
    relative = [q for q in quantities if q["relative"]]
    assert relative and all(q["iso"] for q in relative)  # resolved against the given date
    assert main(args) == 0
    quantities = [q for c in json.loads(capsys.readouterr().out)["claims"] for q in c["quantities"]]
    assert all(q["iso"] is None for q in quantities if q["relative"])  # without it they stay unresolved


def test_batch_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out and "3    some articles failed" in out and "2    a usage error" in out
