"""Who is speaking: resolving speaker mentions to voices, with a type and an affiliation.

For each attribution (in text order) the speaker mention is resolved to a *voice*:

- a named mention (an entity of the entities layer inside the speaker span) -> that entity's canonical name,
  `named_person` (PERSON), `named_organization` (ORG, GPE: governments and institutions speak through their
  name), `group` (NORP: "Democrats", "Afghans") or `outlet` (news organisations, see `OUTLET_WORDS`);
- a pronoun ("he", "she", "they", "it") -> the most recent earlier voice of a compatible type; "I"/"we" inside
  someone's quotation -> that quotation's speaker;
- a definite description ("the spokesman", "the official") -> the earlier voice whose mention contains that
  noun ("Zabihullah Mujahid, the spokesman of ..."), else a new voice;
- other descriptions -> `document` ("a report", "the poll"), `outlet` ("Iran Press correspondent"), `group`
  (plural nouns: "Afghan citizens"), `anonymous` ("a member of the Taliban", "sources", "an official who
  asked not to be named"); no speaker at all ("it was said") -> `unknown`.

The affiliation is the organisation, group or country named inside the speaker's noun phrase (its appositions
and "of/for/at/from" phrases): "the spokesman of the Taliban government" -> Taliban. Group voices with the same
affiliation stem merge ("Afghan citizens", "the people of Afghanistan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .rules import Candidate

ENTITY_KEY = "spinscope.entities"

DOCUMENT_WORDS = frozenset(
    [
        "report",
        "study",
        "poll",
        "survey",
        "statement",
        "document",
        "letter",
        "memo",
        "data",
        "analysis",
        "filing",
        "website",
        "tweet",
        "email",
        "book",
        "article",
        "paper",
        "release",
        "transcript",
        "record",
        "records",
        "complaint",
        "lawsuit",
        "suit",
        "indictment",
        "ruling",
        "order",
        "affidavit",
        "testimony",
        "research",
        "findings",
        "estimate",
        "estimates",
        "figures",
        "numbers",
        "census",
        "audit",
        "review",
        "investigation",
        "inquiry",
        "assessment",
        "forecast",
        "projection",
        "polls",
        "surveys",
        "studies",
        "reports",
        "documents",
        "emails",
        "statements",
        "video",
        "footage",
        "ad",
        "advertisement",
        "post",
        "message",
        "note",
    ]
)
OUTLET_WORDS = frozenset(
    [
        "correspondent",
        "reporter",
        "newspaper",
        "paper",
        "journalist",
        "outlet",
        "network",
        "broadcaster",
        "agency",
        "channel",
        "magazine",
        "editorial",
        "columnist",
        "anchor",
        "editor",
        "station",
        "daily",
        "tabloid",
    ]
)
OUTLET_NAME_WORDS = frozenset(
    [
        "Post",
        "Times",
        "News",
        "Press",
        "Journal",
        "Tribune",
        "Herald",
        "Guardian",
        "Telegraph",
        "Reuters",
        "AP",
        "AFP",
        "CNN",
        "BBC",
        "MSNBC",
        "NBC",
        "CBS",
        "ABC",
        "Fox",
        "Politico",
        "Breitbart",
        "Bloomberg",
        "Axios",
        "Gazette",
        "Globe",
        "Chronicle",
        "Observer",
        "Mirror",
        "Sun",
        "Daily",
        "Magazine",
        "Weekly",
        "Agency",
        "Radio",
        "TV",
        "Television",
        "Network",
        "Monitor",
        "Examiner",
        "Inquirer",
        "Courier",
        "Register",
    ]
)
ANONYMOUS_WORDS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "member",
        "members",
        "aide",
        "aides",
        "insider",
        "insiders",
        "person",
        "people",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "staffer",
        "staffers",
        "diplomat",
        "diplomats",
        "employee",
        "employees",
        "officer",
        "officers",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "observer",
        "observers",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "someone",
        "somebody",
        "individual",
        "individuals",
        "man",
        "woman",
    ]
)
GROUP_NORMAL = frozenset({"people", "residents", "citizens", "voters", "members", "supporters", "protesters"})
MALE = frozenset({"he", "him", "his"})
FEMALE = frozenset({"she", "her"})
PLURAL = frozenset({"they", "them"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
PERSONAL_TYPES = ("named_person", "anonymous")


@dataclass
class Voice:
    id: str
    name: str
    speaker_type: str
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    head_words: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.speaker_type}:{self.name.lower()}"


@dataclass
class Resolution:
    voice: Voice | None
    method: str  # "name", "pronoun", "description", "new", "none"


def _entities_in(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in doc.spans.get(ENTITY_KEY, []) if s.start >= start and s.end <= end]


def _np_tokens(head: Token) -> tuple[int, int]:
    """The full noun phrase of a speaker, with appositions and prepositional phrases (for the affiliation)."""
    indices = [t.i for t in head.subtree]
    return min(indices), max(indices) + 1


def _stem(name: str) -> str:
    return name.lower().replace("the ", "").strip()


def same_affiliation(a: str | None, b: str | None) -> bool:
    """Affiliations match when equal or one is a prefix stem of the other ("Afghan" / "Afghanistan")."""
    if not a or not b:
        return False
    x, y = sorted((_stem(a), _stem(b)), key=len)
    return x == y or (len(x) >= 4 and y.startswith(x))


def _affiliation(doc: Doc, head: Token, own: Span | None) -> str | None:
    start, end = _np_tokens(head)
    found = [
        s
        for s in _entities_in(doc, start, end)
        if s.label_ in ("ORG", "NORP", "GPE") and (own is None or s.start != own.start)
    ]
    if not found:
        return None
    order = {"ORG": 0, "NORP": 1, "GPE": 2}
    best = min(found, key=lambda s: (order[s.label_], s.start))
    return str(best._.spinscope_canonical or best.text)


def _description(doc: Doc, start: int, end: int) -> str:
    """A readable name for an unnamed voice: the mention without a leading "these/those", max 10 words."""
    text = " ".join(doc[start:end].text.split())
    if re.match(r"^(?:these|those|this|that)\s+", text, flags=re.I):
        text = text.split(None, 1)[1]
        start += 1
    if text and text[0].isupper() and doc[start].pos_ in ("DET", "PRON"):
        text = text[0].lower() + text[1:]
    words = text.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _is_outlet_name(name: str, label: str) -> bool:
    return label == "ORG" and any(word in OUTLET_NAME_WORDS for word in name.split())


PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "crat", "ite", "ive")


def plausible_speaker(doc: Doc, cand: Candidate) -> bool:
    """Whether the speaker mention can speak: a name, a pronoun, a person noun ("a senator", "residents"),
    a group, an outlet or a document; not "the blocking of 9 billion dollars" (a cause, not a voice)."""
    if cand.speaker is None:
        return True
    head = doc[cand.speaker[0] : cand.speaker[1]].root
    low, lemma = head.lower_, head.lemma_.lower()
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    words = DOCUMENT_WORDS | OUTLET_WORDS | ANONYMOUS_WORDS | GROUP_NORMAL
    if low in words or lemma in words:
        return True
    return head.pos_ == "NOUN" and lemma.endswith(PERSON_SUFFIXES) and not lemma.endswith("ment")


def _surname_of(short: str, full: str) -> bool:
    """ "Lopez" names the same person as an earlier "Maria Lopez" (when the entities layer kept them apart)."""
    return " " not in short and len(full.split()) > 1 and full.split()[-1].lower() == short.lower()


def _full_name(doc: Doc, name: str, before: int) -> str:
    """A lone surname ("Lopez") as the full name mentioned earlier ("Maria Lopez"), when there is one."""
    if " " in name:
        return name
    for span in doc.spans.get(ENTITY_KEY, []):
        full = str(span._.spinscope_canonical or span.text)
        if span.start < before and _surname_of(name, full):
            return full
    for ent in doc.ents:  # the parser's own entities, in case the entities layer labelled it differently
        if ent.start < before and _surname_of(name, ent.text):
            return " ".join(ent.text.split())
    return name


class SpeakerResolver:
    """Resolves the speakers of one document's attributions, in text order, to a growing list of voices."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.voices: list[Voice] = []
        self.history: list[tuple[int, Voice]] = []  # (token index of the mention, voice), in text order

    def _add(self, name: str, speaker_type: str, affiliation: str | None, span: tuple[int, int]) -> Voice:
        for voice in self.voices:
            if voice.speaker_type == speaker_type and (
                voice.name.lower() == name.lower()
                or (speaker_type == "group" and same_affiliation(voice.affiliation, affiliation))
                or (speaker_type == "named_person" and _surname_of(name, voice.name))
            ):
                voice.mentions.append(span)
                if affiliation and not voice.affiliation:
                    voice.affiliation = affiliation
                return voice
        voice = Voice(f"V{len(self.voices) + 1}", name, speaker_type, affiliation, [span])
        self.voices.append(voice)
        return voice

    def _recent(self, before: int, types: tuple[str, ...]) -> Voice | None:
        for index, voice in reversed(self.history):
            if index < before and voice.speaker_type in types:
                return voice
        return None

    def resolve(self, cand: Candidate, quoted_by: Voice | None = None) -> Resolution:
        doc = self.doc
        if cand.speaker is None:
            return Resolution(None, "none")
        start, end = cand.speaker
        span = doc[start:end]
        head = span.root
        low = head.lower_
        voice: Voice | None = None
        method = "new"
        if head.pos_ == "PRON" or (head.tag_ == "PRP" and low in MALE | FEMALE | PLURAL | FIRST_PERSON):
            if low in FIRST_PERSON and quoted_by is not None:
                voice, method = quoted_by, "pronoun"
            elif low in PLURAL:
                voice = self._recent(start, ("group", "named_organization", "anonymous", "outlet"))
                method = "pronoun"
            elif low == "it":
                voice = self._recent(start, ("named_organization", "document", "outlet"))
                method = "pronoun"
            elif low in MALE | FEMALE:
                voice = self._recent(start, PERSONAL_TYPES)
                last_person = [
                    s for s in doc.spans.get(ENTITY_KEY, []) if s.label_ == "PERSON" and s.end <= start
                ]
                if last_person and (voice is None or last_person[-1].start > self._last_index(voice)):
                    ent = last_person[-1]
                    voice = self._add(
                        str(ent._.spinscope_canonical), "named_person", None, (ent.start, ent.end)
                    )
                method = "pronoun"
            if voice is None:
                voice = self._add(span.text.lower(), "unknown", None, (start, end))
                method = "unresolved"
        else:
            appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            if head.pos_ == "NOUN" and appos is not None:  # "the senator, John Carter, said"
                head = appos
            ents = _entities_in(doc, start, end)
            own = next((e for e in ents if e.start <= head.i < e.end), None)
            if own is None and ents and head.pos_ == "PROPN":
                own = ents[0]
            full = _full_name(doc, head.text, start) if own is None and head.pos_ == "PROPN" else head.text
            if (
                full != head.text
            ):  # a surname the NER missed, after the full name: "Maria Lopez ... Lopez said"
                voice = self._add(full, "named_person", _affiliation(doc, head, None), (start, end))
                method = "name"
            elif own is not None and own.label_ in ("PERSON", "ORG", "GPE", "NORP") and head.pos_ == "PROPN":
                name = str(own._.spinscope_canonical or own.text)
                label = own.label_
                if label == "PERSON":
                    stype = "named_person"
                    name = _full_name(doc, name, start)
                elif label == "NORP":
                    stype = "group"
                elif _is_outlet_name(name, label):
                    stype = "outlet"
                else:
                    stype = "named_organization"
                affiliation = _affiliation(doc, head, own) if stype != "group" else name
                voice = self._add(name, stype, affiliation, (start, end))
                method = "name"
            else:
                lemma = head.lemma_.lower()
                affiliation = _affiliation(doc, head, None)
                definite = any(t.lower_ in ("the", "this", "that") for t in head.children if t.dep_ == "det")
                if definite:
                    earlier = [
                        v
                        for _, v in reversed(self.history)
                        if lemma in v.head_words and v.speaker_type != "group"
                    ]
                    if earlier:
                        voice, method = earlier[0], "description"
                if voice is None:
                    if lemma in DOCUMENT_WORDS or low in DOCUMENT_WORDS:
                        stype = "document"
                    elif lemma in OUTLET_WORDS or (affiliation and _is_outlet_name(affiliation, "ORG")):
                        stype = "outlet"
                    elif head.tag_ in ("NNS", "NNPS") and low not in ANONYMOUS_WORDS - GROUP_NORMAL:
                        stype = "group"
                    elif head.tag_ in ("NNS", "NNPS") or lemma in ANONYMOUS_WORDS or head.pos_ == "NOUN":
                        stype = "anonymous"
                    else:
                        stype = "unknown"
                    name = _description(doc, start, end)
                    compound = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
                    if stype == "outlet" and compound:  # "Iran Press correspondent" -> Iran Press
                        first = min(t.i for c in compound for t in c.subtree)
                        name = doc[first : compound[-1].i + 1].text
                        affiliation = name
                    elif stype == "outlet" and affiliation:
                        name = affiliation
                    voice = self._add(name, stype, affiliation, (start, end))
        if voice is not None:
            np_start, np_end = _np_tokens(head)
            voice.head_words.update(t.lemma_.lower() for t in doc[np_start:np_end] if t.pos_ == "NOUN")
            self.history.append((start, voice))
        return Resolution(voice, method)

    def _last_index(self, voice: Voice) -> int:
        for index, v in reversed(self.history):
            if v is voice:
                return index
        return -1
