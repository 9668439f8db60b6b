"""Target-dependent tone: how one sentence portrays one mention in it, read from the shared encoder's states.

The article is encoded once by the shared transformer (the techniques model, `Encoded`: last-layer `hidden` and
layer-4 `trunk` states per wordpiece, with character offsets). For a (sentence, target mention) pair this module
cuts the sentence's wordpieces out of that encoding (at most `max_tokens`, centred on the target), marks the
target's wordpieces, and gives calibrated probabilities of negative / neutral / positive. Two designs share the
interface (`config.json` says which one ships; see models/tone/card.md for why):

* ``pooled``: logistic regression on [mean of the target's states, mean of the sentence's, mean of a few words
  around the target] of frozen states (`pooled_features`), stored as numpy arrays (`head.npz`);
* ``top``: two transformer layers of its own over the trunk states, with a learned target-marker vector added at
  the target's wordpieces (the shared encoder's input is unchanged), then target + sentence pooling and a linear
  layer, int8 ONNX (`top.onnx`, inputs ``states``, ``mask``, ``marker``).

Probabilities are temperature-scaled (the temperature fitted on NewsMTSC dev). Labels are the classes of
NewsMTSC: the sentiment of the sentence towards the target, whoever voices it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from spinscope.onnx_models import cpu_session

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "tone"
LABELS = ("negative", "neutral", "positive")
MAX_TOKENS = 128
CONTEXT = 6  # wordpieces on each side of the target pooled as its near context (design "pooled")

Span = tuple[int, int]


class EncodedLike(Protocol):
    """What this module reads from the shared encoder's output (`spinscope.techniques.model.Encoded`)."""

    offs: np.ndarray
    hidden: np.ndarray
    trunk: np.ndarray | None


class ModelMissingError(RuntimeError):
    """The shipped target-tone files are not there (a partial checkout)."""


@dataclass(frozen=True)
class Window:
    """Wordpiece ranges ``[start, end)`` of a sentence (cut to the model's length) and of the target inside it,
    both as indices into the article's encoding."""

    start: int
    end: int
    target_start: int
    target_end: int

    def marker(self) -> np.ndarray:
        """1.0 at the target's wordpieces, 0.0 elsewhere, over the window: the target marking of design "top"."""
        out = np.zeros(self.end - self.start, dtype=np.float32)
        out[self.target_start - self.start : self.target_end - self.start] = 1.0
        return out


def _tokens(offs: np.ndarray, start: int, end: int) -> Span:
    """Wordpiece range ``[a, b)`` of the pieces overlapping characters ``[start, end)`` (a == b if none)."""
    if len(offs) == 0:
        return 0, 0
    idx = np.nonzero((offs[:, 0] < end) & (offs[:, 1] > start))[0]
    if len(idx) == 0:
        return 0, 0
    return int(idx[0]), int(idx[-1]) + 1


