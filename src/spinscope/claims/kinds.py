"""The kind of a claim, which tells a fact-checker what checking it takes: a statistic (a figure to look up), a
causal claim, a comparison, an event, a quoted claim (someone else's words: check who said it, then what)."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

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


def kind_of(text: str, quantities: list[dict[str, Any]], quoted: bool, span: Span) -> str:
    if quoted:
        return "quoted claim"
    if any(q["type"] in ("money", "percent", "count") for q in quantities):
        return "statistic"
    if CAUSAL.search(text):
        return "causal"
    if COMPARISON.search(text) or any(t.tag_ in ("JJR", "JJS", "RBR", "RBS") for t in span):
        return "comparison"
    if quantities or any(t.tag_ in ("VBD", "VBN") for t in span):
        return "event"
    return "other"
