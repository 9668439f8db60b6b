"""Tune span decoding, fit calibration (cross-fitted on dev halves) and evaluate on PTC dev.

    python -m spinscope.training.techniques.evaluate --ptc /path/to/ptc-semeval2020-task11 [--fit]

``--fit`` re-tunes decoding parameters / calibration and stores them in the model's ``config.json``;
without it the shipped parameters are evaluated. Writes ``metrics.json`` next to the model.
Only train/dev are read; test articles are never touched.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from spinscope import encoder as E
from spinscope.encoder import softmax
from spinscope.evaluation.ptc.formats import PTC, SIRow, TCRow
from spinscope.evaluation.ptc.scorer import score_si, score_tc
from spinscope.techniques import spans as S
from spinscope.techniques.model import DEFAULT_DIR, Isotonic, TechniqueModel

# values of mixed types (float, int, bool): one list per DecodeParams field
GRID: dict[str, list[Any]] = {
    "threshold": [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "gap": [0, 1, 2, 3, 5, 8],
    "min_chars": [1, 3, 6, 10],
    "split_b": [0.5, 0.7, 1.1],
    "split_lines": [True, False],
}


def _halves(aids: list[str]) -> tuple[set[str], set[str]]:
    s = sorted(aids)
    return set(s[0::2]), set(s[1::2])


def encode_split(model: TechniqueModel, ptc: PTC, split: str):
    texts = ptc.articles(split)
    return {aid: model.encode(t) for aid, t in texts.items()}


_NL: dict[int, np.ndarray] = {}


def _si_rows(encs, aids, params: S.DecodeParams):
    rows = []
    for aid in sorted(aids):
        e = encs[aid]
        nl = _NL.get(id(e))
        if nl is None:
            nl = _NL[id(e)] = E.line_starts(e.text, e.offs)
        rows += [SIRow(aid, s, t) for s, t, _ in S.decode(e.text, e.offs, e.probs, params, newline=nl)]
    return rows


def tune_decoding(encs, gold_si, aids) -> tuple[S.DecodeParams, dict, list]:
    gold = [r for r in gold_si if r.article_id in aids]
    results = []
    for th, gap, mc, sb, sl in itertools.product(*GRID.values()):
        p = S.DecodeParams(threshold=th, gap=gap, min_chars=mc, split_b=sb, split_lines=sl)
        sc = score_si(gold, _si_rows(encs, aids, p))
        results.append((sc["f1"], sc["strict_f1"], p, sc))
    best_f1 = max(r[0] for r in results)
    # maximise official F1 + strict F1 among settings within 0.01 of the best official F1
    cand = [r for r in results if r[0] >= best_f1 - 0.01]
    _f1, _sf1, p, sc = max(cand, key=lambda r: r[0] + r[1])
    return p, sc, results


def _iso_fit(x, y) -> Isotonic:
    from sklearn.isotonic import IsotonicRegression

    if len(x) < 2 or len(set(y)) < 2:
        return Isotonic([0.0, 1.0], [float(np.mean(y)) if len(y) else 0.0] * 2)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    return Isotonic(list(iso.X_thresholds_), list(iso.y_thresholds_))


def reliability(p, y, bins: int = 10) -> dict:
    p = np.asarray(p, float)
    y = np.asarray(y, float)
    edges = np.linspace(0, 1, bins + 1)
    rows, ece = [], 0.0
    for i in range(bins):
        m = (p >= edges[i]) & ((p < edges[i + 1]) if i < bins - 1 else (p <= edges[i + 1]))
        if m.sum() == 0:
            continue
        mp, oy = float(p[m].mean()), float(y[m].mean())
        rows.append(
            {
                "bin": f"{edges[i]:.1f}-{edges[i + 1]:.1f}",
                "n": int(m.sum()),
                "mean_pred": round(mp, 3),
                "observed": round(oy, 3),
            }
        )
        ece += m.sum() / len(p) * abs(mp - oy)
    return {"ece": round(float(ece), 4), "n": len(p), "bins": rows}


def _overlaps(spans_by_art, aid, s, e) -> bool:
    return any(min(e, t1) - max(s, t0) > 0 for t0, t1 in spans_by_art.get(aid, []))


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    best, bt = 1e18, 1.0
    for t in np.arange(0.5, 3.01, 0.05):
        p = softmax(logits / t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best:
            best, bt = nll, float(t)
    return bt


def fit_decoding_and_calibration(
    ptc_dir: Path, model_dir: Path = DEFAULT_DIR, encs=None, model=None, logits_of=None, decode=None
) -> dict:
    """Tune decoding on dev, fit SI/TC/joint calibration on dev (final maps: all of dev; reported figures:
    cross-fitted over two halves of dev articles). Stores the result in ``config.json``. ``logits_of(aid,
    spans)`` gives the technique logits of an article's spans (default: the model's head on ``encs[aid]``; the
    accurate profile's head reads the teacher's states). ``decode``: keep these decoding parameters instead of
    tuning them (the calibration is still fitted; the cross-fitted SI figure still tunes on each half)."""
    ptc = PTC(ptc_dir)
    model = model or TechniqueModel(model_dir)
    encs = encs if encs is not None else encode_split(model, ptc, "dev")
    head_logits = logits_of or (lambda aid, spans: model.technique_logits(encs[aid], spans))

    aids = sorted(encs)
    gold_si = ptc.si("dev")
    gold_tc = ptc.tc("dev")
    names = model.techniques
    if decode is None:
        params, sc, _ = tune_decoding(encs, gold_si, set(aids))
    else:
        params, sc = decode, score_si(gold_si, _si_rows(encs, set(aids), decode))
    # --- cross-fitted SI tuning (honest estimate of tuned-on-dev optimism)
    A, B = _halves(aids)
    cross_rows = []
    for fit_on, ev in ((A, B), (B, A)):
        p_half, _, _ = tune_decoding(encs, gold_si, fit_on)
        cross_rows += _si_rows(encs, ev, p_half)
    cross = score_si(gold_si, cross_rows)
    # plain BIO decoding without post-processing (argmax-like: B starts a span, no gap filling)
    plain = score_si(
        gold_si,
        _si_rows(
            encs, set(aids), S.DecodeParams(threshold=0.5, gap=0, min_chars=1, split_b=0.5, split_lines=False)
        ),
    )

    si_spans: dict[str, list] = {}
    for si_row in gold_si:
        si_spans.setdefault(si_row.article_id, []).append((si_row.start, si_row.end))
    tc_spans: dict[tuple[str, str], list] = {}
    for tc_row in gold_tc:
        tc_spans.setdefault((tc_row.article_id, tc_row.technique), []).append((tc_row.start, tc_row.end))

    # --- technique head on gold spans
    by_art: dict[str, list[TCRow]] = {}
    for tc_row in gold_tc:
        by_art.setdefault(tc_row.article_id, []).append(tc_row)
    logit_blocks: list[np.ndarray] = []
    y_list: list[int] = []
    art_list: list[str] = []
    lab = {t: i for i, t in enumerate(names)}
    for aid, rows in by_art.items():
        lg = head_logits(aid, [(r.start, r.end) for r in rows])
        logit_blocks.append(lg)
        y_list += [lab[r.technique] for r in rows]
        art_list += [aid] * len(rows)
    logits = np.concatenate(logit_blocks)
    ys = np.array(y_list)
    arts = np.array(art_list)
    temp = _fit_temperature(logits, ys)
    tc_p, tc_y = [], []
    for fit_on, ev in ((A, B), (B, A)):
        mf = np.isin(arts, list(fit_on))
        me = np.isin(arts, list(ev))
        t = _fit_temperature(logits[mf], ys[mf])
        pr = softmax(logits[me] / t)
        tc_p += list(pr.max(1))
        tc_y += list((pr.argmax(1) == ys[me]).astype(float))
    # --- second label threshold on unique gold spans (label sets)
    span_sets: dict[tuple[str, int, int], set] = {}
    span_idx: dict[tuple[str, int, int], int] = {}
    for i, (tc_row, a) in enumerate(zip([r for rows in by_art.values() for r in rows], arts, strict=True)):
        key = (a, tc_row.start, tc_row.end)
        span_sets.setdefault(key, set()).add(tc_row.technique)
        span_idx.setdefault(key, i)
    probs_all = softmax(logits / temp)
    best_tau, best_f = 1.01, -1.0
    for tau in [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.01]:
        tp = npred = ngold = 0
        for key, gs in span_sets.items():
            pr = probs_all[span_idx[key]]
            o = np.argsort(-pr)
            pred = {names[o[0]]} | ({names[o[1]]} if pr[o[1]] >= tau else set())
            tp += len(pred & gs)
            npred += len(pred)
            ngold += len(gs)
        set_f1 = 2 * tp / (npred + ngold)
        if set_f1 > best_f:
            best_f, best_tau = set_f1, tau

    # --- SI and joint calibration on decoded dev spans
    feats = []  # (aid, raw_score, overlaps, top technique probs...)
    for aid in aids:
        e = encs[aid]
        dec = S.decode(e.text, e.offs, e.probs, params)
        if not dec:
            continue
        pr = softmax(head_logits(aid, [(s, t) for s, t, _ in dec]) / temp)
        for (s, t, raw), p in zip(dec, pr, strict=True):
            o = np.argsort(-p)
            feats.append(
                (
                    aid,
                    raw,
                    float(_overlaps(si_spans, aid, s, t)),
                    [(float(p[j]), float(_overlaps(tc_spans, (aid, names[j]), s, t))) for j in o[:2]],
                )
            )

    def fit_maps(sel):
        x = np.array([f[1] for f in feats if f[0] in sel])
        y = np.array([f[2] for f in feats if f[0] in sel])
        si = _iso_fit(x, y)
        jx, jy = [], []
        for f in feats:
            if f[0] in sel:
                for pj, ok in f[3]:
                    jx.append(float(si(f[1])) * pj)
                    jy.append(ok)
        return si, _iso_fit(np.array(jx), np.array(jy))

    si_cal, joint_cal = fit_maps(set(aids))
    si_p, si_y, j_p, j_y = [], [], [], []
    for fit_on, ev in ((A, B), (B, A)):
        si_h, j_h = fit_maps(fit_on)
        for f in feats:
            if f[0] in ev:
                s_ = float(si_h(f[1]))
                si_p.append(s_)
                si_y.append(f[2])
                pj, ok = f[3][0]
                j_p.append(float(j_h(s_ * pj)))
                j_y.append(ok)
    cfg_path = Path(model_dir) / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["decode"] = {
        k: getattr(params, k)
        for k in ("threshold", "gap", "min_chars", "min_score", "split_b", "split_lines")
    }
    cfg["calibration"] = {"tc_temperature": temp, "si": si_cal.to_json(), "joint": joint_cal.to_json()}
    cfg["second_label_threshold"] = best_tau
    cfg["stride"] = model.encoder.stride
    cfg["fit_report"] = {
        "si_dev_tuned": {k: sc[k] for k in ("f1", "strict_f1", "precision", "recall", "n_pred", "n_gold")},
        "si_dev_plain_bio_no_postprocessing": {
            k: plain[k] for k in ("f1", "strict_f1", "precision", "recall", "n_pred")
        },
        "si_dev_crossfit_tuning": {k: cross[k] for k in ("f1", "strict_f1", "precision", "recall", "n_pred")},
        "second_label_f1_on_gold_spans": best_f,
        "reliability_crossfit": {
            "tc_top1_on_gold_spans": reliability(tc_p, tc_y),
            "si_span_overlaps_gold": reliability(si_p, si_y),
            "joint_top1_on_predicted_spans": reliability(j_p, j_y),
        },
    }
    cfg_path.write_text(json.dumps(cfg, indent=1))
    return cfg


def main(
    ptc_dir: Path,
    split: str = "dev",
    model_dir: Path = DEFAULT_DIR,
    onnx_file: Path | None = None,
    write: bool = True,
) -> dict:
    """Evaluate the shipped model on ``split`` (dev); print SI (official, strict), TC micro-F1 and the
    per-technique table; write ``metrics.json`` (unless ``write=False``)."""
    from spinscope.evaluation.ptc.predict import predict_si, predict_tc

    if split == "test":
        raise ValueError("no labels for test; evaluate on dev")
    ptc = PTC(ptc_dir)
    t0 = time.time()
    model = TechniqueModel(model_dir, onnx_file=onnx_file)
    load_s = time.time() - t0
    adir = ptc.articles_dir(split)
    si = score_si(ptc.si(split), predict_si(adir, model=model))
    gold_tc = ptc.tc(split)
    tc = score_tc(
        gold_tc, predict_tc(adir, [TCRow(r.article_id, "?", r.start, r.end) for r in gold_tc], model=model)
    )
    print(
        f"SI  official P {si['precision']:.4f} R {si['recall']:.4f} F1 {si['f1']:.4f} | strict F1 "
        f"{si['strict_f1']:.4f} | {si['n_pred']} predicted spans vs {si['n_gold']} gold"
    )
    print(f"TC  micro-F1 {tc['micro_f1']:.4f} ({tc['correct']}/{tc['n_gold']})")
    print(f"{'technique':40s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>5s} {'pred':>5s}")
    for t, v in tc["per_technique"].items():
        print(
            f"{t:40s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d} {v['predicted']:5d}"
        )
    metrics = {
        "split": split,
        "si": si,
        "tc": {k: v for k, v in tc.items()},
        "load_seconds": round(load_s, 2),
        "onnx": str(onnx_file or "model.onnx"),
    }
    cfg = json.loads((Path(model_dir) / "config.json").read_text())
    if "fit_report" in cfg:
        metrics["calibration_and_tuning"] = cfg["fit_report"]
    metrics["decode"] = cfg.get("decode")
    if write:
        (Path(model_dir) / "metrics.json").write_text(json.dumps(metrics, indent=1))
    return metrics


def threshold_table(ptc_dir: Path, thresholds: list[float], model_dir: Path = DEFAULT_DIR) -> None:
    """SI on dev at other token-probability thresholds (the `threshold` option of the techniques layer), the rest
    of the decoding as tuned: the precision/recall trade-off a user chooses from."""
    import dataclasses

    ptc = PTC(ptc_dir)
    model = TechniqueModel(model_dir)
    encs = encode_split(model, ptc, "dev")
    gold = ptc.si("dev")
    print(f"{'threshold':>9} {'spans':>6} {'P':>6} {'R':>6} {'F1':>6} {'strict F1':>9}")
    for th in thresholds:
        sc = score_si(gold, _si_rows(encs, set(encs), dataclasses.replace(model.decode_params, threshold=th)))
        print(
            f"{th:9.2f} {sc['n_pred']:6d} {sc['precision']:6.3f} {sc['recall']:6.3f} {sc['f1']:6.3f} "
            f"{sc['strict_f1']:9.3f}"
        )


def _cli():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=DEFAULT_DIR)
    ap.add_argument(
        "--onnx", type=Path, default=None, help="evaluate another ONNX file (e.g. the fp32 export)"
    )
    ap.add_argument("--fit", action="store_true", help="re-tune decoding and calibration on dev first")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument(
        "--thresholds", type=float, nargs="+", help="only print SI on dev at these decoding thresholds"
    )
    a = ap.parse_args()
    if a.thresholds:
        threshold_table(a.ptc, a.thresholds, a.model)
        return
    if a.fit:
        fit_decoding_and_calibration(a.ptc, a.model)
    main(a.ptc, "dev", a.model, a.onnx, write=not a.no_write)


if __name__ == "__main__":
    _cli()
