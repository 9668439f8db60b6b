"""The training options of the techniques model, shared by `spinscope train techniques` and
`python -m spinscope.training.techniques.train` (a light module: building a parser must not import torch)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ptc", type=Path, required=True, help="the ptc-semeval2020-task11 folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--max-minutes", type=float, default=60, help="wall-clock budget, export included")
    parser.add_argument(
        "--out", type=Path, help="model folder (default: the shipped src/spinscope/models/techniques)"
    )
    parser.add_argument(
        "--work", type=Path, default=Path("artifacts/techniques"), help="checkpoints and the fp32 export"
    )
    parser.add_argument(
        "--tok-weight",
        type=float,
        default=0.0,
        help="loss weight of the auxiliary per-token technique head (run 4: 0.5)",
    )
    parser.add_argument(
        "--unit",
        choices=["window", "line"],
        default="window",
        help="model input: 254-wordpiece windows (shipped) or one line per input",
    )
    parser.add_argument("--batch-size", type=int, default=8, help="inputs per optimiser step")
    parser.add_argument("--lr", type=float, default=1e-4, help="peak learning rate of the encoder")
    parser.add_argument("--tc-weight", type=float, default=0.5, help="loss weight of the technique head")
    parser.add_argument(
        "--init", type=Path, help="start from this training checkpoint instead of the base model"
    )
    parser.add_argument(
        "--freeze-below",
        type=int,
        default=0,
        help="keep the embeddings and this many first layers fixed (4: the exported trunk does not change)",
    )
    parser.add_argument(
        "--unlabelled",
        type=Path,
        help="self-training: a folder of unlabelled news articles (*.txt, e.g. PolNeAR's), tagged by the teachers",
    )
    parser.add_argument(
        "--teacher",
        type=Path,
        action="append",
        help="a technique model folder that labels --unlabelled, or `accurate` for the installed accurate profile "
        "(repeat for an ensemble; default: the shipped one)",
    )
    parser.add_argument(
        "--unlabelled-ratio",
        type=float,
        default=1.0,
        help="unlabelled windows per epoch, as a multiple of the gold windows",
    )
    parser.add_argument("--soft-weight", type=float, default=1.0, help="loss weight of the soft targets")
    parser.add_argument(
        "--tc-soft-weight",
        type=float,
        default=0.0,
        help="loss weight of the teacher's technique distributions on its phrases of --unlabelled "
        "(needs --teacher accurate; 0: BIO targets only)",
    )
    parser.add_argument(
        "--checkpoint-every",
        type=int,
        default=25,
        help="steps between resumable states in --work (0: only at each epoch's end and at the time budget)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue from the resumable state in --work (same options; a training longer than a session)",
    )
