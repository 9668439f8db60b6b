"""`spinscope/outlet`: which outlet published the text, which agency it comes from, and how they are rated.

Reads the text and the ingestion metadata (URL, site name, author, an outlet the user named) and calls
`spinscope.outlet.identify`, which finds every clue naming an outlet, resolves it against the curated outlet table
and attaches the published ratings (never a guessed score).

Writes `doc.spans["spinscope.outlet"]` (one span per textual clue, label = clue kind, `Span._.spinscope_outlet_id`)
and `Doc._.spinscope_outlet` (the `Analysis.outlet` as plain data; the exporter returns the typed model).

>>> import spinscope
>>> doc = spinscope.load(layers=["outlet"]).nlp("WASHINGTON (AP) — The Senate voted on Tuesday.")
>>> doc._.spinscope_outlet["name"]
'Associated Press'
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import docstate
from ..analysis import Outlet, exporter
from ..outlet.identify import identify


class OutletFinder:
    def __call__(self, doc: Doc) -> Doc:
        result, clues = identify(doc.text, docstate.meta(doc))
        spans = []
        for clue in clues:
            if clue.start is None or clue.end is None:
                continue
            span = doc.char_span(clue.start, clue.end, label=clue.kind, alignment_mode="expand")
            if span is not None:
                span._.spinscope_outlet_id = clue.outlet.id if clue.outlet else None
                spans.append(span)
        doc.spans[docstate.OUTLET] = spans
        doc._.spinscope_outlet = result.model_dump()  # plain data on the Doc (picklable for n_process > 1)
        docstate.mark_ran(doc, "outlet")
        return doc


@Language.factory("spinscope/outlet", assigns=["doc.spans", "doc._.spinscope_outlet"])
def make_outlet(nlp: Language, name: str) -> OutletFinder:
    return OutletFinder()


@exporter("outlet")
def export(doc: Doc) -> dict[str, Any]:
    return {"outlet": Outlet.model_validate(doc._.spinscope_outlet)}
