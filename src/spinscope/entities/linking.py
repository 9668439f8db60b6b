"""One canonical name per real-world actor: the mentions of a document merged under it.

"US", "U.S." and "the United States" are one actor; "Mujahid" joins "Zabihullah Mujahid", "Afghans" joins "Afghan"
and "CBA" joins "Central Bank of Afghanistan". The shipped alias table (`data/entity_aliases.json`) names the
well-known ones; within an article a short form (surname, acronym, plural) joins the longest form it belongs to.
A surname joins a full PERSON name whatever the NER typed it as ("Kolomoisky" ORG -> "Igor Kolomoisky").

>>> canonical_names([("US", "GPE"), ("the United States", "GPE"), ("Mujahid", "PERSON"),
...                  ("Zabihullah Mujahid", "PERSON")])
['United States', 'United States', 'Zabihullah Mujahid', 'Zabihullah Mujahid']
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from .. import docstate


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


def canonical_names(mentions: Sequence[tuple[str, str]]) -> list[str]:
    """The canonical name of each (surface text, NER label) mention of one document, in the same order."""
    table = aliases()
    names = [surface_name(text) for text, _ in mentions]
    canon: dict[str, str] = {}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, label), name in zip(mentions, names, strict=True):
        canon.setdefault(_key(name), table.get(_key(name), name))
        labels[canon[_key(name)]][label] += 1
    is_person = {name: counts.most_common(1)[0][0] == "PERSON" for name, counts in labels.items()}
    # Longest forms first, so that short forms (surnames, acronyms, plurals) join them; between forms of one
    # length the more often mentioned, then the first mentioned (a set's order here made "Clinton" join
    # "Hillary Clinton" or a misparsed "Reuters Clinton" depending on the process's string hashing)
    first: dict[str, int] = {}
    for value in canon.values():
        first.setdefault(value, len(first))
    full_forms = sorted(first, key=lambda v: (-len(v), -sum(labels[v].values()), first[v]))
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
    return [canon[_key(name)] for name in names]


def actor_mentions(doc: Doc) -> list[Span]:
    """spaCy's named-entity mentions that can name an actor or thing (no numbers, no empty names)."""
    return [ent for ent in doc.ents if ent.label_ not in docstate.NUMERIC_LABELS and surface_name(ent.text)]


def entity_groups(doc: Doc) -> dict[str, list[Span]]:
    """entity id -> its mention spans in text order, from the entities layer's span group."""
    groups: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(docstate.ENTITIES, []):
        groups[span._.spinscope_entity_id].append(span)
    return dict(groups)
