"""The shared transformer: one pass of the shipped MiniLM per article, read by every layer that needs states.

The techniques model's int8 ONNX encoder (`models/techniques/model.onnx`, fine-tuned all-MiniLM-L6-v2) outputs
per wordpiece its BIO logits, its last hidden states and the states after its 4th layer (the "trunk" the claims
classifier and the actor-tone head put their own top layers on). `SharedEncoder.encode` runs it once over a text
in windows of 256 wordpieces (nothing truncated; overlaps averaged) and returns an `Encoded`; `encode_many`
batches the windows of several texts together.

Tokenisation helpers (`encode_ids`, `windows`, `line_windows`, `batch_inputs`) live here because training and
every model that reads the states must cut texts the same way.

>>> enc = shared_encoder().encode("The corrupt elite left the country in ruin.")
>>> enc.hidden.shape[1], len(enc.ids) == len(enc.offs)
(384, True)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .onnx_models import cpu_session, load_tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "models" / "techniques"
WINDOW = 256  # wordpieces per model input, including [CLS] and [SEP]
CONTENT = WINDOW - 2
CLS_ID = 101
SEP_ID = 102
PAD_ID = 0


def encode_ids(tokenizer, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Wordpiece ids and (start, end) char offsets of ``text``, no special tokens, never truncated."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    keep = offs[:, 1] > offs[:, 0]
    return ids[keep], offs[keep]


def windows(n: int, size: int = CONTENT, stride: int | None = None, phase: int = 0) -> list[tuple[int, int]]:
    """Cover token indices ``[0, n)`` with windows of at most ``size`` tokens.

    With ``stride < size`` the windows overlap; the last window always ends at ``n`` so nothing is truncated.
    ``phase`` (training only) shifts the first cut so that window borders move between epochs.

    >>> windows(600)
    [(0, 254), (254, 508), (508, 600)]
    """
    if n <= 0:
        return []
    stride = stride or size
    out: list[tuple[int, int]] = []
    if phase % size and n > size:
        out.append((0, phase % size))
        start = phase % size
    else:
        start = 0
    while True:
        end = min(n, start + size)
        out.append((start, end))
        if end >= n:
            break
        start += stride
    if stride < size and len(out) >= 2:  # make the last window full-size for more context
        _a, b = out[-1]
        out[-1] = (max(0, b - size), b)
    return out


def line_starts(text: str, offs: np.ndarray) -> np.ndarray:
    """Boolean per token: a line break lies between the previous token and this one."""
    if len(offs) == 0:
        return np.zeros(0, dtype=bool)
    nl = np.cumsum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)
    nl = np.concatenate([[0], nl])  # nl[i] = number of "\n" in text[:i]
    out = np.zeros(len(offs), dtype=bool)
    out[1:] = nl[offs[1:, 0]] > nl[offs[:-1, 1]]
    return out


def line_windows(text: str, offs: np.ndarray, size: int = CONTENT) -> list[tuple[int, int]]:
    """One window per line of ``text`` (a PTC line is a paragraph), lines longer than ``size`` tokens cut into
    equal parts. Spans never cross a line break, so a line is a natural unit for tagging them."""
    n = len(offs)
    if n == 0:
        return []
    cuts = [0, *np.nonzero(line_starts(text, offs))[0].tolist(), n]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        parts = -(-(b - a) // size)
        for k in range(parts):
            out.append((a + (b - a) * k // parts, a + (b - a) * (k + 1) // parts))
    return out


def batch_inputs(
    ids: np.ndarray | Sequence[np.ndarray], wins: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Padded ``input_ids`` and ``attention_mask`` for windows (dynamic padding to the longest). ``ids`` is one
    id array for all windows, or one per window."""
    L = max(b - a for a, b in wins) + 2
    inp = np.full((len(wins), L), PAD_ID, dtype=np.int64)
    att = np.zeros((len(wins), L), dtype=np.int64)
    for i, (a, b) in enumerate(wins):
        row = ids[i] if isinstance(ids, list | tuple) else ids
        inp[i, 0] = CLS_ID
        inp[i, 1 : 1 + b - a] = row[a:b]
        inp[i, 1 + b - a] = SEP_ID
        att[i, : b - a + 2] = 1
    return inp, att


