"""The web page router: GET / (the form: paste, upload or, with --allow-fetch, a URL; optional title, URL,
publication date and outlet) and POST /report (the HTML report, the same page `analyze --format html` writes,
with the web app's toolbar). Errors come back as the form, filled in as sent, with one sentence on top."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from ..ingest import InputError, from_bytes, from_text
from . import guards
from .config import MORE_PHRASES, UPLOAD_SUFFIXES
from .metadata import apply_metadata
from .runner import analyse, config_of, pipeline_of
from .schemas import ArticleMeta

router = APIRouter()
META_FIELDS = {
    "meta_title": "title",
    "meta_url": "url",
    "meta_published": "published",
    "meta_outlet": "outlet",
}
META_LABELS = {
    "title": "the title",
    "url": "the article's URL",
    "published": "the publication date",
    "outlet": "the outlet",
}


def page(
    request: Request, *, error: str | None = None, status: int = 200, form: dict[str, Any] | None = None
) -> HTMLResponse:
    from .page import render_page

    html = render_page(
        config=config_of(request), layers=pipeline_of(request).layers, error=error, form=form or {}
    )
    return HTMLResponse(html, status_code=status)


def form_meta(form: FormData) -> ArticleMeta:
    """The form's metadata fields; a bad value raises `InputError` naming the field."""
    values = {name: str(form.get(field) or "").strip() or None for field, name in META_FIELDS.items()}
    try:
        return ArticleMeta.model_validate(values)
    except ValidationError as err:
        first = err.errors(include_url=False, include_input=False)[0]
        name = str(first["loc"][0]) if first.get("loc") else ""
        if name == "published":
            raise InputError(
                "the publication date must be a date written YYYY-MM-DD, e.g. 2022-08-15"
            ) from None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{META_LABELS.get(name, name)}: {message}") from None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(request: Request) -> HTMLResponse:
    return page(request)


@router.post("/report", response_class=HTMLResponse, include_in_schema=False)
async def report(request: Request) -> HTMLResponse:
    from ..render.html import render_html

    config = config_of(request)
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return page(request, error="send the form as multipart/form-data", status=415)
    form = await request.form(max_part_size=config.max_body)
    text = str(form.get("text") or "")
    url = str(form.get("url") or "").strip()
    upload = form.get("file")
    layers = [str(x) for x in form.getlist("layers")] or None
    more_phrases = "more_phrases" in form
    kept: dict[str, Any] = {"text": text, "url": url, "layers": layers, "more_phrases": more_phrases}
    kept |= {field: str(form.get(field) or "") for field in META_FIELDS}
    runs_techniques = "techniques" in (layers or pipeline_of(request).layers)
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
        meta = form_meta(form)
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
            document = await anyio.to_thread.run_sync(guards.document_from_url, url, config)
        else:
            document = from_text(text, max_chars=config.max_chars, source="form", title=meta.title)
        analysis = await analyse(request, apply_metadata(document, meta), layers, settings)
    except guards.FetchRefused as err:
        return page(request, error=str(err), status=403, form=kept)
    except guards.FetchFailed as err:
        return page(request, error=str(err), status=502, form=kept)
    except InputError as err:
        return page(request, error=str(err), status=422, form=kept)
    return HTMLResponse(render_html(analysis, toolbar=True, form_action="/"))
