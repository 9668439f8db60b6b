"""Ingestion: every kind of source, and every bad input as an `InputError` (never a traceback)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from spinscope import ingest
from spinscope.ingest import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_plain_text_keeps_text_and_title():
    doc = ingest.from_text("Headline here\n\nBody sentence one. Body two.")
    assert doc.text.startswith("Headline here")
    assert doc.title == "Headline here"


def test_crlf_is_normalised():
    assert ingest.from_text("a line\r\nanother\r\n").text == "a line\nanother\n"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t  \n"])
def test_empty_input_is_refused(text):
    with pytest.raises(InputError, match="empty"):
        ingest.from_text(text)


def test_binary_bytes_are_refused():
    with pytest.raises(InputError, match="binary"):
        ingest.from_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, source="x")


def test_latin1_bytes_are_detected():
    text = "Le président a déclaré que la réforme était nécessaire pour l'économie française. " * 5
    doc = ingest.from_bytes(text.encode("cp1252"), source="x")
    assert "président" in doc.text


def test_undecodable_bytes_are_refused():
    noise = bytes(range(128, 256)) * 40
    with pytest.raises(InputError):
        ingest.from_bytes(noise, source="x")


def test_size_limit():
    with pytest.raises(InputError, match="--max-chars"):
        ingest.from_text("word " * 100, max_chars=50)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ingest.from_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        ingest.from_path(tmp_path)


def test_html_file_extracts_main_text_and_metadata():
    doc = ingest.from_path(FIXTURES / "article.html")
    assert "approved a budget of 12 million euros" in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text
    assert doc.title == "Council approves new budget"
    assert doc.author == "Jane Doe"
    assert doc.published == date(2024, 3, 5)
    assert doc.site_name == "Example Gazette"
    assert doc.url == "https://gazette.example.org/news/council-budget"


def test_a_year_in_the_body_is_not_the_publication_date():
    body = "The ministry has said since 1998 that the programme works and that it will go on. " * 5
    page = f"<html><head><title>T</title></head><body><article><h1>A title</h1><p>{body}</p></article></body></html>"
    assert ingest.from_html(page).published is None
    dated = page.replace(
        "<head>", '<head><meta property="article:published_time" content="2022-08-31T10:00Z">'
    )
    assert ingest.from_html(dated).published == date(2022, 8, 31)


def test_html_detected_without_extension(tmp_path):
    path = tmp_path / "page"
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    assert "12 million euros" in ingest.from_path(path).text


def test_html_without_article_text_is_refused():
    with pytest.raises(InputError, match="no article text"):
        ingest.from_html("<html><head><title>x</title></head><body><script>var a;</script></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", (FIXTURES / "article.html").read_bytes()),
            "/plain": (200, "text/plain", b"A plain text article about a budget vote."),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
            "/big": (200, "text/plain", b"word " * 100_000),
        }
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_html(server):
    doc = ingest.load_source(f"{server}/article")
    assert "12 million euros" in doc.text
    assert doc.source == f"{server}/article"


def test_url_plain_text(server):
    assert ingest.from_url(f"{server}/plain").text.startswith("A plain text article")


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "^HTTP 404 from http://"), ("/image", "not a web page"), ("/big", "fetch limit")],
)
def test_url_errors(server, path, message):
    with pytest.raises(InputError, match=message):
        ingest.from_url(f"{server}{path}", max_bytes=100_000)


def test_unreachable_url():
    with pytest.raises(InputError, match="failed"):
        ingest.from_url("http://127.0.0.1:9/x", timeout=2)


def test_not_a_url():
    with pytest.raises(InputError, match="only http\\(s\\) URLs are fetched"):
        ingest.from_url("ftp://example.org/x")
