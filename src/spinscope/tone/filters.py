"""Which named entities are not actors: titles of works, events, laws and awards that spaCy's small NER tags as
PERSON / ORG / GPE / NORP ("The Irishman" as a person, "Oscar" as a person, "Brexit" as a GPE).

Judged per mention from what the article itself shows, then per entity (an entity is dropped when at least half of
its mentions look like a title):

* **quoted title**: the mention lies inside a short quotation (at most 8 words) whose words are capitalised
  ("“The Irishman”", "“Game of Thrones”") — people and countries are not written in quotation marks;
* **capitalised "The" before a person**: "in The Irishman", "The Joker" (mid-sentence; people take no article);
* **title or award context**: the mention is preceded by an indefinite article ("an Oscar", "a Grammy"), or
  directly followed or preceded by a work / event / award word ("Oscar nomination", "Oscar-winning",
  "Nobel Prize", "the film Joker", "Brexit referendum");
* **a WORK_OF_ART / EVENT / LAW entity next to it**: within one token ("Oscar for Best Picture").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from spinscope.entities.titles import WORKS, quoted_title

NON_ACTOR_LABELS = {"WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}
# Head nouns that make the name before or after them a title, an event or an award rather than an actor.
TITLE_WORDS = WORKS | {
    "award", "awards", "prize", "prizes", "trophy", "medal", "medals", "nomination", "nominations",
    "ceremony", "statuette", "festival", "referendum",
    "act", "bill", "law", "treaty", "accord", "accords", "cup", "games", "olympics", "tournament", "championship",
}  # fmt: skip
COMPOUNDS = {"winning", "winner", "nominated", "nominee", "award", "awarded"}


def non_actor_entities(doc: Doc) -> list[Span]:
    """The WORK_OF_ART / EVENT / LAW / PRODUCT entities of a document (computed once per document)."""
    return [ent for ent in doc.ents if ent.label_ in NON_ACTOR_LABELS]


def non_actor_mention(
    doc: Doc, mention: Span, text: str | None = None, others: Sequence[Span] | None = None
) -> str | None:
    """Why a mention looks like a title, an event, a law or an award rather than an actor (None if it does not).
    `text` (= doc.text) and `others` (= `non_actor_entities(doc)`) can be given to compute them once per doc."""
    text = doc.text if text is None else text
    others = non_actor_entities(doc) if others is None else others
    if quoted_title(text, mention.start_char, mention.end_char):
        return "quoted title"
    before = doc[mention.start - 1] if mention.start > 0 else None
    after = doc[mention.end] if mention.end < len(doc) else None
    if (
        mention.label_ == "PERSON"
        and before is not None
        and before.text == "The"
        and not before.is_sent_start
    ):
        return "capitalised 'The' before a name"
    if before is not None and before.lower_ in ("a", "an") and mention.label_ == "PERSON":
        return "indefinite article before a name"
    hyphen = after is not None and after.text in ("-", "–") and mention.end + 1 < len(doc)
    if hyphen and doc[mention.end + 1].lower_ in COMPOUNDS:  # "Oscar-winning", "Emmy-nominated"
        return "title, event or award word next to it"
    for token in (after, before):  # nouns only: "the Patriots play" is not a play
        if token is not None and token.lower_ in TITLE_WORDS and token.pos_ in ("NOUN", "PROPN"):
            return "title, event or award word next to it"
    for ent in others:
        if 0 <= mention.start - ent.end <= 1 or 0 <= ent.start - mention.end <= 1:
            return f"{ent.label_} entity next to it"
    return None


def is_non_actor(
    doc: Doc, mentions: Sequence[Span], text: str | None = None, others: Sequence[Span] | None = None
) -> bool:
    """An entity whose mentions look like a title / event / law / award at least half of the time."""
    if not mentions:
        return False
    text = doc.text if text is None else text
    others = non_actor_entities(doc) if others is None else others
    flagged = sum(non_actor_mention(doc, m, text, others) is not None for m in mentions)
    return 2 * flagged >= len(mentions)
