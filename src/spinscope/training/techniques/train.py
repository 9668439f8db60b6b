"""Fine-tune MiniLM multi-task (SI BIO tagging + TC span classification) on PTC train.

    python -m spinscope.training.techniques.train --ptc /path/to/ptc-semeval2020-task11 --seed 0

Deterministic for a seed (fixed thread count, deterministic torch algorithms, seeded window phases/shuffle).
Checkpoints each epoch to ``artifacts/techniques/``; at the end exports int8 ONNX + heads to ``out_dir``,
tunes span decoding / fits calibration on dev (cross-fitted) and writes ``metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "models" / "techniques"
DEFAULT_WORK = Path("artifacts/techniques")


def base_encoder(base: str) -> tuple[Path, tuple[int, int, int]]:
    """Folder of the base weights and the (start, end, padding) token ids of ``base``."""
    from spinscope import encoder as E
    from spinscope.training.techniques.data import base_model_dir

    if base == "minilm":
        return base_model_dir(), (E.CLS_ID, E.SEP_ID, E.PAD_ID)
    if base == "mpnet":
        from spinscope.training.mpnet import assemble

        return assemble(), (0, 2, 1)  # <s>, </s>, <pad>
    raise SystemExit(f"unknown base encoder {base!r} (minilm or mpnet)")


def _seed_all(seed: int):
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)


def train_net(
    ptc_dir: Path,
    seed: int = 0,
    epochs: int = 3,
    max_minutes: float = 60,
    batch_size: int = 8,
    lr: float = 1e-4,
    head_lr: float = 1e-3,
    tc_weight: float = 0.5,
    tok_weight: float = 0.0,
    work_dir: Path = DEFAULT_WORK,
    unit: str = "window",
    init: Path | None = None,
    freeze_below: int = 0,
    unlabelled: Path | None = None,
    unlabelled_ratio: float = 1.0,
    soft_weight: float = 1.0,
    tc_soft_weight: float = 0.0,
    teachers: list[Path] | None = None,
    base: str = "minilm",
    checkpoint_every: int = 0,
    resume: bool = False,
    log=print,
):
    """Train the multi-task net; returns ``(net, info)``.

    ``base``: "minilm" (the shipped student's all-MiniLM-L6-v2) or "mpnet" (all-mpnet-base-v2, the teacher).
    ``checkpoint_every``: also save a resumable state (weights, optimiser, position in the epoch, random states)
    every this many steps; ``resume`` continues from it (same options), so that a training longer than a
    session goes on where it stopped; the time budget counts the minutes of every run.
    ``tc_soft_weight`` > 0: the teacher (the accurate profile) also names the technique of its phrases in the
    unlabelled articles, and the technique head learns its distributions with this loss weight, each phrase
    weighted by the teacher's calibrated P(the phrase is a technique)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from tqdm import tqdm

    from spinscope.evaluation.ptc.formats import PTC
    from spinscope.onnx_models import load_tokenizer
    from spinscope.training.techniques.data import collate, epoch_items, load_split
    from spinscope.training.techniques.model import TechniqueNet

    t0 = time.time()
    _seed_all(seed)
    base_dir, special = base_encoder(base)
    tok = load_tokenizer(base_dir / "tokenizer.json")
    ptc = PTC(ptc_dir)
    arts = load_split(ptc, "train", tok)
    log(
        f"train articles {len(arts)}, tokens {sum(len(a.ids) for a in arts)}, tc spans {sum(len(a.tc) for a in arts)}"
    )
    unl = []
    if unlabelled is not None:  # self-training: soft BIO targets on unlabelled news from the teacher models
        from spinscope.training.techniques.pseudo import load_unlabelled

        if Path(unlabelled).resolve().is_relative_to(Path(ptc_dir).resolve()):
            raise SystemExit(
                "--unlabelled must not be inside the PTC folder (its test and dev texts stay unread)"
            )
        unl = load_unlabelled(
            Path(unlabelled), teachers or [DEFAULT_OUT], tok, work_dir, log=log, phrases=tc_soft_weight > 0
        )
        log(f"unlabelled articles {len(unl)}, tokens {sum(len(a.ids) for a in unl)}")
        _seed_all(seed)  # the teachers' inference must not change the student's initialisation
    pool = arts + unl
    net = TechniqueNet(base_dir)
    if init is not None:  # continue from a checkpoint (e.g. the shipped run's)
        net.load_state_dict(torch.load(init), strict=False)
    if freeze_below > 0:  # keep the embeddings and the first layers: the exported trunk stays the same
        frozen = [net.encoder.embeddings, *net.encoder.encoder.layer[:freeze_below]]
        for module in frozen:
            for p in module.parameters():
                p.requires_grad = False
    head_params = list(net.bio.parameters()) + list(net.tc.parameters()) + list(net.tok_tc.parameters())
    head_ids = {id(p) for p in head_params}
    enc_decay = [
        p
        for n, p in net.named_parameters()
        if id(p) not in head_ids and p.requires_grad and not ("bias" in n or "LayerNorm" in n)
    ]
    enc_nodecay = [
        p
        for n, p in net.named_parameters()
        if id(p) not in head_ids and p.requires_grad and ("bias" in n or "LayerNorm" in n)
    ]
    opt = torch.optim.AdamW(
        [
            {"params": enc_decay, "lr": lr, "weight_decay": 0.01},
            {"params": enc_nodecay, "lr": lr, "weight_decay": 0.0},
            {"params": head_params, "lr": head_lr, "weight_decay": 0.01},
        ]
    )
    rng = np.random.default_rng(seed)

    def items_of_epoch(r: np.random.Generator) -> list[tuple[int, int, int]]:
        gold = epoch_items(arts, r, unit, batch_size)
        if not unl:
            return gold
        extra = epoch_items(unl, r, unit, batch_size)
        extra = [(i + len(arts), a, b) for i, a, b in extra[: round(unlabelled_ratio * len(gold))]]
        both = gold + extra
        return [both[j] for j in r.permutation(len(both))]

    n_items = len(items_of_epoch(np.random.default_rng(seed + 999)))
    steps_per_epoch = math.ceil(n_items / batch_size)
    total = steps_per_epoch * epochs
    warm = max(1, int(0.06 * total))
    base_lrs = [g["lr"] for g in opt.param_groups]

    def set_lr(step):
        f = step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))
        for g, b in zip(opt.param_groups, base_lrs, strict=True):
            g["lr"] = b * f

    work_dir.mkdir(parents=True, exist_ok=True)
    ce_bio = torch.nn.CrossEntropyLoss(ignore_index=-100)
    ce_tc = torch.nn.CrossEntropyLoss()
    bce_tok = torch.nn.BCEWithLogitsLoss(reduction="none")
    step = 0
    stop = False
    first_epoch, skip = 0, 0
    state_path = work_dir / f"state-{base}-seed{seed}.pt"
    if resume and state_path.is_file():
        state = torch.load(state_path, weights_only=False)
        net.load_state_dict(state["net"])
        opt.load_state_dict(state["opt"])
        step, first_epoch, skip = state["step"], state["epoch"], state["batch"]
        rng.bit_generator.state = state["rng_epoch"]
        torch.set_rng_state(state["torch_rng"])
        t0 -= 60 * state["minutes"]
        log(f"resumed from {state_path} at step {step} (epoch {first_epoch + 1}, batch {skip})")
    elif resume:
        log(f"no state at {state_path}; starting afresh")

    def save_state(ep: int, batch_index: int, rng_epoch: Mapping[str, Any]) -> None:
        tmp = state_path.with_suffix(".tmp")
        torch.save(
            {
                "net": net.state_dict(),
                "opt": opt.state_dict(),
                "step": step,
                "epoch": ep,
                "batch": batch_index,
                "rng_epoch": rng_epoch,
                "torch_rng": torch.get_rng_state(),
                "minutes": (time.time() - t0) / 60,
            },
            tmp,
        )
        tmp.replace(state_path)  # never a half-written state

    ep = first_epoch
    for ep in range(first_epoch, epochs):
        net.train()
        rng_epoch = rng.bit_generator.state
        items = items_of_epoch(rng)
        # group into batches of similar length (full windows dominate; short tails batched together)
        batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
        bar = tqdm(batches, desc=f"epoch {ep + 1}/{epochs}", mininterval=30, ascii=True)
        run_b, run_t, run_s, run_q, nb = 0.0, 0.0, 0.0, 0.0, 0
        for batch_index, batch in enumerate(bar):
            if ep == first_epoch and batch_index < skip:
                continue
            bt = collate(pool, batch, special)
            set_lr(step)
            logits, hidden = net(torch.from_numpy(bt.inp), torch.from_numpy(bt.att))
            has_gold = bool((bt.lab != -100).any())
            loss_b = ce_bio(logits.reshape(-1, 3), torch.from_numpy(bt.lab).reshape(-1)) if has_gold else 0.0
            loss = loss_b
            soft_mask = torch.from_numpy(bt.soft.sum(-1) > 0)
            if bool(soft_mask.any()):
                logp = torch.log_softmax(logits, dim=-1)
                loss_s = -(torch.from_numpy(bt.soft) * logp).sum(-1)[soft_mask].mean()
                loss = loss + soft_weight * loss_s
                run_s += float(loss_s)
            if tok_weight > 0:
                content = torch.from_numpy(bt.lab != -100).float().unsqueeze(-1)
                tok = bce_tok(net.tok_tc(net.drop(hidden)), torch.from_numpy(bt.tech))
                loss = loss + tok_weight * (tok * content).sum() / (content.sum() * tok.shape[-1])
            if len(bt.sb):
                tcl = net.tc_logits(
                    hidden,
                    torch.from_numpy(bt.sb),
                    torch.from_numpy(bt.sa),
                    torch.from_numpy(bt.se),
                    torch.from_numpy(bt.feats),
                )
                gold = torch.from_numpy(bt.sl >= 0)
                if bool(gold.any()):
                    loss_t = ce_tc(tcl[gold], torch.from_numpy(bt.sl)[gold])
                    loss = loss + tc_weight * loss_t
                    run_t += float(loss_t)
                if bool((~gold).any()):  # the teacher's phrases: its technique distribution, weighted
                    logp = torch.log_softmax(tcl[~gold], dim=-1)
                    w = torch.from_numpy(bt.tc_w)[~gold]
                    per = -(torch.from_numpy(bt.tc_soft)[~gold] * logp).sum(-1)
                    loss_q = (w * per).sum() / w.sum().clamp(min=1e-6)
                    loss = loss + tc_soft_weight * loss_q
                    run_q += float(loss_q)
            if not isinstance(loss, torch.Tensor):  # no gold BIO, soft targets, token techniques nor spans
                raise RuntimeError(f"batch {batch_index} of epoch {ep + 1} has no training target")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            step += 1
            run_b += float(loss_b)
            nb += 1
            if step % 20 == 0:
                bar.set_postfix(bio=f"{run_b / nb:.3f}", tc=f"{run_t / nb:.3f}")
                log(
                    f"step {step}/{total} bio {run_b / nb:.4f} tc {run_t / nb:.4f} soft {run_s / nb:.4f} "
                    f"tc-soft {run_q / nb:.4f} {(time.time() - t0) / 60:.1f} min"
                )
                run_b, run_t, run_s, run_q, nb = 0.0, 0.0, 0.0, 0.0, 0
            if checkpoint_every and step % checkpoint_every == 0:
                save_state(ep, batch_index + 1, rng_epoch)
            if (time.time() - t0) / 60 > max_minutes:
                log(f"time budget of {max_minutes} min reached at step {step}; stopping")
                save_state(ep, batch_index + 1, rng_epoch)
                stop = True
                break
        else:
            save_state(ep + 1, 0, rng.bit_generator.state)
        prefix = "ckpt" if base == "minilm" else f"ckpt-{base}"
        ck = work_dir / f"{prefix}-seed{seed}-epoch{ep + 1}.pt"
        torch.save(net.state_dict(), ck)
        log(f"epoch {ep + 1} done, checkpoint {ck}, {(time.time() - t0) / 60:.1f} min")
        if stop:
            break
    net.eval()
    return net, {
        "seed": seed,
        "epochs_done": ep + 1,
        "steps": step,
        "minutes": round((time.time() - t0) / 60, 1),
        "batch_size": batch_size,
        "lr": lr,
        "head_lr": head_lr,
        "tc_weight": tc_weight,
        "tok_weight": tok_weight,
        "unit": unit,
        **({"base": base} if base != "minilm" else {}),
        **({"init": str(init), "freeze_below": freeze_below} if init or freeze_below else {}),
        **(
            {
                "unlabelled": str(unlabelled),
                "unlabelled_articles": len(unl),
                "unlabelled_ratio": unlabelled_ratio,
                "soft_weight": soft_weight,
                **({"tc_soft_weight": tc_soft_weight} if tc_soft_weight else {}),
                "teachers": [str(t) for t in (teachers or [DEFAULT_OUT])],
            }
            if unl
            else {}
        ),
    }


