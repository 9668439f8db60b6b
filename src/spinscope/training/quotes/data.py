"""Parsing a PolNeAR split once with spinscope's spaCy pipeline (up to the entities layer) and caching it.

The cache (a spaCy `DocBin` plus the gold attributions, under a folder you choose, e.g. /tmp) makes repeated
training and evaluation runs cheap: parsing the 840 train articles takes minutes on two shared cores.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from spacy.tokens import Doc, DocBin

from ...quotes.polnear import Article, read_split, resolve_split


def parse_split(
    folder: Path, cache_dir: Path | None = None, limit: int | None = None
) -> list[tuple[Article, Doc]]:
    """(article, parsed Doc) pairs of a split; parsed with the runtime pipeline's spaCy model + entities."""
    from ...pipeline import Pipeline

    split = resolve_split(folder)
    articles = list(read_split(split, limit=limit))
    pipeline = Pipeline(layers=["entities"])
    key = hashlib.sha1(
        json.dumps([str(split.resolve()), limit, [a.name for a in articles]]).encode()
    ).hexdigest()[:12]
    if cache_dir is not None:
        path = Path(cache_dir) / f"polnear-{split.name}-{key}"
        if (path / "docs.spacy").exists():
            docs = list(DocBin().from_disk(path / "docs.spacy").get_docs(pipeline.nlp.vocab))
            return list(zip(articles, docs, strict=True))
    docs = list(pipeline.nlp.pipe((a.text for a in articles), batch_size=16))
    if cache_dir is not None:
        path.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path / "docs.spacy")
        (path / "articles.pickle").write_bytes(pickle.dumps([a.name for a in articles]))
    return list(zip(articles, docs, strict=True))
