"""Train a check-worthiness classifier of its own layers on the techniques encoder's trunk (the shipped one: one layer).

The techniques layer already encodes every article with a fine-tuned MiniLM; its int8 ONNX model also outputs the
states after layer 4 (`trunk`). The claims classifier is MiniLM layers on top of it (``--layers``: 4,5 = layers 5-6,
the design shipped before; 4 = layer 5 alone, shipped) + mean pooling + one logit, run on the trunk states of each
sentence's tokens: an article is encoded once for both layers, and claims cost one or two layers instead of six.

    # the two-layer design, from the fully fine-tuned teacher (spinscope.training.claims.train)
    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train_top \
        --data ../shared/data --ptc ../shared/data/ptc-semeval2020-task11 --out designs/claims/two-layers
    # a one-layer classifier distilled from the all-mpnet-base-v2 teacher (train --base mpnet)
    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train_top \
        --data ../shared/data --ptc ../shared/data/ptc-semeval2020-task11 --teacher artifacts/claims-mpnet/best.pt \
        --layers 4 --soft-weight 0.5 --lr 2e-4 --work artifacts/claims-1l-mpnet --out designs/claims/one-layer-mpnet
    # the shipped one-layer classifier, distilled from the two-layer one
    flock /tmp/spinscope-heavy.lock .venv/bin/python -m spinscope.training.claims.train_top \
        --data ../shared/data --ptc ../shared/data/ptc-semeval2020-task11 --teacher-model designs/claims/two-layers \
        --layers 4 --soft-weight 0.5 --lr 2e-4 --work artifacts/claims-1l --out src/spinscope/models/claims

Data: CT24 train sentences (hard labels, or mixed with the teacher's probability by ``--soft-weight``), plus
sentences of the PTC *train* articles labelled by the teacher (soft labels, knowledge distillation): they are news
prose seen in article context, as at run time; ``--older`` adds the older CheckThat! training sets. The teacher is
`artifacts/claims/best.pt` from `spinscope.training.claims.train` (a MiniLM teacher also initialises the layers; a
base-size one, ``train --base mpnet``, only teaches, and its probabilities are cached in ``--work``), or with
``--teacher-model`` a classifier folder read on the same trunk states (the layers then start from the pretrained
MiniLM). The trunk states are computed with the shipped int8 techniques model, exactly as at run time. Selection
(best dev average precision), Platt calibration, the F1-best threshold and the check-first bar use CT24 dev only;
dev-test and the CT 2019/2020 test sets are never looked at here (`select` then sets the threshold).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import math
import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.evaluation.checkthat import DEFAULT_DATA, OLDER_TRAIN, Example, load_older, load_splits
from spinscope.training.claims.loop import bucketed_batches, dev_figures, optimise, setup_run, warmup_linear
from spinscope.training.onnx_export import base_model_dir, export_int8

log = logging.getLogger("spinscope.training.claims.top")
TOP_LAYERS = (4, 5)  # MiniLM layer indices (0-based) the classifier owns; the trunk is layers 0-3
MAX_TOKENS = 126  # wordpieces of a sentence given to the classifier (training sentences: at most 62)
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*|$)")


def build_top(teacher_state: dict | None = None, layers: tuple[int, ...] = TOP_LAYERS):
    """The classifier: MiniLM's layers ``layers`` + mean pooling over the sentence's tokens + a linear logit,
    initialised from the fully fine-tuned teacher when given, else from the pretrained MiniLM (head at random)."""
    import torch
    from transformers import AutoModel

    base = AutoModel.from_pretrained(
        str(base_model_dir()), add_pooling_layer=False, attn_implementation="eager"
    )

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[i]) for i in layers)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(base.config.hidden_size, 1)

        def forward(self, states, mask):
            additive = (1.0 - mask[:, None, None, :].to(states.dtype)) * torch.finfo(states.dtype).min
            h = states
            for layer in self.layers:
                h = layer(h, attention_mask=additive)
            weights = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled)).squeeze(-1)

    top = Top()
    if teacher_state is not None:
        for k, i in enumerate(layers):
            prefix = f"encoder.encoder.layer.{i}."
            top.layers[k].load_state_dict(
                {key[len(prefix) :]: v for key, v in teacher_state.items() if key.startswith(prefix)}
            )
        top.head.load_state_dict({"weight": teacher_state["head.weight"], "bias": teacher_state["head.bias"]})
    return top


def news_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence-like units of an article (per line, split at end punctuation), at least 4 words each."""
    out = []
    pos = 0
    for line in text.split("\n"):
        for m in SENTENCE.finditer(line):
            s, e = pos + m.start(), pos + m.end()
            piece = text[s:e]
            s += len(piece) - len(piece.lstrip())
            e -= len(piece) - len(piece.rstrip())
            if len(re.findall(r"\w+", text[s:e])) >= 4:
                out.append((s, e))
        pos += len(line) + 1
    return out


