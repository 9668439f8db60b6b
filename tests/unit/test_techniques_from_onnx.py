"""The shipped int8 technique model read back as float weights (`training.techniques.from_onnx`).

Distilling into the student starts from these weights with the trunk frozen, so every weight must land under
its own torch name with torch's shape, and dequantising must be exact enough for the int8 export to give the
same integers back (symmetric per-channel scales: ``round(w / scale) == q``).
"""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from spinscope.encoder import MODEL_DIR
from spinscope.training.techniques import from_onnx

MODEL = MODEL_DIR / "model.onnx"


@pytest.fixture(scope="module")
def state() -> dict[str, np.ndarray]:
    return from_onnx.dequantized_state(MODEL)


def test_every_linear_weight_of_minilm_and_the_bio_head_is_named_with_torch_shape(state):
    linear = {
        "attention.self.query": (384, 384),
        "attention.self.key": (384, 384),
        "attention.self.value": (384, 384),
        "attention.output.dense": (384, 384),
        "intermediate.dense": (1536, 384),
        "output.dense": (384, 1536),
    }
    for layer in range(6):
        for module, shape in linear.items():
            name = f"encoder.encoder.layer.{layer}.{module}"
            assert state[name + ".weight"].shape == shape, name
            assert state[name + ".bias"].shape == (shape[0],), name
    assert state["bio.weight"].shape == (3, 384)
    assert state["encoder.embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert state["encoder.embeddings.position_embeddings.weight"].shape == (512, 384)
    assert not [k for k in state if k.endswith(from_onnx.QUANT_SUFFIXES) or k.startswith("net.")]


def test_quantising_the_dequantised_weights_again_gives_the_shipped_integers(state):
    model = onnx.load(str(MODEL))
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    names = from_onnx._quantized_weights(model)
    weight = "encoder.encoder.layer.2.intermediate.dense.weight"
    base = names[weight]
    q, scale = init[base + "_quantized"], init[base + "_scale"]
    assert not init[base + "_zero_point"].any()  # symmetric
    again = np.round(state[weight].T / scale).astype(np.int64)
    assert np.array_equal(again, q.astype(np.int64))
