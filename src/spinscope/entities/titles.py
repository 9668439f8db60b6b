"""Titles of works (films, books, shows, songs) in an article: names that are neither actors nor persuasion.

A wire report on an awards night names "Parasite", "Bombshell" and "Fleabag"; spaCy's small NER types some of them
as people, and a technique model trained on propaganda reads a quoted capitalised word as a label or a loaded
word. Both layers need to know what the article itself shows to be a title:

* `quoted_title(text, start, end)`: the characters lie inside a short quotation (at most 8 words) whose words are
  capitalised ("“The Irishman”") — people and countries are not written in quotation marks. The tone layer
  drops such mentions from the actors (`tone.filters`).
* `work_titles(doc)`: the quoted titles the article shows to be *works*: a work word next to the quotation
  ("the film “Parasite”", "“Fleabag” star"), "in"/"for" a quotation in a sentence about a role ("as a troubled
  comedian in “Joker”"), or a list of them ("beat “Bombshell,” “The Irishman,” “Jojo Rabbit” and ..."), then
  every other mention of the same title (the headline's "Parasite"), except inside a longer capitalised name
  ("Judy" in "Judy Garland"). Slogans and labels in quotation marks ("“Crooked Hillary”", "the “America
  First” policy") are not works: laws, policies and awards are not work words here.
* `work_descriptions(text, sentences, titles)`: what the report says of a work's fiction, the role after "role as" or "plays
  a" in a sentence naming a work ("a ruthless divorce lawyer"), the plot after "the film about".

The techniques component cuts both out of its phrases (`techniques.sentences.cut_out`): "ruthless" said of a
film's character is not the outlet's loaded language. On PTC (propaganda and news sites) this finds 9 titles in
the 371 train articles, 3 mentions of one title in the 75 dev articles and no description of fiction, and none
of them overlaps a gold technique span (`python -m spinscope.evaluation.ptc.titles`).

>>> import spacy
>>> nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
<...>
>>> text = 'The film "Parasite" beat "Joker," "Judy" and "Bombshell." Parasite won. "Crooked Hillary," he said.'
>>> [text[a:b] for a, b in work_titles(nlp(text))]
['"Parasite"', '"Joker,"', '"Judy"', '"Bombshell."', 'Parasite']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

# Nouns naming works: the name before or after them is a title ("the film “Parasite”"); the tone layer's too.
WORKS = frozenset({
    "film", "films", "movie", "movies", "book", "books", "novel", "novels", "song", "songs", "album", "albums",
    "series", "show", "shows", "episode", "play", "musical", "documentary", "opera", "painting", "poem",
    "sequel", "trailer", "franchise", "soundtrack",
})  # fmt: skip
# Kinds of works and the people named by the work they make or appear in ("“Fleabag” star Phoebe Waller-Bridge"):
# next to a quotation only (a person is often named next to "director" or "comedy", a title is not quoted).
WORK_WORDS = WORKS | {
    "episodes", "sitcom", "memoir", "biopic", "miniseries", "drama", "comedy", "thriller", "screenplay", "podcast",
    "adaptation", "remake", "star", "stars", "director", "creator", "cast", "actor", "actress", "author",
}  # fmt: skip
# A quotation after "in" / "for" is a work when its sentence is about a role ("as a stuntman in “Once Upon...”").
_ROLE = re.compile(
    r"\b(?:role|roles|plays|played|playing|starring|starred|stars|portrays|portrayed|performance|directed|"
    r"direction|screenplay|cast)\b",
    re.IGNORECASE,
)
_SMALL = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "from", "by", "upon"}
)
MAX_TITLE_WORDS = 8
_OPEN = "\"“‘«'"
_CLOSE = "\"”’»'"
_QUOTED = re.compile(r"[\"“”‘’«»]")
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
# a quotation in paired marks, its closing mark not an apostrophe inside a word ("Trump’s"); a comma or full stop
# may sit inside the closing mark, as in American style ("“Bombshell,”")
_QUOTATION = re.compile(
    r'(?:"(?P<a>[^"“”«»\n]{1,90}?)[,.!?]?"|“(?P<b>[^"“”«»\n]{1,90}?)[,.!?]?”'
    r"|‘(?P<c>[^\"“”‘’«»\n]{1,90}?)[,.!?]?’|«(?P<d>[^\"“”«»\n]{1,90}?)[,.!?]?»)(?!\w)"
)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|, and|, or)?\s*")


def capitalised_title(inner: str) -> bool:
    """Every word capitalised (small words aside), the first one too, at most 8 words, not a shouted phrase."""
    words = _WORDS.findall(inner)
    if not words or len(words) > MAX_TITLE_WORDS or (len(words) > 1 and inner.isupper()):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _SMALL for w in words)


def quoted_title(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` lies inside a short quotation whose words are capitalised, on its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opening = max(text.rfind(q, line_start, start) for q in _OPEN)
    if opening < 0:
        return False
    closing = [p for p in (text.find(q, end, line_end) for q in _CLOSE) if p >= 0]
    if not closing:
        return False
    inner = text[opening + 1 : min(closing)]
    return not _QUOTED.search(inner) and capitalised_title(inner)


def _word_before(text: str, pos: int) -> str:
    found = re.search(r"([A-Za-z]+)[^\w\n]*$", text[max(0, pos - 40) : pos])
    return found.group(1).lower() if found else ""


def _word_after(text: str, pos: int) -> str:
    found = re.match(r"[^\w\n]*([A-Za-z]+)", text[pos : pos + 40])
    return found.group(1).lower() if found else ""


def _opens_sentence(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?:]\s+|\n\s*)$", text[max(0, pos - 5) : pos]) is not None


def _sentence_text(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.sent.text if span is not None and doc.has_annotation("SENT_START") else ""


def work_titles(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of the titles of works in ``doc`` (quotation marks included where there are some),
    sorted. ``text``: ``doc.text`` when the caller has it."""
    text = doc.text if text is None else text
    quotations = []  # (start, end) with the marks, (start, end) of the title inside them
    for found in _QUOTATION.finditer(text):
        group = next(g for g in "abcd" if found.group(g) is not None)
        if capitalised_title(found.group(group)):
            quotations.append((found.start(), found.end(), found.start(group), found.end(group)))
    works: set[int] = set()
    for k, (a, b, s, e) in enumerate(quotations):
        before, after = _word_before(text, a), _word_after(text, b)
        in_a_role = before in ("in", "for") and _ROLE.search(_sentence_text(doc, s, e)) is not None
        if before in WORK_WORDS or after in WORK_WORDS or in_a_role:
            works.add(k)
    runs: list[list[int]] = []
    for k in range(len(quotations)):
        if runs and _LIST_GAP.fullmatch(text[quotations[k - 1][1] : quotations[k][0]]):
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:  # a list of three or more quoted titles, or a list holding a work, lists works
        if len(run) >= 3 or works.intersection(run):
            works.update(run)
    found_ranges = {(quotations[k][0], quotations[k][1]) for k in works}
    for name in {text[quotations[k][2] : quotations[k][3]] for k in works}:
        # a one-word title that is also a word of the text ("Today", the show, and "Today, ..." or "today")
        # follows only its quoted mentions
        word = " " not in name
        if word and re.search(rf"\b{re.escape(name.lower())}\b", text):
            continue
        for mention in re.finditer(re.escape(name), text):
            a, b = mention.start(), mention.end()
            if word and _opens_sentence(text, a):
                continue
            if a and (text[a - 1].isalnum() or re.search(r"[A-Z][\w’'-]* $", text[max(0, a - 30) : a])):
                continue  # inside a word or after a capitalised word ("Renee Judy")
            if b < len(text) and (text[b].isalnum() or re.match(r" [A-Z]", text[b : b + 2])):
                continue  # inside a word or a longer name ("Judy Garland")
            found_ranges.add((a, b))
    ranges = sorted(found_ranges, key=lambda r: (r[0], -r[1]))
    outer: list[tuple[int, int]] = []
    for a, b in ranges:  # the quotation, not also the title inside its marks
        if not outer or b > outer[-1][1]:
            outer.append((a, b))
    return outer