@dataclass
class Encoded:
    """The shared encoder's view of one text; token arrays are indexed like ``ids`` and ``offs``."""

    text: str
    ids: np.ndarray  # [T] wordpiece ids
    offs: np.ndarray  # [T, 2] character offsets into `text`
    probs: np.ndarray  # [T, 3] averaged BIO probabilities of the techniques tagger
    hidden: np.ndarray  # [T, H] averaged last hidden states
    wins: list[tuple[int, int]]
    win_hidden: list[np.ndarray]  # per window [n+2, H] (with [CLS] and [SEP])
    trunk: np.ndarray | None = None  # [T, H] averaged states after layer `trunk_layer`

    def tokens_in(self, start: int, end: int) -> tuple[int, int]:
        """Token range ``[a, b)`` of the wordpieces overlapping characters ``[start, end)`` (a == b if none)."""
        idx = np.nonzero((self.offs[:, 0] < end) & (self.offs[:, 1] > start))[0]
        if len(idx) == 0:
            return 0, 0
        return int(idx[0]), int(idx[-1]) + 1


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax (the BIO head here, the technique head in `techniques.model`)."""
    x = x - x.max(axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


class SharedEncoder:
    """The ONNX session, tokenizer and windowing of the shipped transformer."""

    def __init__(
        self,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        batch_size: int | None = None,
        stride: int | None = None,
        onnx_file: Path | str | None = None,
    ):
        self.dir = Path(model_dir) if model_dir else MODEL_DIR
        self.config = json.loads((self.dir / "config.json").read_text())
        self.tokenizer = load_tokenizer(self.dir / "tokenizer.json")
        # "window": consecutive 254-wordpiece windows over the article; "line": one input per line (paragraph)
        self.unit = str(self.config.get("unit", "window"))
        self.batch_size = batch_size or (32 if self.unit == "line" else 8)
        self.stride = stride or int(self.config.get("stride", CONTENT))
        self.session = cpu_session(onnx_file or self.dir / "model.onnx", threads)
        outputs = {o.name: o for o in self.session.get_outputs()}
        self.has_trunk = "trunk" in outputs
        self.trunk_layer = self.config.get("trunk_layer")
        self._last: Encoded | None = None

    @property
    def hidden_size(self) -> int:
        return int(self.config.get("hidden_size", 384))

    def windows_of(self, text: str, ids: np.ndarray, offs: np.ndarray) -> list[tuple[int, int]]:
        return line_windows(text, offs) if self.unit == "line" else windows(len(ids), CONTENT, self.stride)

    def encode(self, text: str) -> Encoded:
        return self.encode_many([text])[0]

    def encode_cached(self, text: str) -> Encoded:
        """`encode`, remembering the last text (callers outside a pipeline that ask twice for one article, such
        as the PTC commands). Safe when threads share the encoder: a caller always gets its own text's states."""
        last = self._last
        if last is None or last.text != text:
            last = self.encode(text)
            self._last = last
        return last

    def encode_many(self, texts: Sequence[str]) -> list[Encoded]:
        """Encode several texts, their windows batched together (sorted by length, so padding stays small).

        Faster for many short texts, but the int8 model's activation scales are per batch, so a text's states
        depend slightly on the texts batched with it; the pipeline encodes each article on its own."""
        H = self.hidden_size
        prepared = []
        jobs: list[tuple[int, int, int, int]] = []  # (text index, window index, a, b)
        for t, text in enumerate(texts):
            ids, offs = encode_ids(self.tokenizer, text)
            wins = self.windows_of(text, ids, offs)
            T = len(ids)
            enc = Encoded(
                text,
                ids,
                offs,
                np.zeros((T, 3), np.float32),
                np.zeros((T, H), np.float32),
                wins,
                [np.zeros((0, H), np.float32)] * len(wins),
                np.zeros((T, H), np.float32) if self.has_trunk else None,
            )
            prepared.append((enc, np.zeros(T, np.float32)))
            jobs += [(t, w, a, b) for w, (a, b) in enumerate(wins)]
        jobs.sort(key=lambda j: j[3] - j[2])
        for k in range(0, len(jobs), self.batch_size):
            batch = jobs[k : k + self.batch_size]
            inp, att = batch_inputs([prepared[t][0].ids for t, *_ in batch], [(a, b) for *_, a, b in batch])
            logits, hid, *rest = self.session.run(None, {"input_ids": inp, "attention_mask": att})
            p = softmax(logits.astype(np.float32))
            for j, (t, w, a, b) in enumerate(batch):
                enc, count = prepared[t]
                n = b - a
                # down-weight tokens near window borders (less context)
                pos = np.arange(n)
                weight = (np.minimum(np.minimum(pos + 1, n - pos), 32.0) / 32.0).astype(np.float32)
                enc.probs[a:b] += p[j, 1 : 1 + n] * weight[:, None]
                enc.hidden[a:b] += hid[j, 1 : 1 + n] * weight[:, None]
                if enc.trunk is not None:
                    enc.trunk[a:b] += rest[0][j, 1 : 1 + n] * weight[:, None]
                count[a:b] += weight
                enc.win_hidden[w] = hid[j, : n + 2].astype(np.float32)
        out = []
        for enc, count in prepared:
            if len(count):
                enc.probs /= count[:, None]
                enc.hidden /= count[:, None]
                if enc.trunk is not None:
                    enc.trunk /= count[:, None]
            out.append(enc)
        return out


@lru_cache(maxsize=1)
def shared_encoder() -> SharedEncoder:
    """The shipped encoder, loaded once per process (the pipeline's component and the PTC/eval commands)."""
    return SharedEncoder()
