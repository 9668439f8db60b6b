"""Every error answer: JSON `{"status", "error", "detail"}` for the API (422s add `errors`, without echoing the
input), the form page with its message for the web page; an unexpected exception is a logged 500 with no stack
trace in the body, and the server keeps serving."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .schemas import ErrorBody

log = logging.getLogger("spinscope.server")
WEB_PATHS = ("/", "/report")


def error_json(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = ErrorBody(status=status, error=HTTPStatus(status).phrase, detail=detail, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


def wants_html(request: Request) -> bool:
    """Form pages get HTML errors; the API (and anything else) JSON."""
    return request.url.path in WEB_PATHS


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


def install(app: FastAPI, page: Callable[..., Response]) -> None:
    """The app's exception handlers; `page(request, error=, status=)` renders the form page with a message."""

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
