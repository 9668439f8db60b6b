"""`spinscope train <layer>`: reproducible training from the shared datasets (needs the `train` extra: torch).

spinscope train techniques --ptc ../shared/data/ptc-semeval2020-task11 --seed 0
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import UsageError, command, usage


@command("train", "train a layer's model (needs `pip install -e .[train]`)")
def _train_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="train_layer", metavar="LAYER", parser_class=type(parser))
    tech = sub.add_parser("techniques", help="fine-tune the technique model on PTC train (dev for selection)")
    tech.add_argument("--ptc", type=Path, required=True, help="the ptc-semeval2020-task11 folder")
    tech.add_argument("--seed", type=int, default=0)
    tech.add_argument("--epochs", type=int, default=3)
    tech.add_argument("--max-minutes", type=float, default=60, help="wall-clock budget, export included")
    tech.add_argument(
        "--out", type=Path, help="model folder (default: the shipped src/spinscope/models/techniques)"
    )
    tech.add_argument(
        "--unit",
        choices=["window", "line"],
        default="window",
        help="model input: 254-wordpiece windows (shipped) or one line per input",
    )
    tech.add_argument("--batch-size", type=int, default=8, help="inputs per optimiser step")
    tech.set_defaults(handler=run_train_techniques)
    parser.set_defaults(handler=lambda args: usage(parser))


def require_torch() -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as err:
        raise UsageError(
            f"training needs the train extra ({err.name} missing): pip install -e '.[train]'"
        ) from err


def run_train_techniques(args: argparse.Namespace) -> int:
    if not (args.ptc / "datasets" / "train-articles").is_dir() and not (args.ptc / "train-articles").is_dir():
        raise UsageError(f"no PTC train split under {args.ptc} (expected datasets/train-articles)")
    require_torch()
    from ..training.techniques import train

    kwargs = {"out_dir": args.out} if args.out else {}
    train.main(
        args.ptc,
        seed=args.seed,
        epochs=args.epochs,
        max_minutes=args.max_minutes,
        unit=args.unit,
        batch_size=args.batch_size,
        **kwargs,
    )
    return 0
