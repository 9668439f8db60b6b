"""Runtime persuasion-technique model: int8 ONNX MiniLM encoder + numpy heads (no torch).

    from spinscope.techniques.model import TechniqueModel
    m = TechniqueModel()            # loads the shipped model once
    preds = m.predict(text)         # [Prediction(start, end, technique, score, ...)], sorted by start

The encoder itself is the shared one (`spinscope.encoder.SharedEncoder`: windows of 256 wordpieces, nothing
truncated); this module holds what turns its states into phrases: span decoding, the technique head and the
calibration maps. `predict_encoded` works on states the pipeline already has (`Doc._.spinscope_encoded`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from spinscope.encoder import Encoded, SharedEncoder, shared_encoder
from spinscope.techniques import spans as S
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.techniques.head import TechniqueHead

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"


@dataclass(frozen=True, order=True)
class Prediction:
    start: int
    end: int
    technique: str
    score: float = field(compare=False)  # calibrated P(a gold span with this technique overlaps this span)
    span_score: float = field(default=0.0, compare=False)  # calibrated P(span overlaps a propaganda span)
    technique_score: float = field(default=0.0, compare=False)  # calibrated P(technique | propaganda span)


class Isotonic:
    """Piecewise-linear monotone calibration map stored as knots (fitted offline with scikit-learn)."""

    def __init__(self, x: list[float] | None = None, y: list[float] | None = None):
        self.x = np.asarray(x if x else [0.0, 1.0], dtype=np.float64)
        self.y = np.asarray(y if y else [0.0, 1.0], dtype=np.float64)

    def __call__(self, v):
        return np.interp(v, self.x, self.y)

    def to_json(self) -> dict:
        return {"x": [float(a) for a in self.x], "y": [float(a) for a in self.y]}


@dataclass(frozen=True)
class Decoding:
    """How token probabilities become scored phrases: the decoding parameters and the two calibration maps
    fitted with them (span score; span x technique score). The student's come from its config; the accurate
    profile brings its own (`techniques.accurate`)."""

    params: S.DecodeParams
    si_cal: Isotonic
    joint_cal: Isotonic


class TechniqueModel:
    def __init__(
        self,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        batch_size: int | None = None,
        stride: int | None = None,
        onnx_file: Path | str | None = None,
        encoder: SharedEncoder | None = None,
    ):
        """The shipped model by default, on the process's shared encoder; ``model_dir`` and the other options
        load another model folder (training and evaluation) with an encoder of its own."""
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        self.config = json.loads((self.dir / "config.json").read_text())
        self.techniques: list[str] = list(self.config.get("techniques", TECHNIQUES))
        if encoder is None:
            default = model_dir is None and onnx_file is None and not (threads or batch_size or stride)
            encoder = (
                shared_encoder()
                if default
                else SharedEncoder(self.dir, threads, batch_size, stride, onnx_file)
            )
        self.encoder = encoder
        dec = self.config.get("decode", {})
        cal = self.config.get("calibration", {})
        self.head = TechniqueHead.load(
            self.dir / "heads.npz", self.dir / "lexical.json.gz", float(cal.get("tc_temperature", 1.0))
        )
        self.decoding = Decoding(
            S.DecodeParams(**dec) if dec else S.DecodeParams(),
            Isotonic(**cal["si"]) if "si" in cal else Isotonic(),
            Isotonic(**cal["joint"]) if "joint" in cal else Isotonic(),
        )
        self.second_threshold = float(self.config.get("second_label_threshold", 0.5))

    def encode(self, text: str) -> Encoded:
        return self.encoder.encode(text)

    # ---- span identification -------------------------------------------------------------------------
    @property
    def decode_params(self) -> S.DecodeParams:
        return self.decoding.params

    def spans(
        self, enc: Encoded, threshold: float | None = None, decoding: Decoding | None = None
    ) -> list[tuple[int, int, float]]:
        """Decoded spans ``(start, end, calibrated P(overlaps a propaganda span))``. ``threshold`` overrides the
        tuned token-probability threshold of the decoding (lower: more phrases, less precise; the README's trade-off
        table). The calibration maps were fitted at the tuned threshold, so scores are calibrated there only.
        ``decoding``: another tagger's (the accurate profile's), for ``enc`` holding that tagger's probabilities."""
        decoding = decoding or self.decoding
        params = decoding.params
        if threshold is not None:
            params = dataclasses.replace(params, threshold=threshold)
        raw = S.decode(enc.text, enc.offs, enc.probs, params)
        return [(s, e, float(decoding.si_cal(sc))) for s, e, sc in raw]

    # ---- technique classification --------------------------------------------------------------------
    def span_vectors(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.head.vectors(enc, spans)

    def technique_logits(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.head.logits(enc, spans)

    def technique_probs(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        """Calibrated (temperature-scaled) technique distribution for each span."""
        return self.head.probs(enc, spans)

    # ---- public API ----------------------------------------------------------------------------------
    def predict(self, text: str, threshold: float | None = None) -> list[Prediction]:
        """Propaganda spans with technique(s), sorted by start. A span gets a second technique if that
        technique's probability reaches ``second_label_threshold``. ``threshold``: see `spans`."""
        return self.predict_encoded(self.encoder.encode_cached(text), threshold)

    def predict_encoded(
        self,
        enc: Encoded,
        threshold: float | None = None,
        decoding: Decoding | None = None,
        classify: Callable[[list[tuple[int, int]]], np.ndarray] | None = None,
        second_threshold: float | None = None,
    ) -> list[Prediction]:
        """`predict` on the shared encoder's states of a text (the pipeline encodes an article once);
        ``decoding``: see `spans`. ``classify`` gives the technique distribution of the phrases and
        ``second_threshold`` the bar of a second technique (the accurate profile's head on the teacher's
        states, `techniques.accurate.AccurateTagger.predict`); by default this model's head on ``enc``."""
        decoding = decoding or self.decoding
        second = self.second_threshold if second_threshold is None else second_threshold
        sp = self.spans(enc, threshold, decoding)
        if not sp:
            return []
        spans = [(s, e) for s, e, _ in sp]
        probs = classify(spans) if classify is not None else self.technique_probs(enc, spans)
        out: list[Prediction] = []
        for (s, e, si), pr in zip(sp, probs, strict=True):
            order = np.argsort(-pr)
            labels = [int(order[0])]
            if len(order) > 1 and pr[order[1]] >= second:
                labels.append(int(order[1]))
            for li in labels:
                joint = float(decoding.joint_cal(si * float(pr[li])))
                out.append(Prediction(s, e, self.techniques[li], joint, si, float(pr[li])))
        out.sort(key=lambda p: (p.start, p.end, -p.score))
        return out

    def classify(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities ``[len(spans), 14]`` for given char spans of ``text`` (TC task)."""
        return self.technique_probs(self.encode(text), spans)


@lru_cache(maxsize=1)
def shared_model() -> TechniqueModel:
    """The shipped model on the shared encoder, loaded once per process (the component and the PTC commands)."""
    return TechniqueModel()
