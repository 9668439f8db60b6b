"""Train the target-dependent tone classifier on NewsMTSC train; select on dev-rw and dev-mt; ship it.

Design "pooled" (this module, no torch): multinomial logistic regression on `spinscope.tone.targets.pooled_features`
of frozen shared-encoder states (the last layer, the layer-4 trunk, or both), C chosen by the mean of the dev-rw and
dev-mt macro-F1. Design "top" (`train_top`, torch) shares `finish`: calibration and figures on what ships.

    .venv/bin/python -m spinscope.training.tone.train_targets --data ../shared/data/newsmtsc \
        --out src/spinscope/models/tone

`finish` re-reads the dev files through the shipped model exactly as `spinscope tone eval --newsmtsc` does, fits
the temperature on dev-rw + dev-mt, reports ECE before / after (and cross-fitted: T fitted on one dev file,
ECE on the other), tunes the VADER baseline's thresholds on dev and writes `config.json`.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.evaluation.metrics import scores, tune_thresholds
from spinscope.evaluation.newsmtsc import Sentence, vader_compounds
from spinscope.tone.targets import LABELS, MAX_TOKENS, TargetToneModel
from spinscope.training.tone.calibration import ece, fit_temperature, nll
from spinscope.training.tone.states import TargetStates, load

log = logging.getLogger("spinscope.training.tone")
DEFAULT_DATA = Path("../shared/data/newsmtsc")
SPLITS = ("train", "dev-rw", "dev-mt")


def load_all(data: Path, work: Path) -> dict[str, tuple[list[Sentence], TargetStates]]:
    return {name: load(data / f"{name}.jsonl", work) for name in SPLITS}


def macro(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(scores([LABELS[i] for i in gold], [LABELS[i] for i in pred])["macro_f1"])


def features(states: TargetStates, kind: str) -> np.ndarray:
    if kind == "both":
        return np.concatenate([states.pooled_hidden, states.pooled_trunk], axis=1)
    return states.pooled_hidden if kind == "hidden" else states.pooled_trunk


def train_pooled(splits: dict[str, tuple[list[Sentence], TargetStates]], kinds: list[str], grid: list[float]):
    """Every (states, C, class weighting) on the grid; returns the best by mean dev macro-F1 and the table."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    train = splits["train"][1]
    table = []
    best: dict[str, Any] = {"mean": -1.0}
    for kind in kinds:
        scaler = StandardScaler().fit(features(train, kind))
        x = scaler.transform(features(train, kind))
        for c in grid:
            for weight in (None, "balanced"):
                t0 = time.time()
                clf = LogisticRegression(C=c, max_iter=2000, class_weight=weight).fit(x, train.labels)
                row: dict[str, Any] = {"states": kind, "C": c, "class_weight": weight or "none"}
                for name in ("dev-rw", "dev-mt"):
                    dev = splits[name][1]
                    row[name] = round(
                        macro(dev.labels, clf.predict(scaler.transform(features(dev, kind)))), 4
                    )
                row["mean"] = round((row["dev-rw"] + row["dev-mt"]) / 2, 4)
                table.append(row)
                log.info("%s (%.0f s)", row, time.time() - t0)
                if row["mean"] > best["mean"]:
                    best = {**row, "clf": clf, "scaler": scaler}
    return best, table


