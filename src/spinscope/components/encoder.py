"""`spinscope/encoder`: one pass of the shared transformer per article, kept on the Doc for the layers that read it.

In the spirit of spaCy's `transformer` component with its listeners: the techniques, claims and tone layers never
run the transformer themselves; they read `Doc._.spinscope_encoded` (a `spinscope.encoder.Encoded`: wordpiece
offsets, BIO probabilities, last and trunk states). `pipe()` encodes a stream of articles one by one, each with
its windows batched together, but never mixes windows of two articles in one batch: the int8 model quantises its
activations with one scale per batch tensor, so a mixed batch would make an article's phrases depend on the
articles beside it in the stream (measured: one phrase of the example appeared or not), and `nlp.pipe()` must
give what `nlp()` gives. `spinscope/encoder_release` (added last by the pipeline) drops the states once every layer has
read them, so Docs stay small (and picklable for `nlp.pipe(n_process=2)`).

>>> import spinscope
>>> doc = spinscope.load(layers=["techniques"]).nlp("They left nothing but ruin and poverty.")
>>> doc._.spinscope_encoded is None   # released at the end of the pipeline
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..encoder import Encoded, SharedEncoder, shared_encoder


def encoded(doc: Doc) -> Encoded:
    """The shared encoder's states of ``doc``; encodes now when the component did not run (a Doc built by hand)."""
    enc = doc._.spinscope_encoded
    if enc is None or enc.text != doc.text:
        enc = shared_encoder().encode(doc.text)
        doc._.spinscope_encoded = enc
    return enc


class EncoderComponent:
    def __init__(self, encoder: SharedEncoder | None = None) -> None:
        self.encoder = encoder or shared_encoder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.spinscope_encoded = self.encoder.encode(doc.text)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class EncoderRelease:
    def __call__(self, doc: Doc) -> Doc:
        doc._.spinscope_encoded = None
        return doc


@Language.factory("spinscope/encoder", assigns=["doc._.spinscope_encoded"])
def make_encoder(nlp: Language, name: str) -> EncoderComponent:
    return EncoderComponent()


@Language.factory("spinscope/encoder_release", assigns=["doc._.spinscope_encoded"])
def make_encoder_release(nlp: Language, name: str) -> EncoderRelease:
    return EncoderRelease()
