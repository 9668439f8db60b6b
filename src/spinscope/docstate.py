"""What spinscope keeps on a spaCy `Doc`, defined once: span keys, `Doc._`/`Span._` extensions, metadata,
settings, warnings and which layers ran.

Components write through these names and the exporters read through them, so a key or an extension is spelled in
one place (textacy keeps its extensions in one table the same way). Importing this module registers every
extension; registering is idempotent.

>>> import spacy
>>> doc = spacy.blank("en")("Kabul (IP) - One year has passed.")
>>> mark_ran(doc, "tone"); ran(doc, "tone"), ran(doc, "quotes")
(True, False)
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

# Entity labels that name an actor (a person, an organisation, a place acting as a state, a group); the other
# NER labels are things, events, works or numbers.
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP")
# Numeric NER labels: left to the claims layer's normaliser, never actors.
NUMERIC_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)

ENTITIES = "spinscope.entities"
QUOTES = "spinscope.quotes"
OUTLET = "spinscope.outlet"
TECHNIQUES = "spinscope.techniques"
CLAIMS = "spinscope.claims"
TONE = "spinscope.tone"


# Every extension spinscope sets, with what it holds. Span extensions are keyed by offsets in spaCy, so one
# phrase carries one value per extension (several techniques on one phrase share a dict).
SPAN_EXTENSIONS: dict[str, str] = {
    "spinscope_entity_id": "entities: the actor id (E1, E2 ...) of a mention",
    "spinscope_canonical": "entities: the actor's canonical name",
    "spinscope_quote": "quotes: the attribution (a `quotes` dataclass) of a quote span",
    "spinscope_outlet_id": "outlet: the outlet a textual clue names",
    "spinscope_techniques": "techniques: {technique: calibrated score} of a phrase",
    "spinscope_phrase_score": "techniques: calibrated P(the phrase uses a technique, whichever), the 'likely' test",
    "spinscope_attribution": "techniques: the quotation a phrase lies in and whose (None: the outlet's voice)",
    "spinscope_claim": "claims: the claim's score, kind, quantities and speaker",
}
DOC_EXTENSIONS: dict[str, str] = {
    "spinscope_sourcing": "quotes: the article's sourcing summary",
    "spinscope_outlet": "outlet: the identified outlet with its evidence and ratings",
    "spinscope_tone": "tone: document tone and per-actor tone",
    "spinscope_persuasion": "techniques: the article's persuasion index (`techniques.persuasion.Assessment` as plain data)",
    "spinscope_encoded": "encoder: the shared transformer's states of the text (`encoder.Encoded`)",
}
for _name in SPAN_EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
for _name in DOC_EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_LAYERS_RAN = "spinscope_layers"
_WARNINGS = "spinscope_warnings"
_WARNING_PLACES = "spinscope_warning_places"
_META = "spinscope_meta"
_SETTINGS = "spinscope_settings"
_LANGUAGE = "spinscope_language"


def mark_ran(doc: Doc, layer: str) -> None:
    """Record that a layer ran, so that export can tell "ran, found nothing" from "did not run"."""
    done = doc.user_data.setdefault(_LAYERS_RAN, [])
    if layer not in done:
        done.append(layer)


def ran(doc: Doc, layer: str) -> bool:
    return layer in doc.user_data.get(_LAYERS_RAN, [])


def layers_ran(doc: Doc) -> list[str]:
    return list(doc.user_data.get(_LAYERS_RAN, []))


def warn(doc: Doc, message: str, at: tuple[int, int] | None = None) -> None:
    """Record a warning for the Analysis; `at` = (start, end) of the place in the text it points at, so the HTML
    report can link to it instead of citing a character offset."""
    warnings = doc.user_data.setdefault(_WARNINGS, [])
    if message not in warnings:
        warnings.append(message)
        if at is not None:
            doc.user_data.setdefault(_WARNING_PLACES, []).append([message, int(at[0]), int(at[1])])


def warnings_of(doc: Doc) -> list[str]:
    return list(doc.user_data.get(_WARNINGS, []))


def warning_places(doc: Doc) -> list[tuple[str, int, int]]:
    """(message, start, end) of the warnings that point at a place in the text."""
    return [(str(m), int(a), int(b)) for m, a, b in doc.user_data.get(_WARNING_PLACES, [])]


def set_meta(doc: Doc, meta: dict[str, Any]) -> None:
    """The ingestion metadata (title, url, author, published ISO date, site_name, source, extra)."""
    doc.user_data[_META] = meta


def meta(doc: Doc) -> dict[str, Any]:
    return dict(doc.user_data.get(_META) or {})


def set_settings(doc: Doc, settings: dict[str, dict[str, Any]]) -> None:
    doc.user_data[_SETTINGS] = settings


def settings_of(doc: Doc) -> dict[str, dict[str, Any]]:
    return dict(doc.user_data.get(_SETTINGS) or {})


def document_options(doc: Doc, layer: str) -> dict[str, Any]:
    """The options given for `layer` to this document: the pipeline's settings, overridden by per-article ones
    (`Pipeline.analyze(..., settings=...)`, an API request's `settings`)."""
    return dict(settings_of(doc).get(layer, {}))


def set_language(doc: Doc, code: str, probability: float) -> None:
    doc.user_data[_LANGUAGE] = (code, probability)


def language(doc: Doc) -> tuple[str, float] | None:
    value = doc.user_data.get(_LANGUAGE)
    return (str(value[0]), float(value[1])) if value else None


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined from two arrays of the Doc (each word's text and whether a space follows): spaCy
    builds `doc.text` from a new `Token` per word on every access (a few ms for a long article); the quotes
    layer and the shared encoding's check of its text read it here.

    >>> import spacy
    >>> doc_text(spacy.blank("en")("Hello,  world!")) == "Hello,  world!"
    True
    """
    strings = doc.vocab.strings
    return "".join(
        strings[orth] + " " if space else strings[orth]
        for orth, space in doc.to_array([ORTH, SPACY]).tolist()
    )
