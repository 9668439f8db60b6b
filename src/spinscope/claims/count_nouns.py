"""What a count counts, from the parse: the regular expressions of `quantities` guess the next word ("two state"),
the dependency parse knows the noun the number modifies ("two state judges" -> judges)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc


def refine_units(doc: Doc, quantities: list[dict[str, Any]], limit: int, text: str | None = None) -> None:
    """A count's unit becomes the noun its number modifies when the parse says so (the span then reaches the
    noun, never past `limit` or the next quantity); the regex's guess stays otherwise."""
    for k, q in enumerate(quantities):
        if q["type"] != "count":
            continue
        span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            head = token.head
            if (
                token.like_num
                and token.dep_ == "nummod"
                and head.pos_ in ("NOUN", "PROPN")
                and 0 < head.i - token.i <= 4
            ):
                end = max(q["end"], head.idx + len(head.text))
                following = quantities[k + 1]["start"] if k + 1 < len(quantities) else limit
                if end <= min(limit, following):
                    q["unit"] = head.text.lower()
                    q["end"] = end
                    q["text"] = (doc.text if text is None else text)[q["start"] : end]
                break
