"""The shipped int8 technique model back in torch: dequantised weights as a `TechniqueNet` state dict.

Why: the shipped student's float checkpoint is gone, and its first layers are the shared trunk the claims
classifier and the actor-tone head read (`encoder.py`). Distilling the teacher into the student without moving
those layers needs the student's own weights as the starting point: ``train --init STATE --freeze-below 4``
keeps the embeddings and layers 1-4 at the dequantised values, which the export quantises back to the very same
int8 weights (symmetric per-channel scales), so the trunk of the new model is bit-identical to the shipped one:
``check`` measures it.

    python -m spinscope.training.techniques.from_onnx state --onnx src/spinscope/models/techniques/model.onnx \
        --out artifacts/student-int8.pt
    python -m spinscope.training.techniques.from_onnx check --old src/spinscope/models/techniques/model.onnx \
        --new artifacts/student-distil/model.onnx --texts examples/kabul-anniversary.txt

Weights of a ``MatMulInteger`` are found by the module path in the node's output name
(``/encoder/encoder/layer.0/attention/self/query/MatMul...`` -> ``encoder.encoder.layer.0.attention.self.query``);
dequantised as ``(q - zero_point) * scale`` (per output channel), transposed to torch's ``[out, in]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

QUANT_SUFFIXES = ("_quantized", "_scale", "_zero_point")


def _module_path(output_name: str) -> str:
    """``/encoder/encoder/layer.0/attention/self/query/MatMul_output_0_...`` -> ``encoder.encoder.layer.0...``.

    >>> _module_path("/encoder/encoder/layer.0/attention/self/query/MatMul_output_0_output_quantized")
    'encoder.encoder.layer.0.attention.self.query'
    >>> _module_path("/net/bio/MatMul_output_0_output_quantized")
    'bio'
    """
    path = output_name.split("/MatMul")[0].strip("/").replace("/", ".")
    return path.removeprefix("net.")


def _quantized_weights(model) -> dict[str, str]:
    """Torch weight name -> base name of its quantised initialiser (``X`` of ``X_quantized``)."""
    out: dict[str, str] = {}
    for node in model.graph.node:
        if node.op_type == "MatMulInteger":
            out[_module_path(node.output[0]) + ".weight"] = node.input[1].removesuffix("_quantized")
    for init in model.graph.initializer:  # quantised lookups (the embeddings) keep their torch names
        if init.name.endswith(".weight_quantized"):
            out[init.name.removeprefix("net.").removesuffix("_quantized")] = init.name.removesuffix(
                "_quantized"
            )
    return out


def dequantized_state(onnx_path: Path) -> dict[str, np.ndarray]:
    """Every weight of the int8 model as float32, under `TechniqueNet`'s parameter names."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    state: dict[str, np.ndarray] = {}
    for name, arr in init.items():
        if name.startswith("net.") and not name.endswith(QUANT_SUFFIXES):
            state[name.removeprefix("net.")] = arr.astype(np.float32)
    for torch_name, base in _quantized_weights(model).items():
        q = init[base + "_quantized"].astype(np.float32)
        w = (q - init[base + "_zero_point"].astype(np.float32)) * init[base + "_scale"].astype(np.float32)
        state[torch_name] = w if "embeddings" in torch_name else w.T
    return state


def same_trunk(old_onnx: Path, new_onnx: Path, texts: list[str]) -> float:
    """Largest absolute difference of the ``trunk`` outputs of two model files over ``texts`` (0.0 = identical)."""
    from spinscope.encoder import batch_inputs, encode_ids, windows
    from spinscope.onnx_models import cpu_session, load_tokenizer

    tok = load_tokenizer(Path(old_onnx).parent / "tokenizer.json")
    sessions = [cpu_session(Path(p)) for p in (old_onnx, new_onnx)]
    worst = 0.0
    for text in texts:
        ids, _ = encode_ids(tok, text)
        for win in windows(len(ids)):
            inp, att = batch_inputs(ids, [win])
            feeds = {"input_ids": inp, "attention_mask": att}
            old_out, new_out = (s.run(["trunk"], feeds)[0] for s in sessions)
            worst = max(worst, float(np.abs(old_out - new_out).max()))
    return worst


def main() -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    st = sub.add_parser("state", help="write the dequantised weights as a torch state dict (.pt)")
    st.add_argument("--onnx", type=Path, required=True, help="the int8 model.onnx")
    st.add_argument("--out", type=Path, required=True, help="the .pt file to write")
    ck = sub.add_parser("check", help="largest difference of the trunk outputs of two models")
    ck.add_argument("--old", type=Path, required=True)
    ck.add_argument("--new", type=Path, required=True)
    ck.add_argument("--texts", type=Path, nargs="+", required=True, help="text files to run both models on")
    a = p.parse_args()
    if a.command == "check":
        worst = same_trunk(a.old, a.new, [t.read_text(encoding="utf-8") for t in a.texts])
        print(f"largest trunk difference over {len(a.texts)} texts: {worst}")
        return
    import torch

    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in dequantized_state(a.onnx).items()}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, a.out)
    print(f"{len(state)} tensors -> {a.out}")


if __name__ == "__main__":
    main()
