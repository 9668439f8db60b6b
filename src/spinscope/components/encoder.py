"""`spinscope/encoder`: one pass of the shared transformer per article, kept on the Doc for the layers that read it.

In the spirit of spaCy's `transformer` component with its listeners: the techniques, quotes, claims and tone
layers never run the transformer themselves; they read the states through `encoded(doc)` (a
`spinscope.encoder.Encoded`: wordpiece offsets, BIO probabilities, last and trunk states).

The encoder reads nothing but the text, so the pipeline puts it first, before spaCy's own components, and it
runs in the background: `__call__` hands the article to one encoder thread per process and leaves a
`concurrent.futures.Future` in `Doc._.spinscope_encoded`; spaCy parses the article on the calling thread while
onnxruntime (which releases the GIL) encodes it, and the first layer that calls `encoded(doc)` waits for the
states. spaCy's parse runs on one core, so on two cores the encoding costs little wall time beside it (measured in
`benchmarks/pipeline_speed.py`). The states are the same as when encoded inline: one article per encoder call, its
windows batched together, in the same order. `pipe()` encodes a stream of articles one by one in the same way,
never mixing windows of two articles in one batch: the int8 model quantises its activations with one scale per
batch tensor, so a mixed batch would make an article's phrases depend on the articles beside it in the stream
(measured: one phrase of the example appeared or not), and `nlp.pipe()` must give what `nlp()` gives.
`spinscope/encoder_release` (added last by the pipeline) drops the states once every layer has read them, so Docs
stay small (and picklable for `nlp.pipe(n_process=2)`).

>>> import spinscope
>>> doc = spinscope.load(layers=["techniques"]).nlp("They left nothing but ruin and poverty.")
>>> doc._.spinscope_encoded is None   # released at the end of the pipeline
True
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from spacy.language import Language
from spacy.tokens import Doc

from ..docstate import doc_text
from ..encoder import Encoded, SharedEncoder, shared_encoder

_lock = threading.Lock()
_executor: tuple[int, ThreadPoolExecutor] | None = None


def background() -> ThreadPoolExecutor:
    """The process's one encoder thread. Made again in a forked child (spaCy's `n_process` workers): a fork keeps
    the executor object but not its thread, and work given to it there would never run."""
    global _executor
    with _lock:
        if _executor is None or _executor[0] != os.getpid():
            _executor = (
                os.getpid(),
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="spinscope-encoder"),
            )
        return _executor[1]


_CHECKED = "spinscope_encoded_checked"  # Doc.user_data key: id() of the encoding whose text matched the Doc's


def encoded(doc: Doc) -> Encoded:
    """The shared encoder's states of ``doc``: waits for the background encoding the component started, or
    encodes now when the component did not run (a Doc built by hand)."""
    enc = doc._.spinscope_encoded
    if isinstance(enc, Future):
        enc = enc.result()
        doc._.spinscope_encoded = enc
    # spaCy joins `Doc.text` from the tokens on every access (4 ms on a median article, and three layers ask; the
    # text is joined here from the Doc's arrays instead, `docstate.doc_text`):
    # the text is compared once per encoding, and the encoding that passed is remembered by identity
    if enc is not None and doc.user_data.get(_CHECKED) == id(enc):
        return enc
    text = doc_text(doc)
    if enc is None or enc.text != text:
        enc = shared_encoder().encode(text)
        doc._.spinscope_encoded = enc
    doc.user_data[_CHECKED] = id(enc)
    return enc


class EncoderComponent:
    def __init__(self, encoder: SharedEncoder | None = None) -> None:
        self.encoder = encoder or shared_encoder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.spinscope_encoded = background().submit(self.encoder.encode, doc.text)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class EncoderRelease:
    def __call__(self, doc: Doc) -> Doc:
        pending = doc._.spinscope_encoded
        if isinstance(pending, Future):
            pending.cancel()  # no layer read it: no need to encode (a running encoding just ends unread)
        doc._.spinscope_encoded = None
        return doc


@Language.factory("spinscope/encoder", assigns=["doc._.spinscope_encoded"])
def make_encoder(nlp: Language, name: str) -> EncoderComponent:
    return EncoderComponent()


@Language.factory("spinscope/encoder_release", assigns=["doc._.spinscope_encoded"])
def make_encoder_release(nlp: Language, name: str) -> EncoderRelease:
    return EncoderRelease()
