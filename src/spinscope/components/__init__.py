"""spaCy pipeline components, one module per analysis layer, registered as `spinscope/<layer>`.

Each component reads the `Doc` (and span groups of the layers it builds on), writes `doc.spans["spinscope.<layer>"]`
and/or `Doc._.spinscope_<layer>`, and records that it ran with `mark_ran`. Export to `Analysis` lives next to the
component as a function registered with `spinscope.analysis.exporter`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc


def mark_ran(doc: Doc, layer: str) -> None:
    """Record in the Doc that a layer ran, so that export can tell "ran, found nothing" from "did not run"."""
    ran = doc.user_data.setdefault("spinscope_layers", [])
    if layer not in ran:
        ran.append(layer)


def warn(doc: Doc, message: str, at: tuple[int, int] | None = None) -> None:
    """Record a warning for the Analysis; `at` = (start, end) of the place in the text it points at, so the HTML
    report can link to it instead of citing a character offset."""
    warnings = doc.user_data.setdefault("spinscope_warnings", [])
    if message not in warnings:
        warnings.append(message)
        if at is not None:
            doc.user_data.setdefault("spinscope_warning_places", []).append([message, int(at[0]), int(at[1])])


def document_options(doc: Doc, layer: str) -> dict[str, Any]:
    """The options given for `layer` to this document: the pipeline's settings, overridden by per-article ones
    (`Pipeline.analyze(..., settings=...)`, an API request's `settings`)."""
    return dict(doc.user_data.get("spinscope_settings", {}).get(layer, {}))
