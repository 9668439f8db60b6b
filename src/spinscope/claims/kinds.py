"""The kind of a claim, which tells a fact-checker what checking it takes: a statistic (a figure to look up), a
causal claim, a comparison, an event, a quoted claim (someone else's words: check who said it, then what)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import TAG
from spacy.tokens import Doc, Span

from .casefold import lowered

KINDS = ("statistic", "event", "causal", "comparison", "quoted claim", "other")
CAUSAL = re.compile(
    r"\b(?:because|due to|caused?|causing|led to|leads? to|lead to|result(?:ed|s)? in|as a result|therefore|"
    r"thanks to|blamed?|responsible for|so that|affect(?:ed|s)?|contribut(?:ed|es) to)\b",
    re.I,
)
COMPARISON = re.compile(
    r"\b(?:than|more|less|fewer|most|least|highest|lowest|largest|biggest|smallest|record|double[ds]?|"
    r"tripled?|twice|half|compared|increase[ds]?|decrease[ds]?|rose|risen|fell|fallen|dropped|grew)\b",
    re.I,
)


# the same two searches without `re.I`, on the lower-cased text (see `casefold`)
_CAUSAL_LOWER = re.compile(CAUSAL.pattern)
_COMPARISON_LOWER = re.compile(COMPARISON.pattern)


def _finds(pattern: re.Pattern[str], lower_pattern: re.Pattern[str], text: str, lower: str | None) -> bool:
    return (pattern.search(text) if lower is None else lower_pattern.search(lower)) is not None


COMPARATIVE_TAGS = ("JJR", "JJS", "RBR", "RBS")  # comparatives and superlatives: a comparison
PAST_TAGS = ("VBD", "VBN")  # past tense and participles: an event


class DocTags:
    """Which tokens of a Doc carry a comparative or a past-tense tag, read once per Doc as cumulative counts (one
    array read instead of a Python object per token of every claim)."""

    def __init__(self, doc: Doc) -> None:
        # string hashes: compared as uint64, never float
        tags = doc.to_array([TAG]).reshape(-1).astype(np.uint64)
        self._counts: dict[tuple[str, ...], np.ndarray] = {
            group: np.concatenate(
                (
                    [0],
                    np.cumsum(
                        np.isin(tags, np.array([doc.vocab.strings[t] for t in group], dtype=np.uint64))
                    ),
                )
            )
            for group in (COMPARATIVE_TAGS, PAST_TAGS)
        }

    def any(self, span: Span, group: tuple[str, ...]) -> bool:
        counts = self._counts[group]
        return bool(counts[span.end] > counts[span.start])


def _tagged(span: Span, group: tuple[str, ...], tags: DocTags | None) -> bool:
    if tags is not None:
        return tags.any(span, group)
    return any(t.tag_ in group for t in span)


def kind_of(
    text: str, quantities: list[dict[str, Any]], quoted: bool, span: Span, tags: DocTags | None = None
) -> str:
    """The claim's kind; ``tags`` (`DocTags` of the span's Doc) answers the tag questions without reading the
    span's tokens one by one (the same answers)."""
    if quoted:
        return "quoted claim"
    if any(q["type"] in ("money", "percent", "count") for q in quantities):
        return "statistic"
    lower = lowered(text)
    if _finds(CAUSAL, _CAUSAL_LOWER, text, lower):
        return "causal"
    if _finds(COMPARISON, _COMPARISON_LOWER, text, lower) or _tagged(span, COMPARATIVE_TAGS, tags):
        return "comparison"
    if quantities or _tagged(span, PAST_TAGS, tags):
        return "event"
    return "other"