def finish(out: Path, data: Path, config: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Calibrate the model in `out` on dev (through the shipped run-time path), tune the baseline, write
    `config.json` with the dev figures; returns the figures."""
    from spinscope.evaluation.newsmtsc import predict, read

    previous = out / "config.json"
    kept = json.loads(previous.read_text()) if previous.is_file() else {}
    if "persent_baseline" in kept:  # tuned on PerSenT dev by `spinscope tone eval --persent ... --dev`
        config = {**config, "persent_baseline": kept["persent_baseline"]}
    config = {**config, "temperature": 1.0}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    model = TargetToneModel(out)
    logits: dict[str, np.ndarray] = {}
    gold: dict[str, np.ndarray] = {}
    compounds: dict[str, list[float]] = {}
    for name in ("dev-rw", "dev-mt"):
        sentences = read(data / f"{name}.jsonl")
        logits[name] = np.asarray(
            [np.log(np.asarray(p)) for _, p in predict(sentences, model)], dtype=np.float64
        )
        gold[name] = np.asarray([LABELS.index(t.label) for s in sentences for t in s.targets])
        compounds[name] = vader_compounds(sentences)
    both_logits = np.concatenate([logits["dev-rw"], logits["dev-mt"]])
    both_gold = np.concatenate([gold["dev-rw"], gold["dev-mt"]])
    temperature = fit_temperature(both_logits, both_gold)
    _, low, high = tune_thresholds(compounds["dev-rw"] + compounds["dev-mt"], [LABELS[i] for i in both_gold])
    figures: dict[str, Any] = {}
    for name, other in (("dev-rw", "dev-mt"), ("dev-mt", "dev-rw")):
        probs = np.exp(logits[name])
        calibrated = np.exp(logits[name] / temperature)
        calibrated /= calibrated.sum(1, keepdims=True)
        t_other = fit_temperature(logits[other], gold[other])
        crossed = np.exp(logits[name] / t_other)
        crossed /= crossed.sum(1, keepdims=True)
        figures[name] = {
            **scores([LABELS[i] for i in gold[name]], [LABELS[i] for i in probs.argmax(1)]),
            "ece_uncalibrated": round(ece(probs, gold[name]), 4),
            "ece_calibrated": round(ece(calibrated, gold[name]), 4),
            "ece_cross_fitted": round(ece(crossed, gold[name]), 4),
            "nll_uncalibrated": round(nll(logits[name], gold[name]), 4),
            "nll_calibrated": round(nll(logits[name], gold[name], temperature), 4),
        }
    config.update(
        {
            "temperature": round(temperature, 4),
            "baseline": {
                "name": "VADER sentence compound",
                "low": low,
                "high": high,
                "tuned_on": "dev-rw+dev-mt",
            },
            "dev": {k: {m: v for m, v in f.items() if m not in ("labels",)} for k, f in figures.items()},
            "train": extra,
        }
    )
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    log.info("dev-rw F1m %.4f, dev-mt F1m %.4f, T %.3f", figures["dev-rw"]["macro_f1"], figures["dev-mt"]["macro_f1"],
             temperature)  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder with NewsMTSC train/dev-rw/dev-mt"
    )
    parser.add_argument("--out", type=Path, default=Path("src/spinscope/models/tone"), help="model folder")
    parser.add_argument("--work", type=Path, default=Path("artifacts/tone"))
    parser.add_argument("--states", nargs="+", default=["hidden", "trunk", "both"])
    parser.add_argument("--C", nargs="+", type=float, default=[0.001, 0.003, 0.01, 0.03])
    parser.add_argument("--table", type=Path, help="also write the selection table (JSON) here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    t0 = time.time()
    splits = load_all(args.data, args.work)
    best, table = train_pooled(splits, args.states, args.C)
    clf, scaler = best["clf"], best["scaler"]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out / "head.npz",
        mean=scaler.mean_.astype(np.float32),
        scale=scaler.scale_.astype(np.float32),
        coef=clf.coef_.astype(np.float32),
        intercept=clf.intercept_.astype(np.float32),
    )
    (args.out / "top.onnx").unlink(missing_ok=True)
    selected = {k: v for k, v in best.items() if k not in ("clf", "scaler")}
    if args.table:
        args.table.write_text(json.dumps(table, indent=1) + "\n")
    config = {"design": "pooled", "states": best["states"], "max_tokens": MAX_TOKENS, "labels": list(LABELS)}
    extra = {
        "data": "NewsMTSC train (8,739 targets)",
        "selected": selected,
        "grid": table,
        "minutes": round((time.time() - t0) / 60, 1),
    }
    finish(args.out, args.data, config, extra)


if __name__ == "__main__":
    main()
