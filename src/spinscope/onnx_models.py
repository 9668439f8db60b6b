"""What every shipped ONNX model needs at run time: a CPU session and a length-bucketed batch runner.

The techniques, claims and tone layers each ship an int8 MiniLM run by onnxruntime + `tokenizers` (no torch).
They share one way to open a session (threads capped at 2, the machines we target) and, for the sentence models,
one way to run many short texts: sort by length and pad each batch only to its longest member.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

THREADS_ENV = "SPINSCOPE_THREADS"  # threads per session; the batch runner sets it in its local Dask workers


def default_threads() -> int:
    """``$SPINSCOPE_THREADS`` when set, else 2 (or fewer cores)."""
    value = os.environ.get(THREADS_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else min(2, os.cpu_count() or 1)


def without_nan_guards(path: Path | str) -> bytes:
    """The model at ``path`` without the NaN guards that PyTorch's export puts after each attention softmax.

    ``torch.onnx`` exports scaled dot-product attention with ``Where(IsNaN(p), 0, p)`` on the softmax output
    ``p`` (``[batch, heads, seq, seq]``), for rows whose keys are all masked. Our inputs never have such a row
    (``[CLS]`` is never masked), so the guard returns ``p`` unchanged, bit for bit, yet onnxruntime spent 17% of
    the shared encoder's time in these two element-wise passes (its per-node profile over PTC dev windows).
    Cutting them changes no output (checked on every PTC dev article: the same states, bit for bit) and no
    weight; the model file stays as shipped."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    drop = []
    for node in graph.node:
        source = producer.get(node.input[0]) if node.op_type == "IsNaN" else None
        if source is None or source.op_type != "Softmax":
            continue
        users = consumers.get(node.output[0], [])
        if (
            len(users) != 1
            or users[0].op_type != "Where"
            or list(users[0].input[::2]) != [node.output[0], node.input[0]]
        ):
            continue
        guard = users[0]
        if guard.output[0] in {out.name for out in graph.output}:
            continue
        for user in consumers.get(guard.output[0], []):
            for k, name in enumerate(user.input):
                if name == guard.output[0]:
                    user.input[k] = node.input[0]
        drop += [node, guard]
    for node in drop:
        graph.node.remove(node)
    # the guards' constant 0s are used by nothing now (onnxruntime would warn about each one)
    used = {name for node in graph.node for name in node.input} | {out.name for out in graph.output}
    for node in [n for n in graph.node if n.op_type == "Constant" and not set(n.output) & used]:
        graph.node.remove(node)
    for init in [i for i in graph.initializer if i.name not in used]:
        graph.initializer.remove(init)
    return bytes(model.SerializeToString())


def cpu_session(path: Path | str, threads: int | None = None) -> Any:
    """An onnxruntime CPU session with full graph optimisation, ``threads`` threads (default: `default_threads`)
    and no spinning, on the model without its attention NaN guards (`without_nan_guards`)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No busy-waiting between runs: the layers call several sessions (and spaCy) in turn on two cores, and the
    # spinning threads of one session slowed the next down (measured: the claims classifier run right after the
    # techniques encoder took 40 ms with spinning, 20 ms without; the encoder itself 141 -> 115 ms).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(without_nan_guards(path), options, providers=["CPUExecutionProvider"])


def load_tokenizer(path: Path | str, max_length: int | None = None) -> Any:
    """A `tokenizers` WordPiece tokenizer without padding, truncating at ``max_length`` when given."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    if max_length:
        tokenizer.enable_truncation(max_length)
    else:
        tokenizer.no_truncation()
    return tokenizer


def run_batched(
    session: Any, tokenizer: Any, texts: Sequence[str], output: str, width: int, batch_size: int = 32
) -> np.ndarray:
    """Run ``output`` of a sentence model over ``texts``; returns ``[len(texts), width]`` float32 in input order.
    Texts are sorted by length and batched so that padding stays small."""
    out = np.zeros((len(texts), width), dtype=np.float32)
    if not texts:
        return out
    encodings = tokenizer.encode_batch(list(texts))
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for k in range(0, len(order), batch_size):
        idx = order[k : k + batch_size]
        longest = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), longest), dtype=np.int64)
        mask = np.zeros((len(idx), longest), dtype=np.int64)
        for j, i in enumerate(idx):
            row = encodings[i].ids
            ids[j, : len(row)] = row
            mask[j, : len(row)] = 1
        (values,) = session.run([output], {"input_ids": ids, "attention_mask": mask})
        out[idx] = np.asarray(values, dtype=np.float32).reshape(len(idx), width)
    return out
