"""Who is speaking: resolving speaker mentions to voices a researcher can count.

For each attribution (in text order) the speaker mention is resolved to a *voice* with a type and an
affiliation, or left **unresolved** (the quote is kept, its speaker is not counted):

- a named mention (an entity of the entities layer inside the speaker span) -> that entity's canonical name,
  `named_person` (PERSON), `named_organization` (ORG, GPE: governments speak through their name), `group`
  (NORP: "Democrats") or `outlet` (news organisations). The NER's type is corrected where the name says
  otherwise ("Al-Shifa Hospital" typed PERSON is an organisation; "Sobhi Skaik" typed ORG, a known first name
  and no organisation word, is a person), and aliases of one actor join one voice (`aliases.same_name`:
  surname-only mentions, titles, possessives, initials);
- a pronoun (`discourse.Discourse` picks the antecedent): "he"/"she" by gender agreement, subject position,
  salience, distance in sentences and paragraphs, the speaker of the previous quote in a run of quotes and
  interview framing; "they" among groups and organisations, "it" among organisations and documents; "I"/"we"
  inside someone's quotation -> that quotation's speaker; a relative pronoun ("Smith, who said") -> the noun it
  hangs from. A pronoun with no agreeing antecedent ("you", "it" with nothing before) is unresolved;
- a definite description ("the spokesman", "the duchess") -> the earlier actor with that role or title
  ("Zabihullah Mujahid, the spokesman of ...", "Meghan, the Duchess of Sussex"), or for a gendered title the
  salient actor of that gender; else a new voice;
- other descriptions -> `document` ("a report"), `outlet` ("Iran Press correspondent"), `group` (plural nouns
  of people: "Afghan citizens"), `anonymous` (a noun of a person: "a member of the Taliban", "sources"). A
  mention that names no one who can speak (a heading, a thing: "the blocking of 9 billion dollars") is
  unresolved.

The affiliation is the organisation, group or country named inside the speaker's noun phrase (its appositions
and "of/for/at/from" phrases): "the spokesman of the Taliban government" -> Taliban.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import docstate
from .aliases import ambiguous_surname, name_words, same_name
from .discourse import ASK_VERBS, Discourse, Mention
from .gender import Gender, first_name_gender, name_gender, word_gender
from .lexicon import (
    ANONYMOUS_WORDS,
    DOCUMENT_WORDS,
    FEMALE,
    FIRST_PERSON,
    GENERIC,
    GROUP_NORMAL,
    MALE,
    ORG_WORDS,
    OUTLET_NAME_WORDS,
    OUTLET_WORDS,
    PERSON_NOUNS,
    PLURAL,
    QUANTIFIERS,
    RELATIVE,
)
from .rules import Candidate, QuoteMarks, speaker_span

ENTITY_KEY = docstate.ENTITIES
PERSONAL_TYPES = ("named_person", "anonymous")
VOICE_TYPES = ("named_person", "named_organization", "anonymous", "group", "document", "outlet")
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "crat", "ite", "ive")


@dataclass
class Voice:
    id: str
    name: str
    speaker_type: str
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    head_words: set[str] = field(default_factory=set)  # nouns and titles of its mentions ("spokesman")
    gender: Gender = "unknown"
    # how often each description named a group voice: the most frequent names it ("Afghan citizens" three
    # times, not the "Afghan people" of a subheading once)
    descriptions: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.speaker_type}:{self.name.lower()}"


@dataclass
class Resolution:
    voice: Voice | None
    method: str  # "name", "pronoun", "description", "new", "none", "unresolved"
    evidence: str = ""  # why: "she -> Meghan: agrees (female), subject, speaker of the previous quote"

    @property
    def resolved(self) -> bool:
        return self.voice is not None


def entity_spans(doc: Doc) -> list[Span]:
    """The entities layer's spans, once: every read of `doc.spans[...]` builds new Span objects."""
    return list(doc.spans.get(ENTITY_KEY, []))