def window(offs: np.ndarray, sentence: Span, target: Span, max_tokens: int = MAX_TOKENS) -> Window | None:
    """The wordpieces of `sentence` around `target` (character spans into the encoded text), at most `max_tokens`
    of them, the target centred when the sentence is longer; None when the target has no wordpiece."""
    ta, tb = _tokens(offs, *target)
    if tb <= ta:
        return None
    sa, sb = _tokens(offs, *sentence)
    sa, sb = min(sa, ta), max(sb, tb)  # a target always lies in its own window
    if sb <= sa:
        sa, sb = ta, tb
    tb = min(tb, ta + max_tokens)  # a target longer than the window keeps its first wordpieces
    if sb - sa > max_tokens:
        room = max_tokens - (tb - ta)
        left = max(sa, ta - room // 2)
        right = min(sb, left + max_tokens)
        sa, sb = max(sa, right - max_tokens), right
    return Window(sa, sb, ta, tb)


def pooled_features(states: np.ndarray, win: Window, context: int = CONTEXT) -> np.ndarray:
    """[target mean, sentence mean, near-context mean] of token states (design "pooled"); the near context is
    up to `context` wordpieces on each side of the target inside the window (the target's mean when there are
    none)."""
    target = states[win.target_start : win.target_end].mean(0)
    sentence = states[win.start : win.end].mean(0)
    left = states[max(win.start, win.target_start - context) : win.target_start]
    right = states[win.target_end : min(win.end, win.target_end + context)]
    near = (
        np.concatenate([left, right]) if len(left) + len(right) else states[win.target_start : win.target_end]
    )
    return np.concatenate([target, sentence, near.mean(0)]).astype(np.float32)


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class TargetToneModel:
    """The shipped target classifier (`models/tone/config.json` + `head.npz` or `top.onnx`)."""

    def __init__(self, model_dir: Path | str | None = None, threads: int | None = None, batch_size: int = 32):
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        path = self.dir / "config.json"
        if not path.is_file():
            raise ModelMissingError(f"target-tone model not found in {self.dir}")
        self.config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self.design = str(self.config["design"])
        self.max_tokens = int(self.config.get("max_tokens", MAX_TOKENS))
        self.temperature = float(self.config.get("temperature", 1.0))
        self.states = str(self.config.get("states", "hidden"))  # which Encoded states the head reads
        self.batch_size = batch_size
        self.head: dict[str, np.ndarray] = {}
        self.session: Any = None
        if self.design == "pooled":
            with np.load(self.dir / "head.npz") as data:
                self.head = {k: data[k].astype(np.float32) for k in data.files}
        elif self.design == "top":
            self.session = cpu_session(self.dir / "top.onnx", threads)
        else:
            raise ModelMissingError(f"unknown target-tone design {self.design!r} in {path}")

    def _states(self, enc: EncodedLike) -> list[np.ndarray]:
        """The Encoded states the head reads: ``hidden``, ``trunk`` or ``both`` (pooled design only)."""
        names = ("hidden", "trunk") if self.states == "both" else (self.states,)
        out = [enc.trunk if name == "trunk" else enc.hidden for name in names]
        if any(s is None for s in out):
            raise ModelMissingError("the shared encoder does not give the trunk states the tone model reads")
        return [s for s in out if s is not None]

    def logits(self, enc: EncodedLike, items: Sequence[tuple[Span, Span]]) -> np.ndarray:
        """Raw logits ``[n, 3]`` for (sentence, target) character spans of the encoded text; a target without
        any wordpiece gets zeros (uniform after softmax)."""
        out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        if not items:
            return out
        layers = self._states(enc)
        wins = [window(enc.offs, sentence, target, self.max_tokens) for sentence, target in items]
        found = [i for i, w in enumerate(wins) if w is not None]
        if not found:
            return out
        if self.design == "pooled":
            x = np.stack(
                [np.concatenate([pooled_features(s, wins[i]) for s in layers]) for i in found]  # type: ignore[arg-type]
            )
            x = (x - self.head["mean"]) / self.head["scale"]
            out[found] = x @ self.head["coef"].T + self.head["intercept"]
            return out
        states = layers[0]
        order = sorted(found, key=lambda i: wins[i].end - wins[i].start)  # type: ignore[union-attr]
        for k in range(0, len(order), self.batch_size):
            idx = order[k : k + self.batch_size]
            chosen = [wins[i] for i in idx]
            longest = max(w.end - w.start for w in chosen if w is not None)
            h = np.zeros((len(idx), longest, states.shape[1]), dtype=np.float32)
            mask = np.zeros((len(idx), longest), dtype=np.int64)
            marker = np.zeros((len(idx), longest), dtype=np.float32)
            for j, w in enumerate(chosen):
                assert w is not None
                n = w.end - w.start
                h[j, :n] = states[w.start : w.end]
                mask[j, :n] = 1
                marker[j, :n] = w.marker()
            (logits,) = self.session.run(["logits"], {"states": h, "mask": mask, "marker": marker})
            out[idx] = np.asarray(logits, dtype=np.float32)
        return out

    def probabilities(self, enc: EncodedLike, items: Sequence[tuple[Span, Span]]) -> np.ndarray:
        """Calibrated probabilities ``[n, 3]`` (negative, neutral, positive) of each (sentence, target) pair."""
        return softmax(self.logits(enc, items) / self.temperature)


def available(model_dir: Path | None = None) -> bool:
    return ((model_dir or DEFAULT_DIR) / "config.json").is_file()


@lru_cache(maxsize=1)
def shared_target_model() -> TargetToneModel:
    """The shipped model, loaded once per process (the component and the eval command share it)."""
    return TargetToneModel()
