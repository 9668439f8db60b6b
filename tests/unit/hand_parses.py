"""Hand-built parses for the quotes rules' tests: a spaCy Doc from rows, without a model, so that each rule is
tested on exactly the parse it is written for."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab  # English lexical attributes (`lower_`), no model


def parsed(rows: list[tuple[str, int, str, str, str]], tags: dict[int, str] | None = None) -> Doc:
    """A Doc from (word, head index, dependency, POS, lemma) rows; a space after every word but the last;
    `tags` gives the fine-grained tag of some words (the others get none)."""
    words = [r[0] for r in rows]
    return Doc(
        VOCAB,
        words=words,
        spaces=[True] * (len(words) - 1) + [False],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        tags=[(tags or {}).get(i, "") for i in range(len(words))],
    )
