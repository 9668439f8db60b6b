"""Export the fine-tuned net: ONNX (fp32 -> int8 dynamic quantisation), TC head as .npz, tokenizer, config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np


def export(
    net, out_dir: Path, train_info: dict | None = None, keep_fp32: Path | None = Path("artifacts/techniques")
):
    from spinscope.techniques.catalog import TECHNIQUES
    from spinscope.training.onnx_export import base_model_dir, export_int8
    from spinscope.training.techniques.model import ExportWrapper

    net.eval()
    fp32 = (keep_fp32 or out_dir) / "model.fp32.onnx"
    outputs = ["bio_logits", "hidden"]
    export_int8(
        ExportWrapper(net).eval(), out_dir / "model.onnx", outputs, token_outputs=outputs, fp32_path=fp32
    )
    np.savez(
        out_dir / "heads.npz",
        tc_weight=net.tc.weight.detach().numpy().astype(np.float32),
        tc_bias=net.tc.bias.detach().numpy().astype(np.float32),
    )
    shutil.copy(base_model_dir() / "tokenizer.json", out_dir / "tokenizer.json")
    cfg_path = out_dir / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
    cfg.update(
        {
            "techniques": list(TECHNIQUES),
            "window": 256,
            "stride": 254,
            "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        }
    )
    if train_info:
        cfg["train"] = train_info
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return fp32
