"""Scoring predicted attributions against gold ones, as issue #4 defines it.

- Content P/R/F1 at an overlap threshold t: a prediction matches a gold content span when the characters they
  share are at least t x the length of the longer of the two (spans made of several fragments count the
  characters of all their fragments). Matching is one-to-one, greedily by decreasing overlap ratio, so one
  prediction never counts for two gold spans.
- Source accuracy, over the contents matched at t = 0.3: the predicted speaker span overlaps the gold source span
  (when the gold attribution has no source, a prediction without a speaker span is right).
- Cue accuracy, over the same matched contents: the predicted cue overlaps the gold cue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Fragments = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Predicted:
    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


def _chars(fragments: Fragments) -> set[int]:
    out: set[int] = set()
    for start, end in fragments:
        out.update(range(start, end))
    return out


def overlaps(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(
    predicted: Sequence[Fragments], gold: Sequence[Fragments], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs whose overlap is >= threshold x the longer span."""
    pred_chars = [_chars(p) for p in predicted]
    gold_chars = [_chars(g) for g in gold]
    candidates = []
    for i, pc in enumerate(pred_chars):
        for j, gc in enumerate(gold_chars):
            longer = max(len(pc), len(gc))
            if not longer:
                continue
            shared = len(pc & gc)
            if shared and shared >= threshold * longer:
                candidates.append((shared / longer, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: dict[str, int] = field(default_factory=lambda: {"0.3": 0, "0.8": 0})
    source_correct: int = 0
    cue_correct: int = 0

    def add(self, predicted: Sequence[Predicted], gold: Iterable[object]) -> None:
        gold_list = list(gold)
        self.predicted += len(predicted)
        self.gold += len(gold_list)
        gold_content = [g.content for g in gold_list]  # type: ignore[attr-defined]
        for threshold in ("0.3", "0.8"):
            pairs = match([p.content for p in predicted], gold_content, float(threshold))
            self.matched[threshold] += len(pairs)
            if threshold != "0.3":
                continue
            for i, j in pairs:
                pred, ref = predicted[i], gold_list[j]
                if ref.source:  # type: ignore[attr-defined]
                    self.source_correct += overlaps(pred.source, ref.source)  # type: ignore[attr-defined]
                else:
                    self.source_correct += not pred.source
                self.cue_correct += overlaps(pred.cue, ref.cue)  # type: ignore[attr-defined]

    def metrics(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"predicted": self.predicted, "gold": self.gold}
        for threshold, tp in self.matched.items():
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[f"content_p@{threshold}"] = round(p, 4)
            out[f"content_r@{threshold}"] = round(r, 4)
            out[f"content_f1@{threshold}"] = round(f, 4)
        matched = self.matched["0.3"]
        out["matched@0.3"] = matched
        out["source_accuracy"] = round(self.source_correct / matched, 4) if matched else 0.0
        out["cue_accuracy"] = round(self.cue_correct / matched, 4) if matched else 0.0
        return out
