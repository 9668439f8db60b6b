"""Runtime check-worthiness classifier: transformer layers of its own (int8 ONNX) on the techniques encoder's trunk.

    from spinscope.claims.model import ClaimModel
    model = ClaimModel()                        # loads src/spinscope/models/claims (on the shared encoder) once
    model.scores(["Unemployment fell to 3.5 percent last year.", "Thank you all."])   # calibrated P(check-worthy)
    model.span_scores(article_text, [(0, 52), (53, 120)])                       # sentences read in their article

The shared encoder (`spinscope.encoder`, the techniques layer's int8 MiniLM) outputs the states after its 4th layer
(`trunk`). The claims classifier (`top.onnx`: MiniLM's layer 5 fine-tuned for check-worthiness + mean pooling +
one logit; the layer count is the model's, this code runs any) runs on the trunk states of a sentence's tokens.
In an article the trunk states come from the pipeline's one encoding of the article (`Doc._.spinscope_encoded`,
see `span_logits_encoded`). `config.json` holds the Platt calibration and the check-first bar (fitted on CT24 dev,
on what runs) and the default threshold (chosen over CT24 dev and dev-test: `training.claims.select`). See
`models/claims/card.md`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from spinscope.onnx_models import cpu_session

if TYPE_CHECKING:
    from spinscope.encoder import Encoded, SharedEncoder

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "claims"


class ModelMissingError(RuntimeError):
    """The shipped model files are not there (e.g. a partial checkout)."""


def sentence_states(
    trunk: SharedEncoder, texts: Sequence[str], max_tokens: int, batch_size: int = 32
) -> list[np.ndarray]:
    """Trunk states ``[n, H]`` of each text read on its own (``[CLS] text [SEP]``, at most ``max_tokens``
    wordpieces; the special tokens' states are dropped, as in an article)."""
    from spinscope import encoder as E

    encoded = [E.encode_ids(trunk.tokenizer, text)[0][:max_tokens] for text in texts]
    out: list[np.ndarray] = [np.zeros((0, trunk.hidden_size), np.float32)] * len(texts)
    order = sorted((i for i in range(len(texts)) if len(encoded[i])), key=lambda i: len(encoded[i]))
    for k in range(0, len(order), batch_size):
        idx = order[k : k + batch_size]
        longest = max(len(encoded[i]) for i in idx) + 2
        ids = np.full((len(idx), longest), E.PAD_ID, dtype=np.int64)
        mask = np.zeros((len(idx), longest), dtype=np.int64)
        for j, i in enumerate(idx):
            n = len(encoded[i])
            ids[j, 0], ids[j, 1 : n + 1], ids[j, n + 1] = E.CLS_ID, encoded[i], E.SEP_ID
            mask[j, : n + 2] = 1
        (states,) = trunk.session.run(["trunk"], {"input_ids": ids, "attention_mask": mask})
        for j, i in enumerate(idx):
            out[i] = np.asarray(states[j, 1 : len(encoded[i]) + 1], dtype=np.float32)
    return out


def token_ranges(enc: Encoded, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """`Encoded.tokens_in` of every span, with two binary searches over all spans at once when the wordpiece
    offsets run in order (they do for an article: then the tokens overlapping [start, end) are those ending after
    `start` and starting before `end`, one run), else span by span."""
    offs = enc.offs
    if not len(spans) or not len(offs) or not bool(np.all(offs[1:] >= offs[:-1])):
        return [enc.tokens_in(start, end) for start, end in spans]
    bounds = np.asarray(spans, dtype=offs.dtype).reshape(-1, 2)
    first = np.searchsorted(
        offs[:, 1], bounds[:, 0], side="right"
    ).tolist()  # the first token ending after start
    stop = np.searchsorted(offs[:, 0], bounds[:, 1], side="left").tolist()  # the tokens starting before end
    return [(a, b) if a < b else (0, 0) for a, b in zip(first, stop, strict=True)]


class ClaimModel:
    """The classifier on the shared encoder's trunk; ``batch_size`` sentences per trunk batch when sentences are
    read on their own (`logits`), ``top_batch`` per batch of the classifier's own layers.

    Why ``top_batch`` is 8: the classifier's batches are sorted by length but an article's sentences still vary,
    and at 32 a third of the positions were padding; 8 costs about a quarter less time (median PTC dev article,
    same machine, same load). int8 activation scales are per batch, so a score depends a little on the batch
    (up to about 0.3 logit): calibration, threshold and the check-first bar are fitted with the same batching
    (`training.claims.select`)."""

    def __init__(
        self,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        batch_size: int = 32,
        trunk: SharedEncoder | None = None,
        top_batch: int = 8,
    ):
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        if not (self.dir / "config.json").is_file() or not (self.dir / "top.onnx").is_file():
            raise ModelMissingError(f"claims model not found in {self.dir}")
        self.config: dict[str, Any] = json.loads((self.dir / "config.json").read_text(encoding="utf-8"))
        self.max_tokens = int(self.config.get("max_tokens", 126))
        cal = self.config.get("calibration", {})
        self.a = float(cal.get("a", 1.0))
        self.b = float(cal.get("b", 0.0))
        self.threshold = float(self.config.get("threshold", 0.5))
        self.batch_size = batch_size
        self.top_batch = top_batch
        self.session = cpu_session(self.dir / "top.onnx", threads)
        if trunk is None:
            from spinscope.encoder import shared_encoder

            trunk = shared_encoder()
        if not trunk.has_trunk:
            raise ModelMissingError(
                "the techniques model does not export the 'trunk' states the claims model needs"
            )
        expected, exported = self.config.get("trunk_layer"), trunk.config.get("trunk_layer")
        if expected != exported:
            raise ModelMissingError(
                f"the claims model was trained on the techniques encoder's layer {expected}, "
                f"the techniques model exports layer {exported}: retrain it (make train-claims)"
            )
        self.trunk = trunk

    def top_logits(self, states: Sequence[np.ndarray]) -> np.ndarray:
        """Logits of the classifier for token states ``[n, H]`` (similar lengths batched together); a sentence
        without tokens gets -inf (probability 0)."""
        out = np.full(len(states), -np.inf, dtype=np.float32)
        order = sorted((i for i in range(len(states)) if len(states[i])), key=lambda i: len(states[i]))
        for k in range(0, len(order), self.top_batch):
            idx = order[k : k + self.top_batch]
            longest = max(len(states[i]) for i in idx)
            h = np.zeros((len(idx), longest, states[idx[0]].shape[1]), dtype=np.float32)
            mask = np.zeros((len(idx), longest), dtype=np.int64)
            for j, i in enumerate(idx):
                h[j, : len(states[i])] = states[i]
                mask[j, : len(states[i])] = 1
            (logits,) = self.session.run(["logits"], {"states": h, "mask": mask})
            out[idx] = np.asarray(logits, dtype=np.float32).reshape(-1)
        return out

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw logits of sentences read on their own (the evaluation sets are lists of sentences)."""
        return self.top_logits(sentence_states(self.trunk, texts, self.max_tokens, self.batch_size))

    def span_logits(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Raw logits of character spans of ``text``, read in context from the article's (cached) encoding."""
        return self.span_logits_encoded(self.trunk.encode_cached(text), spans)

    def span_logits_encoded(self, enc: Encoded, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """`span_logits` on the shared encoder's states of the article."""
        if enc.trunk is None:
            raise ModelMissingError("the shared encoder's states hold no 'trunk' output")
        states = [enc.trunk[a : min(b, a + self.max_tokens)] for a, b in token_ranges(enc, spans)]
        return self.top_logits(states)

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        z = self.a * logits + self.b
        with np.errstate(over="ignore"):
            return (1.0 / (1.0 + np.exp(-z))).astype(np.float64)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability that each sentence is a check-worthy factual claim."""
        return self.calibrate(self.logits(texts))

    def span_scores(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Calibrated probability for each character span of an article (its sentences or clauses)."""
        return self.calibrate(self.span_logits(text, spans))


def shared_model(model_dir: str | Path | None = None) -> ClaimModel:
    """One loaded model per process and folder (components and the eval command share it; `shared_model()` and
    `shared_model(None)` are the same model)."""
    return _loaded(str(model_dir) if model_dir else "")


@lru_cache(maxsize=2)
def _loaded(model_dir: str) -> ClaimModel:
    return ClaimModel(model_dir or None)
