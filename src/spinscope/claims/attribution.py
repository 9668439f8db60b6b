"""Which quoted or reported content a claim lies in, when no single attribution covers the whole sentence: a claim
made by a spokesman is a different thing to check from one made in the outlet's own voice."""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_QUOTED_SHARE = 0.4
QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


def covering_content(
    parts: Iterable[tuple[int, int]], text: str, start: int, end: int
) -> tuple[int, int] | None:
    """The longest stretch of [start, end) (document offsets; `text` is the claim's own text) inside one quoted or
    reported fragment (`parts`, from the quotes layer) or inside quotation marks the quotes layer may have split
    differently, when it covers at least 40% of the claim; else None."""
    best: tuple[int, int, int] | None = None  # (overlap, start, end)
    for s, e in parts:
        a, b = max(s, start), min(e, end)
        if b - a > 0 and (best is None or b - a > best[0]):
            best = (b - a, a, b)
    for m in QUOTED.finditer(text):
        a, b = start + m.start(1), start + m.end(1)
        if best is None or b - a > best[0]:
            best = (b - a, a, b)
    if best is None or best[0] < MIN_QUOTED_SHARE * (end - start):
        return None
    return best[1], best[2]
