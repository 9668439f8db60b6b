"""The web app and HTTP API of `spinscope serve` (FastAPI on uvicorn).

Routes:
  GET  /             the page: paste text, upload a .txt/.html file, or (with --allow-fetch) give a URL
  POST /report       the form's target: the HTML report (the same page `analyze --format html` writes)
  POST /v1/analyze   JSON {"text" | "html" | "url", "layers": [...]} -> the Analysis JSON
  GET  /v1/schema    JSON schema of the Analysis;  GET /v1/layers  the layers this server runs
  GET  /healthz      liveness;  GET /docs  Swagger UI, served from local files (works offline)

Why it is built this way:
- The spaCy pipeline (and the layers' models) load once per worker process, in the app's lifespan, never per
  request; analyses run in a worker thread, one at a time per process (a `CapacityLimiter(1)`), because they are
  CPU-bound and the pipeline is not meant to be shared by concurrent threads; the event loop stays free to answer
  /healthz and to reject bad requests while an analysis runs. Scale with `--workers`.
- The request body limit (default 2 MB, `BodyLimit`): a declared Content-Length over it is refused before a byte
  is read, and a chunked body is cut off as soon as it passes the limit; both before any parsing.
- Every API error is JSON `{"status", "error", "detail"}` with the status code the client must act on: 422 bad
  JSON or fields, 413 too large, 415 not JSON, 403 fetching disabled or a private address, 502 the fetch failed;
  an unexpected exception is a 500 with no stack trace in the body (it is logged); the server keeps serving.
- Fetching URLs is off unless `--allow-fetch` (a server that fetches any URL it is given can be turned against the
  network it sits in: server-side request forgery). Even with it on, URLs whose host resolves to a loopback,
  private, link-local or reserved address are refused unless `fetch_private` is set (tests use it).
"""

from __future__ import annotations

import email.message
import ipaddress
import json
import logging
import os
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from .. import __version__
from ..analysis import Analysis, from_doc, json_schema
from ..ingest import DEFAULT_MAX_CHARS, Document, InputError, from_bytes, from_html, from_text
from ..pipeline import Pipeline, check_settings_layers, resolve_layers

log = logging.getLogger("spinscope.server")

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
DEFAULT_MAX_BODY = 2_000_000  # bytes ("2 MB")
CONFIG_ENV = (
    "SPINSCOPE_SERVER_CONFIG"  # JSON ServerConfig, for `--workers N` (each worker builds its own app)
)
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm")
MORE_PHRASES = 0.25  # the techniques threshold behind the form's "more technique phrases" box (README table)


@dataclass
class ServerConfig:
    layers: list[str] | None = None  # None: all layers
    allow_fetch: bool = False
    fetch_private: bool = False  # allow fetching loopback/private addresses (tests, trusted networks)
    max_body: int = DEFAULT_MAX_BODY
    max_chars: int = DEFAULT_MAX_CHARS

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServerConfig:
        raw = os.environ.get(CONFIG_ENV)
        return cls(**json.loads(raw)) if raw else cls()


