"""The accurate profile's phrase finder: the all-mpnet-base-v2 teacher, in int8 ONNX, in the student's tokens.

`spinscope analyze --profile accurate` (``spinscope.load(profile="accurate")``) finds technique phrases with the
teacher instead of the shipped MiniLM student: about 3 points of SI F1 more on PTC dev, at about ten times the
time (figures in ``models/techniques-accurate/card.md``), and names the technique of each phrase with its own
head over the teacher's states (`techniques.head`, 3 points of TC micro-F1 more). The claims and tone layers
(they read the student's trunk) and the persuasion index (calibrated on the student's phrases) stay the
student's. The model is assembled at install time (`spinscope.techniques.assemble`); until then the profile says
how to install it.

The teacher reads an article in windows of 254 wordpieces of its own vocabulary; its BIO probabilities are
mapped onto the student's wordpieces (`to_student`) so that the student's decoding code runs on them unchanged,
with the decoding and calibration fitted for the teacher on PTC dev; its technique head reads the teacher's own
wordpieces' states (`AccurateTagger.encode`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..encoder import CONTENT, Encoded, encode_ids, softmax, windows
from ..ingest import InputError
from ..onnx_models import cpu_session, load_tokenizer
from . import assemble
from . import spans as S
from .assemble import NEEDS, accurate_dir, is_installed
from .head import TechniqueHead
from .model import DEFAULT_DIR as STUDENT_DIR
from .model import Decoding, Isotonic, Prediction, TechniqueModel

PROFILES = ("default", "accurate")
HIDDEN = "hidden"  # the graph output of the teacher's last hidden states, which its technique head reads
STRIDE = 127  # the teacher's windows overlap by half (its PTC dev figures were taken so)


def check_profile(profile: str) -> str:
    """``profile`` if it is one of `PROFILES`, else an `InputError` naming them."""
    if profile not in PROFILES:
        raise InputError(f"unknown profile '{profile}' (known profiles: {', '.join(PROFILES)})")
    return profile


def to_student(teacher_probs: np.ndarray, teacher_offs: np.ndarray, student_offs: np.ndarray) -> np.ndarray:
    """BIO probabilities ``[S, 3]`` for the student's tokens from the teacher's ``[T, 3]`` (by character offsets).

    Both models are uncased WordPiece with the same pre-tokenisation, so on news text the offsets coincide
    (30 PolNeAR articles: 29,090 of 29,090); otherwise a student token takes the row of the first teacher token
    it overlaps (the first-subtoken convention of BIO tagging: a word is B when its first piece is).

    >>> p = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]])
    >>> t = np.array([[0, 3], [3, 5], [6, 9]])
    >>> bool(np.allclose(to_student(p, t, t), p))                        # same tokens: copied
    True
    >>> to_student(p, t, np.array([[0, 5], [6, 9]])).astype(float).round(2).tolist()  # one token over two
    [[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]]
    """
    out = np.zeros((len(student_offs), 3), dtype=np.float32)
    if len(student_offs) == 0:
        return out
    if len(teacher_offs) == len(student_offs) and np.array_equal(teacher_offs, student_offs):
        return teacher_probs.astype(np.float32).copy()
    starts, ends = teacher_offs[:, 0], teacher_offs[:, 1]
    for i, (a, b) in enumerate(student_offs):
        idx = np.nonzero((starts < b) & (ends > a))[0]
        if len(idx) == 0:  # no teacher token here (should not happen on text): outside any phrase
            out[i] = (1.0, 0.0, 0.0)
            continue
        out[i] = teacher_probs[idx[0]]
    return out


def window_probs(
    run: Callable[[np.ndarray, np.ndarray], np.ndarray],
    ids: np.ndarray,
    special: tuple[int, int, int],
    stride: int = STRIDE,
    batch_size: int = 8,
) -> np.ndarray:
    """BIO probabilities ``[T, 3]`` of a text's wordpieces: ``run(input_ids, attention_mask)`` gives the logits
    ``[B, L, 3]`` of a batch of windows (``special`` = start, end and padding ids); overlaps are averaged.

    >>> run = lambda inp, att: np.zeros(inp.shape + (3,), np.float32)
    >>> window_probs(run, np.arange(5, 10), (0, 2, 1)).astype(float).round(3).tolist()[0]
    [0.333, 0.333, 0.333]
    """
    return window_states(lambda inp, att: (run(inp, att), None), ids, special, stride, batch_size)[0]


def window_states(
    run: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray | None]],
    ids: np.ndarray,
    special: tuple[int, int, int],
    stride: int = STRIDE,
    batch_size: int = 8,
) -> tuple[np.ndarray, np.ndarray | None, list[tuple[int, int]], list[np.ndarray]]:
    """`window_probs` with the states: ``run`` gives the logits and the last hidden states ``[B, L, H]`` (or
    None) of a batch of windows; returns the averaged probabilities, the averaged states (None without), the
    windows and each window's states with its start and end tokens (empty without)."""
    cls_id, sep_id, pad_id = special
    probs = np.zeros((len(ids), 3), dtype=np.float32)
    hidden: np.ndarray | None = None
    count = np.zeros(len(ids), dtype=np.float32)
    wins = windows(len(ids), CONTENT, stride)
    win_hidden: list[np.ndarray] = []
    for k in range(0, len(wins), batch_size):
        chunk = wins[k : k + batch_size]
        width = max(b - a for a, b in chunk) + 2
        inp = np.full((len(chunk), width), pad_id, dtype=np.int64)
        att = np.zeros((len(chunk), width), dtype=np.int64)
        for j, (a, b) in enumerate(chunk):
            inp[j, 0], inp[j, 1 : 1 + b - a], inp[j, 1 + b - a] = cls_id, ids[a:b], sep_id
            att[j, : b - a + 2] = 1
        logits, states = run(inp, att)
        p = softmax(np.asarray(logits, dtype=np.float32))
        for j, (a, b) in enumerate(chunk):
            probs[a:b] += p[j, 1 : 1 + b - a]
            count[a:b] += 1
            if states is not None:
                if hidden is None:
                    hidden = np.zeros((len(ids), states.shape[-1]), dtype=np.float32)
                hidden[a:b] += states[j, 1 : 1 + b - a]
                win_hidden.append(np.asarray(states[j, : b - a + 2], dtype=np.float32))
    norm = np.maximum(count, 1)[:, None]
    return probs / norm, None if hidden is None else hidden / norm, wins, win_hidden


