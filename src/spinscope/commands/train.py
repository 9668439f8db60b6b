"""`spinscope train <layer>`: reproducible training from the shared datasets (needs the `train` extra: torch).

spinscope train techniques --ptc ../shared/data/ptc-semeval2020-task11 --seed 0
"""

from __future__ import annotations

import argparse

from ..cli import UsageError, command, usage
from ..training.techniques.options import add_train_arguments


@command("train", "train a layer's model (needs `pip install -e .[train]`)")
def _train_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="train_layer", metavar="LAYER", parser_class=type(parser))
    tech = sub.add_parser("techniques", help="fine-tune the technique model on PTC train (dev for selection)")
    add_train_arguments(tech)
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

    train.main_from_args(args)
    return 0
