"""The article-level persuasion index: how much of an article tries to persuade, learned rather than counted.

Span counts per 1,000 words are a poor measure of how hard an article pushes (the confident phrases are not the
discriminating ones; film titles in an awards report count as much as a slur). The index reads what the pipeline
already has for the whole text:

* the shared encoder's per-token BIO probabilities (P(B)+P(I): their length-weighted mean, quantiles, the share
  of text above the decoding threshold, the most loaded sentences);
* a sentence model: logistic regression on the mean-pooled encoder states of a sentence, fitted on PTC train
  sentences labelled "holds a gold technique span", averaged over the article by sentence length;
* the decoded phrases (density and share of text covered).

A ridge regression over those features (fitted on PTC train to the logit of the article's gold share of
characters inside technique spans; features and strength chosen on PTC dev) gives the index in (0, 1) through a
sigmoid: the model's estimate of the share of the text a PTC annotator would mark. The percentile places it
against a shipped reference distribution, the index over wire-service copy (AP, Reuters, AFP, UPI) in PolNeAR.
Fitting: `python -m spinscope.training.techniques.persuasion` (see `models/techniques/card.md`). Run time is
numpy only.

>>> index_percentile(0.5, np.array([0.1, 0.2, 0.6]))
66.7
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from spinscope.encoder import Encoded
from spinscope.techniques.catalog import FAMILIES
from spinscope.techniques.catalog import get as technique_info

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"
REFERENCE_FILE = Path(__file__).resolve().parents[1] / "data" / "persuasion_reference.json"
REFERENCE_NAME = "news reports by wire services (AP, Reuters, AFP, UPI) in PolNeAR, 2016 US election coverage"
TOP_SPANS = 5  # spans listed as weighing most


@dataclass(frozen=True)
class SpanIn:
    """A technique phrase as the index reads it (the techniques component's spans)."""

    start: int
    end: int
    technique: str
    score: float


@dataclass(frozen=True)
class FamilyRate:
    family: str
    spans: int
    per_1000_words: float


@dataclass(frozen=True)
class WeightySpan:
    span: SpanIn
    sentence_score: float  # the sentence model's P(technique) for the sentence the phrase starts in


@dataclass(frozen=True)
class Assessment:
    index: float  # 0-1
    percentile: float  # 0-100, share of reference wire reports with a lower index
    families: list[FamilyRate]
    top_spans: list[WeightySpan]  # most weighty first
    sentence_scores: list[float]  # P(sentence holds a technique span), per sentence given


def sentence_states(states: np.ndarray, offs: np.ndarray, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
    """Mean-pooled token states ``[S, H]`` of each sentence (zeros for a sentence without tokens)."""
    out = np.zeros((len(sentences), states.shape[1]), np.float32)
    if len(offs) == 0:
        return out
    for k, (a, b) in enumerate(sentences):
        idx = np.nonzero((offs[:, 0] < b) & (offs[:, 1] > a))[0]
        if len(idx):
            out[k] = states[idx].mean(0)
    return out


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return 0.0
    return float(values[order][min(len(values) - 1, int(np.searchsorted(cum, q * cum[-1])))])


def article_features(
    token_p: np.ndarray,
    offs: np.ndarray,
    sentences: Sequence[tuple[int, int]],
    sentence_p: np.ndarray,
    spans: Sequence[tuple[int, int]],
    text_length: int,
    threshold: float,
) -> dict[str, float]:
    """The index's input features for one article.

    ``token_p``: P(B)+P(I) per wordpiece; ``offs`` their character offsets; ``sentence_p``: the sentence model's
    probability per sentence; ``spans``: the decoded phrases' character ranges; ``threshold``: the decoder's.
    Training computes the same function on cached encoder outputs, so run time and fitting cannot drift apart.
    """
    f: dict[str, float] = {}
    n_chars = max(1, text_length)
    w = (offs[:, 1] - offs[:, 0]).astype(np.float64) if len(offs) else np.zeros(0)
    if len(w) and w.sum() > 0:
        f["tok_mean"] = float((token_p * w).sum() / w.sum())
        f["tok_q50"] = _weighted_quantile(token_p, w, 0.5)
        f["tok_q90"] = _weighted_quantile(token_p, w, 0.9)
        f["tok_above"] = float(w[token_p >= threshold].sum() / w.sum())
    else:
        f.update(tok_mean=0.0, tok_q50=0.0, tok_q90=0.0, tok_above=0.0)
    lengths = np.asarray([max(1, b - a) for a, b in sentences], np.float64)
    sent_tok = np.zeros(len(sentences))
    for k, (a, b) in enumerate(sentences):
        idx = np.nonzero((offs[:, 0] < b) & (offs[:, 1] > a))[0] if len(offs) else np.zeros(0, np.int64)
        if len(idx):
            sent_tok[k] = float((token_p[idx] * w[idx]).sum() / max(1e-9, w[idx].sum()))
    if len(sentences):
        top = np.sort(sent_tok)[::-1][:3]
        f["sent_tok_top3"] = float(top.mean())
        f["sent_tok_share"] = float(lengths[sent_tok >= threshold / 2].sum() / lengths.sum())
        sp = np.asarray(sentence_p, np.float64)
        f["sent_lr_mean"] = float((sp * lengths).sum() / lengths.sum())
        f["sent_lr_top3"] = float(np.sort(sp)[::-1][:3].mean())
        f["sent_lr_share"] = float(lengths[sp >= 0.5].sum() / lengths.sum())
    else:
        f.update(sent_tok_top3=0.0, sent_tok_share=0.0, sent_lr_mean=0.0, sent_lr_top3=0.0, sent_lr_share=0.0)
    covered = np.zeros(n_chars, bool)
    for a, b in spans:
        covered[max(0, a) : min(n_chars, b)] = True
    f["span_density"] = 1000.0 * len(spans) / n_chars
    f["span_cover"] = float(covered.mean())
    f["log_chars"] = float(np.log(n_chars))
    return f


def index_percentile(index: float, reference: np.ndarray) -> float:
    """Share (0-100) of the reference articles whose index is below ``index`` (ties count half); monotone."""
    if len(reference) == 0:
        return 0.0
    below = np.searchsorted(reference, index, side="left")
    upto = np.searchsorted(reference, index, side="right")
    return round(float(100.0 * (below + 0.5 * (upto - below)) / len(reference)), 1)


class PersuasionModel:
    """The shipped sentence model, ridge and reference distribution (`models/techniques/persuasion.*`)."""

    def __init__(self, model_dir: Path | str | None = None, reference_file: Path | str | None = None) -> None:
        folder = Path(model_dir) if model_dir else MODEL_DIR
        self.config = json.loads((folder / "persuasion.json").read_text())
        weights = np.load(folder / "persuasion.npz")
        self.sentence_w = weights["sentence_weight"].astype(np.float32)
        self.sentence_b = float(weights["sentence_bias"])
        self.states = str(self.config.get("sentence_states", "hidden"))  # "hidden" or "trunk"
        ridge = self.config["ridge"]
        self.features: list[str] = list(ridge["features"])
        self.mean = np.asarray(ridge["mean"], np.float64)
        self.scale = np.asarray(ridge["scale"], np.float64)
        self.coef = np.asarray(ridge["coef"], np.float64)
        self.intercept = float(ridge["intercept"])
        self.threshold = float(self.config.get("threshold", 0.35))
        reference = json.loads(Path(reference_file or REFERENCE_FILE).read_text())
        self.reference = np.sort(np.asarray(reference["values"], np.float64))

    def sentence_scores(self, enc: Encoded, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
        """P(sentence holds a technique span) for each sentence."""
        states = enc.trunk if self.states == "trunk" and enc.trunk is not None else enc.hidden
        pooled = sentence_states(states, enc.offs, sentences)
        return 1.0 / (1.0 + np.exp(-(pooled @ self.sentence_w + self.sentence_b)))

    def index_of(self, features: dict[str, float]) -> float:
        x = (np.asarray([features[name] for name in self.features]) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept))))

    def assess_data(
        self, enc: Encoded, sentences: Sequence[tuple[int, int]], spans: Sequence[SpanIn], n_words: int
    ) -> dict[str, Any]:
        """`assess` as plain data (dicts, lists, floats), which spaCy can serialise with the Doc."""
        return dataclasses.asdict(self.assess(enc, sentences, spans, n_words))

    def assess(
        self, enc: Encoded, sentences: Sequence[tuple[int, int]], spans: Sequence[SpanIn], n_words: int
    ) -> Assessment:
        """The index, its percentile, per-family rates and the weightiest spans of one article."""
        token_p = enc.probs[:, 1] + enc.probs[:, 2] if len(enc.probs) else np.zeros(0, np.float32)
        sentence_p = self.sentence_scores(enc, sentences)
        features = article_features(
            token_p,
            enc.offs,
            sentences,
            sentence_p,
            sorted({(s.start, s.end) for s in spans}),
            len(enc.text),
            self.threshold,
        )
        index = round(self.index_of(features), 4)
        counts = dict.fromkeys(FAMILIES, 0)
        for span in spans:
            family = technique_info(span.technique).family
            counts[family] = counts.get(family, 0) + 1
        words = max(1, n_words)
        families = [FamilyRate(name, n, round(1000.0 * n / words, 2)) for name, n in counts.items()]

        def sentence_of(s: SpanIn) -> float:
            inside = [p for (a, b), p in zip(sentences, sentence_p, strict=True) if a <= s.start < b]
            return float(inside[0]) if inside else 0.0

        # a confident phrase in a sentence the sentence model finds loaded weighs most
        weighed = sorted(((s.score * sentence_of(s), s) for s in spans), key=lambda t: (-t[0], t[1].start))
        top = [WeightySpan(s, round(sentence_of(s), 4)) for _, s in weighed[:TOP_SPANS]]
        return Assessment(
            index=index,
            percentile=index_percentile(index, self.reference),
            families=families,
            top_spans=top,
            sentence_scores=[round(float(p), 4) for p in sentence_p],
        )


@lru_cache(maxsize=1)
def shared_persuasion() -> PersuasionModel:
    """The shipped persuasion model, loaded once per process."""
    return PersuasionModel()
