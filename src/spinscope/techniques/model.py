"""Runtime persuasion-technique model: int8 ONNX MiniLM encoder + numpy heads (no torch).

    from spinscope.techniques.model import TechniqueModel
    m = TechniqueModel()            # loads the shipped model once
    preds = m.predict(text)         # [Prediction(start, end, technique, score, ...)], sorted by start

Long texts are cut into overlapping windows of 256 wordpieces (nothing is truncated); token probabilities
and hidden states are averaged where windows overlap. Windows are batched with dynamic padding.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from spinscope.onnx_models import cpu_session
from spinscope.techniques import spans as S
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.techniques.lexical import LexicalFeatures

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"


@dataclass(frozen=True, order=True)
class Prediction:
    start: int
    end: int
    technique: str
    score: float = field(compare=False)  # calibrated P(a gold span with this technique overlaps this span)
    span_score: float = field(default=0.0, compare=False)  # calibrated P(span overlaps a propaganda span)
    technique_score: float = field(default=0.0, compare=False)  # calibrated P(technique | propaganda span)


def _softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = x - x.max(axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


class Isotonic:
    """Piecewise-linear monotone calibration map stored as knots (fitted offline with scikit-learn)."""

    def __init__(self, x: list[float] | None = None, y: list[float] | None = None):
        self.x = np.asarray(x if x else [0.0, 1.0], dtype=np.float64)
        self.y = np.asarray(y if y else [0.0, 1.0], dtype=np.float64)

    def __call__(self, v):
        return np.interp(v, self.x, self.y)

    def to_json(self) -> dict:
        return {"x": [float(a) for a in self.x], "y": [float(a) for a in self.y]}


@dataclass
class Encoded:
    text: str
    ids: np.ndarray
    offs: np.ndarray
    probs: np.ndarray  # [T, 3] averaged BIO probabilities
    hidden: np.ndarray  # [T, H] averaged hidden states
    wins: list[tuple[int, int]]
    win_hidden: list[np.ndarray]  # per window [n+2, H] (with [CLS] and [SEP])
    # [T, H] averaged states after layer `trunk_layer` (when the model exports them; the claims layer reads them)
    trunk: np.ndarray | None = None


class TechniqueModel:
    def __init__(
        self,
        model_dir: Path | str | None = None,
        threads: int | None = None,
        batch_size: int | None = None,
        stride: int | None = None,
        onnx_file: Path | str | None = None,
    ):
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        self.config = json.loads((self.dir / "config.json").read_text())
        self.techniques: list[str] = list(self.config.get("techniques", TECHNIQUES))
        heads = np.load(self.dir / "heads.npz")
        self.tc_w = heads["tc_weight"].astype(np.float32)
        self.tc_b = heads["tc_bias"].astype(np.float32)
        # optional lexical part of the technique head (TF-IDF of span, characters and context)
        self.lexical: LexicalFeatures | None = None
        self.lex_w: np.ndarray | None = None
        if "lex_weight" in heads.files and (self.dir / "lexical.json.gz").is_file():
            self.lexical = LexicalFeatures.load(self.dir / "lexical.json.gz")
            self.lex_w = heads["lex_weight"].astype(np.float32)
        self.tokenizer = S.load_tokenizer(self.dir / "tokenizer.json")
        # "window": consecutive 254-wordpiece windows over the article; "line": one input per line (paragraph)
        self.unit = str(self.config.get("unit", "window"))
        self.batch_size = batch_size or (32 if self.unit == "line" else 8)
        self.stride = stride or int(self.config.get("stride", S.CONTENT))
        dec = self.config.get("decode", {})
        self.decode_params = S.DecodeParams(**dec) if dec else S.DecodeParams()
        cal = self.config.get("calibration", {})
        self.temperature = float(cal.get("tc_temperature", 1.0))
        self.si_cal = Isotonic(**cal["si"]) if "si" in cal else Isotonic()
        self.joint_cal = Isotonic(**cal["joint"]) if "joint" in cal else Isotonic()
        self.second_threshold = float(self.config.get("second_label_threshold", 0.5))
        self.session = cpu_session(onnx_file or self.dir / "model.onnx", threads)
        self.has_trunk = "trunk" in {o.name for o in self.session.get_outputs()}
        self._last: Encoded | None = None

    def encode_cached(self, text: str) -> Encoded:
        """`encode`, remembering the last text: the techniques and claims components of one pipeline share this
        model and ask for the same article one after the other, so it is encoded once. Safe when threads share
        the model (the server): a caller always gets the encoding of its own text."""
        last = self._last
        if last is None or last.text != text:
            last = self.encode(text)
            self._last = last
        return last

    # ---- encoder -------------------------------------------------------------------------------------
    def encode(self, text: str) -> Encoded:
        ids, offs = S.encode(self.tokenizer, text)
        T = len(ids)
        H = self.hidden_size
        probs = np.zeros((T, 3), dtype=np.float32)
        hidden = np.zeros((T, H), dtype=np.float32)
        wins = S.line_windows(text, offs) if self.unit == "line" else S.windows(T, S.CONTENT, self.stride)
        win_hidden: list[np.ndarray] = [np.zeros((0, H), np.float32)] * len(wins)
        trunk = np.zeros((T, H), dtype=np.float32) if self.has_trunk else None
        if T == 0:
            return Encoded(text, ids, offs, probs, hidden, wins, win_hidden, trunk)
        count = np.zeros(T, dtype=np.float32)
        order = sorted(range(len(wins)), key=lambda i: wins[i][1] - wins[i][0])  # similar lengths together
        for k in range(0, len(order), self.batch_size):
            idx = order[k : k + self.batch_size]
            bw = [wins[i] for i in idx]
            inp, att = S.batch_inputs(ids, bw)
            logits, hid, *rest = self.session.run(None, {"input_ids": inp, "attention_mask": att})
            p = _softmax(logits.astype(np.float32))
            for j, i in enumerate(idx):
                a, b = wins[i]
                n = b - a
                # down-weight tokens near window borders (less context)
                pos = np.arange(n)
                w = np.minimum(pos + 1, n - pos).astype(np.float32)
                w = (np.minimum(w, 32.0) / 32.0).astype(np.float32)
                probs[a:b] += p[j, 1 : 1 + n] * w[:, None]
                hidden[a:b] += hid[j, 1 : 1 + n] * w[:, None]
                if trunk is not None:
                    trunk[a:b] += rest[0][j, 1 : 1 + n] * w[:, None]
                count[a:b] += w
                win_hidden[i] = hid[j, : n + 2].astype(np.float32)
        probs /= count[:, None]
        hidden /= count[:, None]
        if trunk is not None:
            trunk /= count[:, None]
        return Encoded(text, ids, offs, probs, hidden, wins, win_hidden, trunk)

    # ---- span identification -------------------------------------------------------------------------
    def spans(self, enc: Encoded, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Decoded spans ``(start, end, calibrated P(overlaps a propaganda span))``. ``threshold`` overrides the
        tuned token-probability threshold of the decoding (lower: more phrases, less precise; the README's trade-off
        table). The calibration maps were fitted at the tuned threshold, so scores are calibrated there only."""
        params = self.decode_params
        if threshold is not None:
            params = dataclasses.replace(params, threshold=threshold)
        raw = S.decode(enc.text, enc.offs, enc.probs, params)
        return [(s, e, float(self.si_cal(sc))) for s, e, sc in raw]

    # ---- technique classification --------------------------------------------------------------------
    def span_vectors(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        low = enc.text.lower()
        H = self.hidden_size
        out = np.zeros((len(spans), 2 * H + S.N_FEATURES), dtype=np.float32)
        for k, (s, e) in enumerate(spans):
            a, b = S.char_to_tokens(enc.offs, s, e)
            if b <= a:
                a, b = S.char_to_tokens(enc.offs, max(0, s - 1), min(len(enc.text), e + 1))
            best, best_margin = -1, -1
            for i, (wa, wb) in enumerate(enc.wins):
                if wa <= a and b <= wb:
                    margin = min(a - wa, wb - b)
                    if margin > best_margin:
                        best, best_margin = i, margin
            if b <= a:  # no token at all (e.g. an empty text); use the first window's [CLS]
                mean = np.zeros(H, np.float32)
                cls = enc.win_hidden[0][0] if enc.wins else np.zeros(H, np.float32)
            elif best >= 0:
                wa = enc.wins[best][0]
                wh = enc.win_hidden[best]
                mean = wh[1 + a - wa : 1 + b - wa].mean(0)
                cls = wh[0]
            else:  # longer than a window: stitched states, [CLS] of the window holding the start
                mean = enc.hidden[a:b].mean(0)
                i = max(i for i, (wa, wb) in enumerate(enc.wins) if wa <= a)
                cls = enc.win_hidden[i][0]
            out[k, :H] = mean
            out[k, H : 2 * H] = cls
            out[k, 2 * H :] = S.span_features(enc.text, s, e, low)
        return out

    @property
    def hidden_size(self) -> int:
        return (self.tc_w.shape[1] - S.N_FEATURES) // 2

    def technique_logits(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        if not spans:
            return np.zeros((0, len(self.techniques)), np.float32)
        logits = self.span_vectors(enc, spans) @ self.tc_w.T + self.tc_b
        if self.lexical is not None and self.lex_w is not None:
            logits = logits + np.asarray(self.lexical.for_spans(enc.text, spans) @ self.lex_w.T)
        return logits.astype(np.float32)

    def technique_probs(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        """Calibrated (temperature-scaled) technique distribution for each span."""
        return _softmax(self.technique_logits(enc, spans) / self.temperature)

    # ---- public API ----------------------------------------------------------------------------------
    def predict(self, text: str, threshold: float | None = None) -> list[Prediction]:
        """Propaganda spans with technique(s), sorted by start. A span gets a second technique if that
        technique's probability reaches ``second_label_threshold``. ``threshold``: see `spans`."""
        enc = self.encode_cached(text)
        sp = self.spans(enc, threshold)
        if not sp:
            return []
        probs = self.technique_probs(enc, [(s, e) for s, e, _ in sp])
        out: list[Prediction] = []
        for (s, e, si), pr in zip(sp, probs, strict=True):
            order = np.argsort(-pr)
            labels = [int(order[0])]
            if len(order) > 1 and pr[order[1]] >= self.second_threshold:
                labels.append(int(order[1]))
            for li in labels:
                joint = float(self.joint_cal(si * float(pr[li])))
                out.append(Prediction(s, e, self.techniques[li], joint, si, float(pr[li])))
        out.sort(key=lambda p: (p.start, p.end, -p.score))
        return out

    def classify(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities ``[len(spans), 14]`` for given char spans of ``text`` (TC task)."""
        return self.technique_probs(self.encode(text), spans)


@lru_cache(maxsize=1)
def shared_model() -> TechniqueModel:
    """The shipped model, loaded once per process: the techniques and claims components (which runs its top layers
    on this encoder's trunk states) and the PTC commands share it and its last encoding."""
    return TechniqueModel()
