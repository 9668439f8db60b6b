"""The actors a reader has met so far, and which of them a pronoun or a description points to.

A reader resolving "she said" in a story about Harry, Meghan and Oprah Winfrey does not take the last name: she
takes the woman who is being talked about and who was speaking. `Discourse.antecedent` scores every earlier
actor that agrees with the pronoun (gender for he/she: first names, titles, earlier pronouns; number and kind
for they/it) on what a reader uses, and keeps the best:

| evidence | weight |
|---|---|
| speaker of the previous quote in this paragraph or the one before (a run of quotes) | +2.0 |
| the one asked by the previous attribution, when it was a question ("X asked Y ..., she said") | +2.0 |
| last mention is a subject (nsubj) or an attribution's speaker | +1.2 |
| last mention is asked or interviewed ("Oprah asked Meghan ...", "told the reporter") | +0.8 |
| last mention asks or interviews ("Oprah Winfrey asked", "in an interview with Oprah") | -1.5 |
| gender unknown (agrees with either pronoun) | -1.0 |
| mentions so far (salience) | +0.4 x log2(1 + n) |
| sentences back from the pronoun (at most 6) | -0.6 each |
| paragraphs back (at most 4) | -0.8 each |
| last mention only inside a quotation, or a possessive / prepositional object | -1.0 |

The weights are hand-set from the rules a reader follows, checked on the hand-made stories of
tests/fixtures/stories/ and on PolNeAR dev (see the model card); they are not fitted.
"""

from __future__ import annotations

import math
from bisect import bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from .. import docstate
from .gender import Gender, agrees, name_gender
from .lexicon import TITLE_WORDS
from .rules import Fragment, Sentences

if TYPE_CHECKING:
    from .speakers import Voice

ASK_VERBS = frozenset({"ask", "interview", "question", "press", "quiz", "grill"})
PREVIOUS_SPEAKER, SUBJECT, ASKED, ASKER, UNKNOWN_GENDER = 2.0, 1.2, 0.8, -1.5, -1.0
SALIENCE, SENTENCE, PARAGRAPH, OBLIQUE = 0.4, 0.6, 0.8, -1.0


@dataclass
class Mention:
    """One mention of an actor: an entity of the entities layer, or the speaker mention of a resolved voice."""

    start: int  # token span
    end: int
    name: str
    label: str  # PERSON, ORG, GPE, NORP, or VOICE for a speaker mention without an entity
    gender: Gender = "unknown"
    roles: set[str] | None = None  # titles and role nouns, computed on first use (`Discourse.roles`)
    voice: Voice | None = None
    span: Span | None = None  # the entity span, for an entity mention
    subject: bool = False
    oblique: bool = False
    asker: bool = False
    asked: bool = False
    in_quote: bool = False


