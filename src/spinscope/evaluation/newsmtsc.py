"""NewsMTSC (Hamborg and Donnay, EACL 2021): how a news sentence portrays each of its target mentions.

Reads the released jsonl files (`sentence_normalized`, `targets` = [{`Input.gid`, `from`, `to`, `mention`,
`polarity` 2/4/6}]), predicts every target with the tone layer's target classifier (the sentence read on its own
through the shared encoder, as the paper's models read it) and scores accuracy, per-class F1 and macro-F1 (F1m,
the paper's figure of record) beside the VADER baseline: the sentence's compound score with two thresholds tuned
on dev. Used by `spinscope tone eval --newsmtsc FILE` and by the training script; the data are never shipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ingest import InputError

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(frozen=True)
class Target:
    gid: str
    start: int
    end: int
    mention: str
    label: str  # negative / neutral / positive


@dataclass(frozen=True)
class Sentence:
    text: str
    targets: tuple[Target, ...]


def read(path: Path) -> list[Sentence]:
    """The sentences of a NewsMTSC jsonl file; a missing or malformed file raises `InputError` (one sentence)."""
    if not path.is_file():
        raise InputError(f"no such NewsMTSC file: {path}")
    out: list[Sentence] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["sentence_normalized"]
                targets = []
                for item in row["targets"]:
                    start, end = int(item["from"]), int(item["to"])
                    label = POLARITY[float(item["polarity"])]
                    if not (0 <= start < end <= len(text)):
                        raise ValueError(f"target offsets {start}-{end} outside the sentence")
                    targets.append(Target(str(item["Input.gid"]), start, end, text[start:end], label))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path} line {number} is not a NewsMTSC record ({exc})") from None
            if not isinstance(text, str) or not targets:
                raise InputError(f"{path} line {number} is not a NewsMTSC record (no sentence or no target)")
            out.append(Sentence(text, tuple(targets)))
    if not out:
        raise InputError(f"{path} has no NewsMTSC records")
    return out


def targets(sentences: Sequence[Sentence]) -> Iterator[tuple[Sentence, Target]]:
    for sentence in sentences:
        for target in sentence.targets:
            yield sentence, target


def predict(sentences: Sequence[Sentence], model: Any = None) -> list[tuple[str, list[float]]]:
    """(label, calibrated probabilities in `LABELS` order) for every target, sentence by sentence."""
    from ..encoder import shared_encoder
    from ..tone.targets import LABELS, shared_target_model

    model = model or shared_target_model()
    encoder = shared_encoder()
    out: list[tuple[str, list[float]]] = []
    for sentence in sentences:
        enc = encoder.encode(sentence.text)
        items = [((0, len(sentence.text)), (t.start, t.end)) for t in sentence.targets]
        for row in model.probabilities(enc, items):
            out.append((LABELS[int(row.argmax())], [float(p) for p in row]))
    return out


def vader_compounds(sentences: Sequence[Sentence]) -> list[float]:
    """The baseline's input per target: VADER's compound score of its sentence (the same for every target)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    values = []
    for sentence in sentences:
        value = float(analyser.polarity_scores(sentence.text)["compound"])
        values.extend([value] * len(sentence.targets))
    return values
