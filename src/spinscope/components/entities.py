"""`spinscope/entities`: named entities with one canonical name per real-world actor.

Reads spaCy's NER (`doc.ents`) and merges repeated mentions of the same actor under a canonical name, so that
"US", "U.S." and "the United States" count as one actor, "Mujahid" joins "Zabihullah Mujahid", "Afghans" joins
"Afghan", and "CBA" joins "Central Bank of Afghanistan". Numeric entities (dates, money, quantities...) are left
to the claims layer.

Writes `doc.spans["spinscope.entities"]` (label = NER label) with `Span._.spinscope_entity_id` and
`Span._.spinscope_canonical`.

>>> import spinscope
>>> nlp = spinscope.load(layers=["entities"]).nlp
>>> doc = nlp("The United States left. The US was defeated.")
>>> sorted({s._.spinscope_canonical for s in doc.spans["spinscope.entities"]})
['United States']
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import docstate
from ..analysis import Entity, Mention, exporter
from ..docstate import mark_ran

SPAN_KEY = docstate.ENTITIES

for _name in ("spinscope_entity_id", "spinscope_canonical"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Lower-cased alias -> canonical name, from the shipped `data/entity_aliases.json`."""
    raw = json.loads(resources.files("spinscope.data").joinpath("entity_aliases.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for canonical, names in raw["aliases"].items():
        for name in [canonical, *names]:
            table[_key(surface_name(name))] = canonical
    return table


_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def surface_name(text: str) -> str:
    """A mention as a name: no leading article, possessive or acronym dots, single spaces."""
    name = _LEADING.sub("", text.strip())
    name = _POSSESSIVE.sub("", name)
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", name):
        name = name.replace(".", "")
    return re.sub(r"\s+", " ", name).strip(" .,;:")


def _key(name: str) -> str:
    return name.lower()


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class EntityLinker:
    """Groups the mentions of one document; canonical = alias-table name, else the longest surface form."""

    def __call__(self, doc: Doc) -> Doc:
        table = aliases()
        mentions = [
            ent for ent in doc.ents if ent.label_ not in docstate.NUMERIC_LABELS and surface_name(ent.text)
        ]
        names = [surface_name(ent.text) for ent in mentions]
        canon: dict[str, str] = {}
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        for ent, name in zip(mentions, names, strict=True):
            canon.setdefault(_key(name), table.get(_key(name), name))
            labels[canon[_key(name)]][ent.label_] += 1
        is_person = {name: counts.most_common(1)[0][0] == "PERSON" for name, counts in labels.items()}
        # Longest forms first, so that short forms (surnames, acronyms, plurals) join them.
        full_forms = sorted(set(canon.values()), key=len, reverse=True)
        for key, value in list(canon.items()):
            if key in table:
                continue
            for other in full_forms:
                if other == value or len(other) <= len(value):
                    continue
                other_words = other.split()
                if (
                    (
                        # a surname joins the full name, whatever the NER typed the surname as
                        # ("Kolomoisky" ORG -> "Igor Kolomoisky" PERSON)
                        (is_person[value] or " " not in value)
                        and is_person[other]
                        and len(other_words) > 1
                        and value == other_words[-1]
                    )
                    or (value.isupper() and _initials(other) == value)
                    or (value.endswith("s") and value[:-1] == other)
                ):
                    canon[key] = other
                    break
            if canon[key] == value and value.endswith("s") and value[:-1] in full_forms:
                canon[key] = value[:-1]
        groups: dict[str, list[Span]] = defaultdict(list)
        for ent, name in zip(mentions, names, strict=True):
            groups[canon[_key(name)]].append(ent)
        ids = {name: f"E{i + 1}" for i, name in enumerate(sorted(groups, key=lambda n: groups[n][0].start))}
        spans = []
        for name, ents in groups.items():
            for ent in ents:
                span = Span(doc, ent.start, ent.end, label=ent.label_)
                span._.spinscope_canonical = name
                span._.spinscope_entity_id = ids[name]
                spans.append(span)
        doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        mark_ran(doc, "entities")
        return doc


@Language.factory("spinscope/entities", assigns=["doc.spans"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()


def entity_groups(doc: Doc) -> dict[str, list[Span]]:
    """entity id -> its mention spans, in text order (for layers that build on entities)."""
    groups: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(SPAN_KEY, []):
        groups[span._.spinscope_entity_id].append(span)
    return dict(groups)


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