class Discourse:
    """Actors of one Doc in text order, with where and how each is mentioned."""

    def __init__(
        self,
        doc: Doc,
        segments: list[Fragment],
        entities: list[Span],
        text: str | None = None,
        sentences: Sentences | None = None,
    ) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.segments = segments
        self.sentences = Sentences(doc) if sentences is None else sentences
        self.breaks = [i for i, ch in enumerate(self.text) if ch == "\n"]
        self.entities = entities
        self._mentions: list[Mention] | None = None  # built on first use: many articles need none
        self.voice_named: dict[str, Voice] = {}  # voice name -> voice, for the entity mentions of a voice
        self.voice_mentions: list[Mention] = []  # speaker mentions of the voices resolved so far
        self._merged: list[Mention] | None = None

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = [
                self._mention(span) for span in self.entities if span.label_ in docstate.ACTOR_LABELS
            ]
        return self._mentions

    def _all(self) -> list[Mention]:
        """Entity mentions and voice mentions in text order."""
        if self._merged is None:
            self._merged = sorted(self.mentions + self.voice_mentions, key=lambda m: (m.start, m.end))
        return self._merged

    # ---- building ------------------------------------------------------------------------------------------------
    def _mention(self, span: Span) -> Mention:
        root = span.root
        before = self.doc[max(0, span.start - 2) : span.start]
        titles = [t.text for t in before if t.lower_.rstrip(".") in TITLE_WORDS or t.lower_ in TITLE_WORDS]
        gender = name_gender([*titles, *span.text.split()]) if span.label_ == "PERSON" else "unknown"
        mention = Mention(span.start, span.end, str(span._.spinscope_canonical or span.text), span.label_)
        mention.gender = gender
        mention.span = span
        self._position(mention, root)
        return mention

    def _position(self, mention: Mention, root: Token) -> None:
        token = root
        while token.dep_ in ("compound", "appos", "conj") and token.head is not token:
            token = token.head
        verb = token.head
        mention.subject = token.dep_ in ("nsubj", "nsubjpass")
        mention.oblique = token.dep_ in ("poss", "pobj")
        if verb.lemma_.lower() in ASK_VERBS:
            mention.asker = token.dep_ == "nsubj"
            mention.asked = token.dep_ in ("dobj", "nsubjpass", "dative")
        elif token.dep_ == "pobj" and token.head.head.lemma_.lower() in ("interview", "conversation", "chat"):
            mention.asker = True  # "in an interview with Oprah Winfrey": the one asking the questions
        elif token.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell":
            mention.asked = True
        idx = self.doc[mention.start].idx
        mention.in_quote = any(s < idx < e for s, e in self.segments)

    def roles_of(self, span: Span) -> set[str]:
        """Titles and role nouns said with a name: "Prince Harry", "Meghan, the Duchess of Sussex",
        "Zabihullah Mujahid, the spokesman of ...", "Taliban spokesman Zabihullah Mujahid"."""
        doc = self.doc
        roles = {t.lower_.rstrip(".") for t in span if t.lower_.rstrip(".") in TITLE_WORDS}
        for t in doc[max(0, span.start - 3) : span.start]:
            if t.pos_ in ("NOUN", "PROPN") and t.head.i in range(span.start, span.end):
                roles.add(t.lemma_.lower())
        root = span.root
        for child in root.children:
            if child.dep_ == "appos":
                roles.add(child.lemma_.lower())
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            roles.add(root.head.lemma_.lower())
        roles |= {w for w in (t.lower_ for t in span) if name_gender([w]) != "unknown"}
        return roles

    def note(self, voice: Voice, span: tuple[int, int]) -> None:
        """Record a resolved speaker mention, so that later pronouns can point to its voice."""
        start, end = span
        head = self.doc[start:end].root
        mention = Mention(start, end, voice.name, "VOICE", voice.gender, set(voice.head_words), voice)
        self._position(mention, head)
        mention.subject = True  # the speaker of an attribution is what the story is about there
        self.voice_named.setdefault(voice.name, voice)
        insort(self.voice_mentions, mention, key=lambda m: (m.start, m.end))
        self._merged = None

    # ---- queries -------------------------------------------------------------------------------------------------
    def paragraph(self, char: int) -> int:
        return bisect_right(self.breaks, char)

    def paragraph_gap(self, a: int, b: int) -> int:
        """Paragraph breaks between two character offsets (blank lines count once)."""
        lo, hi = sorted((a, b))
        return (
            len([line for line in self.text[lo:hi].split("\n")[1:] if line.strip()])
            if "\n" in self.text[lo:hi]
            else 0
        )

    def named_before(self, pos: int, test: Callable[[Mention], bool]) -> Mention | None:
        """The latest entity mention before token `pos` that passes `test`."""
        for mention in reversed(self.mentions):
            if mention.end <= pos and mention.label != "VOICE" and test(mention):
                return mention
        return None

    def by_role(self, pos: int, role: str) -> Mention | None:
        """The latest actor before `pos` whose title or role is `role` ("the spokesman", "the duchess")."""
        for mention in reversed(self._all()):
            if mention.end > pos:
                continue
            if mention.roles is None:
                mention.roles = self.roles_of(mention.span) if mention.span is not None else set()
            roles = mention.roles | (mention.voice.head_words if mention.voice is not None else set())
            if role in roles and (mention.voice is None or mention.voice.speaker_type != "group"):
                return mention
        return None

    def _kind_ok(self, mention: Mention, kinds: tuple[str, ...]) -> bool:
        voice_type = mention.voice.speaker_type if mention.voice is not None else None
        if "person" in kinds or "named" in kinds:
            if voice_type is not None:
                return voice_type == "named_person" or ("person" in kinds and voice_type == "anonymous")
            return mention.label == "PERSON"
        if "plural" in kinds:
            if voice_type is not None:
                return voice_type in ("group", "named_organization", "outlet") or (
                    voice_type == "anonymous" and self.doc[mention.start : mention.end].root.tag_ == "NNS"
                )
            return mention.label in ("NORP", "ORG")
        if voice_type is not None:  # "it"
            return voice_type in ("named_organization", "document", "outlet")
        return mention.label == "ORG"

    def _actor(self, mention: Mention) -> str:
        if mention.voice is not None:
            return mention.voice.id
        return f"name:{mention.name}"

    def antecedent(
        self,
        pos: int,
        gender: Gender,
        kinds: tuple[str, ...],
        previous: Voice | None,
        cue: int | None = None,
        answer: bool = False,
    ) -> tuple[Mention, str] | None:
        """The best-scoring earlier actor for a pronoun (or gendered description) at token `pos`, and the
        evidence that chose it; None when no earlier actor agrees. `answer`: the previous attribution was a
        question, so the one it asked is the likely speaker (interview framing)."""
        doc = self.doc
        here = doc[pos].idx
        sent_here = bisect_right(self.sentences.starts, pos)
        by_actor: dict[str, list[Mention]] = {}
        for mention in self._all():
            if mention.end > pos or not self._kind_ok(mention, kinds):
                continue
            if mention.voice is None:
                # an entity mention of an actor that is already a voice joins that voice
                mention.voice = self.voice_named.get(mention.name)
            by_actor.setdefault(self._actor(mention), []).append(mention)
        best: tuple[float, Mention, str] | None = None
        for mentions in by_actor.values():
            last = mentions[-1]
            voice = last.voice
            actor_gender = voice.gender if voice is not None and voice.gender != "unknown" else "unknown"
            if actor_gender == "unknown":
                actor_gender = next(
                    (m.gender for m in reversed(mentions) if m.gender != "unknown"), "unknown"
                )
            if gender != "unknown" and not agrees(gender, actor_gender):
                continue
            score, reasons = 0.0, []
            if gender != "unknown":
                if actor_gender == "unknown":
                    score += UNKNOWN_GENDER
                    reasons.append("gender unknown")
                else:
                    reasons.append(f"agrees ({actor_gender})")
            if previous is not None and voice is previous:
                score += PREVIOUS_SPEAKER
                reasons.append("speaker of the previous quote")
            outside = [m for m in mentions if not m.in_quote] or mentions
            latest = outside[-1]
            if latest.subject:
                score += SUBJECT
                reasons.append("subject")
            if latest.asked:
                score += PREVIOUS_SPEAKER if answer else ASKED
                reasons.append("answers the previous question" if answer else "the one asked")
            if latest.asker and (cue is None or doc[cue].lemma_.lower() not in ASK_VERBS):
                score += ASKER
                reasons.append("the one asking")
            if latest.oblique or all(m.in_quote for m in mentions):
                score += OBLIQUE
            score += SALIENCE * math.log2(1 + len(mentions))
            sentences = max(0, sent_here - bisect_right(self.sentences.starts, latest.start))
            paragraphs = self.paragraph_gap(doc[latest.start].idx, here)
            score -= SENTENCE * min(sentences, 6) + PARAGRAPH * min(paragraphs, 4)
            reasons.append(f"{sentences} sentence(s) back")
            if best is None or score > best[0]:
                best = (score, latest, ", ".join(reasons))
        if best is None:
            return None
        return best[1], best[2]
