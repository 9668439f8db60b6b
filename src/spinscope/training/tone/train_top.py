"""Design "top" of the target-tone classifier: two transformer layers of its own on the shared encoder's trunk.

The shared int8 techniques encoder gives the states after its 4th layer (`trunk`) for every wordpiece of the
article. This classifier adds a learned *target-marker* vector to the trunk states of the target's wordpieces
(the target is marked without changing the shared encoder's input), runs two BERT layers (initialised from
all-MiniLM-L6-v2's layers 5-6) over the sentence's window (`spinscope.tone.targets.window`), pools the target's
wordpieces and the whole window, and maps the two means to three logits. Trained on NewsMTSC train with the trunk
states cached by `states` (computed with the int8 model, as at run time), selected by the mean of the dev-rw and
dev-mt macro-F1, exported to int8 ONNX (`top.onnx`: inputs states, mask, marker; output logits), then calibrated
on dev by `train_targets.finish`.

    flock /tmp/spinscope-heavy.lock nice -n 5 .venv/bin/python -m spinscope.training.tone.train_top \
        --data ../shared/data/newsmtsc --out artifacts/tone-top/model --max-minutes 30

Deterministic for a seed (fixed threads, seeded shuffles, no dropout randomness outside torch's seeded RNG).
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import math
import time
from pathlib import Path

import numpy as np

from spinscope.tone.targets import LABELS, MAX_TOKENS
from spinscope.training.tone.states import TargetStates
from spinscope.training.tone.train_targets import DEFAULT_DATA, finish, load_all, macro

log = logging.getLogger("spinscope.training.tone")
TOP_LAYERS = (4, 5)  # MiniLM layer indices (0-based) this classifier owns; the shared trunk is layers 0-3


def build_top():
    import torch
    from transformers import AutoModel

    from spinscope.training.onnx_export import base_model_dir

    base = AutoModel.from_pretrained(
        str(base_model_dir()), add_pooling_layer=False, attn_implementation="eager"
    )
    hidden = base.config.hidden_size

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[i]) for i in TOP_LAYERS)
            self.target = torch.nn.Parameter(torch.randn(hidden) * 0.02)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * hidden, len(LABELS))

        def forward(self, states, mask, marker):
            h = states + marker.unsqueeze(-1) * self.target
            additive = (1.0 - mask[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
            for layer in self.layers:
                out = layer(h, attention_mask=additive)
                h = out[0] if isinstance(out, tuple) else out
            m = mask.unsqueeze(-1).to(h.dtype)
            t = marker.unsqueeze(-1)
            sentence = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            target = (h * t).sum(1) / t.sum(1).clamp(min=1.0)
            return self.head(self.dropout(torch.cat([target, sentence], dim=-1)))

    return Top()


def batch(states: TargetStates, idx: list[int]):
    import torch

    n = max(1, max(int(states.index[i + 1] - states.index[i]) for i in idx))
    h = torch.zeros((len(idx), n, states.tokens.shape[1]))
    m = torch.zeros((len(idx), n), dtype=torch.long)
    t = torch.zeros((len(idx), n))
    for j, i in enumerate(idx):
        w = states.window_states(i)
        h[j, : len(w)] = torch.from_numpy(w.astype(np.float32))
        m[j, : len(w)] = 1
        t[j, : len(w)] = torch.from_numpy(states.marker(i))
    return h, m, t


def predict(top, states: TargetStates, size: int = 64) -> np.ndarray:
    import torch

    top.eval()
    out = np.zeros((len(states.gids), len(LABELS)), dtype=np.float32)
    lengths = np.diff(states.index)
    order = sorted(range(len(states.gids)), key=lambda i: lengths[i])
    with torch.no_grad():
        for k in range(0, len(order), size):
            idx = order[k : k + size]
            out[idx] = top(*batch(states, idx)).numpy()
    top.train()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--out", type=Path, default=Path("artifacts/tone-top/model"), help="model folder (copy it to ship)"
    )
    parser.add_argument("--work", type=Path, default=Path("artifacts/tone-top"))
    parser.add_argument("--cache", type=Path, default=Path("artifacts/tone"), help="the states cache")
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-minutes", type=float, default=30.0, help="stop training after this long")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="no training step: build, export, calibrate")
    args = parser.parse_args()

    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from spinscope.training.claims.loop import bucketed_batches, optimise, setup_run, warmup_linear
    from spinscope.training.onnx_export import export_int8

    setup_run(args.work, args.threads, args.seed)
    torch.use_deterministic_algorithms(True)
    t0 = time.time()
    splits = load_all(args.data, args.cache)
    train = splits["train"][1]
    top = build_top()
    top.train()
    targets = torch.tensor(train.labels, dtype=torch.long)
    lengths = [int(n) for n in np.diff(train.index)]
    steps_per_epoch = math.ceil(len(lengths) / args.batch_size)
    total = 0 if args.dry_run else int(steps_per_epoch * args.epochs)
    head = [p for n, p in top.named_parameters() if n.startswith(("head.", "target"))]
    body = [p for n, p in top.named_parameters() if not n.startswith(("head.", "target"))]
    optim = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01
    )
    sched = warmup_linear(optim, max(1, total))
    eval_every = max(1, steps_per_epoch // 2)
    best: dict = {"mean": -1.0, "step": 0}
    torch.save(top.state_dict(), args.work / "best.pt")
    step = 0
    stopped = "planned steps done"
    while step < total:
        for idx in bucketed_batches(lengths, args.batch_size):
            loss = torch.nn.functional.cross_entropy(top(*batch(train, idx)), targets[idx])
            optimise(loss, top, optim, sched)
            step += 1
            minutes = (time.time() - t0) / 60
            out_of_time = minutes >= args.max_minutes
            if step % eval_every == 0 or step >= total or out_of_time:
                row = {
                    name: round(macro(splits[name][1].labels, predict(top, splits[name][1]).argmax(1)), 4)
                    for name in ("dev-rw", "dev-mt")
                }
                mean = (row["dev-rw"] + row["dev-mt"]) / 2
                log.info("step %d/%d loss %.4f dev %s mean %.4f (%.1f min)", step, total, float(loss), row, mean,
                         minutes)  # fmt: skip
                if mean > best["mean"]:
                    best = {**row, "mean": round(mean, 4), "step": step}
                    torch.save(top.state_dict(), args.work / "best.pt")
            if out_of_time:
                stopped = f"time budget ({args.max_minutes} min) reached"
                total = step
            if step >= total:
                break
    top.load_state_dict(torch.load(args.work / "best.pt"))
    top.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    example = (torch.randn(2, 5, 384), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]),
               torch.tensor([[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]], dtype=torch.float32))  # fmt: skip
    export_int8(top, args.out / "top.onnx", ["logits"], fp32_path=args.work / "top.fp32.onnx", example=example,
                input_names=("states", "mask", "marker"))  # fmt: skip
    (args.out / "head.npz").unlink(missing_ok=True)
    config = {"design": "top", "states": "trunk", "trunk_layer": TOP_LAYERS[0], "max_tokens": MAX_TOKENS,
              "labels": list(LABELS)}  # fmt: skip
    extra = {
        "data": "NewsMTSC train (8,739 targets)",
        "architecture": f"trunk (layers 1-{TOP_LAYERS[0]}) + target marker + MiniLM layers "
        f"{TOP_LAYERS[0] + 1}-{TOP_LAYERS[-1] + 1} + [target mean, window mean] + linear",
        "epochs": args.epochs,
        "steps": step,
        "stopped": stopped,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "threads": args.threads,
        "minutes": round((time.time() - t0) / 60, 1),
        "selected": best,
    }
    figures = finish(args.out, args.data, config, extra)
    (args.work / "figures.json").write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
