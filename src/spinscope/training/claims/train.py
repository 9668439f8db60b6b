"""Fine-tune a whole encoder (mean pooling + a linear head) for check-worthiness on CT24 train, select on CT24
dev: a *teacher* of the shipped classifier (`train_top`), which learns from its probabilities on news sentences.
CT24 dev-test and the CT 2019/2020 sets are never looked at here.

``--base minilm`` (all-MiniLM-L6-v2, 14 minutes for 2 epochs) is the teacher whose top layers also initialise the
classifier; ``--base mpnet`` (all-mpnet-base-v2 from its split-zip packages, about 8 times the compute) is the
base-size teacher, used for its probabilities only. The run can be stopped and resumed: ``work/state.pt`` is
written at every evaluation (model, optimiser, schedule, the epoch's batch order and position, random states).

    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train \
        --data ../shared/data --epochs 2 --max-minutes 18
    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train \
        --base mpnet --work artifacts/claims-mpnet --epochs 1 --max-minutes 90 [--resume]

Writes `work/{train.log,best.pt,train_info.json,state.pt}`; ``train_info.json`` names the base, which
`train_top` reads to rebuild the teacher.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np

from spinscope.evaluation.checkthat import DEFAULT_DATA, load_splits
from spinscope.training.claims.loop import bucketed_batches, dev_figures, optimise, setup_run, warmup_linear
from spinscope.training.onnx_export import base_model_dir

BASES = {
    "minilm": "sentence-transformers/all-MiniLM-L6-v2",
    "mpnet": "sentence-transformers/all-mpnet-base-v2",
}
log = logging.getLogger("spinscope.training.claims")


def base_dir(base: str) -> Path:
    """The local folder of a base model (nothing is downloaded)."""
    if base == "mpnet":
        from spinscope.training.mpnet import assemble

        return assemble()
    return base_model_dir()


def teacher_base(checkpoint: Path) -> str:
    """The base a teacher checkpoint was trained from (its ``train_info.json``; MiniLM for older runs)."""
    info = checkpoint.parent / "train_info.json"
    if info.exists():
        name = json.loads(info.read_text()).get("base_model", BASES["minilm"])
        return next((key for key, value in BASES.items() if value == name), "minilm")
    return "minilm"


def build_net(base: str = "minilm"):
    import torch
    from transformers import AutoModel

    folder = str(base_dir(base))

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(folder)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled)).squeeze(-1)

    return Net()


def batches(enc: list[list[int]], order: list[int], size: int):
    import torch

    for k in range(0, len(order), size):
        idx = order[k : k + size]
        n = max(len(enc[i]) for i in idx)
        ids = torch.zeros((len(idx), n), dtype=torch.long)
        att = torch.zeros((len(idx), n), dtype=torch.long)
        for j, i in enumerate(idx):
            ids[j, : len(enc[i])] = torch.tensor(enc[i])
            att[j, : len(enc[i])] = 1
        yield idx, ids, att


def predict(net, enc: list[list[int]], size: int = 128) -> np.ndarray:
    import torch

    net.eval()
    out = np.zeros(len(enc), dtype=np.float32)
    order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
    with torch.no_grad():
        for idx, ids, att in batches(enc, order, size):
            out[idx] = net(ids, att).numpy()
    net.train()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--base", choices=sorted(BASES), default="minilm")
    parser.add_argument("--resume", action="store_true", help="go on from work/state.pt")
    parser.add_argument("--work", type=Path, default=Path("artifacts/claims"))
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--max-minutes", type=float, default=18.0)
    parser.add_argument("--evals-per-epoch", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--limit", type=int, default=0, help="smoke test: use only this many train/dev sentences"
    )
    args = parser.parse_args()

    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoTokenizer

    setup_run(args.work, args.threads, args.seed)

    train, dev, _tests, dropped = load_splits(args.data)
    if args.limit:
        train, dev = train[: args.limit], dev[: args.limit]
    log.info(
        "train %d sentences (%d dropped as duplicates of dev/dev-test), dev %d", len(train), dropped, len(dev)
    )
    tok = AutoTokenizer.from_pretrained(str(base_dir(args.base)))

    def encode(texts: list[str]) -> list[list[int]]:
        return tok(texts, truncation=True, max_length=args.max_length)["input_ids"]

    train_enc = encode([e.text for e in train])
    train_y = torch.tensor([e.label for e in train], dtype=torch.float32)
    dev_enc = encode([e.text for e in dev])
    dev_y = [e.label for e in dev]

    net = build_net(args.base)
    net.train()
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optim = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    sched = warmup_linear(optim, total)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)

    def make_info(step: int, minutes: float, best: dict, stop: bool) -> dict:
        return {
            "base_model": BASES[args.base],
            "data": "CT24 Task 1 English train (= ClaimBuster crowdsourced), de-duplicated against dev and dev-test",
            "train_sentences": len(train),
            "dropped_duplicates": dropped,
            "epochs": args.epochs,
            "steps": step,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "max_length": args.max_length,
            "seed": args.seed,
            "minutes": round(minutes, 1),
            "selected": best,
            "stopped_by_time_budget": stop,
        }

    t0 = time.time()
    best: dict = {"ap": -1.0}
    step = 0
    stop = False
    order: list[int] = []
    done = 0  # batches of `order` already trained on
    spent = 0.0  # minutes of earlier runs
    state_path = args.work / "state.pt"
    if args.resume and state_path.exists():
        state = torch.load(state_path, weights_only=False)
        net.load_state_dict(state["net"])
        optim.load_state_dict(state["optim"])
        sched.load_state_dict(state["sched"])
        step, order, done, best, spent = (
            state["step"],
            state["order"],
            state["done"],
            state["best"],
            state["minutes"],
        )
        random.setstate(state["random"])
        np.random.set_state(state["numpy"])
        torch.set_rng_state(state["torch"])
        log.info("resumed at step %d (%.1f min spent)", step, spent)

    def save_state() -> None:
        state = {
            "net": net.state_dict(), "optim": optim.state_dict(), "sched": sched.state_dict(), "step": step,
            "order": order, "done": done, "best": best, "minutes": spent + (time.time() - t0) / 60,
            "random": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state(),
        }  # fmt: skip
        torch.save(state, state_path.with_suffix(".tmp"))
        state_path.with_suffix(".tmp").replace(state_path)

    while step < total and not stop:
        if not order or done * args.batch_size >= len(order):
            groups = bucketed_batches([len(e) for e in train_enc], args.batch_size)
            order, done = [i for g in groups for i in g], 0
        running = 0.0
        for idx, ids, att in batches(train_enc, order[done * args.batch_size :], args.batch_size):
            loss = loss_fn(net(ids, att), train_y[idx])
            optimise(loss, net, optim, sched)
            step += 1
            done += 1
            running += loss.item()
            if step % 50 == 0:
                minutes = spent + (time.time() - t0) / 60
                log.info("step %d/%d loss %.4f %.1f min", step, total, running / 50, minutes)
                running = 0.0
            timeout = spent + (time.time() - t0) / 60 > args.max_minutes
            if step % eval_every == 0 or step >= total or timeout:
                ap, f1, t = dev_figures(dev_y, predict(net, dev_enc))
                log.info("eval step %d: dev AP %.4f best-F1 %.4f (t=%.3f)", step, ap, f1, t)
                if ap > best["ap"]:
                    best = {"ap": ap, "f1": f1, "step": step}
                    torch.save(net.state_dict(), args.work / "best.pt")
                    info = make_info(step, spent + (time.time() - t0) / 60, best, False)
                    (args.work / "train_info.json").write_text(json.dumps(info, indent=1))
                    log.info("saved checkpoint (best dev AP)")
                save_state()
            if step >= total or timeout:
                stop = timeout
                break
    minutes = spent + (time.time() - t0) / 60
    log.info("training done in %.1f min; best %s", minutes, best)
    info = make_info(step, minutes, best, stop)
    (args.work / "train_info.json").write_text(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