# What a report says of a work's fiction: "his role as [a troubled comedian] in “Joker”", "he plays [a stuntman]",
# "the film about [a poor family that schemes its way into a wealthy household]".
_ROLE_TRIGGER = re.compile(
    r"\b(?:roles? as|(?:plays|played|playing|portrays|portrayed|portraying)(?= (?:a|an|the) ))\s+",
    re.IGNORECASE,
)
# works of fiction only: a book or a documentary "about" someone describes the world, not a plot
FICTION = ("film", "films", "movie", "movies", "novel", "novels", "series", "show", "shows", "episode", "play",
           "musical", "opera", "sitcom", "drama", "comedy", "thriller", "miniseries")  # fmt: skip
_ABOUT_TRIGGER = re.compile(rf"\b(?:{'|'.join(FICTION)}) about\s+", re.IGNORECASE)
_DESCRIPTION_END = re.compile(r"[,;:.!?()\n\"“”]")
MAX_DESCRIPTION_WORDS = 15


def work_descriptions(
    text: str, sentences: Sequence[tuple[int, int]], titles: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Character ranges of what the article says of the fiction of a work: the role after "role as" or "plays
    a" in a sentence that names a work (``titles``, from `work_titles`), and the plot after "<film, novel,
    show...> about". Each runs to the next title, punctuation mark or sentence end (at most 15 words). A
    politician who "plays the victim" in a sentence without a work is not described here. ``sentences``:
    ``(start, end)`` characters of the Doc's sentences.

    >>> text = 'He won for his role as a troubled comedian in "Joker." She plays the victim.'
    >>> joker = (text.index('"Joker'), text.index('." She'))
    >>> [text[a:b] for a, b in work_descriptions(text, [(0, 54), (55, 76)], [joker])]
    ['a troubled comedian in ']
    """
    out: list[tuple[int, int]] = []
    for a, b in sentences:
        names_a_work = any(x < b and a < y for x, y in titles)
        triggers = list(_ABOUT_TRIGGER.finditer(text, a, b))
        if names_a_work:
            triggers += list(_ROLE_TRIGGER.finditer(text, a, b))
        for trigger in triggers:
            start = trigger.end()
            end = b
            stop = _DESCRIPTION_END.search(text, start, b)
            if stop:
                end = stop.start()
            end = min([end, *(x for x, _ in titles if start <= x < end)])
            words = list(re.finditer(r"\S+", text[start:end]))
            if len(words) > MAX_DESCRIPTION_WORDS:
                end = start + words[MAX_DESCRIPTION_WORDS - 1].end()
            if end > start:
                out.append((start, end))
    return sorted(out)
