"""The HTTP API router: POST /v1/analyze, GET /v1/schema, /v1/layers, /healthz, and /docs (Swagger UI from local
files, so it works offline)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from .. import __version__
from ..analysis import Analysis, json_schema
from ..ingest import InputError, from_html, from_text
from . import guards
from .errors import error_json
from .metadata import apply_metadata
from .runner import analyse, config_of, pipeline_of
from .schemas import AnalyzeRequest, ErrorBody

router = APIRouter()


@router.post(
    "/v1/analyze",
    response_model=Analysis,
    summary="Analyse one article",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": AnalyzeRequest.model_json_schema(ref_template="#/components/schemas/{model}")
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
    """Body: exactly one of `text`, `html`, `url`; optional `meta` (title, url, published, outlet), `layers` and
    `settings`. Returns the `Analysis`."""
    config = config_of(request)
    ctype = request.headers.get("content-type")
    if not ctype or not guards.is_json(ctype):
        raise HTTPException(415, f"send the article as application/json (got {ctype or 'no content type'})")
    body = await request.body()
    try:
        req = AnalyzeRequest.model_validate_json(body)
    except ValidationError as err:
        raise RequestValidationError(err.errors(include_url=False, include_input=False)) from err
    meta = req.article_meta()
    try:
        if req.url is not None:
            document = await anyio.to_thread.run_sync(guards.document_from_url, req.url, config)
        elif req.html is not None:  # trafilatura's extraction is CPU work: off the event loop
            html = req.html
            document = await anyio.to_thread.run_sync(
                lambda: from_html(html, url=meta.url, max_chars=config.max_chars, source="api")
            )
        else:
            assert req.text is not None
            document = from_text(req.text, max_chars=config.max_chars, source="api", title=meta.title)
        analysis = await analyse(request, apply_metadata(document, meta), req.layers, req.settings)
    except guards.FetchRefused as err:
        return error_json(403, str(err))
    except guards.FetchFailed as err:
        return error_json(502, str(err))
    except InputError as err:
        return error_json(422, str(err))
    return Response(analysis.to_json(indent=None), media_type="application/json")


@router.get("/v1/schema", summary="JSON schema of the Analysis")
async def schema() -> dict[str, Any]:
    return json_schema()


@router.get("/v1/layers", summary="The layers this server runs")
async def layers(request: Request) -> dict[str, Any]:
    from ..pipeline import LAYERS

    run = pipeline_of(request).layers
    return {"layers": [{"name": n, "description": LAYERS[n].description} for n in run]}


@router.get("/healthz", summary="Liveness")
async def healthz(request: Request) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "layers": pipeline_of(request).layers}


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title="spinscope API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
    )
