"""The grammatical gender a reader gives a mention, for "he"/"she" to find their antecedent.

From, in order: a gendered title or noun in the mention or just before it ("Prince Harry", "the duchess",
"Mrs. Clinton", "a spokeswoman"), then the first name, looked up in the name list of `gender-guesser` (Jörg
Michael's `nam_dict`, about 40,000 first names of many countries; "mostly_male" counts as male). A name it
does not know, or one given to both, stays unknown, and an unknown gender agrees with both pronouns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from .lexicon import FEMALE_WORDS, MALE_WORDS, TITLE_WORDS

Gender = Literal["male", "female", "unknown"]


@lru_cache(maxsize=1)
def _detector() -> Any:
    import gender_guesser.detector as gender_detector  # loads its name list (~0.5 s), once and only when needed

    return gender_detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def first_name_gender(name: str) -> Gender:
    """Gender of a first name ("Meghan" -> female); unknown for names the list lacks or gives to both."""
    if len(name) < 2 or not name[0].isalpha():
        return "unknown"
    found = _detector().get_gender(name)
    if found in ("male", "mostly_male"):
        return "male"
    if found in ("female", "mostly_female"):
        return "female"
    return "unknown"


def word_gender(word: str) -> Gender:
    low = word.lower()
    if low in MALE_WORDS:
        return "male"
    if low in FEMALE_WORDS:
        return "female"
    return "unknown"


def name_gender(words: list[str]) -> Gender:
    """Gender of a mention given as words (title words first): "Prince Harry", "Meghan Markle", "the
    duchess", "Sen. Tim Kaine". The first gendered title or noun wins, else the first name after the titles."""
    for word in words:
        found = word_gender(word)
        if found != "unknown":
            return found
    names = [w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in TITLE_WORDS]
    names = [w for w in names if w.lower() not in TITLE_WORDS and w.lower() not in ("the", "a", "an")]
    if len(names) >= 2 or (len(names) == 1 and len(words) == 1):
        return first_name_gender(names[0].strip(".,"))
    return "unknown"


def agrees(pronoun: Gender, candidate: Gender) -> bool:
    return pronoun == "unknown" or candidate == "unknown" or pronoun == candidate
