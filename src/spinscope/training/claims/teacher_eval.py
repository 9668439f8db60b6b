"""A fully fine-tuned teacher (`spinscope.training.claims.train`, any base) measured like the shipped classifier:
positive-class P/R/F1 at the threshold rule of `select` (mean F1 over CT24 dev and dev-test), average precision and
Brier score on every set, and the cross-validated CT24 dev-test F1. It needs torch, so it is a training command,
not part of `make eval-claims`; its figures are the teacher rows of the claims card's design table.

    nice -n 10 .venv/bin/python -m spinscope.training.claims.teacher_eval \\
        --teacher artifacts/claims-mpnet/best.pt --data ../shared/data --out artifacts/claims-mpnet/eval.json

Scores are cached beside the checkpoint (``scores-<set>.npy``), so a second run only recomputes the figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from spinscope.evaluation.checkthat import (
    DEFAULT_DATA,
    cross_validated_f1,
    load_splits,
    precomputed,
    score_sets,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teacher", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from spinscope.training.claims.train_top import teacher_logits

    torch.set_num_threads(args.threads)
    _train, dev, tests, _ = load_splits(args.data)
    sets = {"ct24-dev": dev, **tests}
    scores: dict[str, np.ndarray] = {}
    for name, examples in sets.items():
        cache = args.teacher.parent / f"scores-{name}.npy"
        if not cache.exists():
            logits = teacher_logits(args.teacher, [e.text for e in examples])
            np.save(cache, 1.0 / (1.0 + np.exp(-logits)))
        scores[name] = np.load(cache)
    cv = cross_validated_f1(
        ([e.label for e in dev], scores["ct24-dev"]),
        ([e.label for e in tests["ct24-dev-test"]], scores["ct24-dev-test"]),
    )
    result = {
        "teacher": str(args.teacher),
        "threshold_selection": cv,
        "sets": score_sets(precomputed(sets, scores), sets, cv["threshold"]),
    }
    info = args.teacher.parent / "train_info.json"
    if info.exists():
        result["train"] = json.loads(info.read_text())
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
