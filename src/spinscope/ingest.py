"""Turn whatever a user hands us (a path, a URL, raw text, HTML, stdin) into a `Document`.

Everything a user must fix raises `InputError` with one clear sentence; callers (CLI, server, batch runner)
turn it into an exit code 2, a 4xx or a failed row. Nothing here analyses text: it only decodes, extracts the
main text of HTML pages with trafilatura, and records metadata, so that every later offset indexes `Document.text`.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import charset_normalizer

# Where every layer together stays under 60 s and 2 GB on the 2-core development machine: 150,000 characters
# took 41.6 s of CPU and 1.0 GB at peak with all six layers, 200,000 took 67.3 s (benchmarks/length_scaling.py;
# the figures are in the README's "Use" section). Memory grows linearly, time faster than linearly.
DEFAULT_MAX_CHARS = 150_000
DEFAULT_MAX_FETCH_BYTES = 10_000_000
# An HTML page is mostly markup: its own cap, so that a normal article's page is not refused for its size.
MAX_HTML_CHARS = 20_000_000
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


def too_long(chars: int, max_chars: int) -> str:
    """The one sentence for a text over the limit: how long it is, the limit, and what to do."""
    return (
        f"the text has {chars:,} characters, over the limit of {max_chars:,} (about a minute of analysis with "
        "every layer on 2 cores); split it into parts or raise the limit with --max-chars"
    )


def _check_text(text: str, max_chars: int) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError("the input is empty (no text to analyse)")
    if len(text) > max_chars:
        raise InputError(too_long(len(text), max_chars))
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\t\f\v") or ch == "\ufffd")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise InputError("the input looks like binary data, not text")
    return text


# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode_bom(data: bytes) -> str | None:
    """Text of bytes that start with a Unicode byte-order mark (the mark dropped), else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"the input starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (at byte {err.start + len(bom):,}); save it again as UTF-8"
                ) from err
    return None


def decode_bytes(data: bytes) -> str:
    """Decode bytes: by their byte-order mark (UTF-8/16/32), as UTF-8, else as the encoding charset-normalizer
    detects (UTF-16/32 without a mark included); refuse binary data."""
    if not data.strip():
        raise InputError("the input is empty (no text to analyse)")
    text = _decode_bom(data)
    if text is not None:
        return text
    if b"\x00" in data[:8192]:  # NUL bytes come in binary files, and in UTF-16/32 text without a mark
        best = charset_normalizer.from_bytes(data).best()
        if best is None or not best.encoding.startswith(("utf_16", "utf_32")) or best.chaos > 0.2:
            raise InputError("the input looks like binary data, not text")
        return str(best)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise InputError(
            "the input could not be decoded as text in any known encoding; save it as UTF-8 and try again"
        )
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
        title = headline(text)
    return Document(text=text, title=title, source=source, **meta)


MAX_HEADLINE_WORDS = 20


def headline(text: str) -> str | None:
    """The first line of a plain text when it reads like a headline: at most 20 words and 150 characters, more
    text after it, and not a sentence (a headline seldom ends with a full stop; a short one may). Pasted text
    often starts with the article's first sentence, which is not its title: give it with --title then."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    words = len(first.split())
    if not first or not rest.strip() or len(first) > 150 or words > MAX_HEADLINE_WORDS:
        return None
    if first.endswith(".") and words > 10:
        return None
    return first


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


_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.I)
MAX_TITLE_CHARS = 1000
MAX_OUTLET_CHARS = 300


def check_published(value: date | str) -> date:
    """A publication date from a date or a "YYYY-MM-DD" string; `InputError` for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"the publication date must be a date as YYYY-MM-DD (e.g. 2022-08-31), got {text[:40]!r}"
        ) from None


def check_url(value: str) -> str:
    """An http(s) URL with a host name, as given; `InputError` for anything else."""
    text = str(value).strip()
    if not _HTTP_URL.match(text):
        if _looks_like_web_address(text):
            raise InputError(f"the URL must start with http:// or https://: add https:// to {text[:200]}")
        raise InputError(
            f"the URL must be an http(s) address such as https://example.org/news/1, got {text[:200]!r}"
        )
    return text