def require_installed(model_dir: Path | None = None, folder: Path | None = None) -> None:
    """An `InputError` saying how to install the profile when its assembled model is missing or outdated."""
    if not is_installed(model_dir, folder):
        raise InputError(
            "the accurate profile is not installed: run `spinscope profile install accurate` "
            f"(after {NEEDS}), or leave out --profile"
        )


class AccurateTagger:
    """The installed teacher: `probs` gives its BIO probabilities in the student's wordpieces, `decoding` the
    span decoding and calibration fitted for it (`training.techniques.accurate fit`), `predict` its phrases with
    the technique of each from its own head (`head`, over the teacher's states) where the profile has one."""

    def __init__(
        self,
        model_dir: Path | None = None,
        folder: Path | None = None,
        threads: int | None = None,
        stride: int | None = None,
    ):
        """The model assembled in ``model_dir`` (default `assemble.accurate_dir`) from the committed files in
        ``folder`` (default `assemble.delta_dir`), whose config holds the decoding."""
        self.dir = Path(model_dir) if model_dir else accurate_dir()
        folder = folder or assemble.delta_dir()
        require_installed(self.dir, folder)
        self.config = json.loads((folder / "config.json").read_text())
        self.session = cpu_session(self.dir / "model.onnx", threads)
        self.tokenizer = load_tokenizer(self.dir / "tokenizer.json")
        ids = self.config["special_ids"]
        self.special = (int(ids["cls"]), int(ids["sep"]), int(ids["pad"]))
        self.stride = int(stride or self.config.get("stride", STRIDE))
        cal = self.config.get("calibration", {})
        self.decoding = Decoding(
            S.DecodeParams(**self.config["decode"]) if "decode" in self.config else S.DecodeParams(),
            Isotonic(**cal["si"]) if "si" in cal else Isotonic(),
            Isotonic(**cal["joint"]) if "joint" in cal else Isotonic(),
        )
        # the technique head over the teacher's states (its lexical part reads the student's vocabulary, fitted
        # on the same PTC train spans); a profile without one labels phrases with the student's head
        self.head: TechniqueHead | None = None
        outputs = {o.name for o in self.session.get_outputs()}
        if HIDDEN in outputs and (folder / "heads.npz").is_file():
            self.head = TechniqueHead.load(
                folder / "heads.npz", STUDENT_DIR / "lexical.json.gz", float(cal.get("tc_temperature", 1.0))
            )
        self.second_threshold: float | None = self.config.get("second_label_threshold")
        self._outputs = ["bio_logits", HIDDEN] if HIDDEN in outputs else ["bio_logits"]
        self._last: Encoded | None = None

    def _run(self, inp: np.ndarray, att: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        out = self.session.run(self._outputs, {"input_ids": inp, "attention_mask": att})
        return np.asarray(out[0]), (np.asarray(out[1]) if len(out) > 1 else None)

    def encode(self, text: str) -> Encoded:
        """The teacher's view of ``text`` in its own wordpieces (the last one is remembered: the pipeline asks
        for the phrases and their techniques of one article in turn)."""
        last = self._last
        if last is not None and last.text == text:
            return last
        ids, offs = encode_ids(self.tokenizer, text)
        probs, hidden, wins, win_hidden = window_states(self._run, ids, self.special, self.stride)
        if hidden is None:
            hidden = np.zeros((len(ids), 0), np.float32)
        last = Encoded(text, ids, offs, probs, hidden, wins, win_hidden)
        self._last = last
        return last

    def probs(self, text: str, student_offs: np.ndarray) -> np.ndarray:
        """The teacher's BIO probabilities ``[S, 3]`` for the student's wordpieces of ``text``."""
        enc = self.encode(text)
        return to_student(enc.probs, enc.offs, student_offs)

    def retag(self, enc: Encoded) -> Encoded:
        """The student's encoding of a text with the teacher's BIO probabilities in place of its own (the
        states, which the student's technique head reads, stay the student's); decode it with `decoding`."""
        return dataclasses.replace(enc, probs=self.probs(enc.text, enc.offs))

    def classify(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray | None:
        """The technique distribution of given phrases from the teacher's head (None: the profile has none)."""
        return None if self.head is None else self.head.probs(self.encode(text), spans)

    def predict(
        self, model: TechniqueModel, enc: Encoded, threshold: float | None = None
    ) -> list[Prediction]:
        """The profile's phrases of the text that ``enc`` (the student's encoding) holds, each with its
        technique: the teacher's decoding, and its technique head where it has one (else the student's)."""
        retagged = self.retag(enc)
        if self.head is None:
            return model.predict_encoded(retagged, threshold, self.decoding)
        head, teacher = self.head, self.encode(enc.text)
        return model.predict_encoded(
            retagged,
            threshold,
            self.decoding,
            lambda spans: head.probs(teacher, spans),
            self.second_threshold,
        )


@lru_cache(maxsize=1)
def shared_tagger() -> AccurateTagger:
    """The installed teacher, loaded once per process."""
    return AccurateTagger()
