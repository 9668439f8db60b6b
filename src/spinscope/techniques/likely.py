"""Which technique phrases a reader sees by default: the likely ones.

The decoding that maximises the SemEval SI score (token probability 0.35) finds many phrases of which under half
are technique phrases to an annotator (PTC dev: 47 % of the phrases the analysis shows overlap a gold span). The
default view therefore shows a phrase when its calibrated *phrase score* — the probability that it uses a
technique at all, an isotonic map of its mean token probability fitted on PTC dev — is at least `LIKELY_MIN`:
more likely than not. The bar is not tuned: 0.5 is what "likely" means, and the dev precision above it is
reported in the README and the techniques card (`python -m spinscope.evaluation.ptc.likely`). The other phrases
stay in the analysis (``likely`` False) and the report shows them under "more phrases". The benchmark command
(`spinscope ptc predict`) keeps the SI-optimal decoding: display and benchmark differ, and both are honest.

>>> is_likely(0.62), is_likely(0.31), is_likely(None)
(True, False, None)
"""

from __future__ import annotations

LIKELY_MIN = 0.5


def is_likely(phrase_score: float | None, bar: float = LIKELY_MIN) -> bool | None:
    """Whether a phrase is shown by default (None when its phrase score is unknown)."""
    if phrase_score is None:
        return None
    return phrase_score >= bar