class AnalyzeRequest(BaseModel):
    """One article to analyse: exactly one of `text`, `html` or `url`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "The regime's lies left the country in ruin.", "layers": ["entities", "tone"]}
            ]
        },
    )

    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="an HTML page; its main text and metadata are extracted")
    url: str | None = Field(
        None, description="an http(s) URL to fetch (only when the server runs with --allow-fetch)"
    )
    title: str | None = Field(None, description="title for `text` input (default: its first line if short)")
    layers: list[str] | None = Field(None, description="layers to run (default: all the server runs)")
    settings: dict[str, dict[str, float]] | None = Field(
        None,
        description='per-article layer options: {"techniques": {"threshold": 0.25}} finds more phrases '
        "(default 0.35), also techniques.min_score and claims.threshold",
    )

    @model_validator(mode="after")
    def one_source(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'text', 'html' or 'url'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


class ErrorBody(BaseModel):
    status: int
    error: str = Field(description="HTTP reason phrase")
    detail: str = Field(description="what went wrong, for a person")
    errors: list[dict[str, Any]] | None = Field(None, description="field errors (422)")


# ---- analysis ------------------------------------------------------------------------------------------------------
def run_analysis(
    pipeline: Pipeline,
    document: Document,
    layers: Sequence[str] | None,
    settings: dict[str, dict[str, float]] | None = None,
) -> Analysis:
    """Analyse with all the server's layers, or only `layers` (and what they need) by disabling the others;
    `settings`: per-article options (`Pipeline.make_doc`)."""
    if layers is None:
        return pipeline.analyze(document, settings=settings)
    wanted = resolve_layers(layers)
    missing = [name for name in wanted if name not in pipeline.layers]
    if missing:
        raise InputError(
            f"layer(s) {', '.join(missing)} not run by this server (it runs: {', '.join(pipeline.layers)})"
        )
    check_settings_layers(settings or {}, wanted, "this request")
    disable = [f"spinscope/{name}" for name in pipeline.layers if name not in wanted]
    with pipeline.nlp.select_pipes(disable=disable):
        doc = pipeline.nlp(pipeline.make_doc(document, settings))
    return from_doc(doc, document)


class FetchRefused(Exception):
    """A URL this server will not fetch (fetching disabled, or a private address)."""


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


class FetchFailed(Exception):
    """The URL could not be fetched or gave no article (-> 502)."""


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


# ---- request body limit ---------------------------------------------------------------------------------------------
class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the {limit:,}-byte limit")


class BodyLimit:
    """Refuse request bodies over `limit` bytes before anything parses them.

    A declared Content-Length over the limit fails on the first read, before a byte is received; a chunked body
    fails as soon as the running count passes the limit. The failure is an `HTTPException(413)` raised where the
    route reads its body, so the app's handlers answer it in the route's format (JSON for the API, the page for
    the form). Starlette's own limiter answers with plain text, hence this small class.
    """

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


# ---- errors --------------------------------------------------------------------------------------------------------
def error_json(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = ErrorBody(status=status, error=HTTPStatus(status).phrase, detail=detail, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


def wants_html(request: Request) -> bool:
    """Form pages get HTML errors; the API (and anything else) JSON."""
    return request.url.path in ("/", "/report")


def clean_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors without the echoed input (which can be a whole article) or doc URLs."""
    out = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return out


def summarise(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:3]:
        where = ".".join(p for p in err["loc"] if p != "body")
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "invalid request: " + "; ".join(parts) if parts else "invalid request"


# ---- the app -------------------------------------------------------------------------------------------------------
def load_pipeline(config: ServerConfig) -> Pipeline:
    from .. import load

    return load(config.layers, max_chars=config.max_chars)