def with_metadata(
    document: Document,
    *,
    title: str | None = None,
    url: str | None = None,
    published: date | str | None = None,
    outlet: str | None = None,
) -> Document:
    """A copy of `document` with metadata the user gave, used by every layer as if the page had said it.

    What is given replaces what the page said (the user knows better than the markup); None leaves a field as
    it is. `outlet` becomes the site name (what the outlet layer reads, beside the URL's domain), `published`
    anchors relative dates ("last Tuesday") in the claims layer. The names given are listed in
    `extra["given"]` (e.g. "title,published"). Bad values raise `InputError` with one sentence saying what to
    fix: a title or outlet that is empty or too long, a URL that is not http(s), a date that is not
    YYYY-MM-DD. Used by `spinscope analyze --title/--url/--published/--outlet`, the batch readers' columns and
    the web server's fields.
    """
    changes: dict[str, Any] = {}
    given: list[str] = []
    if title is not None:
        clean = " ".join(str(title).split())
        if not clean:
            raise InputError("the title is empty; leave it out or give the article's headline")
        if len(clean) > MAX_TITLE_CHARS:
            raise InputError(
                f"the title has {len(clean):,} characters, over the limit of {MAX_TITLE_CHARS:,}"
            )
        changes["title"] = clean
        given.append("title")
    if url is not None:
        changes["url"] = check_url(url)
        given.append("url")
    if published is not None and published != "":
        changes["published"] = check_published(published)
        given.append("published")
    if outlet is not None:
        clean = " ".join(str(outlet).split())
        if not clean:
            raise InputError(
                "the outlet is empty; leave it out or give its name or domain (e.g. BBC, bbc.com)"
            )
        if len(clean) > MAX_OUTLET_CHARS:
            raise InputError(
                f"the outlet name has {len(clean):,} characters, over the limit of {MAX_OUTLET_CHARS:,}"
            )
        changes["site_name"] = clean
        given.append("outlet")
    if not changes:
        return document
    extra = dict(document.extra)
    if outlet is not None:
        extra["outlet"] = changes["site_name"]
    previous = [name for name in str(extra.get("given", "")).split(",") if name]
    extra["given"] = ",".join(dict.fromkeys(previous + given))
    return dataclasses.replace(document, **changes, extra=extra)


def from_html(
    html: str | bytes, *, url: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, source: str = "html"
) -> Document:
    """Extract an article's main text and metadata from an HTML page with trafilatura."""
    import trafilatura

    if isinstance(html, bytes):
        html = decode_bytes(html)
    if not html.strip():
        raise InputError("the HTML page is empty")
    if len(html) > max(max_chars * 5, MAX_HTML_CHARS):
        raise InputError(
            f"the HTML page has {len(html):,} characters, over the page limit of "
            f"{max(max_chars * 5, MAX_HTML_CHARS):,}; save the article's text alone and give that"
        )
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
        if size > max(max_chars * 8, MAX_HTML_CHARS * 4):
            raise InputError(
                f"{p} is {size:,} bytes, far over the limit of {max_chars:,} characters; split it into parts "
                "or raise the limit with --max-chars"
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

    if not re.match(r"^https?://[^\s/]+", url, re.I):
        raise InputError(f"only http(s) URLs are fetched, not {url[:200]}")
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
                        raise InputError(
                            f"HTTP {response.status_code} from {url}{_http_hint(response.status_code)}"
                        )
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
                raise InputError(f"{url} redirects more than {MAX_REDIRECTS} times; give the final address")
    except InputError:  # an InputError is a ValueError: keep it from the malformed-URL case below
        raise
    except httpx.TimeoutException as err:
        raise InputError(
            f"{url} did not answer within {timeout:g} s; try again later, or save the page and give the file"
        ) from err
    except httpx.ConnectError as err:
        raise InputError(
            f"fetching {url} failed: cannot connect to {_host(url)} ({_reason(err)}); check the address"
        ) from err
    except httpx.HTTPError as err:
        raise InputError(f"fetching {url} failed ({_reason(err)}); save the page and give the file") from err
    except (UnicodeError, ValueError) as err:  # a malformed host name ("a..b") fails in IDNA encoding
        raise InputError(f"{url} is not a valid web address ({_reason(err)})") from err
    data = b"".join(chunks)
    is_html = True if "html" in ctype else None
    return from_bytes(data, source=url, url=url, max_chars=max_chars, html=is_html)


def _http_hint(status: int) -> str:
    if status in (401, 403):
        return " (the site refuses the request; save the page in a browser and give the file)"
    if status == 404:
        return " (no page at this address; check it)"
    if status == 429:
        return " (too many requests; wait and try again)"
    if status >= 500:
        return " (the site has a problem; try again later)"
    return ""


def _host(url: str) -> str:
    match = re.match(r"^[a-z]+://([^/?#\s]+)", url, re.I)
    return match.group(1) if match else url


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return text[:200] or err.__class__.__name__


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(//)?", re.I)
_WEB_ADDRESS = re.compile(r"^(www\.[^\s/]+|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?/\S*)$", re.I)


def _looks_like_web_address(text: str) -> bool:
    """ "www.bbc.com/news/123" or "bbc.com/news": a host name and a path, without the scheme."""
    return bool(_WEB_ADDRESS.match(text))


def load_source(source: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """`-` reads stdin; an http(s) URL is fetched; anything else is a path. Other URL schemes (ftp://, file://)
    are refused, and a missing path that looks like a web address gets the hint to add https://."""
    if source == "-":
        data = sys.stdin.buffer.read()
        return from_bytes(data, source="stdin", max_chars=max_chars)
    if re.match(r"^https?://", source, re.I):
        return from_url(source, max_chars=max_chars)
    scheme = _SCHEME.match(source)
    other_scheme = scheme and (scheme.group(2) or scheme.group(1).lower() in {"mailto", "data", "javascript"})
    if scheme and other_scheme and not Path(source).exists():
        raise InputError(
            f"only http(s) URLs are fetched, not {scheme.group(1).lower()}: URLs; "
            "download the file and give its path"
        )
    if not Path(source).exists() and _looks_like_web_address(source):
        raise InputError(f"no such file: {source}; add https:// to fetch {source} from the web")
    return from_path(source, max_chars=max_chars)
