"""The shared encoder runs in the background while spaCy parses, and the layers read the same states as inline."""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np
import pytest

from spinscope.components import encoder as component
from spinscope.encoder import shared_encoder
from spinscope.pipeline import Pipeline


def test_encoder_runs_first_and_layers_wait_for_its_states(pipeline: Pipeline, example_text: str) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index("spinscope/encoder") < names.index("tok2vec")  # before spaCy's parse, not after it
    doc = pipeline.make_doc(pipeline.to_document(example_text))
    doc = pipeline.nlp.get_pipe("spinscope/encoder")(doc)
    assert isinstance(doc._.spinscope_encoded, Future)
    states = component.encoded(doc)
    assert doc._.spinscope_encoded is states  # resolved once, then kept for the next layer
    inline = shared_encoder().encode(example_text)
    for name in ("ids", "offs", "probs", "hidden", "trunk"):
        assert np.array_equal(getattr(states, name), getattr(inline, name)), name


def test_release_drops_states_it_was_never_asked_for(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.get_pipe("spinscope/encoder")(pipeline.nlp.make_doc("Nobody read this."))
    pending = doc._.spinscope_encoded
    pipeline.nlp.get_pipe("spinscope/encoder_release")(doc)
    assert doc._.spinscope_encoded is None
    # cut before it started, or it ends unread
    assert pending.cancelled() or pending.result(timeout=60).text == "Nobody read this."


def test_a_forked_process_gets_its_own_encoder_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork (spaCy's `n_process` workers) keeps the executor but not its thread: a new one is made."""
    first = component.background()
    assert component.background() is first
    monkeypatch.setattr(component.os, "getpid", lambda: -1)
    second = component.background()
    assert second is not first and second.submit(lambda: 42).result(timeout=30) == 42
    second.shutdown()  # the next call, back in this process's pid, makes a fresh one


def test_an_encoding_of_other_text_is_replaced_even_after_a_checked_one(pipeline: Pipeline) -> None:
    """The text is compared once per encoding (Doc.text is rebuilt on each access); an encoding put on the Doc
    later is compared again."""
    doc = pipeline.nlp.make_doc("The minister resigned on Friday.")
    first = component.encoded(doc)  # none yet: encoded now, and checked
    assert first.text == doc.text and component.encoded(doc) is first
    doc._.spinscope_encoded = shared_encoder().encode("Another text entirely.")
    again = component.encoded(doc)
    assert again.text == doc.text and again is not first
