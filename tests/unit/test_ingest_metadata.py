"""Metadata given by the user (`ingest.with_metadata`), wide Unicode encodings, and the input messages."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from spinscope import ingest
from spinscope.ingest import Document, InputError, with_metadata

TEXT = "Kabul (IP) – One year has passed since the withdrawal of the last US troops from Afghanistan.\n" * 3


def test_with_metadata_sets_each_field_and_records_what_was_given():
    page = Document(text="Body.", title="Page title", site_name="Page site", url="https://a.example/x")
    doc = with_metadata(
        page,
        title="  The   headline ",
        url="https://www.bbc.com/news/123",
        published="2022-08-31",
        outlet="BBC",
    )
    assert doc.title == "The headline"
    assert doc.url == "https://www.bbc.com/news/123"
    assert doc.published == date(2022, 8, 31)
    assert doc.site_name == "BBC"
    assert doc.extra["outlet"] == "BBC"
    assert doc.extra["given"] == "title,url,published,outlet"
    assert page.title == "Page title" and "given" not in page.extra  # the original is not changed


def test_with_metadata_leaves_what_is_not_given():
    page = Document(text="Body.", title="Page title", published=date(2020, 1, 2))
    assert with_metadata(page) is page
    doc = with_metadata(page, outlet="Reuters")
    assert (doc.title, doc.published, doc.site_name) == ("Page title", date(2020, 1, 2), "Reuters")
    assert doc.extra["given"] == "outlet"


def test_with_metadata_accepts_date_objects():
    assert with_metadata(Document(text="x"), published=date(2021, 8, 31)).published == date(2021, 8, 31)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"published": "31/08/2022"}, "must be a date as YYYY-MM-DD"),
        ({"published": "2022-02-30"}, "must be a date as YYYY-MM-DD"),
        ({"published": "yesterday"}, "must be a date as YYYY-MM-DD"),
        ({"url": "www.bbc.com/news/123"}, "add https:// to www.bbc.com/news/123"),
        ({"url": "ftp://files.example.org/a.txt"}, "must be an http\\(s\\) address"),
        ({"url": "not a url"}, "must be an http\\(s\\) address"),
        ({"title": "   "}, "the title is empty"),
        ({"title": "x" * 1001}, "over the limit of 1,000"),
        ({"outlet": ""}, "the outlet is empty"),
    ],
)
def test_with_metadata_refuses_bad_values_in_one_sentence(values, message):
    with pytest.raises(InputError, match=message):
        with_metadata(Document(text="x"), **values)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(encoding):
    data = TEXT.encode(encoding)
    assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF8))
    doc = ingest.from_bytes(data, source="x")
    assert doc.text == TEXT and not doc.text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-be"])
def test_wide_unicode_without_a_mark_is_detected(encoding):
    assert ingest.from_bytes(TEXT.encode(encoding), source="x").text == TEXT


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_single_byte_encodings_are_detected(encoding):
    text = "Президент заявил, что реформа необходима для экономики страны и её граждан. " * 6
    assert "Президент" in ingest.from_bytes(text.encode(encoding), source="x").text


def test_a_broken_utf16_file_says_to_save_it_again():
    with pytest.raises(InputError, match="save it again as UTF-8"):
        ingest.decode_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8")


def test_binary_with_nul_bytes_is_still_refused():
    with pytest.raises(InputError, match="binary"):
        ingest.decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ftp://files.example.org/a.txt", "only http\\(s\\) URLs are fetched"),
        ("file:///etc/hostname", "only http\\(s\\) URLs are fetched"),
        ("www.bbc.com/news/123", "add https:// to fetch www.bbc.com/news/123"),
    ],
)
def test_source_messages(source, message):
    with pytest.raises(InputError, match=message):
        ingest.load_source(source)


def test_the_length_limit_says_the_limit_and_what_to_do():
    with pytest.raises(
        InputError, match=r"over the limit of 50 .*; split it into parts or raise the limit with --max-chars"
    ):
        ingest.from_text("word " * 100, max_chars=50)
