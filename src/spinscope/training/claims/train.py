"""Fine-tune all of all-MiniLM-L6-v2 (mean pooling + a linear head) for check-worthiness on CT24 train, select on
CT24 dev: the *teacher* of the shipped classifier (`train_top`), which starts from its top layers and learns from
its labels on news sentences. CT24 dev-test and the CT 2019/2020 sets are never looked at here.

    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train \
        --data ../shared/data --epochs 2 --max-minutes 18

Writes `artifacts/claims/{train.log,best.pt,train_info.json}`.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
from pathlib import Path

import numpy as np

from spinscope.evaluation.checkthat import DEFAULT_DATA, load_splits
from spinscope.training.claims.loop import bucketed_batches, dev_figures, optimise, setup_run, warmup_linear
from spinscope.training.onnx_export import base_model_dir

BASE = "sentence-transformers/all-MiniLM-L6-v2"
log = logging.getLogger("spinscope.training.claims")


def build_net():
    import torch
    from transformers import AutoModel

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_model_dir()))
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
    tok = AutoTokenizer.from_pretrained(str(base_model_dir()))

    def encode(texts: list[str]) -> list[list[int]]:
        return tok(texts, truncation=True, max_length=args.max_length)["input_ids"]

    train_enc = encode([e.text for e in train])
    train_y = torch.tensor([e.label for e in train], dtype=torch.float32)
    dev_enc = encode([e.text for e in dev])
    dev_y = [e.label for e in dev]

    net = build_net()
    net.train()
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optim = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    sched = warmup_linear(optim, total)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    eval_every = max(1, steps_per_epoch // args.evals_per_epoch)

    def make_info(step: int, minutes: float, best: dict, stop: bool) -> dict:
        return {
            "base_model": BASE,
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
    best = {"ap": -1.0}
    step = 0
    stop = False
    while step < total and not stop:
        groups = bucketed_batches([len(e) for e in train_enc], args.batch_size)
        order = [i for g in groups for i in g]
        running = 0.0
        for idx, ids, att in batches(train_enc, order, args.batch_size):
            loss = loss_fn(net(ids, att), train_y[idx])
            optimise(loss, net, optim, sched)
            step += 1
            running += loss.item()
            if step % 50 == 0:
                log.info("step %d/%d loss %.4f %.1f min", step, total, running / 50, (time.time() - t0) / 60)
                running = 0.0
            timeout = (time.time() - t0) / 60 > args.max_minutes
            if step % eval_every == 0 or step >= total or timeout:
                ap, f1, t = dev_figures(dev_y, predict(net, dev_enc))
                log.info("eval step %d: dev AP %.4f best-F1 %.4f (t=%.3f)", step, ap, f1, t)
                if ap > best["ap"]:
                    best = {"ap": ap, "f1": f1, "step": step}
                    torch.save(net.state_dict(), args.work / "best.pt")
                    info = make_info(step, (time.time() - t0) / 60, best, False)
                    (args.work / "train_info.json").write_text(json.dumps(info, indent=1))
                    log.info("saved checkpoint (best dev AP)")
            if step >= total or timeout:
                stop = timeout
                break
    minutes = (time.time() - t0) / 60
    log.info("training done in %.1f min; best %s", minutes, best)
    info = make_info(step, minutes, best, stop)
    (args.work / "train_info.json").write_text(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
