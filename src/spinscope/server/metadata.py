"""Metadata a client gives (API body `meta`, the web form's fields) applied to the ingested `Document`.

Given values win over what the page said, so that a pasted text gets its real title, URL, date and outlet, and
every layer reads them from the Doc as if the page had carried them. The rules (and their one-sentence errors)
are the ingest module's, shared with `spinscope analyze --title/--url/--published/--outlet`.
"""

from __future__ import annotations

from ..ingest import Document, with_metadata
from .schemas import ArticleMeta


def apply_metadata(document: Document, meta: ArticleMeta | None) -> Document:
    if meta is None:
        return document
    return with_metadata(
        document, title=meta.title, url=meta.url, published=meta.published, outlet=meta.outlet
    )
