"""News-framing words missing from VADER's lexicon, with valences on VADER's -4..+4 scale.

VADER was built on social-media text: it scores "failure" and "defeat" but not "occupation", "regime" or
"colonialism", the words that carry the framing of political news. This short hand-made list (spinscope
authors, Apache-2.0) fills that gap; it is used for descriptors and clause tone of actors only, so the GDELT-style
document tone stays comparable with VADER-based figures elsewhere.
"""

from __future__ import annotations

FRAMING: dict[str, float] = {
    # occupation, war and domination
    "occupation": -2.0,
    "occupations": -2.0,
    "occupier": -2.5,
    "occupiers": -2.5,
    "occupying": -1.5,
    "occupied": -1.0,
    "invasion": -2.5,
    "invader": -2.5,
    "invaders": -2.5,
    "invaded": -2.0,
    "colonialism": -2.5,
    "colonial": -1.5,
    "colonizer": -2.5,
    "colonizers": -2.5,
    "imperialism": -2.5,
    "imperialist": -2.5,
    "hegemony": -1.5,
    "aggressor": -2.5,
    "aggressors": -2.5,
    "regime": -1.0,
    "puppet": -2.0,
    "junta": -2.0,
    "crackdown": -2.0,
    "atrocities": -3.0,
    "atrocity": -3.0,
    "looted": -2.5,
    "plundered": -2.5,
    "extremist": -2.5,
    "extremists": -2.5,
    "militants": -1.5,
    "humiliation": -2.5,
    "humiliating": -2.5,
    "defeated": -2.0,
    "ousted": -1.5,
    "sanctions": -1.0,
    # law and scandal
    "convicted": -2.0,
    "indicted": -2.0,
    "sentenced": -1.5,
    "corruption": -2.5,
    "bribery": -2.5,
    "embezzlement": -2.5,
    "lawsuit": -1.0,
    "sued": -1.0,
    "allegations": -1.0,
    "misconduct": -2.0,
    # praise
    "victorious": 2.0,
    "liberation": 2.0,
    "liberated": 2.0,
    "heroic": 2.5,
    "landmark": 1.0,
    "acclaimed": 2.0,
}
