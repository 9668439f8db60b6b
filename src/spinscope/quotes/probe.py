"""What the shared encoder's states say about each word's role in an attribution: a linear probe.

The rules propose candidate attributions and the filter (`learned`) scores them from sparse features of the
parse. Those features see the cue, its subject and the shape of the complement, not whether the words of the
content *read* like reported speech. The techniques layer's encoder has already read the article (`encoded`,
once per article for every layer), so a multinomial logistic regression over its last and layer-4 states gives,
per wordpiece, P(outside / content / cue / source) at no encoder cost of its own. The filter reads those
probabilities, bucketed, beside its own features (`features`).

Fitted on PolNeAR train by `spinscope.training.quotes.train --probe` (the filter's cross-validation reads the
probe's out-of-fold probabilities, so it learns how much to trust them on new text). The probe belongs to the
encoder it was fitted on: `probe.npz` records that encoder's digest, and a different encoder switches the probe
off (the filter then scores without its features, as for a filter fitted without a probe), so a probe never
reads states it was not fitted on; for the shipped files a test fails when the techniques model is retrained and
the quotes layer is not refitted.

>>> import numpy as np
>>> probe = Probe(np.zeros((2, 4), np.float32), np.array([0.0, 1.0, 0.0, 0.0], np.float32), "x")
>>> [round(float(v), 2) for v in probe.wordpiece_probs(np.zeros((3, 1)), np.zeros((3, 1)))[0]]
[0.17, 0.48, 0.17, 0.17]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from ..encoder import Encoded, softmax
from .rules import Candidate, Fragment

ROLES = ("outside", "content", "cue", "source")
PROBE_FILE = "probe.npz"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "quotes"


def encoder_digest(model_dir: Path) -> str:
    """A short digest of the encoder graph whose states the probe reads."""
    with open(Path(model_dir) / "model.onnx", "rb") as f:
        return hashlib.file_digest(f, "blake2b").hexdigest()[:16]


@dataclass
class Probe:
    """``weight`` ``[2H, 4]`` and ``bias`` over ``[hidden ; trunk]`` (standardisation folded in)."""

    weight: np.ndarray
    bias: np.ndarray
    encoder: str  # `encoder_digest` of the encoder it was fitted on

    def wordpiece_probs(self, hidden: np.ndarray, trunk: np.ndarray) -> np.ndarray:
        """``[T, 4]`` role probabilities per wordpiece."""
        x = np.concatenate([hidden, trunk], axis=1).astype(np.float32)
        return softmax(x @ self.weight + self.bias)

    def token_probs(self, doc: Doc, enc: Encoded) -> np.ndarray:
        """``[len(doc), 4]``: per spaCy token the mean over its wordpieces (`token_probs`)."""
        if enc.trunk is None:
            raise ValueError("the encoder has no trunk output; the probe reads it")
        return token_probs(doc, enc.offs, self.wordpiece_probs(enc.hidden, enc.trunk))

    def save(self, path: Path) -> None:
        np.savez(path, weight=self.weight, bias=self.bias, encoder=np.array(self.encoder))

    @classmethod
    def load(cls, path: Path) -> Probe:
        data = np.load(path)
        return cls(data["weight"].astype(np.float32), data["bias"].astype(np.float32), str(data["encoder"]))


def token_probs(doc: Doc, offs: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Per spaCy token of ``doc``, the mean of ``probs`` over the wordpieces (character offsets ``offs``) it
    overlaps; whitespace tokens get zeros. Vectorised (cumulative sums): it runs on every article."""
    out = np.zeros((len(doc), probs.shape[1]), np.float32)
    if len(offs) == 0 or len(doc) == 0:
        return out
    attrs = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)  # no `Token` per word
    starts = attrs[:, 0]
    ends = starts + attrs[:, 1]
    space = attrs[:, 2].astype(bool)
    a = np.searchsorted(offs[:, 1], starts, side="right")  # first wordpiece ending after the token's start
    b = np.searchsorted(offs[:, 0], ends, side="left")  # first wordpiece starting at or after its end
    cum = np.vstack([np.zeros((1, probs.shape[1])), np.cumsum(probs, axis=0, dtype=np.float64)])
    n = (b - a).astype(np.float64)
    ok = (n > 0) & ~space
    out[ok] = ((cum[b[ok]] - cum[a[ok]]) / n[ok, None]).astype(np.float32)
    return out


def _bucket(v: float, n: int) -> str:
    return str(min(n - 1, max(0, int(v * n))))


def _tokens_of(doc: Doc, frags: list[Fragment]) -> list[int]:
    out: list[int] = []
    for s, e in frags:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out += [t.i for t in span if not t.is_space]
    return out


def features(doc: Doc, cand: Candidate, probs: np.ndarray) -> list[str]:
    """Bucketed probe features of a candidate: how content-like its content is (mean over its words, and its
    two edge words against the words just outside), how cue-like its cue and how source-like its speaker."""
    toks = _tokens_of(doc, cand.content)
    if not toks:
        return ["probe_content=none"]
    pc = float(probs[toks, 1].mean())
    first, last = toks[0], toks[-1]
    before = float(probs[first - 1, 1]) if first > 0 else 0.0
    after = float(probs[last + 1, 1]) if last + 1 < len(doc) else 0.0
    cue = _tokens_of(doc, cand.cue)
    pq = float(probs[cue, 2].mean()) if cue else 0.0
    out = [
        f"probe_content={_bucket(pc, 10)}",
        f"probe_outside={_bucket(max(before, after), 5)}",
        f"probe_edges={_bucket(min(float(probs[first, 1]), float(probs[last, 1])), 5)}",
        f"probe_cue={_bucket(pq, 5)}",
        f"probe_origin={cand.origin}|{_bucket(pc, 5)}",
    ]
    if cand.speaker is not None:
        s, e = cand.speaker
        words = [i for i in range(s, e) if not doc[i].is_space]
        ps = float(probs[words, 3].mean()) if words else 0.0
        out.append(f"probe_source={_bucket(ps, 5)}")
    return out


@lru_cache(maxsize=2)
def load_probe(path: str | None = None, encoder_dir: str | None = None) -> Probe | None:
    """The shipped probe (or one at ``path``) when it was fitted on the encoder in ``encoder_dir`` (default: the
    shipped techniques model); None otherwise (no probe file, or another encoder)."""
    from ..encoder import MODEL_DIR as ENCODER_DIR

    file = Path(path) if path is not None else MODEL_DIR / PROBE_FILE
    if not file.is_file():
        return None
    probe = Probe.load(file)
    if probe.encoder != encoder_digest(Path(encoder_dir) if encoder_dir else ENCODER_DIR):
        return None
    return probe
