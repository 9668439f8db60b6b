"""A phrase never ends on "and" or starts with it: the span decoder's cuts completed or trimmed at conjunctions.

The decoder marks wordpieces, and its phrases sometimes stop on a coordinating conjunction ("left the country in
ruin and", "the saddest living conditions and") or start with one ("and remarks regarding..."): 13 of the 1,249
phrases the analysis shows on PTC dev end on one, 22 start with one. A reader sees a phrase cut off. A phrase that
ends on a conjunction is completed with the conjunct that follows (the parse's `conj` of the word the conjunction
belongs to), up to `MAX_CONJUNCT_TOKENS` more tokens and never past its sentence or into a range it must not hold
(a title of a work); when there is no such conjunct the conjunction is trimmed. A leading conjunction is trimmed.

>>> import spacy
>>> from spacy.tokens import Doc
>>> words = ["They", "left", "ruin", "and", "poverty", "."]
>>> doc = Doc(spacy.blank("en").vocab, words=words, pos=["PRON", "VERB", "NOUN", "CCONJ", "NOUN", "PUNCT"],
...           heads=[1, 1, 1, 2, 2, 1], deps=["nsubj", "ROOT", "dobj", "cc", "conj", "punct"])
>>> doc[slice(*complete_coordination(doc, 2, 4, (0, len(doc.text))))].text
'ruin and poverty'
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

MAX_CONJUNCT_TOKENS = 4  # "and poverty", "and reflexive", "and the Jewish religion"; longer ones are trimmed
CONJUNCTIONS = frozenset(["and", "or", "but", "nor"])


def _is_conjunction(doc: Doc, i: int) -> bool:
    return doc[i].pos_ == "CCONJ" or doc[i].lower_ in CONJUNCTIONS


def complete_coordination(
    doc: Doc, start: int, end: int, sentence: tuple[int, int], excluded: Sequence[tuple[int, int]] = ()
) -> tuple[int, int]:
    """Token range ``[start, end)`` without a leading conjunction, and with a trailing one completed by its
    conjunct (or trimmed). ``sentence``: the character range the phrase must stay in; ``excluded``: character
    ranges it must not reach into. The result may be empty (``start >= end``) for a phrase of conjunctions."""
    while start < end and _is_conjunction(doc, start):
        start += 1
    while start < end and _is_conjunction(doc, end - 1):
        cc = doc[end - 1]
        conjuncts = [t for t in cc.head.children if t.dep_ == "conj" and t.i >= end]
        if conjuncts:
            new_end = conjuncts[0].right_edge.i + 1
            last_char = doc[new_end - 1].idx + len(doc[new_end - 1])
            fits = new_end - end <= MAX_CONJUNCT_TOKENS and last_char <= sentence[1]
            if fits and not any(x < last_char and y > doc[end].idx for x, y in excluded):
                return start, new_end
        end -= 1
        while end > start and doc[end - 1].is_punct:  # "I reject, condemn and" -> "I reject, condemn"
            end -= 1
    return start, end
