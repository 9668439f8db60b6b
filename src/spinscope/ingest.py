"""Turn whatever a user hands us (a path, a URL, raw text, HTML, stdin) into a `Document`.

Everything a user must fix raises `InputError` with one clear sentence; callers (CLI, server, batch runner)
turn it into an exit code 2, a 4xx or a failed row. Nothing here analyses text: it only decodes, extracts the
main text of HTML pages with trafilatura, and records metadata, so that every later offset indexes `Document.text`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import charset_normalizer

DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_MAX_FETCH_BYTES = 10_000_000
FETCH_TIMEOUT_S = 15.0
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_WORD = re.compile(r"\w+(?:['’]\w+)*")


class InputError(ValueError):
    """A problem with the user's input that the user can fix; the message is shown as is."""


@dataclass
class Document:
    """Plain text to analyse plus what we know about where it came from."""

    text: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: date | None = None
    site_name: str | None = None
    source: str | None = None  # path, URL, "stdin" or "text": where the input came from
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. og:site_name, canonical link, id


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _check_text(text: str, max_chars: int) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError("the input is empty (no text to analyse)")
    if len(text) > max_chars:
        raise InputError(
            f"the text has {len(text):,} characters, over the limit of {max_chars:,} (raise it with --max-chars)"
        )
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\t\f\v") or ch == "\ufffd")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise InputError("the input looks like binary data, not text")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode bytes as UTF-8, else as the encoding charset-normalizer detects; refuse binary data."""
    if not data.strip():
        raise InputError("the input is empty (no text to analyse)")
    if b"\x00" in data[:8192]:
        raise InputError("the input looks like binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise InputError("the input could not be decoded as text in any known encoding")
    return str(best)


def looks_like_html(data: bytes | str) -> bool:
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "replace")
    return bool(_HTML_START.match(head))


def from_text(
    text: str, *, max_chars: int = DEFAULT_MAX_CHARS, source: str = "text", **meta: Any
) -> Document:
    """A document from plain text; the first line becomes the title when it is short enough to be one."""
    text = _check_text(text, max_chars)
    title = meta.pop("title", None)
    if title is None:
        first = text.strip().split("\n", 1)[0].strip()
        title = first if 0 < len(first) <= 300 else None
    return Document(text=text, title=title, source=source, **meta)


def parse_iso_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO string ("2024-03-05", "2024-03-05T10:00:00Z"); else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def from_html(
    html: str | bytes, *, url: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, source: str = "html"
) -> Document:
    """Extract an article's main text and metadata from an HTML page with trafilatura."""
    import trafilatura

    if isinstance(html, bytes):
        html = decode_bytes(html)
    if not html.strip():
        raise InputError("the HTML page is empty")
    if len(html) > max_chars * 5:
        raise InputError(f"the HTML page is over {max_chars * 5:,} characters (raise it with --max-chars)")
    from trafilatura.settings import set_date_params

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # dates from the page's markup only: the extensive search takes any year in the body ("since 1998")
        # for the publication date, which would then anchor relative dates and the batch's month column
        date_extraction_params=set_date_params(extensive=False),
    )
    extracted = result if result is None or isinstance(result, dict) else result.as_dict()
    if not isinstance(extracted, dict) or not (extracted.get("text") or "").strip():
        raise InputError("no article text could be extracted from the HTML page")
    text = _check_text(extracted["text"], max_chars)
    extra = {
        key: extracted[key]
        for key in ("hostname", "description", "categories", "tags", "pagetype")
        if extracted.get(key)
    }
    canonical = extracted.get("url") or url
    return Document(
        text=text,
        title=extracted.get("title") or None,
        url=canonical,
        author=extracted.get("author") or None,
        published=parse_iso_date(extracted.get("date")),
        site_name=extracted.get("sitename") or None,
        source=source,
        extra=extra,
    )


def from_bytes(
    data: bytes,
    *,
    source: str,
    url: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    html: bool | None = None,
) -> Document:
    """Bytes of a file, a response or stdin: HTML when it looks like HTML (or `html=True`), else plain text."""
    if html is None:
        html = looks_like_html(data)
    if html:
        return from_html(data, url=url, max_chars=max_chars, source=source)
    return from_text(decode_bytes(data), max_chars=max_chars, source=source, url=url)


def from_path(path: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {p}")
    if p.is_dir():
        raise InputError(f"{p} is a directory; give a file (or use `spinscope batch` for folders)")
    try:
        size = p.stat().st_size
        if size > max_chars * 8:
            raise InputError(
                f"{p} is {size:,} bytes, over the limit of {max_chars:,} characters (raise it with --max-chars)"
            )
        data = p.read_bytes()
    except PermissionError as err:
        raise InputError(f"cannot read {p}: permission denied") from err
    except OSError as err:
        raise InputError(f"cannot read {p}: {err.strerror or err}") from err
    is_html = True if p.suffix.lower() in {".html", ".htm", ".xhtml"} else None
    return from_bytes(data, source=str(p), max_chars=max_chars, html=is_html)


MAX_REDIRECTS = 5


def from_url(
    url: str,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_bytes: int = DEFAULT_MAX_FETCH_BYTES,
    timeout: float = FETCH_TIMEOUT_S,
    check_redirect: Callable[[str], None] | None = None,
) -> Document:
    """Fetch a page (timeout, size cap, at most 5 redirects) and ingest it as HTML or text.

    `check_redirect` is called on every redirect target before it is fetched; the web server checks the first URL
    itself and passes the same check here, so a public URL cannot bounce it to a private address.
    """
    import httpx

    if not re.match(r"^https?://[^\s/]+", url):
        raise InputError(f"not an http(s) URL: {url}")
    headers = {"User-Agent": "spinscope/0.1 (+https://github.com/spinscope)"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = str(response.url.join(response.headers["location"]))
                        if check_redirect is not None:
                            check_redirect(url)
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"fetching {url} failed: HTTP {response.status_code}")
                    ctype = response.headers.get("content-type", "").lower()
                    if ctype and not any(t in ctype for t in ("text/", "html", "xml")):
                        raise InputError(f"{url} is not a web page or text (content type {ctype})")
                    chunks, total = [], 0
                    for chunk in response.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise InputError(f"{url} is larger than the fetch limit of {max_bytes:,} bytes")
                        chunks.append(chunk)
                    break
            else:
                raise InputError(f"fetching {url} failed: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as err:
        raise InputError(f"fetching {url} timed out after {timeout:g} s") from err
    except httpx.HTTPError as err:
        raise InputError(f"fetching {url} failed: {err.__class__.__name__}: {err}") from err
    except (UnicodeError, ValueError) as err:  # a malformed host name ("a..b") fails in IDNA encoding
        raise InputError(f"fetching {url} failed: not a valid URL ({err})") from err
    data = b"".join(chunks)
    is_html = True if "html" in ctype else None
    return from_bytes(data, source=url, url=url, max_chars=max_chars, html=is_html)


def load_source(source: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """`-` reads stdin; an http(s) URL is fetched; anything else is a path."""
    if source == "-":
        data = sys.stdin.buffer.read()
        return from_bytes(data, source="stdin", max_chars=max_chars)
    if re.match(r"^https?://", source, re.I):
        return from_url(source, max_chars=max_chars)
    return from_path(source, max_chars=max_chars)
