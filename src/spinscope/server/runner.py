"""Running an analysis for a request: in a worker thread, one at a time per process (a `CapacityLimiter(1)` set
up in the app's lifespan), because analyses are CPU-bound and the pipeline is not meant to be shared by
concurrent threads; the event loop stays free to answer /healthz and to reject bad requests meanwhile. A
request's layer subset and options go to `Pipeline.analyze(layers=..., settings=...)`, the one place that
runs part of a loaded pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import anyio
from fastapi import Request

from ..analysis import Analysis
from ..ingest import Document
from ..pipeline import Pipeline
from .config import ServerConfig


def config_of(request: Request) -> ServerConfig:
    config: ServerConfig = request.app.state.config
    return config


def pipeline_of(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


async def analyse(
    request: Request,
    document: Document,
    layers: Sequence[str] | None,
    settings: dict[str, dict[str, float]] | None = None,
) -> Analysis:
    run = partial(pipeline_of(request).analyze, document, settings=settings, layers=layers)
    result: Analysis = await anyio.to_thread.run_sync(run, limiter=request.app.state.limiter)
    return result
