"""Optionally refit the technique (TC) head as a multinomial logistic regression.

Features per gold span = [mean fine-tuned span embedding ; window [CLS] ; cheap span features] taken from the
shipped int8 encoder (exactly what the runtime computes). Fitted on PTC train spans, C chosen on dev.
The standardisation is folded into the linear weights so the runtime head stays ``x @ W.T + b``.

    python -m spinscope.training.techniques.refit_tc --ptc DIR [--write]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from spinscope.ptc.formats import PTC
from spinscope.techniques.model import DEFAULT_DIR, TechniqueModel


def span_matrix(model: TechniqueModel, ptc: PTC, split: str):
    texts = ptc.articles(split)
    by_art: dict[str, list] = {}
    for r in ptc.tc(split):
        by_art.setdefault(r.article_id, []).append(r)
    lab = {t: i for i, t in enumerate(model.techniques)}
    X, y, keys = [], [], []
    for aid, rows in sorted(by_art.items()):
        enc = model.encode(texts[aid])
        X.append(model.span_vectors(enc, [(r.start, r.end) for r in rows]))
        y += [lab[r.technique] for r in rows]
        keys += [(aid, r.start, r.end) for r in rows]
    return np.concatenate(X), np.array(y), keys


def dup_aware_accuracy(P: np.ndarray, y: np.ndarray, keys) -> float:
    """TC micro-F1 as predict_tc computes it: duplicate spans get 1st, 2nd... best labels."""
    from collections import Counter

    groups: dict = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    correct = 0
    for idx in groups.values():
        order = list(np.argsort(-P[idx[0]]))
        pred = Counter(order[: len(idx)])
        gold = Counter(int(y[i]) for i in idx)
        correct += sum((pred & gold).values())
    return correct / len(y)


def main(
    ptc_dir: Path,
    model_dir: Path = DEFAULT_DIR,
    write: bool = False,
    cache: Path | None = None,
    Cs: tuple[float, ...] = (0.003, 0.01, 0.03, 0.1, 0.3),
) -> dict:
    from sklearn.linear_model import LogisticRegression

    ptc = PTC(ptc_dir)
    model = TechniqueModel(model_dir)
    if cache and cache.exists():
        z = np.load(cache, allow_pickle=True)
        Xtr, ytr, Xdv, ydv, kdv = z["Xtr"], z["ytr"], z["Xdv"], z["ydv"], [tuple(k) for k in z["kdv"]]
        kdv = [(str(a), int(s), int(e)) for a, s, e in kdv]
    else:
        Xtr, ytr, _ = span_matrix(model, ptc, "train")
        Xdv, ydv, kdv = span_matrix(model, ptc, "dev")
        if cache:
            np.savez(cache, Xtr=Xtr, ytr=ytr, Xdv=Xdv, ydv=ydv, kdv=np.array(kdv, dtype=object))
    net_logits = Xdv @ model.tc_w.T + model.tc_b
    res = {"net_head_dev": dup_aware_accuracy(net_logits, ydv, kdv)}
    mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
    best = (res["net_head_dev"], None, None)
    for C in Cs:
        lr = LogisticRegression(C=C, max_iter=2000)
        lr.fit((Xtr - mu) / sd, ytr)
        acc = dup_aware_accuracy(lr.decision_function((Xdv - mu) / sd), ydv, kdv)
        res[f"lr_C{C}_dev"] = acc
        print(f"LR C={C}: dev TC micro-F1 {acc:.4f}")
        if acc > best[0]:
            best = (acc, C, lr)
    print(json.dumps(res, indent=1))
    if write and best[2] is not None:
        lr = best[2]
        W = (lr.coef_ / sd).astype(np.float32)
        b = (lr.intercept_ - (lr.coef_ * mu / sd).sum(1)).astype(np.float32)
        np.savez(Path(model_dir) / "heads.npz", tc_weight=W, tc_bias=b)
        cfg_path = Path(model_dir) / "config.json"
        cfg = json.loads(cfg_path.read_text())
        cfg["tc_head"] = {
            "kind": "logistic_regression_refit",
            "C": best[1],
            "dev_micro_f1_uncalibrated": best[0],
            "net_head_dev_micro_f1": res["net_head_dev"],
        }
        cfg_path.write_text(json.dumps(cfg, indent=1))
        print(f"wrote LR head (C={best[1]})")
    res["best"] = {"dev": best[0], "C": best[1]}
    return res


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--C", type=float, nargs="+", default=[0.003, 0.01, 0.03, 0.1, 0.3])
    a = ap.parse_args()
    main(a.ptc, a.model, a.write, a.cache, tuple(a.C))
