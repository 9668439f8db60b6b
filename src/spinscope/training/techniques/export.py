"""Export the fine-tuned net: ONNX (fp32 -> int8 dynamic quantisation), TC head as .npz, tokenizer, config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np


def export(
    net, out_dir: Path, train_info: dict | None = None, keep_fp32: Path | None = Path("artifacts/techniques")
):
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from spinscope.techniques.catalog import TECHNIQUES
    from spinscope.training.techniques.data import base_model_dir
    from spinscope.training.techniques.model import ExportWrapper

    out_dir.mkdir(parents=True, exist_ok=True)
    net.eval()
    wrap = ExportWrapper(net).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 2023, 102, 0]], dtype=torch.long)
    att = (ids != 0).long()
    fp32 = (keep_fp32 or out_dir) / "model.fp32.onnx"
    fp32.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            wrap,
            (ids, att),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["bio_logits", "hidden"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "bio_logits": {0: "batch", 1: "seq"},
                "hidden": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
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
