"""The technique (TC) head: which of the 14 techniques a phrase uses, from an encoder's states and its wording.

A multinomial logistic regression over ``[mean of the phrase's token states ; [CLS] of its window ; cheap span
features]`` (the dense part) plus, optionally, the lexical TF-IDF views of `spinscope.techniques.lexical`. It is
its own object because two encoders feed one: the default profile reads the MiniLM student's states, the
accurate profile the mpnet teacher's (a head of its own, 3 points of TC micro-F1 more on PTC dev; see
``models/techniques-accurate/card.md``). The head only needs an `Encoded` of the text in the encoder's own
wordpieces.

>>> import numpy as np
>>> from spinscope.encoder import Encoded
>>> text = "a phrase here"
>>> enc = Encoded(text, np.arange(3), np.array([[0, 1], [2, 8], [9, 13]]), np.zeros((3, 3), np.float32),
...               np.ones((3, 2), np.float32), [(0, 3)], [np.ones((5, 2), np.float32)])
>>> head = TechniqueHead(np.zeros((2, 2 * 2 + S.N_FEATURES), np.float32), np.array([0.0, 1.0], np.float32))
>>> head.probs(enc, [(2, 8)]).astype(float).round(3).tolist()
[[0.269, 0.731]]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.encoder import Encoded, softmax
from spinscope.techniques import spans as S
from spinscope.techniques.lexical import LexicalFeatures


@dataclass
class TechniqueHead:
    tc_w: np.ndarray  # [14, 2H + N_FEATURES]
    tc_b: np.ndarray  # [14]
    lexical: LexicalFeatures | None = None
    lex_w: np.ndarray | None = None  # [14, lexical features]
    temperature: float = 1.0

    @classmethod
    def load(cls, heads: Path, lexical: Path | None, temperature: float = 1.0) -> TechniqueHead:
        """The head in ``heads`` (npz: ``tc_weight``, ``tc_bias``, optionally ``lex_weight``), with the lexical
        vocabulary in ``lexical`` when both are there."""
        z = np.load(heads)
        lex, lex_w = None, None
        if "lex_weight" in z.files and lexical is not None and lexical.is_file():
            lex, lex_w = LexicalFeatures.load(lexical), z["lex_weight"].astype(np.float32)
        return cls(
            z["tc_weight"].astype(np.float32), z["tc_bias"].astype(np.float32), lex, lex_w, temperature
        )

    @property
    def hidden_size(self) -> int:
        return (self.tc_w.shape[1] - S.N_FEATURES) // 2

    def vectors(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        """The dense features of each span (the refit reads exactly these, so training and run time agree)."""
        return span_vectors(enc, spans, self.hidden_size)

    def logits(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        if not spans:
            return np.zeros((0, len(self.tc_b)), np.float32)
        logits = self.vectors(enc, spans) @ self.tc_w.T + self.tc_b
        if self.lexical is not None and self.lex_w is not None:
            logits = logits + np.asarray(self.lexical.for_spans(enc.text, spans) @ self.lex_w.T)
        return logits.astype(np.float32)

    def probs(self, enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
        """Calibrated (temperature-scaled) technique distribution of each span."""
        return softmax(self.logits(enc, spans) / self.temperature)


def span_vectors(enc: Encoded, spans: list[tuple[int, int]], hidden_size: int) -> np.ndarray:
    """``[mean span state ; window [CLS] ; span features]`` per span. The states are those of the window that
    holds the span with the widest margin (the span seen with most context); a span longer than any window takes
    the stitched states and the [CLS] of the window holding its start."""
    low = enc.text.lower()
    H = hidden_size
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
        else:
            mean = enc.hidden[a:b].mean(0)
            i = max(i for i, (wa, wb) in enumerate(enc.wins) if wa <= a)
            cls = enc.win_hidden[i][0]
        out[k, :H] = mean
        out[k, H : 2 * H] = cls
        out[k, 2 * H :] = S.span_features(enc.text, s, e, low)
    return out
