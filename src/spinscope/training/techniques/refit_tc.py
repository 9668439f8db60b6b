"""Optionally refit the technique (TC) head as a multinomial logistic regression.

Features per gold span = [mean fine-tuned span embedding ; window [CLS] ; cheap span features] taken from the
shipped int8 encoder (exactly what the runtime computes), optionally joined by the lexical TF-IDF views of
`spinscope.techniques.lexical` multiplied by a scale (their weight against the standardised dense features).
Fitted on PTC train spans; C and the lexical scale (0 = no lexical part) are chosen on dev.
The standardisation is folded into the linear weights so the runtime head stays ``x @ W.T + b`` (+ the lexical
part ``tfidf @ L.T``).

    python -m spinscope.training.techniques.refit_tc --ptc DIR [--write]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.evaluation.ptc.formats import PTC
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.techniques.model import DEFAULT_DIR, TechniqueModel


def span_matrix(ptc: PTC, split: str, vectors: Callable[[str, list[tuple[int, int]]], np.ndarray]):
    """Dense features (``vectors(text, spans)``, one row per span), technique labels and ``(article, start,
    end)`` keys of a split's gold TC spans, article by article in name order."""
    texts = ptc.articles(split)
    by_art: dict[str, list] = {}
    for r in ptc.tc(split):
        by_art.setdefault(r.article_id, []).append(r)
    lab = {t: i for i, t in enumerate(TECHNIQUES)}
    X, y, keys = [], [], []
    for aid, rows in sorted(by_art.items()):
        X.append(vectors(texts[aid], [(r.start, r.end) for r in rows]))
        y += [lab[r.technique] for r in rows]
        keys += [(aid, r.start, r.end) for r in rows]
    return np.concatenate(X), np.array(y), keys


def train_dev_matrices(ptc: PTC, vectors, cache: Path | None = None) -> tuple:
    """`span_matrix` of train and dev, ``(Xtr, ytr, ktr, Xdv, ydv, kdv)``, read from the npz ``cache`` when it
    holds them, else computed and saved there."""
    if cache is not None and cache.exists():
        z = np.load(cache, allow_pickle=True)
        if "ktr" in z.files:
            return z["Xtr"], z["ytr"], _keys(z, "ktr"), z["Xdv"], z["ydv"], _keys(z, "kdv")
    Xtr, ytr, ktr = span_matrix(ptc, "train", vectors)
    Xdv, ydv, kdv = span_matrix(ptc, "dev", vectors)
    if cache is not None:
        np.savez(
            cache,
            Xtr=Xtr,
            ytr=ytr,
            Xdv=Xdv,
            ydv=ydv,
            ktr=np.array(ktr, dtype=object),
            kdv=np.array(kdv, dtype=object),
        )
    return Xtr, ytr, ktr, Xdv, ydv, kdv


def span_views(ptc: PTC, split: str, keys: list[tuple[str, int, int]]) -> tuple[list[str], list[str]]:
    """The span texts and their contexts, what the lexical views read (`techniques.lexical`)."""
    from spinscope.techniques.lexical import span_context

    texts = ptc.articles(split)
    return [texts[a][s:e] for a, s, e in keys], [span_context(texts[a], s, e) for a, s, e in keys]


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


def _keys(z, name: str) -> list[tuple[str, int, int]]:
    return [(str(a), int(s), int(e)) for a, s, e in z[name]]


