"""The web app's input page (`GET /`): paste, upload or (with --allow-fetch) a URL. Jinja2 with autoescaping;
self-contained like the report (no CDN), and it runs no script at all (CSP `script-src 'none'`)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

if TYPE_CHECKING:
    from .config import ServerConfig


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("spinscope.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(*, config: ServerConfig, layers: list[str], error: str | None, form: dict[str, Any]) -> str:
    from .. import __version__
    from ..pipeline import LAYERS

    return (
        environment()
        .get_template("index.html.j2")
        .render(
            config=config,
            layers=[(name, LAYERS[name].description) for name in layers],
            chosen=form.get("layers") or layers,
            error=error,
            form=form,
            max_body=config.max_body,
            version=__version__,
        )
    )
