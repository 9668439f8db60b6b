"""Export the fine-tuned net: ONNX (fp32 -> int8 dynamic quantisation), TC head as .npz, tokenizer, config.

    python -m spinscope.training.techniques.export --checkpoint artifacts/techniques/run2/ckpt-seed0-epoch3.pt \
        --out src/spinscope/models/techniques      # re-export a checkpoint's encoder only (heads, config kept)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np


def export_encoder(net, out_dir: Path, fp32: Path) -> None:
    """The encoder with its BIO head as int8 ONNX: outputs `bio_logits`, `hidden` and `trunk`."""
    from spinscope.training.onnx_export import export_int8
    from spinscope.training.techniques.model import ExportWrapper

    outputs = ["bio_logits", "hidden", "trunk"]
    export_int8(
        ExportWrapper(net).eval(), out_dir / "model.onnx", outputs, token_outputs=outputs, fp32_path=fp32
    )


def export(
    net, out_dir: Path, train_info: dict | None = None, keep_fp32: Path | None = Path("artifacts/techniques")
):
    from spinscope.techniques.catalog import TECHNIQUES
    from spinscope.training.onnx_export import base_model_dir
    from spinscope.training.techniques.model import TRUNK_LAYER

    net.eval()
    fp32 = (keep_fp32 or out_dir) / "model.fp32.onnx"
    export_encoder(net, out_dir, fp32)
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
            "trunk_layer": TRUNK_LAYER,
            "unit": (train_info or {}).get("unit", "window"),
        }
    )
    if train_info:
        cfg["train"] = train_info
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return fp32


def main() -> None:
    """Re-export the encoder of a training checkpoint (e.g. to add an output) without touching the heads."""
    import argparse

    import torch

    from spinscope.training.onnx_export import base_model_dir
    from spinscope.training.techniques.model import TRUNK_LAYER, TechniqueNet

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("src/spinscope/models/techniques"))
    parser.add_argument("--fp32", type=Path, default=Path("artifacts/techniques/model.fp32.onnx"))
    args = parser.parse_args()
    net = TechniqueNet(base_model_dir())
    result = net.load_state_dict(torch.load(args.checkpoint), strict=False)
    missing = [
        k for k in result.missing_keys if not k.startswith("tok_tc.")
    ]  # tok_tc: training-only, optional
    if missing or result.unexpected_keys:
        raise SystemExit(f"{args.checkpoint} does not fit TechniqueNet: {missing or result.unexpected_keys}")
    net.eval()
    export_encoder(net, args.out, args.fp32)
    cfg_path = args.out / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["trunk_layer"] = TRUNK_LAYER
    cfg_path.write_text(json.dumps(cfg, indent=1))


if __name__ == "__main__":
    main()