def create_app(config: ServerConfig | None = None, *, pipeline: Pipeline | None = None) -> FastAPI:
    """The ASGI app. `pipeline` lets tests share an already loaded one; otherwise it loads at startup."""
    config = config or ServerConfig()
    resolve_layers(config.layers)  # unknown layer names fail before anything loads

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "pipeline", None) is None:
            log.info("loading the pipeline (layers: %s)", ", ".join(resolve_layers(config.layers)))
            app.state.pipeline = await anyio.to_thread.run_sync(load_pipeline, config)
        app.state.limiter = anyio.CapacityLimiter(1)
        yield

    app = FastAPI(
        title="spinscope",
        version=__version__,
        summary="Shows, with evidence, how a news article tries to persuade.",
        description="POST an article to `/v1/analyze`; the result is the `Analysis` (schema at `/v1/schema`).",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=config.max_body)
    app.state.config = config
    app.state.pipeline = pipeline
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    async def analyse(
        request: Request,
        document: Document,
        layers: Sequence[str] | None,
        settings: dict[str, dict[str, float]] | None = None,
    ) -> Analysis:
        pipe: Pipeline = request.app.state.pipeline
        return await anyio.to_thread.run_sync(
            run_analysis, pipe, document, layers, settings, limiter=request.app.state.limiter
        )

    # -- error handlers: JSON for the API, the form page with a message for the web page
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if wants_html(request) and request.method == "POST":
            return page(request, error=detail, status=exc.status_code)
        response = error_json(exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = clean_errors(exc.errors())
        return error_json(422, summarise(errors), errors)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_json(500, "internal error: the server logged it; please report it")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    # -- API
    @app.post(
        "/v1/analyze",
        response_model=Analysis,
        summary="Analyse one article",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": AnalyzeRequest.model_json_schema(
                            ref_template="#/components/schemas/{model}"
                        )
                    }
                },
            }
        },
        responses={
            status: {"model": ErrorBody, "description": text}
            for status, text in (
                (403, "fetching disabled, or a non-public address"),
                (413, "body over the size limit"),
                (415, "not application/json"),
                (422, "malformed JSON, missing or invalid fields, unusable text"),
                (502, "the URL could not be fetched"),
            )
        },
    )
    async def analyze_api(request: Request) -> Response:
        """Body: exactly one of `text`, `html`, `url`; optional `layers` and `settings`. Returns the `Analysis`."""
        ctype = request.headers.get("content-type")
        if not ctype or not is_json(ctype):
            raise HTTPException(
                415, f"send the article as application/json (got {ctype or 'no content type'})"
            )
        body = await request.body()
        try:
            req = AnalyzeRequest.model_validate_json(body)
        except ValidationError as err:
            raise RequestValidationError(err.errors(include_url=False, include_input=False)) from err
        try:
            if req.url is not None:
                document = await anyio.to_thread.run_sync(document_from_url, req.url, config)
            elif req.html is not None:  # trafilatura's extraction is CPU work: off the event loop
                document = await anyio.to_thread.run_sync(
                    lambda: from_html(req.html or "", max_chars=config.max_chars, source="api")
                )
            else:
                assert req.text is not None
                document = from_text(req.text, max_chars=config.max_chars, source="api", title=req.title)
            analysis = await analyse(request, document, req.layers, req.settings)
        except FetchRefused as err:
            return error_json(403, str(err))
        except FetchFailed as err:
            return error_json(502, str(err))
        except InputError as err:
            return error_json(422, str(err))
        return Response(analysis.to_json(indent=None), media_type="application/json")

    @app.get("/v1/schema", summary="JSON schema of the Analysis")
    async def schema() -> dict[str, Any]:
        return json_schema()

    @app.get("/v1/layers", summary="The layers this server runs")
    async def layers(request: Request) -> dict[str, Any]:
        from ..pipeline import LAYERS

        run = request.app.state.pipeline.layers
        return {"layers": [{"name": n, "description": LAYERS[n].description} for n in run]}

    @app.get("/healthz", summary="Liveness")
    async def healthz(request: Request) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "layers": request.app.state.pipeline.layers}

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="spinscope API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    # -- the web page
    def page(
        request: Request, *, error: str | None = None, status: int = 200, form: dict[str, Any] | None = None
    ) -> HTMLResponse:
        from .page import render_page

        html = render_page(
            config=config,
            layers=request.app.state.pipeline.layers,
            error=error,
            form=form or {},
        )
        return HTMLResponse(html, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index(request: Request) -> HTMLResponse:
        return page(request)

    @app.post("/report", response_class=HTMLResponse, include_in_schema=False)
    async def report(request: Request) -> HTMLResponse:
        from ..render.html import render_html

        ctype = request.headers.get("content-type", "")
        if not ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return page(request, error="send the form as multipart/form-data", status=415)
        form = await request.form(max_part_size=config.max_body)
        text = str(form.get("text") or "")
        url = str(form.get("url") or "").strip()
        upload = form.get("file")
        layers = [str(x) for x in form.getlist("layers")] or None
        more_phrases = "more_phrases" in form
        kept = {"text": text, "url": url, "layers": layers, "more_phrases": more_phrases}
        runs_techniques = "techniques" in (layers or request.app.state.pipeline.layers)
        settings = {"techniques": {"threshold": MORE_PHRASES}} if more_phrases and runs_techniques else None
        if layers is None and "layers_shown" in form:  # the page's boxes were all unticked
            return page(request, error="tick at least one layer", status=422, form=kept)
        has_file = isinstance(upload, UploadFile) and bool(upload.filename)
        given = [name for name, ok in (("text", text.strip()), ("file", has_file), ("url", url)) if ok]
        if len(given) != 1:
            message = (
                "paste a text, choose a file or give a URL"
                if not given
                else "give only one of " + ", ".join(given)
            )
            return page(request, error=message, status=422, form=kept)
        try:
            if has_file:
                assert isinstance(upload, UploadFile)
                name = upload.filename or "upload"
                if not name.lower().endswith(UPLOAD_SUFFIXES):
                    return page(request, error=f"{name}: upload a .txt or .html file", status=415, form=kept)
                data = await upload.read()
                document = await anyio.to_thread.run_sync(
                    lambda: from_bytes(data, source=name, max_chars=config.max_chars)
                )
            elif url:
                document = await anyio.to_thread.run_sync(document_from_url, url, config)
            else:
                document = from_text(text, max_chars=config.max_chars, source="form")
            analysis = await analyse(request, document, layers, settings)
        except FetchRefused as err:
            return page(request, error=str(err), status=403, form=kept)
        except FetchFailed as err:
            return page(request, error=str(err), status=502, form=kept)
        except InputError as err:
            return page(request, error=str(err), status=422, form=kept)
        return HTMLResponse(render_html(analysis, toolbar=True, form_action="/"))

    return app


def is_json(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers (`--workers N`): the config travels in an environment variable."""
    return create_app(ServerConfig.from_env())
