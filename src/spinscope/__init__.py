"""spinscope: shows, with evidence, how a news article tries to persuade.

>>> import spinscope
>>> analysis = spinscope.analyze("The United States left Afghanistan in ruin and poverty.")
>>> analysis.tone.document.negative > 0
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .analysis import Analysis
    from .ingest import Document
    from .pipeline import Pipeline

__all__ = ["__version__", "analyze", "load"]


def load(
    layers: Sequence[str] | None = None,
    *,
    max_chars: int | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    profile: str = "default",
) -> Pipeline:
    """Load a pipeline with the given layers (default: all) and what they depend on; `settings` gives layer
    options, e.g. ``{"techniques": {"threshold": 0.25}}``; `profile` "accurate" runs the larger models
    assembled by `spinscope profile install accurate` (the techniques teacher)."""
    from .ingest import DEFAULT_MAX_CHARS
    from .pipeline import Pipeline

    return Pipeline(layers, max_chars=max_chars or DEFAULT_MAX_CHARS, settings=settings, profile=profile)


@lru_cache(maxsize=4)
def _cached(layers: tuple[str, ...] | None) -> Pipeline:
    return load(layers)


def analyze(source: str | Path | Document, *, layers: Sequence[str] | None = None) -> Analysis:
    """Analyse one article: text, a `Path`, a URL or a `Document`. The pipeline is loaded once and cached."""
    return _cached(tuple(layers) if layers is not None else None).analyze(source)
