"""What stands between a request and the pipeline: the body-size limit (before any parsing), the URL-fetch guard
against server-side request forgery, the content-type check and the security headers of every answer.

- `BodyLimit`: a declared Content-Length over the limit is refused before a byte is read, and a chunked body is
  cut off as soon as it passes the limit; the 413 is raised where the route reads its body, so the app's
  handlers answer it in the route's format (JSON for the API, the page for the form). Starlette's own limiter
  answers with plain text, hence this small class.
- Fetching URLs is off unless `--allow-fetch` (a server that fetches any URL it is given can be turned against
  the network it sits in). Even with it on, URLs whose host resolves to a loopback, private, link-local or
  reserved address are refused unless `fetch_private` is set (tests use it), at every redirect hop.
"""

from __future__ import annotations

import email.message
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ..ingest import Document, InputError
from .config import ServerConfig


# ---- request body limit ---------------------------------------------------------------------------------------------
class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the {limit:,}-byte limit")


class BodyLimit:
    """ASGI middleware: refuse request bodies over `limit` bytes before anything parses them."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        received = 0

        async def limited() -> Any:
            nonlocal received
            if declared is not None and declared > self.limit:
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


# ---- content type ---------------------------------------------------------------------------------------------------
def is_json(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


# ---- fetching URLs --------------------------------------------------------------------------------------------------
class FetchRefused(Exception):
    """A URL this server will not fetch (fetching disabled, or a private address) (-> 403)."""


class FetchFailed(Exception):
    """The URL could not be fetched or gave no article (-> 502)."""


def check_fetchable(url: str, config: ServerConfig) -> None:
    """Refuse URLs when fetching is off, and (unless `fetch_private`) hosts on loopback/private networks."""
    if not config.allow_fetch:
        raise FetchRefused("fetching URLs is disabled on this server (start it with --allow-fetch)")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url}")
    if config.fetch_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as err:
        raise FetchFailed(f"cannot resolve {parts.hostname}: {err}") from err
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchRefused(f"refusing to fetch {parts.hostname}: it resolves to a non-public address")


def document_from_url(url: str, config: ServerConfig) -> Document:
    """Fetch a page for a client with `ingest.from_url` (same timeout, size cap, content-type rule and redirect
    limit as the CLI), checking the URL and every redirect target with `check_fetchable`, so a public URL cannot
    bounce the server to a private address."""
    from ..ingest import from_url

    url = url.strip()
    check_fetchable(url, config)  # a malformed or refused URL is the client's error, not a failed fetch
    try:
        return from_url(url, max_chars=config.max_chars, check_redirect=lambda u: check_fetchable(u, config))
    except InputError as err:
        raise FetchFailed(str(err)) from err


# ---- headers on every answer ----------------------------------------------------------------------------------------
async def security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
