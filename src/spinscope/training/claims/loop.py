"""What the two claims trainings (teacher and shipped classifier) share: run setup, schedule, batch order."""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np


def setup_run(work: Path, threads: int, seed: int) -> None:
    """Log to ``work/train.log`` and the terminal; fix the thread count and every random seed."""
    import torch

    work.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(work / "train.log"), logging.StreamHandler()],
    )
    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def warmup_linear(optim: Any, total: int, warmup_share: float = 0.06) -> Any:
    """Linear warm-up over the first 6 % of the steps, then linear decay to zero."""
    import torch

    warmup = int(warmup_share * total)
    return torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / max(1, warmup)) * max(0.0, (total - s) / max(1, total - warmup))
    )


def bucketed_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """One epoch's batches: shuffle, sort by length within chunks of 50 batches (little padding), shuffle the
    batches (uses `random`, seeded by `setup_run`)."""
    order = list(range(len(lengths)))
    random.shuffle(order)
    chunk = batch_size * 50
    order = [
        i for k in range(0, len(order), chunk) for i in sorted(order[k : k + chunk], key=lambda i: lengths[i])
    ]
    groups = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    random.shuffle(groups)
    return groups


def optimise(loss: Any, module: Any, optim: Any, sched: Any) -> None:
    """One training step: backward, clip the gradient norm at 1, optimiser and schedule step, reset gradients."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
    optim.step()
    sched.step()
    optim.zero_grad()


def dev_figures(labels: Sequence[int], logits: np.ndarray) -> tuple[float, float, float]:
    """(average precision, best F1, its threshold) of dev logits: what both trainings select and log by."""
    from spinscope.evaluation.checkthat import average_precision, best_threshold

    threshold, f1 = best_threshold(labels, 1 / (1 + np.exp(-logits)))
    return average_precision(labels, logits), f1, threshold