def batch(states: list[np.ndarray], idx: list[int]):
    import torch

    n = max(1, max(states[i].shape[0] for i in idx))
    h = torch.zeros((len(idx), n, states[idx[0]].shape[1]))
    m = torch.zeros((len(idx), n), dtype=torch.long)
    for j, i in enumerate(idx):
        k = states[i].shape[0]
        h[j, :k] = torch.from_numpy(states[i].astype(np.float32))
        m[j, :k] = 1
    return h, m


def predict(top, states: list[np.ndarray], size: int = 128) -> np.ndarray:
    import torch

    top.eval()
    out = np.zeros(len(states), dtype=np.float32)
    order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
    with torch.no_grad():
        for k in range(0, len(order), size):
            idx = order[k : k + size]
            out[idx] = top(*batch(states, idx)).numpy()
    top.train()
    return out


def teacher_logits(checkpoint: Path, texts: list[str]) -> np.ndarray:
    """Logits of a fully fine-tuned model (`training.claims.train.build_net`, on the base named in its
    ``train_info.json``) on isolated sentences."""
    import torch
    from transformers import AutoTokenizer

    from spinscope.training.claims.train import base_dir, build_net, teacher_base
    from spinscope.training.claims.train import predict as predict_full

    base = teacher_base(checkpoint)
    net = build_net(base)
    net.load_state_dict(torch.load(checkpoint))
    tok = AutoTokenizer.from_pretrained(str(base_dir(base)))
    return predict_full(net, tok(texts, truncation=True, max_length=128)["input_ids"])


