"""`spinscope/tone`: document and sentence tone (GDELT-style, VADER's lexicon) and, when the entities layer ran,
how the text portrays each actor (`Tone.actors`).

Document tone: `spinscope.tone.document`. Actor tone: `spinscope.tone.actors` — one label per mention sentence
from the target classifier (`spinscope.tone.targets`) over the shared encoder's states, split by voice with the
quotes layer's attributions when it ran (else every mention counts as the outlet's own voice), aggregated per
voice by the rule in that module. This component only reads the Doc (entities, quotes, outlet), gets the article's
encoding from the shared encoder (`spinscope/encoder`), calls the layer package and writes `Doc._.spinscope_tone` (plain dicts).

>>> import spinscope
>>> doc = spinscope.load(layers=["tone"]).nlp("A wonderful victory. A terrible failure and a disgrace.")
>>> doc._.spinscope_tone["document"]["negative"] > doc._.spinscope_tone["document"]["positive"]
True
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import docstate
from ..analysis import Tone, exporter
from ..docstate import mark_ran, warn
from ..entities.linking import entity_groups
from ..tone.actors import Quotation, actor_tones
from ..tone.document import document_tone
from .encoder import encoded


def quotations_of(doc: Doc) -> list[Quotation]:
    """The quotes layer's quotations (content parts and speaker) when it ran, for the voice split."""
    out = []
    for span in doc.spans.get(docstate.QUOTES, []) if docstate.ran(doc, "quotes") else []:
        data = span._.spinscope_quote
        if data:
            out.append(Quotation(tuple((int(s), int(e)) for s, e in data["parts"]), data.get("speaker_name")))
    return out


def _outlet_names(doc: Doc) -> set[str]:
    """Names of the outlets the outlet layer identified: the publisher is not an actor of its own story."""
    outlet = doc._.spinscope_outlet if Doc.has_extension("spinscope_outlet") else None
    names: set[str] = set()
    for item in (outlet or {}).get("outlets", []):
        for name in [item.get("name") or "", *item.get("codes", [])]:
            if name:
                names.add(re.sub(r"[^a-z0-9]+", " ", name.lower()).strip())
    return names


class ToneScorer:
    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, Any] = document_tone(doc)
        if docstate.ran(doc, "entities"):
            from ..tone.targets import ModelMissingError, available, shared_target_model

            if available():
                try:
                    model = shared_target_model()
                    result["actors"] = actor_tones(
                        doc, entity_groups(doc), quotations_of(doc), encoded(doc), model, _outlet_names(doc)
                    )
                except ModelMissingError as exc:
                    warn(doc, f"tone: actor tone skipped ({exc})")
            else:
                warn(doc, "tone: actor tone skipped (the target-tone model is not installed)")
        doc._.spinscope_tone = result
        mark_ran(doc, "tone")
        return doc


@Language.factory("spinscope/tone", assigns=["doc._.spinscope_tone"], requires=["token.is_sent_start"])
def make_tone(nlp: Language, name: str) -> ToneScorer:
    return ToneScorer()


@exporter("tone")
def export(doc: Doc) -> dict[str, Any]:
    tone = doc._.spinscope_tone
    return {"tone": Tone.model_validate(tone) if tone is not None else None}
