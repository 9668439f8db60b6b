"""`spinscope/entities`: named entities with one canonical name per real-world actor.

Reads spaCy's NER (`doc.ents`), merges repeated mentions of the same actor under a canonical name
(`spinscope.entities.linking`: "US", "U.S." and "the United States" are one actor). Numeric entities (dates,
money, quantities...) are left to the claims layer.

Writes `doc.spans["spinscope.entities"]` (label = NER label) with `Span._.spinscope_entity_id` and
`Span._.spinscope_canonical`.

>>> import spinscope
>>> nlp = spinscope.load(layers=["entities"]).nlp
>>> doc = nlp("The United States left. The US was defeated.")
>>> sorted({s._.spinscope_canonical for s in doc.spans["spinscope.entities"]})
['United States']
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import docstate
from ..analysis import Entity, Mention, exporter
from ..entities.linking import actor_mentions, canonical_names, entity_groups


class EntityLinker:
    """Groups the mentions of one document; canonical = alias-table name, else the longest surface form."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = actor_mentions(doc)
        names = canonical_names([(ent.text, ent.label_) for ent in mentions])
        groups: dict[str, list[Span]] = defaultdict(list)
        for ent, name in zip(mentions, names, strict=True):
            groups[name].append(ent)
        ids = {name: f"E{i + 1}" for i, name in enumerate(sorted(groups, key=lambda n: groups[n][0].start))}
        spans = []
        for name, ents in groups.items():
            for ent in ents:
                span = Span(doc, ent.start, ent.end, label=ent.label_)
                span._.spinscope_canonical = name
                span._.spinscope_entity_id = ids[name]
                spans.append(span)
        doc.spans[docstate.ENTITIES] = sorted(spans, key=lambda s: (s.start, s.end))
        docstate.mark_ran(doc, "entities")
        return doc


@Language.factory("spinscope/entities", assigns=["doc.spans"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()


@exporter("entities")
def export(doc: Doc) -> dict[str, list[Entity]]:
    entities = []
    for entity_id, spans in entity_groups(doc).items():
        label = Counter(s.label_ for s in spans).most_common(1)[0][0]
        entities.append(
            Entity(
                id=entity_id,
                name=spans[0]._.spinscope_canonical,
                label=label,
                mentions=[
                    Mention(start=s.start_char, end=s.end_char, text=s.text, label=s.label_) for s in spans
                ],
            )
        )
    entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start))
    return {"entities": entities}
