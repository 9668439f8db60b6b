"""Case-insensitive searches made fast and kept exact: a search with `re.I` for lower-case ASCII words is the same as
the search without `re.I` in the lower-cased text, which Python's `re` runs several times faster (a case-sensitive
alternation of words can skip ahead on their first letters; with `re.I` it tries every word at every position).

The two agree because `str.lower()` keeps the length of a text and the word characters where they are, and maps
ASCII letters only from ASCII letters, except for four characters that `re.I` also matches to an ASCII letter
(İ ı ſ K: found by trying every code point with both, `tests/unit/test_quantities_prefilter.py`); a text holding
one of them has no such lower-cased form (`lowered` gives None) and is searched with the pattern itself."""

from __future__ import annotations

import re

FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """`text.lower()`, or None when the text holds a character that `re.I` folds to an ASCII letter."""
    return None if FOLDS_TO_ASCII.search(text) else text.lower()


# the ASCII letter `re.I` matches each of them to: a text read with these in place of them matches the same
TO_ASCII = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


def to_ascii_letters(text: str) -> str:
    """`text` with İ ı ſ K as the ASCII letters `re.I` matches them to (one character each, so offsets hold):
    what a pattern with `re.I` matched in ``text`` then has the spelling the tables of words are keyed by
    ("ten yearſ" is "ten years")."""
    return text.translate(TO_ASCII)
