"""PerSenT (Bastan et al., COLING 2020): the author's sentiment towards the main entity of a news article.

Reads the released CSV files (DOCUMENT_INDEX, TITLE, TARGET_ENTITY, DOCUMENT, TRUE_SENTIMENT, ...), runs the
spinscope pipeline on each article (title + text, as an article would arrive), finds the mentions of the target
entity and computes the same actor features as `spinscope.tone.actors` does for every actor at run time. Used by
`spinscope tone eval --persent FILE` and by the training script; the data are never shipped.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from ..ingest import InputError

GOLD = {"Positive": "positive", "Neutral": "neutral", "Negative": "negative"}
REQUIRED = ("TITLE", "TARGET_ENTITY", "DOCUMENT", "TRUE_SENTIMENT")


@dataclass(frozen=True)
class Example:
    index: str
    title: str
    target: str
    text: str
    label: str  # negative / neutral / positive

    @property
    def article(self) -> str:
        """Title on the first line, then the text: the shape spinscope gets from a real article."""
        return f"{self.title.strip()}\n\n{self.text.strip()}" if self.title.strip() else self.text.strip()


def read(path: Path) -> list[Example]:
    """The examples of a PerSenT CSV file; a missing or malformed file raises `InputError`."""
    if not path.is_file():
        raise InputError(f"no such PerSenT file: {path}")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path} is not a PerSenT file: missing column(s) {', '.join(missing)}")
        examples = []
        for row in reader:
            gold = GOLD.get((row["TRUE_SENTIMENT"] or "").strip())
            if gold is None or not (row["DOCUMENT"] or "").strip():
                continue
            examples.append(
                Example(
                    row.get("DOCUMENT_INDEX", ""),
                    row["TITLE"] or "",
                    row["TARGET_ENTITY"],
                    row["DOCUMENT"],
                    gold,
                )
            )
    if not examples:
        raise InputError(f"{path} has no labelled PerSenT rows")
    return examples


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def target_mentions(doc: Doc, target: str) -> list[Span]:
    """Mentions of the target entity: entity groups whose canonical name or a mention matches the target (or
    its surname, for a person), plus literal occurrences of the full name and of its last word."""
    from ..components.entities import entity_groups

    wanted = _fold(target)
    words = [w for w in wanted.split() if len(w) > 2]
    last = words[-1] if words else wanted
    spans: list[Span] = []
    for group in entity_groups(doc).values():
        names = {_fold(group[0]._.spinscope_canonical or "")} | {_fold(s.text) for s in group}
        if wanted in names or last in names or any(wanted and n and (wanted in n) for n in names):
            spans.extend(group)
    taken = {t.i for s in spans for t in s}
    for form in {target.strip(), last.title() if words else ""}:
        if not form:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", doc.text, flags=re.I):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not ({t.i for t in span} & taken):
                spans.append(span)
                taken.update(t.i for t in span)
    return sorted(spans, key=lambda s: s.start)


def extract(
    examples: list[Example], *, progress: bool = False, vectors: bool = True
) -> Iterator[tuple[Example, dict[str, float], Any]]:
    """Actor features of each example's target entity (runs the pipeline: entities, tone, and quotes if present)
    and the mean sentence embedding of its clauses (None without clauses or without the shipped encoder)."""
    from .. import load
    from ..components.entities import entity_groups
    from ..pipeline import LAYERS
    from .actors import descriptor_tokens, gather, quote_lookup
    from .encoder import mean_vectors

    layers = ["entities", "tone"] + (["quotes"] if "quotes" in LAYERS else [])
    nlp = load(layers).nlp
    docs = nlp.pipe((ex.article for ex in examples), batch_size=16)
    for count, (example, doc) in enumerate(zip(examples, docs, strict=True), start=1):
        mentions = target_mentions(doc, example.target)
        document_compound = float(doc._.spinscope_tone["document"]["compound"])
        own = {t.i for m in mentions for t in descriptor_tokens(m)}
        theirs = {
            t.i
            for group in entity_groups(doc).values()
            for m in group
            if not any(m.start < x.end and x.start < m.end for x in mentions)
            for t in descriptor_tokens(m)
        }
        evidence = gather(doc, mentions, quote_lookup(doc), document_compound, frozenset(theirs - own))
        if progress and count % 50 == 0:
            print(f"  {count}/{len(examples)} articles", file=sys.stderr)
        (vector,) = mean_vectors([[c["text"] for c in evidence.clauses]]) if vectors else (None,)
        yield example, evidence.features(), vector


def scores(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the three classes (scikit-learn's definitions), per-class P/R/F1, confusion."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = ["negative", "neutral", "positive"]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(
            float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(n),
            }
            for label, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
        },
        "labels": labels,
        "confusion": confusion_matrix(
            gold, predicted, labels=labels
        ).tolist(),  # rows gold, columns predicted
    }


def baseline_predict(features: dict[str, float], low: float, high: float) -> str:
    """The lexicon baseline of the issue: mean VADER compound of the sentences naming the entity, two thresholds."""
    value = features["sentence_mean"]
    return "negative" if value < low else "positive" if value > high else "neutral"


def tune_baseline(feats: list[dict[str, float]], gold: list[str]) -> tuple[float, float, float]:
    """(dev macro-F1, low, high): the baseline's two thresholds by grid search (step 0.02) on macro-F1."""
    best = (-1.0, 0.0, 0.0)
    grid = [round(-0.6 + 0.02 * i, 2) for i in range(61)]
    for low in grid:
        for high in (g for g in grid if g >= low):
            f1 = scores(gold, [baseline_predict(f, low, high) for f in feats])["macro_f1"]
            if f1 > best[0]:
                best = (f1, low, high)
    return best