class EntityIndex:
    """The entities inside a token range by bisection over their starts, in the entities layer's order: the
    resolver asks for every speaker mention, and a scan of all entities each time made the layer quadratic in
    the length of the text."""

    def __init__(self, entities: list[Span]) -> None:
        self.entities = entities
        bounds = [(s.start, s.end, i) for i, s in enumerate(entities)]
        bounds.sort()
        self.starts = [b[0] for b in bounds]
        self.bounds = bounds

    def within(self, start: int, end: int) -> list[Span]:
        """The entities with `start <= entity.start` and `entity.end <= end`."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        found = sorted(i for _, e, i in self.bounds[lo:hi] if e <= end)
        return [self.entities[i] for i in found]


def _np_tokens(head: Token) -> tuple[int, int]:
    """The full noun phrase of a speaker, with appositions and prepositional phrases (for the affiliation)."""
    return head.left_edge.i, head.right_edge.i + 1


def _stem(name: str) -> str:
    return name.lower().replace("the ", "").strip()


def same_affiliation(a: str | None, b: str | None) -> bool:
    """Affiliations match when equal or one is a prefix stem of the other ("Afghan" / "Afghanistan")."""
    if not a or not b:
        return False
    x, y = sorted((_stem(a), _stem(b)), key=len)
    return x == y or (len(x) >= 4 and y.startswith(x))


def _affiliation(entities: EntityIndex, head: Token, own: Span | None) -> str | None:
    start, end = _np_tokens(head)
    found = [
        s
        for s in entities.within(start, end)
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


def person_noun(token: Token) -> bool:
    """Whether a common noun names a person or a body of people ("a senator", "residents", "the duchess")."""
    low, lemma = token.lower_, token.lemma_.lower()
    words = ANONYMOUS_WORDS | GROUP_NORMAL | PERSON_NOUNS
    if low in words or lemma in words or word_gender(low) != "unknown":
        return True
    return token.pos_ == "NOUN" and lemma.endswith(PERSON_SUFFIXES) and not lemma.endswith("ment")


def plausible_speaker(doc: Doc, cand: Candidate) -> bool:
    """Whether the speaker mention can speak: a name, a pronoun, a person noun ("a senator", "residents"),
    a group, an outlet or a document; not "the blocking of 9 billion dollars" (a cause, not a voice)."""
    if cand.speaker is None:
        return True
    head = doc[cand.speaker[0] : cand.speaker[1]].root
    low, lemma = head.lower_, head.lemma_.lower()
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in docstate.ACTOR_LABELS:
        return True
    if low in DOCUMENT_WORDS or lemma in DOCUMENT_WORDS or low in OUTLET_WORDS or lemma in OUTLET_WORDS:
        return True
    if lemma in ORG_WORDS or lemma in QUANTIFIERS or head.pos_ == "NUM":
        return True  # "the board said", "many say", "two of them said"
    return person_noun(head)


def _heading(doc: Doc, text: str, span: tuple[int, int]) -> bool:
    """A speaker mention that is a heading or a label line rather than someone in the sentence: it runs over a
    line break, or it is most of a line that holds no verb ("the details behind their split from the royals")."""
    start, end = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1].text)
    if "\n" in text[start:end]:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = doc.char_span(line_start, line_end, alignment_mode="expand")
    if line is None or any(t.pos_ in ("VERB", "AUX") for t in line):
        return False
    return (end - start) >= 0.5 * len(text[line_start:line_end].strip())


def _named_type(name: str, label: str) -> str:
    """The voice type of a named entity, correcting the NER where the name says otherwise."""
    words = name.split()
    last = words[-1].lower().strip(".,") if words else ""
    if label == "PERSON":
        return "named_organization" if last in ORG_WORDS else "named_person"
    if label == "NORP":
        return "group"
    if _is_outlet_name(name, label):
        return "outlet"
    if (
        label == "ORG"
        and 2 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w.lower() in ORG_WORDS for w in words)
        and first_name_gender(words[0]) != "unknown"
    ):
        return "named_person"  # "Sobhi Skaik" typed ORG: a first name and no organisation word
    return "named_organization"


class SpeakerResolver:
    """Resolves the speakers of one document's attributions, in text order, to a growing list of voices."""

    def __init__(self, doc: Doc, marks: QuoteMarks | None = None) -> None:
        marks = QuoteMarks() if marks is None else marks
        self.doc = doc
        self.text = doc.text if marks.text is None else marks.text
        self.voices: list[Voice] = []
        self.history: list[tuple[int, Voice]] = []  # (token index of the mention, voice), in text order
        self.entities = entity_spans(doc)
        self.entity_index = EntityIndex(self.entities)
        self.discourse = Discourse(doc, marks.segments, self.entities, self.text, marks.sentences)
        self.people = sorted(
            {str(e._.spinscope_canonical or e.text) for e in self.entities if e.label_ == "PERSON"}
        )
        # (start char, end char, voice, cue lemma) of the attributions resolved so far
        self.attributions: list[tuple[int, int, Voice, str]] = []

    # ---- voices --------------------------------------------------------------------------------------------------
    def _add(
        self,
        name: str,
        speaker_type: str,
        affiliation: str | None,
        span: tuple[int, int],
        gender: Gender = "unknown",
    ) -> Voice:
        named = speaker_type in ("named_person", "named_organization")
        for voice in self.voices:
            same = voice.name.lower() == name.lower() and voice.speaker_type == speaker_type
            if not same and named and voice.speaker_type in ("named_person", "named_organization"):
                # one actor under two names or two NER types ("Kolomoisky" ORG / "Igor Kolomoisky" PERSON)
                same = same_name(name, voice.name) and not ambiguous_surname(
                    name if len(name.split()) <= len(voice.name.split()) else voice.name,
                    [v.name for v in self.voices] + [name] + self.people,
                )
            if not same and speaker_type == "group" == voice.speaker_type:
                same = same_affiliation(voice.affiliation, affiliation)
            if same:
                voice.mentions.append(span)
                if (
                    named
                    and len(name.split()) > len(voice.name.split())
                    and speaker_type == voice.speaker_type
                ):
                    voice.name = name  # the fuller form names the voice
                if speaker_type == "group" == voice.speaker_type:
                    if not voice.descriptions:
                        voice.descriptions[voice.name] = 1
                    voice.descriptions[name] = voice.descriptions.get(name, 0) + 1
                    voice.name = max(voice.descriptions, key=lambda n: voice.descriptions[n])
                if speaker_type == "named_person" and voice.speaker_type == "named_organization":
                    voice.speaker_type = "named_person"  # a person named like an organisation once
                if affiliation and not voice.affiliation:
                    voice.affiliation = affiliation
                if voice.gender == "unknown":
                    voice.gender = gender
                return voice
        voice = Voice(f"V{len(self.voices) + 1}", name, speaker_type, affiliation, [span], gender=gender)
        self.voices.append(voice)
        return voice

    def _voice_of_mention(self, mention: Mention) -> Voice:
        """The voice of a discourse mention (an entity or an earlier voice)."""
        if mention.voice is not None:
            return mention.voice
        stype = _named_type(mention.name, mention.label)
        voice = self._add(mention.name, stype, None, (mention.start, mention.end), mention.gender)
        if mention.roles is None and mention.span is not None:
            mention.roles = self.discourse.roles_of(mention.span)
        voice.head_words |= mention.roles or set()
        return voice

    def _previous_speaker(self, cand: Candidate) -> tuple[Voice | None, bool]:
        """The voice of the latest resolved attribution that starts before `cand` in its paragraph or the one
        before it (a run of quotes), and whether that attribution was a question answered now ("Oprah asked
        Meghan whether ... . She said ..."): then the one asked, not the asker, is the likely speaker."""
        best = None
        for start, end, voice, lemma in self.attributions:
            if start < cand.start and (best is None or start > best[0]):
                best = (start, end, voice, lemma)
        if best is None or self.discourse.paragraph_gap(best[1], cand.start) > 1:
            return None, False
        cue = self.doc[cand.cue_token].lemma_.lower() if cand.cue_token is not None else ""
        if best[3] in ASK_VERBS and cue not in ASK_VERBS:
            return None, True
        return best[2], False

    # ---- resolution ----------------------------------------------------------------------------------------------
    def resolve(self, cand: Candidate, quoted_by: Voice | None = None) -> Resolution:
        if cand.speaker is None:
            return Resolution(None, "none", "no speaker mention")
        resolution = self._resolve_mention(cand, cand.speaker, quoted_by)
        voice = resolution.voice
        if voice is not None:
            start = cand.speaker[0]
            head = self.doc[cand.speaker[0] : cand.speaker[1]].root
            np_start, np_end = _np_tokens(head)
            voice.head_words.update(
                t.lemma_.lower() for t in self.doc[np_start:np_end] if t.pos_ == "NOUN" and person_noun(t)
            )
            self.history.append((start, voice))
            self.discourse.note(voice, cand.speaker)
            lemma = self.doc[cand.cue_token].lemma_.lower() if cand.cue_token is not None else ""
            self.attributions.append((cand.start, cand.end, voice, lemma))
        return resolution

    def _resolve_mention(
        self, cand: Candidate, mention: tuple[int, int], quoted_by: Voice | None, depth: int = 0
    ) -> Resolution:
        doc = self.doc
        start, end = mention
        span = doc[start:end]
        head = span.root
        low = head.lower_
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "WP", "WDT"):
            return self._resolve_pronoun(cand, head, quoted_by, depth)
        if _heading(doc, self.text, mention):
            return Resolution(None, "unresolved", "the speaker mention is a heading")
        appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if head.pos_ == "NOUN" and appos is not None:  # "the senator, John Carter, said"
            head = appos
        ents = self.entity_index.within(start, end)
        own = next((e for e in ents if e.start <= head.i < e.end), None)
        if own is None and ents and head.pos_ == "PROPN":
            own = ents[0]
        if head.pos_ == "PROPN" and (own is None or own.label_ in docstate.ACTOR_LABELS):
            return self._resolve_name(cand, head, own, (start, end))
        return self._resolve_description(cand, head, (start, end), low)

    def _resolve_name(
        self, cand: Candidate, head: Token, own: Span | None, span: tuple[int, int]
    ) -> Resolution:
        doc = self.doc
        start = span[0]
        if own is None:
            # a name the NER missed: an alias of an actor met before ("Skaik"), or a first name it knows
            words = doc[start : span[1]].text
            earlier = self.discourse.named_before(start, lambda m: same_name(head.text, m.name))
            if earlier is not None:
                voice = self._voice_of_mention(earlier)
                voice.mentions.append(span)
                return Resolution(voice, "name", f"{head.text} -> {voice.name}: same name")
            if first_name_gender(doc[start].text) != "unknown" and len(words.split()) >= 2:
                name = " ".join(words.split())
                voice = self._add(
                    name,
                    "named_person",
                    _affiliation(self.entity_index, head, None),
                    span,
                    name_gender(name.split()),
                )
                return Resolution(voice, "name", "a first name and a surname")
            return Resolution(None, "unresolved", f"{head.text}: a proper noun that names no known actor")
        name = str(own._.spinscope_canonical or own.text)
        label = own.label_
        surface = name_words(own.text)
        if len(surface) == 1 and name != surface[0]:
            people = {m.name for m in self.discourse.mentions if m.label == "PERSON" and m.start < start}
            if ambiguous_surname(surface[0], people):  # "Clinton" after Bill and Hillary Clinton
                name = surface[0]
        stype = _named_type(name, label)
        if stype in ("named_person", "named_organization") and len(name.split()) == 1:
            # a surname-only mention, whatever its NER type: the full name met before ("Kolomoisky")
            earlier = self.discourse.named_before(
                start, lambda m: m.name != name and same_name(name, m.name) and m.label in ("PERSON", "ORG")
            )
            if earlier is not None and _named_type(earlier.name, earlier.label) == "named_person":
                others = [m.name for m in self.discourse.mentions if m.start < start]
                if not ambiguous_surname(name, others):
                    voice = self._voice_of_mention(earlier)
                    voice.mentions.append(span)
                    return Resolution(voice, "name", f"{name} -> {voice.name}: surname of a name met before")
        affiliation = _affiliation(self.entity_index, head, own) if stype != "group" else name
        gender = (
            name_gender(doc[max(0, own.start - 1) : own.end].text.split())
            if stype == "named_person"
            else "unknown"
        )
        voice = self._add(name, stype, affiliation, span, gender)
        voice.head_words |= self.discourse.roles_of(own)
        return Resolution(
            voice, "name", f"named {label}" + (f" ({stype})" if stype != "named_person" else "")
        )

    def _resolve_pronoun(
        self, cand: Candidate, head: Token, quoted_by: Voice | None, depth: int
    ) -> Resolution:
        low = head.lower_
        if low in FIRST_PERSON:
            if quoted_by is not None:
                return Resolution(quoted_by, "pronoun", f"{low} inside {quoted_by.name}'s quotation")
            return Resolution(None, "unresolved", f"{low}: first person outside a quotation")
        if low in RELATIVE or head.tag_ in ("WP", "WDT"):
            verb = head.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") and depth == 0:
                antecedent = speaker_span(verb.head)
                found = self._resolve_mention(cand, antecedent, quoted_by, depth + 1)
                if found.voice is not None:
                    return Resolution(
                        found.voice, "pronoun", f"{low} -> {found.voice.name}: the noun it qualifies"
                    )
            return Resolution(
                None, "unresolved", f"{low}: relative pronoun without an antecedent that speaks"
            )
        if low in MALE | FEMALE:
            gender: Gender = "male" if low in MALE else "female"
            kinds: tuple[str, ...] = ("person",)
        elif low in PLURAL:
            gender, kinds = "unknown", ("plural",)
        elif low == "it":
            gender, kinds = "unknown", ("thing",)
        else:
            return Resolution(None, "unresolved", f"{low}: a pronoun that names no one in particular")
        if low in GENERIC and low != "it":
            return Resolution(None, "unresolved", f"{low}: generic")
        previous, answer = self._previous_speaker(cand)
        best = self.discourse.antecedent(head.i, gender, kinds, previous, cue=cand.cue_token, answer=answer)
        if best is None:
            return Resolution(None, "unresolved", f"{low}: no agreeing antecedent before it")
        mention, reasons = best
        voice = self._voice_of_mention(mention)
        if voice.gender == "unknown" and gender != "unknown":
            voice.gender = gender  # a resolved "she" tells the gender of "a spokesperson" for later pronouns
        return Resolution(voice, "pronoun", f"{low} -> {voice.name}: {reasons}")

    def _resolve_description(
        self, cand: Candidate, head: Token, span: tuple[int, int], low: str
    ) -> Resolution:
        doc = self.doc
        start, end = span
        lemma = head.lemma_.lower()
        affiliation = _affiliation(self.entity_index, head, None)
        definite = any(t.lower_ in ("the", "this", "that") for t in head.children if t.dep_ == "det")
        if definite and person_noun(head):
            found = self.discourse.by_role(start, lemma)
            if found is not None:
                voice = self._voice_of_mention(found)
                voice.mentions.append(span)
                return Resolution(voice, "description", f"the {lemma} -> {voice.name}: same role or title")
            gender = word_gender(lemma)
            if gender != "unknown":  # "the duchess": the salient woman of the story
                previous, answer = self._previous_speaker(cand)
                best = self.discourse.antecedent(
                    start, gender, ("named",), previous, cue=cand.cue_token, answer=answer
                )
                if best is not None:
                    voice = self._voice_of_mention(best[0])
                    voice.mentions.append(span)
                    return Resolution(voice, "description", f"the {lemma} -> {voice.name}: {best[1]}")
        if lemma in DOCUMENT_WORDS or low in DOCUMENT_WORDS:
            stype = "document"
        elif lemma in OUTLET_WORDS or (affiliation and _is_outlet_name(affiliation, "ORG")):
            stype = "outlet"
        elif lemma in ORG_WORDS and not person_noun(head):
            stype = "group"  # "the board", "the council": a body of people not named
        elif not person_noun(head):
            return Resolution(None, "unresolved", f"{head.text}: names no one who speaks")
        elif head.tag_ in ("NNS", "NNPS") and low not in ANONYMOUS_WORDS - GROUP_NORMAL:
            stype = "group"
        else:
            stype = "anonymous"
        name = _description(doc, start, end)
        compound = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
        if stype == "outlet" and compound:  # "Iran Press correspondent" -> Iran Press
            first = min(t.i for c in compound for t in c.subtree)
            name = doc[first : compound[-1].i + 1].text
            affiliation = name
        elif stype == "outlet" and affiliation:
            name = affiliation
        voice = self._add(name, stype, affiliation, span, word_gender(lemma))
        return Resolution(voice, "new", f"a new {stype.replace('_', ' ')} voice")