def soft_targets(
    args: argparse.Namespace, trunk: Any, states: list[np.ndarray], texts: list[str]
) -> np.ndarray:
    """P(check-worthy) from the teacher for sentences (their trunk states and texts): a fully fine-tuned torch
    model (`--teacher`, reads the text; its probabilities are cached in the work folder, since a base-size
    teacher takes minutes) or a shipped classifier on the trunk (`--teacher-model`, reads the states, as at run
    time)."""
    if args.teacher_model is not None:
        from spinscope.claims.model import ClaimModel

        return 1.0 / (1.0 + np.exp(-ClaimModel(args.teacher_model, trunk=trunk).top_logits(states)))
    key = hashlib.sha256()
    key.update(args.teacher.read_bytes())
    for text in texts:
        key.update(text.encode() + b"\0")
    cache = args.work / f"teacher-{key.hexdigest()[:16]}.npy"
    if cache.exists():
        return np.load(cache)
    probs = 1.0 / (1.0 + np.exp(-teacher_logits(args.teacher, texts)))
    np.save(cache, probs)
    return probs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--ptc", type=Path, default=DEFAULT_DATA / "ptc-semeval2020-task11")
    parser.add_argument("--teacher", type=Path, default=Path("artifacts/claims/best.pt"))
    parser.add_argument(
        "--teacher-model",
        type=Path,
        help="distil from a shipped classifier folder (config.json + top.onnx) instead of --teacher; the new "
        "layers then start from the pretrained MiniLM",
    )
    parser.add_argument(
        "--teacher-trunk",
        type=Path,
        help="the techniques model folder whose trunk states the --teacher-model classifier reads (default: the "
        "shipped one): a classifier trained on an earlier trunk teaches the one for a new techniques model",
    )
    parser.add_argument(
        "--layers", default=",".join(map(str, TOP_LAYERS)), help="MiniLM layer indices the classifier owns"
    )
    parser.add_argument(
        "--soft-weight",
        type=float,
        default=0.0,
        help="share of the teacher's probability in the CT24 train targets (0: hard labels only)",
    )
    parser.add_argument(
        "--older",
        default="",
        help=f"comma-separated older training sets to add with their hard labels ({', '.join(OLDER_TRAIN)})",
    )
    parser.add_argument("--out", type=Path, default=Path("src/spinscope/models/claims"))
    parser.add_argument("--work", type=Path, default=Path("artifacts/claims-top"))
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--news-weight", type=float, default=1.0, help="loss weight of the distilled news sentences"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    layers = tuple(int(i) for i in args.layers.split(","))
    if list(layers) != list(range(layers[0], layers[0] + len(layers))) or layers[-1] > 5:
        raise SystemExit("--layers: consecutive MiniLM layer indices up to 5, e.g. 4,5 or 4")
    if args.teacher_trunk is not None and args.teacher_model is None:
        raise SystemExit("--teacher-trunk goes with --teacher-model")
    older = [name for name in args.older.split(",") if name]
    if unknown := sorted(set(older) - set(OLDER_TRAIN)):
        raise SystemExit(f"--older: unknown set(s) {', '.join(unknown)}; known: {', '.join(OLDER_TRAIN)}")

    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from spinscope.claims.model import sentence_states
    from spinscope.encoder import SharedEncoder
    from spinscope.evaluation.ptc.formats import PTC

    setup_run(args.work, args.threads, args.seed)
    t0 = time.time()

    train, dev, tests, dropped = load_splits(args.data)
    extra, extra_dropped = load_older(args.data, older, dev + [e for t in tests.values() for e in t] + train)
    trunk = SharedEncoder(threads=args.threads)
    if not trunk.has_trunk or trunk.config.get("trunk_layer") != layers[0]:
        raise SystemExit(
            f"the techniques model does not export the 'trunk' states after layer {layers[0]}: re-export it "
            "(training.techniques.export)"
        )
    # the classifier sees what it sees at run time: trunk states from the int8 techniques model
    train_states = sentence_states(trunk, [e.text for e in train], max_tokens=62)
    extra_states = sentence_states(trunk, [e.text for e in extra], max_tokens=62)
    dev_states = sentence_states(trunk, [e.text for e in dev], MAX_TOKENS)
    log.info(
        "trunk states: %d train, %d older (%s; %d dropped as duplicates), %d dev sentences (%.1f min)",
        len(train), len(extra), ",".join(older) or "none", extra_dropped, len(dev), (time.time() - t0) / 60,
    )  # fmt: skip

    # the teacher classifier reads the states of the trunk it was trained on (the same wordpieces)
    teacher_trunk = (
        trunk if args.teacher_trunk is None else SharedEncoder(args.teacher_trunk, threads=args.threads)
    )
    news_states: list[np.ndarray] = []
    teacher_news_states: list[np.ndarray] = []
    news_texts: list[str] = []
    articles = PTC(args.ptc).articles("train")
    for _aid, text in sorted(articles.items()):
        enc = trunk.encode(text)
        teacher_enc = enc if teacher_trunk is trunk else teacher_trunk.encode(text)
        for s, e in news_sentences(text):
            a, b = enc.tokens_in(s, e)
            if b > a and enc.trunk is not None and teacher_enc.trunk is not None:
                news_states.append(enc.trunk[a : min(b, a + MAX_TOKENS)].astype(np.float16))
                teacher_news_states.append(teacher_enc.trunk[a : min(b, a + MAX_TOKENS)].astype(np.float16))
                news_texts.append(text[s:e])
    news_targets = soft_targets(args, teacher_trunk, teacher_news_states, news_texts)
    hard = np.array([e.label for e in train], dtype=np.float64)
    train_targets = hard
    if args.soft_weight > 0:
        texts = [e.text for e in train]
        teacher_states = (
            train_states if teacher_trunk is trunk else sentence_states(teacher_trunk, texts, max_tokens=62)
        )
        taught = soft_targets(args, teacher_trunk, teacher_states, texts)
        train_targets = (1 - args.soft_weight) * hard + args.soft_weight * taught
    log.info(
        "news: %d sentences of %d PTC train articles, teacher mean P %.3f (%.1f min)",
        len(news_texts), len(articles), float(news_targets.mean()), (time.time() - t0) / 60,
    )  # fmt: skip

    from spinscope.training.claims.train import teacher_base

    # a MiniLM teacher also initialises the layers; others (a shipped classifier, a base-size teacher) only teach
    init = args.teacher_model is None and teacher_base(args.teacher) == "minilm"
    top = build_top(torch.load(args.teacher) if init else None, layers)
    top.train()
    states = train_states + extra_states + news_states
    targets = torch.tensor(
        np.concatenate([train_targets, [e.label for e in extra], news_targets]), dtype=torch.float32
    )
    weights = torch.tensor(
        np.concatenate([np.ones(len(train) + len(extra)), np.full(len(news_states), args.news_weight)]),
        dtype=torch.float32,
    )
    dev_y = [e.label for e in dev]
    steps_per_epoch = math.ceil(len(states) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optim = torch.optim.AdamW(top.parameters(), lr=args.lr, weight_decay=0.01)
    sched = warmup_linear(optim, total)
    eval_every = max(1, steps_per_epoch // 3)
    best: dict = {"ap": -1.0}
    step = 0
    while step < total:
        for idx in bucketed_batches([len(s) for s in states], args.batch_size):
            h, m = batch(states, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                top(h, m), targets[idx], weight=weights[idx]
            )
            optimise(loss, top, optim, sched)
            step += 1
            if step % eval_every == 0 or step >= total:
                ap, f1, _t = dev_figures(dev_y, predict(top, dev_states))
                log.info(
                    "step %d/%d: dev AP %.4f best-F1 %.4f (%.1f min)",
                    step,
                    total,
                    ap,
                    f1,
                    (time.time() - t0) / 60,
                )
                if ap > best["ap"]:
                    best = {"ap": round(ap, 4), "f1": round(f1, 4), "step": step}
                    torch.save(top.state_dict(), args.work / "best.pt")
            if step >= total:
                break
    top.load_state_dict(torch.load(args.work / "best.pt"))
    owned = f"{layers[0] + 1}" if len(layers) == 1 else f"{layers[0] + 1}-{layers[-1] + 1}"
    teacher = (
        f"the classifier in {args.teacher_model} (trunk states of "
        f"{args.teacher_trunk or 'the shipped techniques model'})"
        if args.teacher_model is not None
        else f"{args.teacher} (fully fine-tuned {teacher_base(args.teacher)})"
    )
    info = {
        "architecture": f"techniques trunk (layers 1-{layers[0]}) + MiniLM layer{'s' * (len(layers) > 1)} "
        f"{owned} + mean pooling + linear",
        "data": "CT24 Task 1 English train (de-duplicated against dev and dev-test) + teacher-labelled sentences "
        "of the PTC train articles" + (f" + {', '.join(older)} (hard labels)" if older else ""),
        "teacher": teacher,
        "soft_weight": args.soft_weight,
        "train_sentences": len(train),
        "dropped_duplicates": dropped,
        "older_sentences": len(extra),
        "older_dropped_duplicates": extra_dropped,
        "news_sentences": len(news_states),
        "news_weight": args.news_weight,
        "epochs": args.epochs,
        "steps": step,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "minutes": round((time.time() - t0) / 60, 1),
        "selected": best,
    }
    export(top, args.out, dev, info, args.work, layers)


def export(top, out: Path, dev: list[Example], info: dict, work: Path, layers: tuple[int, ...]) -> None:
    """int8 ONNX of the classifier, then Platt calibration, the F1-best threshold and the check-first bar on dev,
    on what ships (`select.fit_on_dev`; `select` then chooses the threshold over dev and dev-test)."""
    import torch

    from spinscope.training.claims.select import fit_on_dev

    top.eval()
    out.mkdir(parents=True, exist_ok=True)
    example = (torch.randn(2, 5, 384), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]))
    export_int8(
        top,
        out / "top.onnx",
        ["logits"],
        fp32_path=work / "top.fp32.onnx",
        example=example,
        input_names=("states", "mask"),
    )
    for stale in ("model.onnx", "tokenizer.json"):  # the former stand-alone encoder
        (out / stale).unlink(missing_ok=True)
    config: dict = {
        "trunk_layer": layers[0],
        "max_tokens": MAX_TOKENS,
        "calibration": {"a": 1.0, "b": 0.0},
        "threshold": 0.5,
        "train": info,
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    log.info("exported int8 classifier: %s", fit_on_dev(out, dev))


if __name__ == "__main__":
    main()
