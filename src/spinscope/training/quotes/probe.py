"""Fit the quotes layer's encoder probe (`spinscope.quotes.probe`) on PolNeAR train.

Each wordpiece of an article gets its gold role from the attributions of the first annotator: cue and source
wherever a gold cue or source lies (they win over content: a nested attribution's cue stands in the outer one's
content), content inside a gold content, else outside. A multinomial logistic regression (scikit-learn, C 0.05,
on standardised ``[hidden ; trunk]`` states of the shipped techniques encoder, 200,000 wordpieces sampled with
seed 0) learns the four roles. `training.quotes.train --probe` fits it once per cross-validation fold, so that
the filter is trained and its threshold chosen on out-of-fold probabilities, and once on all of train for the
shipped file.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from ...encoder import MODEL_DIR as ENCODER_DIR
from ...encoder import SharedEncoder
from ...quotes.probe import Probe, encoder_digest

SAMPLE = 200_000
C = 0.05


def encode_articles(
    texts: list[str], cache: Path | None, log=print
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``[hidden ; trunk]`` (float16) and the wordpiece offsets of each text, with the shipped encoder (cached in
    ``cache`` by the encoder's digest and the texts)."""
    import hashlib

    key = hashlib.blake2b(digest_size=8)
    key.update(encoder_digest(ENCODER_DIR).encode())
    for t in texts:
        key.update(t.encode())
    path = Path(cache) / f"probe-states-{key.hexdigest()}.npz" if cache is not None else None
    if path is not None and path.is_file():
        data = np.load(path)
        return [data[f"x{i}"] for i in range(len(texts))], [data[f"o{i}"] for i in range(len(texts))]
    encoder = SharedEncoder(threads=2)
    states, offsets = [], []
    t0 = time.time()
    for i, text in enumerate(texts):
        enc = encoder.encode(text)
        if enc.trunk is None:
            raise SystemExit("the techniques encoder has no trunk output; the probe reads it")
        states.append(np.concatenate([enc.hidden, enc.trunk], axis=1).astype(np.float16))
        offsets.append(enc.offs)
        if i % 200 == 0:
            log(f"encoded {i}/{len(texts)} ({time.time() - t0:.0f}s)")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {f"x{i}": x for i, x in enumerate(states)} | {f"o{i}": o for i, o in enumerate(offsets)}
        np.savez(path, **arrays)
    return states, offsets


def _wordpieces(offs: np.ndarray, fragments) -> np.ndarray:
    mask = np.zeros(len(offs), bool)
    for s, e in fragments:
        mask |= (offs[:, 0] < e) & (offs[:, 1] > s)
    return mask


def role_labels(attributions, offs: np.ndarray) -> np.ndarray:
    """Gold role per wordpiece: 0 outside, 1 content, 2 cue, 3 source (cue and source over content).

    >>> from spinscope.evaluation.polnear import GoldAttribution
    >>> offs = np.array([[0, 3], [4, 8], [9, 13], [14, 18]])
    >>> role_labels([GoldAttribution(((9, 18),), ((4, 8),), ((0, 3),))], offs).tolist()
    [3, 2, 1, 1]
    """
    y = np.zeros(len(offs), np.int64)
    for g in attributions:
        y[_wordpieces(offs, g.content)] = 1
    for g in attributions:
        y[_wordpieces(offs, g.cue)] = 2
        y[_wordpieces(offs, g.source)] = 3
    return y


def fit(states: list[np.ndarray], labels: list[np.ndarray], seed: int = 0) -> Probe:
    """The probe fitted on these articles' wordpieces (standardisation folded into the weights)."""
    x = np.concatenate(states).astype(np.float32)
    y = np.concatenate(labels)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(y), size=min(SAMPLE, len(y)), replace=False)
    mu, sd = x[pick].mean(0), x[pick].std(0) + 1e-4
    model = LogisticRegression(C=C, max_iter=300)
    model.fit((x[pick] - mu) / sd, y[pick])
    if list(model.classes_) != [0, 1, 2, 3]:
        raise SystemExit("the probe's sample lacks a role")
    weight = (model.coef_ / sd).T.astype(np.float32)  # [2H, 4]
    bias = (model.intercept_ - (model.coef_ * (mu / sd)).sum(1)).astype(np.float32)
    return Probe(weight, bias, encoder_digest(ENCODER_DIR))


def out_of_fold(
    states: list[np.ndarray], labels: list[np.ndarray], fold_of: np.ndarray, log=print
) -> list[np.ndarray]:
    """Per article its wordpieces' role probabilities from the probe fitted on the other folds."""
    out: list[np.ndarray] = [np.zeros((len(s), 4), np.float32) for s in states]
    for fold in sorted(set(fold_of.tolist())):
        train = [i for i in range(len(states)) if fold_of[i] != fold]
        probe = fit([states[i] for i in train], [labels[i] for i in train])
        for i in np.nonzero(fold_of == fold)[0]:
            x = states[i].astype(np.float32)
            out[i] = probe.wordpiece_probs(x[:, : x.shape[1] // 2], x[:, x.shape[1] // 2 :])
        log(f"probe fold {fold} fitted")
    return out