def main(
    ptc_dir: Path,
    model_dir: Path = DEFAULT_DIR,
    write: bool = False,
    cache: Path | None = None,
    Cs: tuple[float, ...] = (0.003, 0.01, 0.03, 0.1, 0.3),
    scales: tuple[float, ...] = (0.0, 2.0, 4.0),
) -> dict:
    from spinscope.techniques.lexical import LexicalFeatures

    ptc = PTC(ptc_dir)
    model = TechniqueModel(model_dir)
    Xtr, ytr, ktr, Xdv, ydv, kdv = train_dev_matrices(
        ptc, lambda text, spans: model.span_vectors(model.encode(text), spans), cache
    )

    def views(split: str, keys: list[tuple[str, int, int]]) -> tuple[list[str], list[str]]:
        return span_views(ptc, split, keys)

    # the head the model has now (with its lexical part, if any): the one to beat
    head = model.head
    net_logits = Xdv @ head.tc_w.T + head.tc_b
    if head.lexical is not None and head.lex_w is not None:
        net_logits = net_logits + np.asarray(head.lexical.transform(*views("dev", kdv)) @ head.lex_w.T)
    res: dict[str, Any] = {"net_head_dev": dup_aware_accuracy(net_logits, ydv, kdv)}
    lexical = LexicalFeatures.fit(*views("train", ktr)) if any(scales) else None
    Ltr = lexical.transform(*views("train", ktr)) if lexical else None
    Ldv = lexical.transform(*views("dev", kdv)) if lexical else None
    chosen = select_head(Xtr, ytr, Xdv, ydv, kdv, Ltr, Ldv, Cs, scales, res)
    best = (res["net_head_dev"], None, 0.0) if chosen is None or chosen[0] <= res["net_head_dev"] else chosen
    print(json.dumps(res, indent=1))
    if write and chosen is not None and best is chosen:
        acc, C, scale, arrays = chosen
        lex_path = Path(model_dir) / "lexical.json.gz"
        if scale and lexical is not None:
            lexical.save(lex_path)
        elif lex_path.exists():
            lex_path.unlink()
        np.savez_compressed(Path(model_dir) / "heads.npz", **arrays)
        cfg_path = Path(model_dir) / "config.json"
        cfg = json.loads(cfg_path.read_text())
        cfg["tc_head"] = {
            "kind": "logistic_regression_refit",
            "C": C,
            "lexical_scale": scale,
            "lexical_features": lexical.size if scale and lexical is not None else 0,
            "dev_micro_f1_uncalibrated": acc,
            "net_head_dev_micro_f1": res["net_head_dev"],
        }
        cfg_path.write_text(json.dumps(cfg, indent=1))
        print(f"wrote LR head (C={C}, lexical scale {scale})")
    res["best"] = {"dev": best[0], "C": best[1], "lexical_scale": best[2]}
    return res


def select_head(Xtr, ytr, Xdv, ydv, kdv, Ltr, Ldv, Cs, scales, res: dict) -> tuple | None:
    """Fit the logistic regression for each C x lexical scale (0: no lexical part) on the train spans and keep
    the best dev TC micro-F1 (`dup_aware_accuracy`); the figures go into ``res``. Returns ``(dev F1, C, scale,
    arrays)`` with the arrays of ``heads.npz`` (the standardisation folded into the weights), or None."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
    Dtr, Ddv = (Xtr - mu) / sd, (Xdv - mu) / sd
    best: tuple | None = None
    for scale in scales:
        if scale and Ltr is not None and Ldv is not None:
            Atr = sparse.hstack([sparse.csr_matrix(Dtr), scale * Ltr]).tocsr()
            Adv = sparse.hstack([sparse.csr_matrix(Ddv), scale * Ldv]).tocsr()
        else:
            Atr, Adv = Dtr, Ddv
        for C in Cs:
            lr = LogisticRegression(C=C, max_iter=3000)
            lr.fit(Atr, ytr)
            acc = dup_aware_accuracy(lr.decision_function(Adv), ydv, kdv)
            res[f"lr_C{C}_lex{scale}_dev"] = acc
            print(f"LR C={C} lexical scale {scale}: dev TC micro-F1 {acc:.4f}", flush=True)
            if best is None or acc > best[0]:
                D = Dtr.shape[1]
                coef = lr.coef_[:, :D]
                arrays = {
                    "tc_weight": (coef / sd).astype(np.float32),
                    "tc_bias": (lr.intercept_ - (coef * mu / sd).sum(1)).astype(np.float32),
                }
                if scale and Ltr is not None:
                    arrays["lex_weight"] = (lr.coef_[:, D:] * scale).astype(np.float16)
                best = (acc, C, scale, arrays)
    return best


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--C", type=float, nargs="+", default=[0.003, 0.01, 0.03, 0.1, 0.3])
    ap.add_argument(
        "--lexical-scale", type=float, nargs="+", default=[0.0, 2.0, 4.0], help="0 = no lexical features"
    )
    a = ap.parse_args()
    main(a.ptc, a.model, a.write, a.cache, tuple(a.C), tuple(a.lexical_scale))
