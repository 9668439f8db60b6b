"""Metadata a client gives (API body `meta`, the web form's fields) applied to the ingested `Document`.

Given values win over what the page said, so that a pasted text gets its real title, URL, date and outlet, and
every layer reads them from the Doc as if the page had carried them. `outlet` is recorded as the document's
site name (the outlet layer reads it as a `meta.site_name` clue). Kept to one function so that it can defer to
the ingest module's own metadata helper once that exists.
"""

from __future__ import annotations

import dataclasses

from ..ingest import Document
from .schemas import ArticleMeta


def apply_metadata(document: Document, meta: ArticleMeta | None) -> Document:
    if meta is None:
        return document
    return dataclasses.replace(
        document,
        title=meta.title if meta.title is not None else document.title,
        url=meta.url if meta.url is not None else document.url,
        published=meta.published if meta.published is not None else document.published,
        site_name=meta.outlet if meta.outlet is not None else document.site_name,
    )
