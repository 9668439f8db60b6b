"""The learned part of the quotes layer: a logistic-regression filter over broad attribution candidates.

The rules in `rules.py`, run with `lexicon=None`, propose every verb with a clause or object complement, every
"according to" and every introduced quotation (high recall, low precision: "think", "want", "know", "call for"
are attributions in one sentence and not in the next). This model, trained on PolNeAR train
(`spinscope.training.quotes.train`), scores each candidate from sparse binary features of the cue, its subject,
its complement and the quotation marks around it, and keeps those above a threshold chosen by cross-validation
on train. It is stored as plain JSON (feature -> weight), so loading it runs no code and needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from . import probe
from .rules import CUE_VERBS, Candidate, Fragment

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "quotes"
MODEL_FILE = "filter.json"

PRONOUNS = {"i", "we", "you", "he", "she", "they", "it"}


def _bucket(n: int, edges: tuple[int, ...] = (2, 5, 10, 20, 40)) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _inside(char: int, segments: list[Fragment]) -> bool:
    return any(s < char < e - 1 for s, e in segments)


def features(
    doc: Doc,
    cand: Candidate,
    segments: list[Fragment],
    text: str | None = None,
    probs: np.ndarray | None = None,
) -> list[str]:
    """Sparse binary features of one candidate (strings `name=value`); pass `text=doc.text` when scoring many
    candidates (`Doc.text` is rebuilt on every access). ``probs``: the encoder probe's role probabilities per
    token (`probe.Probe.token_probs`), whose bucketed features a filter fitted with the probe reads."""
    if text is None:
        text = doc.text
    feats = [f"origin={cand.origin}", f"ctype={cand.features.get('clause_dep', '')}"]
    cue: Token | None = doc[cand.cue_token] if cand.cue_token is not None else None
    lemma = cue.lemma_.lower() if cue is not None else ""
    ctype = str(cand.features.get("clause_dep", ""))
    feats += [
        f"lemma={lemma}",
        f"lemma_ctype={lemma}|{ctype}",
        f"lexicon={lemma in CUE_VERBS}",
        f"subject_path={cand.features.get('subject_path', '')}",
        f"kind={cand.kind}",
        f"words={_bucket(sum(len(text[s:e].split()) for s, e in cand.content))}",
        f"fragments={min(len(cand.content), 3)}",
        f"cue_key={cand.features.get('cue_key', '')}",
        f"nested={bool(cand.features.get('nested', False))}",
        f"lemma_nested={lemma}|{bool(cand.features.get('nested', False))}",
    ]
    variant = cand.features.get("variant")
    if variant:  # another boundary of one cue's content (`rules.object_variants`)
        feats += [
            f"variant={variant}",
            f"lemma_variant={lemma}|{variant}",
            f"ctype_variant={ctype}|{variant}",
        ]
    if cue is not None:
        children = list(cue.children)  # made once: each walk of `cue.children` makes new Tokens
        feats += [
            f"tag={cue.tag_}",
            f"dep={cue.dep_}",
            f"lemma_dep={lemma}|{cue.dep_}",
            f"lemma_tag={lemma}|{cue.tag_}",
            f"head_lemma={cue.head.lemma_.lower() if cue.dep_ in ('xcomp', 'conj', 'advcl') else ''}",
            f"cue_in_quote={_inside(cue.idx, segments)}",
            f"neg={any(c.dep_ == 'neg' for c in children)}",
            f"modal={any(c.tag_ == 'MD' for c in children)}",
            f"sent_start={bool(cue.is_sent_start)}",
        ]
        nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
        feats.append(f"next={nxt.lower_ if nxt is not None and (nxt.is_punct or nxt.pos_ == 'ADP') else ''}")
    if cand.speaker is not None:
        head = doc[cand.speaker[0] : cand.speaker[1]].root
        low = head.lower_
        feats += [
            f"subj_pos={head.pos_}",
            f"subj_ent={head.ent_type_}",
            f"subj_pron={low if low in PRONOUNS else ''}",
            f"lemma_subj={lemma}|{head.pos_}|{head.ent_type_}",
            f"lemma_pron={lemma}|{low if low in PRONOUNS else '-'}",
            f"subj_in_quote={_inside(head.idx, segments)}",
        ]
    else:
        feats += ["subj_pos=NONE", f"lemma_subj={lemma}|NONE"]
    if cand.cue:
        # where the cue stands: `"...," he said` (after), `He said "..."` (before) or inside a quote it interrupts
        cue_at = cand.cue[0][0]
        side = "before" if cue_at < cand.start else "after" if cue_at >= cand.end else "inside"
        feats.append(f"cue_side={side}")
        feats.append(f"origin_side={cand.origin}|{side}")
    # the headline (first paragraph) is a "Name: claim" title more often than a sentence
    start = cand.start
    headline = text.find("\n", 0, start) < 0
    feats.append(f"headline={headline}")
    first = text[start : start + 12].split()
    feats.append(
        f"first={first[0].lower() if first and first[0].lower() in {'that', 'to', 'how', 'what', 'why', 'whether', 'if'} else ''}"
    )
    if probs is not None:
        feats += probe.features(doc, cand, probs)
    return feats


@dataclass
class Filter:
    """Logistic regression over binary features: p = sigmoid(bias + sum of the weights of present features)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, object]
    dedupe: float = 0.8  # overlap ratio at which a lower-scored candidate duplicates a kept one

    def knows(self, feature: str) -> bool:
        """Whether the model saw this feature in training (a candidate type it never saw is left to the rules)."""
        return feature in self.weights

    def score(self, feats: list[str]) -> float:
        # each feature once, summed exactly (`math.fsum`): a plain sum depends on the order of the set, which
        # changes with the process's string hashing, and so did the last bits of a score
        z = self.bias + math.fsum(map(self.weights.get, set(feats), repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps(
            {
                "bias": self.bias,
                "threshold": self.threshold,
                "dedupe": self.dedupe,
                "meta": self.meta,
                "weights": self.weights,
            },
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, raw: str) -> Filter:
        data = json.loads(raw)
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta", {})),
            dedupe=float(data.get("dedupe", 0.8)),
        )


@lru_cache(maxsize=2)
def load_filter(path: str | None = None) -> Filter | None:
    """The shipped filter (or one at `path`); None when no model file is present (the rules are used)."""
    if path is not None:
        return Filter.from_json(Path(path).read_text(encoding="utf-8"))
    resource = MODEL_DIR / MODEL_FILE
    if not resource.is_file():
        return None
    return Filter.from_json(resource.read_text(encoding="utf-8"))
