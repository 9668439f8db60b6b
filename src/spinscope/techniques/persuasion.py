"""The article-level persuasion index: how much of an article tries to persuade, learned rather than counted.

Span counts per 1,000 words are a poor measure of how hard an article pushes (the confident phrases are not the
discriminating ones; film titles in an awards report count as much as a slur). The index is fitted to PTC's
article-level gold (the share of an article's characters inside technique spans) from signals that carry over
to new text:

* words and style from the spaCy Doc (`techniques.style`): a loaded-word lexicon and a sentence model (TF-IDF
  words -> share of the sentence inside gold spans), both learned from PTC train gold with cross-fitting so the
  ridge sees out-of-fold values; VADER valence and intensifiers, exclamation and question marks, superlatives,
  first and second person;
* a ridge regression over those (fitted on PTC train to the logit of the gold share);
* plus the techniques layer's phrase density (phrases per 1,000 words) with a weight chosen on PTC dev. The
  shipped encoder was fine-tuned on PTC train, so its outputs fit train far better than new text: a ridge
  fitted there overweights them, which is why this one term is added with a dev-chosen weight instead.

The index in (0, 1) is the sigmoid of that sum: the model's estimate of the share of the text a PTC annotator
would mark. The percentile places it against a shipped reference distribution, the index over wire-service copy
(AP, Reuters, AFP, UPI) in PolNeAR. Fitting: `python -m spinscope.training.techniques.persuasion` (see
`models/techniques/card.md`). Run time is dictionary look-ups and numpy, about a millisecond per article.

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
from spacy.tokens import Doc

from spinscope.techniques.catalog import FAMILIES
from spinscope.techniques.catalog import get as technique_info
from spinscope.techniques.style import SentenceModel, style_features

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
    sentence_score: float  # the sentence model's estimate (0-1) for the sentence the phrase starts in


@dataclass(frozen=True)
class Assessment:
    index: float  # 0-1
    percentile: float  # 0-100, share of reference wire reports with a lower index
    families: list[FamilyRate]
    top_spans: list[WeightySpan]  # most weighty first
    sentence_scores: list[float]  # estimated share of each sentence inside technique spans (0-1)


def index_percentile(index: float, reference: np.ndarray) -> float:
    """Share (0-100) of the reference articles whose index is below ``index`` (ties count half); monotone."""
    if len(reference) == 0:
        return 0.0
    below = np.searchsorted(reference, index, side="left")
    upto = np.searchsorted(reference, index, side="right")
    return round(float(100.0 * (below + 0.5 * (upto - below)) / len(reference)), 1)


class PersuasionModel:
    """The shipped lexicon, sentence model, ridge and reference distribution (`models/techniques/persuasion.*`)."""

    def __init__(self, model_dir: Path | str | None = None, reference_file: Path | str | None = None) -> None:
        folder = Path(model_dir) if model_dir else MODEL_DIR
        self.config = json.loads((folder / "persuasion.json").read_text())
        with np.load(folder / "persuasion.npz", allow_pickle=False) as weights:
            self.lexicon = dict(
                zip(weights["lexicon_words"].tolist(), weights["lexicon_loading"].tolist(), strict=True)
            )
            words = weights["sentence_words"].tolist()
            self.sentence_model = SentenceModel(
                {w: i for i, w in enumerate(words)},
                weights["sentence_idf"].astype(np.float64),
                weights["sentence_coef"].astype(np.float64),
                float(weights["sentence_intercept"]),
                str(self.config["sentence_model"]["link"]),
            )
        ridge = self.config["ridge"]
        self.features: list[str] = list(ridge["features"])
        self.mean = np.asarray(ridge["mean"], np.float64)
        self.scale = np.asarray(ridge["scale"], np.float64)
        self.coef = np.asarray(ridge["coef"], np.float64)
        self.intercept = float(ridge["intercept"])
        density = self.config["density"]
        self.density_weight = float(density["weight"])  # logit units per dev standard deviation
        self.density_mean = float(density["mean"])
        self.density_scale = float(density["scale"])
        reference = json.loads(Path(reference_file or REFERENCE_FILE).read_text())
        self.reference = np.sort(np.asarray(reference["values"], np.float64))

    def logit(self, features: dict[str, float], density: float) -> float:
        """The ridge over the style features plus the weighted phrase-density term (phrases per 1,000 words)."""
        x = (np.asarray([features[name] for name in self.features]) - self.mean) / self.scale
        z_density = (np.log1p(max(0.0, density)) - self.density_mean) / self.density_scale
        return float(x @ self.coef + self.intercept + self.density_weight * z_density)

    def index_of(self, features: dict[str, float], density: float) -> float:
        return float(1.0 / (1.0 + np.exp(-self.logit(features, density))))

    def assess_data(
        self,
        doc: Doc,
        sentences: Sequence[tuple[int, int]],
        spans: Sequence[SpanIn],
        n_words: int,
        text: str | None = None,
    ) -> dict[str, Any]:
        """`assess` as plain data (dicts, lists, floats), which spaCy can serialise with the Doc."""
        return dataclasses.asdict(self.assess(doc, sentences, spans, n_words, text))

    def assess(
        self,
        doc: Doc,
        sentences: Sequence[tuple[int, int]],
        spans: Sequence[SpanIn],
        n_words: int,
        text: str | None = None,
    ) -> Assessment:
        """The index, its percentile, per-family rates and the weightiest spans of one article.

        ``spans``: the techniques layer's phrases at its default decoding; ``n_words``: alphabetic tokens;
        ``text``: ``doc.text`` when the caller has it (a Doc rebuilds its text on each access)."""
        text = doc.text if text is None else text
        sentence_p = self.sentence_model.probabilities([text[a:b] for a, b in sentences])
        features = style_features(doc, sentences, self.lexicon, sentence_p=sentence_p, text=text)
        words = max(1, n_words)
        density = 1000.0 * len({(s.start, s.end) for s in spans}) / words
        index = round(self.index_of(features, density), 4)
        counts = dict.fromkeys(FAMILIES, 0)
        for span in spans:
            family = technique_info(span.technique).family
            counts[family] = counts.get(family, 0) + 1
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
