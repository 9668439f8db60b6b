"""Thread settings of the shipped ONNX sessions."""

from __future__ import annotations

import os

import pytest

from spinscope.onnx_models import THREADS_ENV, default_threads


def test_threads_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, "1")
    assert default_threads() == 1
    monkeypatch.setenv(THREADS_ENV, "3")
    assert default_threads() == 3
    for bad in ("", "0", "-2", "two"):
        monkeypatch.setenv(THREADS_ENV, bad)
        assert default_threads() == min(2, os.cpu_count() or 1)


def test_nan_guards_cut_without_changing_an_output(example_text: str) -> None:
    """The shared encoder's session runs the model without the six post-softmax NaN guards, and gives the same
    outputs as the model file as shipped, bit for bit."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    from spinscope import encoder as E
    from spinscope.onnx_models import cpu_session, without_nan_guards

    path = E.MODEL_DIR / "model.onnx"
    ops = [node.op_type for node in onnx.load(str(path)).graph.node]
    cut = [node.op_type for node in onnx.load_from_string(without_nan_guards(path)).graph.node]
    assert ops.count("IsNaN") == 6 and "IsNaN" not in cut
    assert sorted(set(ops) - set(cut)) == ["IsNaN"]
    assert len(ops) - len(cut) == 18  # each IsNaN, its Where and the Where's constant 0, nothing else

    shared = E.shared_encoder()
    ids, _offs = E.encode_ids(shared.tokenizer, example_text * 2)
    wins = E.windows(len(ids))
    assert len(wins) >= 3  # a batch with a shorter, padded window
    feeds = dict(zip(("input_ids", "attention_mask"), E.batch_inputs(ids, wins), strict=True))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    as_shipped = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    for before, after in zip(as_shipped.run(None, feeds), cpu_session(path, 2).run(None, feeds), strict=True):
        assert before.shape == after.shape and np.array_equal(before, after)
