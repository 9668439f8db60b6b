"""The techniques teacher: all-mpnet-base-v2 fine-tuned on PTC train with the student's recipe (SI BIO + TC head).

The teacher is too large and slow to ship (110M parameters, ~1 s per article on 2 cores); it exists to label
text for the MiniLM student (distillation). Its training takes longer than one session, so it saves a resumable
state every ``--checkpoint-every`` steps and ``--resume`` continues from it with the same options:

    python -m spinscope.training.techniques.teacher train --ptc ../shared/data/ptc-semeval2020-task11 \
        --work artifacts/teacher --resume            # run again after an interruption: it goes on
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

DEFAULT_WORK = Path("artifacts/teacher")


def train(a: argparse.Namespace) -> None:
    import torch

    from spinscope.training.techniques.train import train_net

    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    log_file = open(work / "train.log", "a", buffering=1)  # noqa: SIM115 (open for the whole run)

    def log(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")

    net, info = train_net(
        Path(a.ptc),
        seed=a.seed,
        epochs=a.epochs,
        max_minutes=a.max_minutes,
        batch_size=a.batch_size,
        lr=a.lr,
        tc_weight=a.tc_weight,
        tok_weight=a.tok_weight,
        work_dir=work,
        base="mpnet",
        checkpoint_every=a.checkpoint_every,
        resume=a.resume,
        log=log,
    )
    final = work / "teacher.pt"
    torch.save(net.state_dict(), final)
    (work / "teacher.json").write_text(json.dumps(info, indent=1))
    log(f"teacher weights {final}: {json.dumps(info)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="fine-tune all-mpnet-base-v2 on PTC train (resumable)")
    t.add_argument("--ptc", type=Path, required=True)
    t.add_argument("--work", type=Path, default=DEFAULT_WORK)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--max-minutes", type=float, default=240, help="training budget over all resumed runs")
    t.add_argument("--batch-size", type=int, default=8)
    t.add_argument("--lr", type=float, default=5e-5)
    t.add_argument("--tc-weight", type=float, default=0.5)
    t.add_argument("--tok-weight", type=float, default=0.0)
    t.add_argument("--checkpoint-every", type=int, default=25, help="steps between resumable states")
    t.add_argument("--resume", action="store_true", help="continue from the saved state when there is one")
    a = ap.parse_args()
    if a.command == "train":
        train(a)


if __name__ == "__main__":
    main()