def main(
    ptc_dir: Path,
    out_dir: Path = DEFAULT_OUT,
    max_minutes: float = 60,
    work_dir: Path = DEFAULT_WORK,
    **train_options: Any,
) -> dict:
    """Train, export int8 ONNX + heads into ``out_dir``, fit decoding/calibration on dev, write metrics.json.

    ``train_options`` are `train_net`'s keyword arguments (seed, epochs, unit, lr, unlabelled, ...)."""
    t0 = time.time()
    # leave ~15 minutes of the budget for export, TC-head refit, calibration and evaluation
    net, info = train_net(
        Path(ptc_dir), max_minutes=max(1.0, max_minutes - 15), work_dir=Path(work_dir), **train_options
    )
    from spinscope.training.techniques import evaluate, export

    export.export(net, Path(out_dir), train_info=info, keep_fp32=Path(work_dir))
    # refit the technique head as logistic regression over the exported encoder's span features (C on dev)
    from spinscope.training.techniques import refit_tc

    refit_tc.main(Path(ptc_dir), Path(out_dir), write=True)
    evaluate.fit_decoding_and_calibration(Path(ptc_dir), Path(out_dir))
    metrics = evaluate.main(Path(ptc_dir), split="dev", model_dir=Path(out_dir))
    print(f"total {(time.time() - t0) / 60:.1f} min")
    return metrics


def main_from_args(a: argparse.Namespace) -> dict:
    """`main` with the options of `options.add_train_arguments` (the module's CLI and `spinscope train`)."""
    return main(
        a.ptc,
        seed=a.seed,
        out_dir=a.out or DEFAULT_OUT,
        epochs=a.epochs,
        max_minutes=a.max_minutes,
        work_dir=a.work,
        tok_weight=a.tok_weight,
        unit=a.unit,
        batch_size=a.batch_size,
        lr=a.lr,
        tc_weight=a.tc_weight,
        init=a.init,
        freeze_below=a.freeze_below,
        unlabelled=a.unlabelled,
        unlabelled_ratio=a.unlabelled_ratio,
        soft_weight=a.soft_weight,
        tc_soft_weight=a.tc_soft_weight,
        teachers=a.teacher or None,
        checkpoint_every=a.checkpoint_every,
        resume=a.resume,
    )


def _cli():
    from spinscope.training.techniques.options import add_train_arguments

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_train_arguments(ap)
    m = main_from_args(ap.parse_args())
    print(json.dumps({k: m[k] for k in m if k != "per_technique"}, indent=1))


if __name__ == "__main__":
    _cli()
