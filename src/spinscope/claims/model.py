"""Runtime check-worthiness classifier: an int8 ONNX fine-tuned all-MiniLM-L6-v2 run with onnxruntime + tokenizers.

    from spinscope.claims.model import ClaimModel
    model = ClaimModel()                        # loads src/spinscope/models/claims once
    model.scores(["Unemployment fell to 3.5 percent last year.", "Thank you all."])   # calibrated P(check-worthy)

The net outputs one logit per sentence; `config.json` holds its Platt calibration (fitted on CT24 dev, on the int8
model that ships) and the default threshold (the F1-best one on dev). See `models/claims/card.md`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.onnx_models import cpu_session, load_tokenizer, run_batched

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "models" / "claims"


class ModelMissingError(RuntimeError):
    """The shipped model files are not there (e.g. a partial checkout)."""


class ClaimModel:
    def __init__(self, model_dir: Path | str | None = None, threads: int | None = None, batch_size: int = 32):
        self.dir = Path(model_dir) if model_dir else DEFAULT_DIR
        if not (self.dir / "config.json").is_file():
            raise ModelMissingError(f"claims model not found in {self.dir}")
        self.config: dict[str, Any] = json.loads((self.dir / "config.json").read_text(encoding="utf-8"))
        self.max_length = int(self.config.get("max_length", 128))
        cal = self.config.get("calibration", {})
        self.a = float(cal.get("a", 1.0))
        self.b = float(cal.get("b", 0.0))
        self.threshold = float(self.config.get("threshold", 0.5))
        self.batch_size = batch_size
        if not (self.dir / "model.onnx").is_file():
            raise ModelMissingError(f"claims model not found in {self.dir}")
        self.tokenizer = load_tokenizer(self.dir / "tokenizer.json", self.max_length)
        self.session = cpu_session(self.dir / "model.onnx", threads)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw logits; sentences are batched by length so that padding stays small."""
        return run_batched(self.session, self.tokenizer, texts, "logits", 1, self.batch_size).reshape(-1)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability that each sentence is a check-worthy factual claim."""
        z = self.a * self.logits(texts) + self.b
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float64)


@lru_cache(maxsize=2)
def shared_model(model_dir: str | None = None) -> ClaimModel:
    """One loaded model per process (components and the eval command share it)."""
    return ClaimModel(model_dir)
