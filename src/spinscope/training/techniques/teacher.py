"""The techniques teacher: all-mpnet-base-v2 fine-tuned on PTC train with the student's recipe (SI BIO + TC head).

The teacher is too large and slow to ship (110M parameters, ~1 s per article on 2 cores); it exists to label
text for the MiniLM student (distillation). Its training takes longer than one session, so it saves a resumable
state every ``--checkpoint-every`` steps and ``--resume`` continues from it with the same options:

    python -m spinscope.training.techniques.teacher train --ptc ../shared/data/ptc-semeval2020-task11 \
        --work artifacts/teacher --resume            # run again after an interruption: it goes on
    python -m spinscope.training.techniques.teacher eval --ptc ../shared/data/ptc-semeval2020-task11 \
        --work artifacts/teacher                     # SI on PTC dev beside the shipped student

`eval` reads the teacher's BIO probabilities on the dev articles in the student's tokens (as the student learns
them, `distil.teacher_probs`) and decodes them (a) with the shipped student's decoding parameters and (b) with
the parameters tuned on dev for the teacher (`evaluate.tune_decoding`, optimistic) and cross-fitted over two
halves of dev (each half decoded with the parameters tuned on the other): the same three figures for the student.
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


def evaluate(a: argparse.Namespace) -> dict:
    """SI figures of the teacher and of the shipped student on PTC dev (see the module docstring)."""
    from dataclasses import dataclass

    import numpy as np

    from spinscope import encoder as E
    from spinscope.evaluation.ptc.formats import PTC
    from spinscope.evaluation.ptc.scorer import score_si
    from spinscope.onnx_models import load_tokenizer
    from spinscope.techniques.model import TechniqueModel
    from spinscope.training.techniques import distil
    from spinscope.training.techniques.evaluate import _halves, _si_rows, tune_decoding

    @dataclass
    class Encoded:  # what `_si_rows` reads of an encoding
        text: str
        offs: np.ndarray
        probs: np.ndarray

    ptc = PTC(Path(a.ptc))
    texts = ptc.articles("dev")
    gold = ptc.si("dev")
    student = TechniqueModel()
    tokenizer = load_tokenizer(student.dir / "tokenizer.json")
    aids = sorted(texts)
    found = distil.teacher_probs(Path(a.work), [texts[i] for i in aids], tokenizer)
    encodings = {
        "teacher": {
            aid: Encoded(texts[aid], E.encode_ids(tokenizer, texts[aid])[1], p)
            for aid, p in zip(aids, found, strict=True)
        },
        "student": {aid: student.encode(texts[aid]) for aid in aids},
    }
    result: dict = {}
    halves = _halves(aids)
    for name, encs in encodings.items():
        shipped = score_si(gold, _si_rows(encs, set(aids), student.decode_params))
        params, tuned, _ = tune_decoding(encs, gold, set(aids))
        cross = []
        for fit_on, ev in ((halves[0], halves[1]), (halves[1], halves[0])):
            half_params, _, _ = tune_decoding(encs, gold, fit_on)
            cross += _si_rows(encs, ev, half_params)
        crossed = score_si(gold, cross)
        figures = {"student_decoding": shipped, "dev_tuned": tuned, "cross_fitted": crossed}
        result[name] = {
            key: {k: round(sc[k], 4) for k in ("precision", "recall", "f1", "strict_f1")}
            for key, sc in figures.items()
        }
        result[name]["dev_tuned_params"] = params.__dict__
    (Path(a.work) / "eval-dev.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return result


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
    e = sub.add_parser("eval", help="SI on PTC dev: the teacher beside the shipped student")
    e.add_argument("--ptc", type=Path, required=True)
    e.add_argument("--work", type=Path, default=DEFAULT_WORK)
    a = ap.parse_args()
    if a.command == "train":
        train(a)
    else:
        evaluate(a)


if __name__ == "__main__":
    main()
