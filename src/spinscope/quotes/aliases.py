"""When two names are one person or organisation: the merge rule of the quotes layer's voices.

Two names are aliases when, after dropping titles ("Prince", "Sen.", "Mrs."), a leading article and a
possessive ("Skaik's"), they are equal, or one is a single word equal to the other's last word (a surname-only
mention: "Skaik" -> "Sobhi Skaik", "Kolomoisky" -> "Igor Kolomoisky"), or one is the other's first name, when
it is a known first name or comes with a title ("Meghan" -> "Meghan Markle", "Prince Harry" -> "Harry
Windsor"), or one is the initials of the other ("FBI"). Within one article this is what
a reader does; a surname or first name shared by two people of the article (two Clintons) is ambiguous and is
not merged (`ambiguous_surname`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .gender import first_name_gender
from .lexicon import FEMALE_WORDS, MALE_WORDS, TITLE_WORDS

_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_HONORIFICS = TITLE_WORDS | MALE_WORDS | FEMALE_WORDS


def name_words(name: str) -> list[str]:
    """The words of a name without titles, a leading article or a possessive: "Prince Harry's" -> ["Harry"]."""
    return list(_name_words(name))


@lru_cache(maxsize=8192)
def _name_words(name: str) -> tuple[str, ...]:
    words = [_POSSESSIVE.sub("", w).strip(".,;:") for w in name.split()]
    words = [w for w in words if w]
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    kept = [w for w in words if w.lower() not in _HONORIFICS and w.lower() + "." not in _HONORIFICS]
    return tuple(kept or words)


@lru_cache(maxsize=65536)
def same_name(a: str, b: str) -> bool:
    """Whether `a` and `b` name the same actor within one article (see the module docstring); cached: a pure
    function of the two strings, asked for every earlier mention each time a name is resolved."""
    x, y = name_words(a), name_words(b)
    if not x or not y:
        return False
    lx, ly = [w.lower() for w in x], [w.lower() for w in y]
    if lx == ly:
        return True
    (short, short_name), (full, full_name) = sorted(((lx, a), (ly, b)), key=lambda pair: len(pair[0]))
    if len(short) != 1 or len(full) < 2:
        return False
    word = short[0]
    if word == full[-1]:
        return True  # a surname: "Skaik" / "Sobhi Skaik"
    titled = len(short_name.split()) > 1  # "Prince Harry", "Mrs. Meghan": a title and a first name
    if word == full[0] and (titled or first_name_gender(word) != "unknown"):
        return True  # a first name: "Meghan" / "Meghan Markle", "Prince Harry" / "Harry Windsor"
    bare = name_words(short_name)[0]
    initials = "".join(w[0] for w in name_words(full_name) if w[0].isupper())
    return bare.isupper() and len(bare) >= 2 and initials == bare  # initials: "FBI"
    return False


def ambiguous_surname(name: str, others: Iterable[str]) -> bool:
    """A one-word mention that fits several full names of the article ("Clinton": Bill and Hillary; "Harry":
    Harry Reid and Prince Harry Windsor)."""
    words = name_words(name)
    if len(words) != 1:
        return False
    word = words[0].lower()
    fulls = {" ".join(name_words(o)).lower() for o in others if len(name_words(o)) > 1}
    return sum(1 for f in fulls if word in (f.split()[-1], f.split()[0])) > 1
