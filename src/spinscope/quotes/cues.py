"""Attribution cues learned from PolNeAR train that the verb-clause rules do not propose: verbs with an
infinitive ("declined to comment", "seeks to prevent", "appeared to mock"), nouns with a complement ("his
attacks on Mr. Clinton", "her decision to open the borders", "support for a ban") and framing phrases that open a
clause ("In an NBC News poll, 50 percent chose Clinton", "To Sexton, Tuesday marked a turning point").

Each pattern instance has a key (`xcomp|decline`, `noun|attack|on`, `frame|in|poll`); `models/quotes/cues.json`
lists the keys that PolNeAR train annotates often enough as attributions, with their counts, written by
`spinscope.training.quotes.cues` (frequency and precision on train only). The broad candidate set of the learned
mode takes the listed instances; the filter then scores them like any other candidate (the key is a feature).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from .rules import (
    Candidate,
    Fragment,
    Sentences,
    _clean,
    _clip_to_paragraph,
    _extend_to_quotes,
    _quote_share,
    _subtree_bounds,
    _trim,
    speaker_span,
    subject_of,
)

CUES_FILE = Path(__file__).resolve().parents[1] / "models" / "quotes" / "cues.json"

NOUN_PREPS = frozenset({"on", "of", "for", "to", "against", "about", "over", "with"})
FRAME_PREPS = frozenset({"in", "to", "for"})


@lru_cache(maxsize=2)
def _lexicon(path: str | None = None) -> dict:
    file = Path(path) if path is not None else CUES_FILE
    if not file.is_file():
        return {}
    return dict(json.loads(file.read_text(encoding="utf-8")))


def learned_keys(path: str | None = None) -> frozenset[str]:
    """The pattern keys of the shipped cue lexicon (empty when no file ships: the rules alone then)."""
    return frozenset(_lexicon(path).get("keys", ()))


def sourceless_keys(path: str | None = None) -> frozenset[str]:
    """Keys whose PolNeAR train attributions mostly have no source: "the politician seemed to be shrinking"
    is the writer's judgement, not the politician's words."""
    return frozenset(_lexicon(path).get("sourceless", ()))


def drop_sourceless_speakers(candidates: list[Candidate]) -> None:
    """Take the speaker off candidates of sourceless keys (after the speaker has been checked as one that
    can speak, so that "the special relationship appears to be alive" is still dropped)."""
    keys = sourceless_keys()
    for cand in candidates:
        if cand.features.get("cue_key") in keys:
            cand.speaker = None


def _chars(doc: Doc, start: int, end: int) -> Fragment:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _possessor(noun: Token) -> tuple[int, int] | None:
    """The speaker of a noun cue: its possessor ("Trump's attacks", "his decision"), a name compounded with it
    ("Cruz supporters") or the agent of "by" ("criticism by the senator")."""
    for child in noun.children:
        if child.dep_ == "poss":
            if child.pos_ == "PRON":  # "Trump is doubling down on his support for": PolNeAR marks Trump
                governing = _governing_subject(noun)
                if governing is not None:
                    return governing
            start, end = speaker_span(child)
            doc = noun.doc
            while end > start + 1 and doc[end - 1].tag_ == "POS":
                end -= 1
            return start, end
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < noun.i:
            return child.left_edge.i, child.i + 1
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return speaker_span(pobj)
    return _governing_subject(noun)


def _governing_subject(noun: Token) -> tuple[int, int] | None:
    """The subject of the verb a noun cue is the object of, directly or through a preposition ("Trump has
    taken a firm stance ... with an assertion that", "A slice of Hollywood is tweeting support for")."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
        # through nouns the parser hangs the phrase from ("did not respond to a request for comment on":
        # session 11, PolNeAR marks the subject of "respond")
        for _ in range(2):
            if verb.pos_ != "NOUN" or verb.dep_ != "pobj" or verb.head.dep_ != "prep":
                break
            verb = verb.head.head
    elif noun.dep_ not in ("dobj", "attr"):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subj, _ = subject_of(verb)
    return speaker_span(subj) if subj is not None else None


def _tokens(doc: Doc, keys: frozenset[str] | None) -> Iterable[Token]:
    if keys is None:
        return doc
    strings = doc.vocab.strings
    wanted = {strings.add(k.split("|")[1]) for k in keys if not k.startswith("frame|")}
    wanted |= {strings.add(p) for p in FRAME_PREPS}
    lemma_lower = doc.to_array([LEMMA, LOWER])
    hits = numpy.flatnonzero(
        numpy.isin(lemma_lower[:, 0], list(wanted)) | numpy.isin(lemma_lower[:, 1], list(wanted))
    )
    return (doc[int(i)] for i in hits)


def pattern_instances(
    doc: Doc,
    segments: list[Fragment],
    sentences: Sentences,
    text: str,
    keys: frozenset[str] | None = None,
) -> Iterator[tuple[str, Candidate]]:
    """The instances of the three patterns in a Doc with their keys: all of them (`keys=None`, for learning
    the lexicon) or those whose key is listed (only the tokens whose lemma or word some key names are looked
    at: this runs on every Doc, and a spaCy `Token` is costly to make)."""
    for token in _tokens(doc, keys):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            if keys is not None and f"xcomp|{token.lemma_.lower()}" not in keys:
                continue
            inf = next((c for c in token.children if c.dep_ == "xcomp" and c.i > token.i), None)
            if inf is None or any(c.dep_ == "dobj" and c.i < inf.i for c in token.children):
                continue  # object control ("urged Congress to act") is a verb candidate already
            start, end = _subtree_bounds(inf)
            subj, path = subject_of(token)
            speaker = speaker_span(subj) if subj is not None else None
            yield (
                f"xcomp|{token.lemma_.lower()}",
                _candidate(doc, segments, text, token, [_chars(doc, start, end)], speaker, "xcomp", path),
            )
        elif token.pos_ == "NOUN":
            for child in token.children:
                if child.i < token.i:
                    continue
                if child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
                    pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                    if pobj is None:
                        continue
                    key = f"noun|{token.lemma_.lower()}|{child.lower_}"
                    start, end = _subtree_bounds(pobj)
                elif child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
                    marker = next(
                        (c.lower_ for c in child.children if c.dep_ in ("aux", "mark") and c.i < child.i),
                        "",
                    )
                    if marker not in ("to", "that"):
                        continue
                    key = f"noun|{token.lemma_.lower()}|{marker}"
                    start, end = _subtree_bounds(child)
                else:
                    continue
                if keys is not None and key not in keys:
                    continue
                yield (
                    key,
                    _candidate(
                        doc,
                        segments,
                        text,
                        token,
                        [_chars(doc, start, end)],
                        _possessor(token),
                        "noun",
                        "poss",
                    ),
                )
        elif token.pos_ == "ADP" and token.lower_ in FRAME_PREPS and token.i < len(doc) - 1:
            frame = _frame(doc, token, sentences)
            if frame is not None and (keys is None or frame[0] in keys):
                yield frame[0], _candidate(doc, segments, text, token, frame[1], frame[2], "frame", "pobj")


def _frame(
    doc: Doc, prep: Token, sentences: Sentences
) -> tuple[str, list[Fragment], tuple[int, int] | None] | None:
    """A phrase opening its sentence before a comma ("In a new poll, ...", "To Sexton, ..."): the rest of the
    sentence is the content; the object of the preposition (or its possessor, "in Trump's view") the speaker."""
    sent = sentences.of_token(prep.i)
    if prep.i != sent.start and not (prep.i == sent.start + 1 and doc[sent.start].is_punct):
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_end = max(t.i for t in pobj.subtree) + 1
    if phrase_end >= sent.end or doc[phrase_end].text != ",":
        return None
    rest = _trim(doc, phrase_end + 1, sent.end)
    if rest is None:
        return None
    speaker = _possessor(pobj) if pobj.pos_ == "NOUN" else None
    if speaker is None:
        speaker = speaker_span(pobj)
    key = f"frame|{prep.lower_}|{pobj.lemma_.lower() if pobj.pos_ == 'NOUN' else pobj.pos_}"
    return key, [rest], speaker


def _candidate(
    doc: Doc,
    segments: list[Fragment],
    text: str,
    cue: Token,
    content: list[Fragment],
    speaker: tuple[int, int] | None,
    kind: str,
    path: str,
) -> Candidate:
    pieces = [_extend_to_quotes(f, segments, cue.idx) for f in content]
    pieces = _clean(text, _clip_to_paragraph(text, pieces, cue.idx, segments))
    cand = Candidate(
        content=pieces,
        cue=[(cue.idx, cue.idx + len(cue.text))],
        speaker=speaker,
        origin=kind,
        cue_token=cue.i,
        direct_share=_quote_share(pieces, segments),
    )
    cand.features.update({"parenthetical": 0.0, "subject_path": path, "clause_dep": kind})
    return cand


def learned_candidates(
    doc: Doc,
    segments: list[Fragment],
    sentences: Sentences,
    text: str,
    keys: frozenset[str] | None = None,
) -> list[Candidate]:
    """The instances whose key the learned cue lexicon lists (the key is kept as a filter feature)."""
    keys = learned_keys() if keys is None else keys
    out = []
    for key, cand in pattern_instances(doc, segments, sentences, text, keys):
        if cand.content:
            cand.features["cue_key"] = key
            out.append(cand)
    return out
