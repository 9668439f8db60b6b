"""Rank, don't flood: of an article's check-worthy claims, the few a fact-checker should check first.

Every claim keeps its calibrated score; `mark_check_first` adds `rank` (1 = check first) and `check_first`. The
default rule, which a user changes with the `claims.check_first_*` options (`--set claims.check_first_top_k=3`):

1. order: claims that carry a normalised figure (money, a percentage, a count, a date, a duration) come before
   those that do not, each group by decreasing score. On CheckThat! 2024 dev, 76% of the sentences with a figure
   are check-worthy against 9% of those without, and above the bar 98% against 89% (`make eval-claims`, the
   `check_first` entry of metrics.json; on dev-test above the bar it is 94% against 98%: the order is for what a
   fact-checker can look up, a figure or a date, more than for precision);
2. check first: the first claims of that order whose score is at least `min_score` (the lowest bar at which CT24
   dev precision reaches 0.95, stored in models/claims/config.json), at most `top_k` of them (a handful: 5) and at
   most `share` of the article's sentences (a third), so that a short report shows one or two, never every line.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_TOP_K = 5
DEFAULT_SHARE = 1 / 3
DEFAULT_MIN_SCORE = 0.5856  # used when the model's config.json does not say (it does: check_first.min_score)


@dataclass(frozen=True)
class CheckFirstRule:
    top_k: int = DEFAULT_TOP_K
    share: float = DEFAULT_SHARE
    min_score: float = DEFAULT_MIN_SCORE

    def __post_init__(self) -> None:
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 0:
            raise ValueError(f"check_first_top_k must be a whole number >= 0, got {self.top_k!r}")
        if not 0.0 <= float(self.share) <= 1.0:
            raise ValueError(f"check_first_share must be from 0 to 1, got {self.share!r}")
        if not 0.0 <= float(self.min_score) <= 1.0:
            raise ValueError(f"check_first_min_score must be from 0 to 1, got {self.min_score!r}")

    def limit(self, sentences: int) -> int:
        """How many claims may be checked first in an article of `sentences` sentences."""
        by_share = math.floor(self.share * sentences + 1e-9)
        return max(0, min(self.top_k, by_share if sentences >= 3 else min(1, sentences)))


def has_figure(claim: Mapping[str, Any]) -> bool:
    return bool(claim.get("quantities"))


def mark_check_first(claims: Sequence[dict[str, Any]], sentences: int, rule: CheckFirstRule) -> None:
    """Set `rank` and `check_first` on each claim dict (in place)."""
    order = sorted(
        range(len(claims)), key=lambda i: (not has_figure(claims[i]), -claims[i]["score"], claims[i]["start"])
    )
    limit = rule.limit(sentences)
    marked = 0
    for rank, i in enumerate(order, start=1):
        claim = claims[i]
        claim["rank"] = rank
        claim["check_first"] = marked < limit and claim["score"] >= rule.min_score
        marked += claim["check_first"]
