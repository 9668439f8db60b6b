"""The web app and HTTP API of `spinscope serve` (FastAPI on uvicorn): `create_app` puts the pieces together.

Routes (see `api.py` and `web.py`):
  GET  /             the page: paste text, upload a .txt/.html file, or (with --allow-fetch) give a URL
  POST /report       the form's target: the HTML report (the same page `analyze --format html` writes)
  POST /v1/analyze   JSON {"text" | "html" | "url", "meta": {...}, "layers": [...]} -> the Analysis JSON
  GET  /v1/schema    JSON schema of the Analysis;  GET /v1/layers  the layers this server runs
  GET  /healthz      liveness;  GET /docs  Swagger UI, served from local files (works offline)

The pieces: `config` (ServerConfig), `guards` (body limit, URL-fetch guard, security headers), `schemas` (request
and error bodies), `errors` (handlers), `runner` (one analysis at a time per process, in a thread), `metadata`
(client-given title/URL/date/outlet onto the Document), `api` and `web` (routers), `page` (the form page).
The spaCy pipeline (and the layers' models) load once per worker process, in the app's lifespan, never per
request. Scale with `--workers`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..pipeline import Pipeline, resolve_layers
from . import api, errors, guards, web
from .config import CONFIG_ENV, STATIC, ServerConfig

__all__ = ["CONFIG_ENV", "ServerConfig", "app_from_env", "create_app"]

log = logging.getLogger("spinscope.server")


def load_pipeline(config: ServerConfig) -> Pipeline:
    from .. import load

    return load(config.layers, max_chars=config.max_chars, profile=config.profile)


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
    app.add_middleware(guards.BodyLimit, limit=config.max_body)
    app.middleware("http")(guards.security_headers)
    app.state.config = config
    app.state.pipeline = pipeline
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app, web.page)
    app.include_router(api.router)
    app.include_router(web.router)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers (`--workers N`): the config travels in an environment variable."""
    return create_app(ServerConfig.from_env())
