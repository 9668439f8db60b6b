"""Shared-encoder states of the NewsMTSC targets, computed once and cached for both tone designs.

Every sentence is encoded on its own with the shipped int8 techniques model (`TechniqueModel.encode`, exactly what
runs at run time, only on a sentence instead of an article). Per target we keep what the two designs read:

* ``pooled_hidden`` / ``pooled_trunk``: `spinscope.tone.targets.pooled_features` of the last-layer and the
  layer-4 states (design "pooled");
* the layer-4 states of the target's window (`spinscope.tone.targets.window`, at most 128 wordpieces) as float16
  with the target's position in it (design "top").

The cache (``artifacts/tone/states-<split>.npz``) is keyed by the file's size and modification time.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.evaluation.newsmtsc import Sentence, read
from spinscope.evaluation.newsmtsc import targets as all_targets
from spinscope.tone.targets import LABELS, MAX_TOKENS, pooled_features, window

log = logging.getLogger("spinscope.training.tone")


@dataclass
class TargetStates:
    gids: list[str]
    labels: np.ndarray  # [n] indices into LABELS
    pooled_hidden: np.ndarray  # [n, 3H]
    pooled_trunk: np.ndarray  # [n, 3H]
    tokens: np.ndarray  # [sum of window lengths, H] float16 trunk states
    index: np.ndarray  # [n + 1] start of each target's window in `tokens`
    target: np.ndarray  # [n, 2] target wordpieces [a, b) inside its window
    sentence_of: np.ndarray  # [n] sentence number in the file

    def window_states(self, i: int) -> np.ndarray:
        return self.tokens[self.index[i] : self.index[i + 1]]

    def marker(self, i: int) -> np.ndarray:
        out = np.zeros(self.index[i + 1] - self.index[i], dtype=np.float32)
        out[self.target[i, 0] : self.target[i, 1]] = 1.0
        return out


def compute(sentences: list[Sentence]) -> TargetStates:
    from spinscope.encoder import shared_encoder

    model = shared_encoder()
    gids: list[str] = []
    labels: list[int] = []
    ph: list[np.ndarray] = []
    pt: list[np.ndarray] = []
    chunks: list[np.ndarray] = []
    index = [0]
    where: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    t0 = time.time()
    for number, sentence in enumerate(sentences):
        enc = model.encode(sentence.text)
        assert enc.trunk is not None, "the techniques model exports no trunk states"
        for target in sentence.targets:
            win = window(enc.offs, (0, len(sentence.text)), (target.start, target.end), MAX_TOKENS)
            if win is None:  # never seen in NewsMTSC (every mention has a letter); kept out rather than faked
                log.warning("no wordpiece for target %s", target.gid)
                continue
            gids.append(target.gid)
            labels.append(LABELS.index(target.label))
            ph.append(pooled_features(enc.hidden, win))
            pt.append(pooled_features(enc.trunk, win))
            chunks.append(enc.trunk[win.start : win.end].astype(np.float16))
            index.append(index[-1] + win.end - win.start)
            where.append((win.target_start - win.start, win.target_end - win.start))
            sentence_of.append(number)
        if (number + 1) % 1000 == 0:
            log.info("  %d/%d sentences (%.1f min)", number + 1, len(sentences), (time.time() - t0) / 60)
    return TargetStates(
        gids,
        np.asarray(labels, dtype=np.int64),
        np.stack(ph),
        np.stack(pt),
        np.concatenate(chunks),
        np.asarray(index, dtype=np.int64),
        np.asarray(where, dtype=np.int64),
        np.asarray(sentence_of, dtype=np.int64),
    )


def load(path: Path, work: Path) -> tuple[list[Sentence], TargetStates]:
    """The sentences of a NewsMTSC file and their targets' states (from the cache when it is current)."""
    sentences = read(path)
    stat = path.stat()
    cache = work / f"states-{path.stem}-{stat.st_size}-{int(stat.st_mtime)}.npz"
    if cache.is_file():
        data = np.load(cache, allow_pickle=False)
        states = TargetStates(
            gids=[str(g) for g in data["gids"]],
            labels=data["labels"],
            pooled_hidden=data["pooled_hidden"],
            pooled_trunk=data["pooled_trunk"],
            tokens=data["tokens"],
            index=data["index"],
            target=data["target"],
            sentence_of=data["sentence_of"],
        )
    else:
        log.info("encoding %s (%d sentences)", path.name, len(sentences))
        states = compute(sentences)
        work.mkdir(parents=True, exist_ok=True)
        np.savez(
            cache,
            gids=np.asarray(states.gids),
            labels=states.labels,
            pooled_hidden=states.pooled_hidden,
            pooled_trunk=states.pooled_trunk,
            tokens=states.tokens,
            index=states.index,
            target=states.target,
            sentence_of=states.sentence_of,
        )
    expected = [t.gid for _, t in all_targets(sentences)]
    assert states.gids == expected, f"{cache} does not match {path}"
    return sentences, states


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="cache the shared-encoder states of NewsMTSC files")
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--work", type=Path, default=Path("artifacts/tone"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    for path in args.files:
        _, states = load(path, args.work)
        log.info("%s: %d targets, %d window wordpieces", path.name, len(states.gids), len(states.tokens))


if __name__ == "__main__":
    main()
