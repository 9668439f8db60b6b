"""Finding attributions in a parsed spaCy `Doc`: quotation marks, cue words and the dependency parse.

Three sources of candidates, merged:

1. **Cue verbs with a clausal complement** ("X said that ...", "..., X said", "X told reporters ...",
   "X believes ..."): the cue is a verb (lexicon below, or any verb with a complement clause when a learned
   filter decides), the content is the complement's subtree (`ccomp`, or for a parenthetical cue the clause it
   hangs from), the speaker the cue's subject (the head verb's subject for "..., saying ...", the agent for a
   passive cue).
2. **"according to X"**: the content is the rest of the clause.
3. **Quotation marks** (straight and curly, paired per paragraph, a quote running over several paragraphs when
   each new paragraph reopens it): a quote that a cue in the same sentence, the next sentence ("... ," he said)
   or a colon before it ("He said:" at the end of the previous paragraph) introduces. A quote interrupted by its
   cue ("We will not," he said, "back down") and quotes that continue after the cue sentence become one
   attribution with several content fragments, as PolNeAR annotates them.
4. **Colons, dashes and labels**: "X said: ...", '"..." -- Name', and (broad mode only) a short name and a
   colon opening a paragraph ("Paul Ryan: FBI Decision ... Defies Explanation").

Unbalanced quotation marks never raise: the marks that cannot be paired are reported in `QuoteMarks.unpaired`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

import numpy
from spacy.attrs import DEP, LOWER, ORTH, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from ..docstate import doc_text
from .lexicon import (
    ANONYMOUS_WORDS,
    DOCUMENT_WORDS,
    FEMALE_WORDS,
    GROUP_NORMAL,
    LIGHT_VERBS,
    MALE_WORDS,
    ORG_WORDS,
    PERSON_NOUNS,
    QUANTIFIERS,
    SPEECH_NOUNS,
)

Fragment = tuple[int, int]

# Cue verbs (lemmas) of reported speech, thought and evidence; hand-written, checked against PolNeAR train cues.
CUE_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "ask",
        "note",
        "report",
        "announce",
        "suggest",
        "argue",
        "claim",
        "insist",
        "explain",
        "declare",
        "state",
        "warn",
        "believe",
        "think",
        "acknowledge",
        "admit",
        "recall",
        "respond",
        "reply",
        "confirm",
        "deny",
        "predict",
        "estimate",
        "show",
        "find",
        "indicate",
        "reveal",
        "tweet",
        "post",
        "emphasize",
        "emphasise",
        "stress",
        "contend",
        "maintain",
        "assert",
        "allege",
        "charge",
        "complain",
        "conclude",
        "urge",
        "accuse",
        "hope",
        "fear",
        "worry",
        "expect",
        "agree",
        "caution",
        "concede",
        "observe",
        "remark",
        "mention",
        "speculate",
        "testify",
        "vow",
        "promise",
        "pledge",
        "threaten",
        "demand",
        "question",
        "wonder",
        "suspect",
        "feel",
        "consider",
        "understand",
        "learn",
        "hear",
        "read",
        "signal",
        "joke",
        "quip",
        "boast",
        "brag",
        "lament",
        "recount",
        "clarify",
        "advise",
        "inform",
        "assure",
        "remind",
        "disclose",
        "divulge",
        "concur",
        "counter",
        "retort",
        "rebut",
        "proclaim",
        "pronounce",
        "affirm",
        "reiterate",
        "repeat",
        "explain",
        "describe",
        "predict",
        "forecast",
        "guarantee",
        "swear",
        "testify",
        "acknowledge",
        "want",
        "hint",
        "imply",
        "intimate",
        "posit",
        "propose",
        "opine",
        "recommend",
        "recognize",
        "recognise",
        "realize",
        "realise",
        "know",
        "doubt",
        "anticipate",
        "estimate",
        "calculate",
        "determine",
        "conclude",
        "decide",
        "judge",
        "gather",
        "surmise",
        "reckon",
        "guess",
        "assume",
        "presume",
        "figure",
        "caution",
        "cite",
        "continue",
    ]
)
# Verbs whose complement is not reported speech in practice ("know" is kept: "he knows that" is attribution
# in PolNeAR); "want" takes an infinitive ("wants to ...") which PolNeAR annotates as an attribution of intent.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
# Dependencies through which a cue without a subject takes the subject of the word it hangs from.
INHERITING_DEPS = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp", "prep", "acomp"})
# Verbs whose passive subject is the one spoken to, not the speaker ("he was told that", "she was asked if").
ADDRESSEE_VERBS = frozenset(
    {"ask", "tell", "inform", "advise", "remind", "assure", "warn", "urge", "question"}
)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# What a speaker issues that then says something ("released a statement saying"): documents and speech nouns.
CAN_SPEAK = (
    PERSON_NOUNS | ANONYMOUS_WORDS | GROUP_NORMAL | ORG_WORDS | QUANTIFIERS | MALE_WORDS | FEMALE_WORDS
)
ISSUED = DOCUMENT_WORDS | SPEECH_NOUNS | frozenset({"ad", "video", "letter", "note", "memo", "post", "email"})
NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
# Verbs of sending a message: "emailed supporters saying ..." is the sender's (not "met a farmer saying").
SENDING_VERBS = frozenset({"send", "email", "text", "mail", "message", "tweet", "post", "write", "circulate"})
# Words the parser gives as a subject that name nobody: placeholders and relative pronouns.
PLACEHOLDERS = frozenset({"it", "that", "which", "there", "this", "what"})
# Verbs whose subject "it" is a placeholder, not a source ("It appears that the NFL ...").
IMPERSONAL = frozenset({"appear", "seem", "look", "sound", "emerge", "transpire"})

OPEN_QUOTES = "\u201c\u201e\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"
STRAIGHT = '"'
_MARK_OR_BREAK = re.compile("[\n'`" + re.escape(OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT) + "]")


@dataclass
class QuoteMarks:
    """Paired quotations (start, end) including the marks, and offsets of marks that could not be paired."""

    segments: list[Fragment] = field(default_factory=list)
    unpaired: list[int] = field(default_factory=list)
    # what `extract` built once for the Doc, for the speaker resolution to reuse (`Doc.text` and `Doc.sents`
    # are rebuilt by spaCy on every access)
    text: str | None = None
    sentences: Sentences | None = None


def quote_segments(text: str) -> QuoteMarks:
    """Pair quotation marks: curly marks by direction, straight ones by position (an opening mark follows a space,
    a line start or an opening bracket). A quote open at the end of a paragraph continues when the next paragraph
    opens a quote again (the print convention for quotes running over paragraphs); otherwise its mark is
    reported as unpaired and the paragraph's other quotes still count."""
    marks = QuoteMarks()
    open_at: int | None = None
    continued = False  # the open quote came from a previous paragraph
    i = 0
    n = len(text)
    while i < n:
        # jump to the next character that can matter (a mark, an apostrophe or backtick, a line break): the
        # others only moved `i` on, one Python step per character of the article
        found = _MARK_OR_BREAK.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "\n":
            # paragraph end with an open quote: continue if the next paragraph reopens, else give up on it
            j = i
            while j < n and text[j].isspace():
                j += 1
            if open_at is not None and not (j < n and (text[j] in OPEN_QUOTES or text[j] == STRAIGHT)):
                marks.unpaired.append(open_at)
                open_at = None
            elif open_at is not None:
                continued = True
                i = j + 1  # skip the reopening mark of the next paragraph
                continue
            i += 1
            continue
        width = 1
        if ch == "'" and text.startswith("''", i):  # two apostrophes: the NYT archive's double quote
            ch, width = STRAIGHT, 2
        elif ch == "`" and text.startswith("``", i):
            ch, width = OPEN_QUOTES[0], 2
        if ch in OPEN_QUOTES or ch in CLOSE_QUOTES or ch == STRAIGHT:
            prev = text[i - 1] if i else " "
            if ch in OPEN_QUOTES:
                opening = True
            elif ch in CLOSE_QUOTES:
                opening = False
            else:
                opening = open_at is None and (prev.isspace() or prev in "([{\u2014\u2013-/:" or i == 0)
                if open_at is None and not opening:
                    opening = not (prev.isalnum() or prev in ".,;:!?")
            if opening:
                if open_at is not None and not continued:
                    marks.unpaired.append(open_at)
                open_at = i
                continued = False
            elif open_at is not None:
                marks.segments.append((open_at, i + width))
                open_at = None
                continued = False
            else:
                marks.unpaired.append(i)
        i += width
    if open_at is not None:
        marks.unpaired.append(open_at)
    return marks


@dataclass
class Candidate:
    """One attribution found in a Doc; offsets are character offsets into `doc.text`."""

    content: list[Fragment]
    cue: list[Fragment]
    speaker: tuple[int, int] | None  # token span [start, end) of the speaker mention
    origin: str  # "verb", "according_to", "quote"
    cue_token: int | None = None
    direct_share: float = 0.0  # share of the content's characters inside quotation marks
    features: dict[str, str | float] = field(default_factory=dict)
    score: float | None = None

    @property
    def kind(self) -> str:
        if self.direct_share >= 0.9:
            return "direct"
        return "mixed" if self.direct_share >= 0.1 else "indirect"

    @property
    def start(self) -> int:
        return min(self.content)[0]  # the least (start, end) has the least start; read for every comparison

    @property
    def end(self) -> int:
        return max(map(itemgetter(1), self.content))


def _trim(doc: Doc, start: int, end: int) -> Fragment | None:
    """Character span of tokens [start, end) without surrounding spaces and leading/trailing commas/dashes."""
    while start < end and (doc[start].is_space or doc[start].text in {",", "\u2014", "\u2013", "-", ":"}):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", "\u2014", "\u2013", "-", ":"}):
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_bounds(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    exclude = tuple(exclude)
    if not exclude:  # the subtree's edges, without walking it (called for every candidate)
        return token.left_edge.i, token.right_edge.i + 1
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    indices = [t.i for t in token.subtree if t.i not in excluded]
    return min(indices), max(indices) + 1


def subject_of(verb: Token) -> tuple[Token | None, str]:
    """The speaker token of a cue verb: its subject, the agent of a passive (never the passive subject), or the
    subject of the verb it
    depends on ("..., saying", "smiled and said", "criticised for saying", "more likely to say") or the noun a
    participle qualifies ("Rubio, arguing that"); the second value says which path was taken."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            low = child.lower_
            # a relative stays the mention: PolNeAR marks "who" as the source (train: 255 of 284 right);
            # taking the noun of a relative "that" instead (65 of 97 wrong) lowered the source accuracy
            if low == "it" and verb.lemma_.lower() in IMPERSONAL:
                return None, "expletive"  # "It appears that ...", "it seems": nobody speaks
            return child, "nsubj"
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj, "agent"
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            # the subject of a passive cue is what is spoken of or to, not the speaker: "Other groups are
            # expected to spend", "Silva was asked whether ..." (PolNeAR train: 6 of 110 such subjects are
            # the gold source)
            return None, "addressee" if verb.lemma_.lower() in ADDRESSEE_VERBS else "passive"
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBD"
        and verb.lemma_.lower() in ADDRESSEE_VERBS
        and verb.i < verb.head.i
    ):
        # "Asked whether ..., Mr. Daley said": the participle the parser tagged a past tense (see below)
        return None, "addressee"
    head = verb
    for _ in range(4):
        if head.dep_ in ("acl", "relcl") and head.head.pos_ in ("NOUN", "PROPN", "PRON"):
            issuer = _issuer(head.head, head) if head.dep_ == "acl" else None
            if issuer is not None:
                return issuer, "issuer"
            return head.head, "inherited"  # "Marco Rubio, arguing that ...", "a statement saying ..."
        if verb.tag_ == "VBN" and verb.lemma_.lower() in ADDRESSEE_VERBS:
            # "Asked about the wall, Trump said ...": the participle's subject is the one asked, not who
            # asked (PolNeAR train: 40 of 40 such inherited subjects were not the gold source)
            return None, "addressee"
        if head.dep_ in INHERITING_DEPS and head.head is not head:
            head = head.head
            for child in head.children:
                if child.dep_ in ("nsubj", "csubj"):
                    if child.lower_ == "it" and verb.lemma_.lower() not in CUE_VERBS:
                        # "it" lent by the verb above to an attitude ("it showed ..., pointing out that"):
                        # on PolNeAR train 27 of 35 such speakers were wrong, 16 with no gold source
                        return None, "inherited_it"
                    return child, "inherited"
        else:
            break
    if verb.lemma_.lower() in CUE_VERBS:
        subj, path = _misparsed_subject(verb)
        if subj is not None:
            return subj, path
    if verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBP", "VBZ", "VBN"):
        return _root_subject(verb)
    root = _control_root(verb)
    if root is not None:
        return _root_subject(root)
    return _ancestor_subject(verb)


def _control_root(verb: Token) -> Token | None:
    """The finite root verb a cue hangs from by infinitives only, when that root has no subject of its own
    ("..., Lewandowski continued to assert that": the parser made "Lewandowski" the object of the preposition
    before it), so the speaker is looked for before the root as for a subjectless root (`_root_subject`)."""
    head = verb
    for _ in range(3):
        if head.dep_ != "xcomp" or head.head is head:
            break
        head = head.head
    if head is verb or head.dep_ != "ROOT" or head.tag_ not in ("VBD", "VBP", "VBZ"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in head.children):
        return None
    return head


def _ancestor_subject(verb: Token) -> tuple[Token | None, str]:
    """The subject of the nearest verb above a subjectless cue when the dependencies in between are not ones
    that lend a subject by themselves ("by criticizing" under a noun, "and saying" under a verb that has none):
    session 11, PolNeAR train had 76 such matched participles, infinitives and coordinated verbs with a gold
    source and no predicted speaker."""
    head = verb
    for _ in range(6):
        if head.head is head or head.dep_ in ("relcl", "ccomp", "parataxis"):
            break  # a clause of its own, or a reported one: its words are not the verb above's
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            for child in head.children:
                if child.dep_ == "nsubj" and child.pos_ in NOMINAL:
                    if child.lower_ in PLACEHOLDERS:
                        return None, "none"
                    return child, "ancestor"
    return None, "none"


def _root_subject(verb: Token) -> tuple[Token | None, str]:
    """The speaker of a finite root verb the parser left without a subject (issue 17, session 11: on PolNeAR
    train 54 of 56 such matched attributions had a gold source and none was predicted): the noun phrase that
    ends right before the verb ("..., Texas delegate Bill Eastland, wearing a cowboy hat, said"; "Trump
    barked"), else the one right after it when what was said comes before ("..., said Mr. Trump")."""
    doc = verb.doc
    sent_start = verb.sent.start
    inside = {t.i for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj") for t in c.subtree}
    # a participial phrase between the speaker and the verb (", wearing a cowboy hat, said") is stepped over
    # (also when the parser hung it on the quoted verb: ', Texas delegate Bill Eastland, wearing a cowboy hat and
    # "Ted Cruz" campaign pins, said'), and so is an age after a name ("Marcel Lehel Lazar, 44, said")
    phrases = {
        t.left_edge.i: t
        for t in doc[sent_start : verb.i]
        if t.dep_ in ("advcl", "prep", "acl")
        and t.tag_ in ("VBG", "VBN")
        and t.right_edge.i < verb.i
        and doc[t.left_edge.i - 1 : t.left_edge.i].text == ","
    }
    i = verb.i - 1
    for _ in range(3):
        while i >= sent_start and (
            doc[i].is_punct or doc[i].is_space or doc[i].pos_ in ("ADV", "AUX", "PART")
        ):
            i -= 1
        phrase = next((c for c in phrases.values() if c.left_edge.i <= i <= c.right_edge.i), None)
        if phrase is None and i > sent_start and doc[i].like_num and doc[i].dep_ == "appos":
            i = doc[i].head.i if doc[i].head.i < i else i - 1
            break
        if phrase is None:
            break
        i = phrase.left_edge.i - 1
    # a word of the content is taken only when the parser hung a noun phrase on it ("..., '' Texas delegate
    # Bill Eastland, said" parsed with "Eastland" a `npadvmod` of the quoted verb)
    misplaced = ("npadvmod", "appos", "dep", "compound", "nmod")
    if i >= sent_start and doc[i].pos_ in NOMINAL and (i not in inside or doc[i].dep_ in misplaced):
        tok = doc[i]
        for _ in range(4):  # up to the head of the noun phrase the word ends
            if tok.dep_ in NP_INNER_DEPS and tok.head.i <= verb.i and tok.head.pos_ in NOMINAL:
                tok = tok.head
            else:
                break
        if tok.lower_ not in PLACEHOLDERS and tok.ent_type_ not in (
            "DATE",
            "TIME",
            "CARDINAL",
            "MONEY",
        ):
            return tok, "root_before"
    if verb.i + 1 < len(doc) and any(t < verb.i for t in inside):
        head = doc[verb.i + 1]
        for _ in range(4):
            if head.dep_ in NP_INNER_DEPS and verb.i < head.head.i <= verb.i + 6:
                head = head.head
            else:
                break
        if head.pos_ in ("PROPN", "NOUN") and head.i > verb.i and head.i not in inside:
            return head, "root_after"
    return None, "none"


NP_INNER_DEPS = frozenset({"compound", "det", "amod", "nummod", "poss", "nmod"})


def _issuer(noun: Token, participle: Token | None = None) -> Token | None:
    """The speaker of a participle that qualifies the object of a verb, when that object is a statement put
    out ("Trump's campaign released a statement saying ...", "All three candidates issued statements
    condemning ...") or a thing that cannot speak ("Trump's campaign entered the conversation believing ..."):
    PolNeAR marks the subject of the verb, not the object (issue 17)."""
    verb = noun.head
    if noun.dep_ != "dobj":
        return None
    lemma = noun.lemma_.lower()
    issued = lemma in ISSUED and verb.lemma_.lower() in LIGHT_VERBS
    # a thing that cannot speak ("X entered the conversation believing ...", "will run ads demanding ...")
    thing = noun.pos_ == "NOUN" and not noun.ent_type_ and lemma not in CAN_SPEAK and lemma not in ISSUED
    # a present participle after the object of a speech verb ("emailed supporters saying: ...", "sent out a
    # memo saying"): the one who sends speaks (session 11: on PolNeAR train 14 of 18 matched participles
    # after an object that can speak had the object wrongly as the speaker)
    sent = (
        participle is not None
        and participle.tag_ == "VBG"
        and participle.i > noun.i
        and (verb.lemma_.lower() in SENDING_VERBS or verb.lemma_.lower() in CUE_VERBS)
    )
    if not (issued or thing or sent) or (lemma.endswith(("er", "ist", "ian", "or")) and not sent):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _misparsed_subject(verb: Token) -> tuple[Token | None, str]:
    """The speaker of a speech verb the parser left without a subject (issue 17; PolNeAR train had 290 matched
    attributions with a gold source and no predicted speaker): the verb hangs from another by `dep` ("Clinton
    paused, then revealed why ..."), or names it as a compound before it ("Federal Election Commission records
    show."), or follows what was said and precedes its speaker ("That's the challenge,'' said Jared Bernstein",
    "... ,\" tweeted another.", "... ,\" read the email.")."""
    doc = verb.doc
    if verb.dep_ == "dep" and verb.head.i < verb.i:
        for child in verb.head.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child, "inherited"
    compounds = [c for c in verb.lefts if c.dep_ == "compound" and c.pos_ in NOMINAL]
    if compounds:
        return compounds[0], "compound"
    content_before = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children) or (
        verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i
    )
    if content_before and verb.i + 1 < len(doc):
        head = doc[verb.i + 1]
        for _ in range(4):  # from the first word after the verb up to the head of its noun phrase
            if head.dep_ in NP_INNER_DEPS and verb.i < head.head.i <= verb.i + 6:
                head = head.head
            else:
                break
        if head.pos_ in NOMINAL and head.lower_ not in ("that", "which", "it", "there") and head.i > verb.i:
            return head, "inverted"
    return None, "none"


def speaker_span(token: Token) -> tuple[int, int]:
    """Token span of a speaker mention: the subject's subtree without relative clauses and trailing commas."""
    if token.right_edge.i == token.i:
        # nothing of the subtree follows the word ("he", "Jane Smith said"): no clause after it to drop, and
        # no need to walk the subtree (called for every candidate)
        drop: list[Token] = []
    else:
        drop = [c for c in token.children if c.dep_ in ("relcl", "acl") and c.i > token.i]
        drop += [t for t in token.subtree if t.dep_ == "relcl" and t.i > token.i and t not in drop]
    start, end = _subtree_bounds(token, drop)
    if drop:  # "Local growers, who said ...," ends before its relative clause, not at its closing comma
        end = min(end, min(t.i for d in drop for t in d.subtree))
    doc = token.doc
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _quote_share(fragments: list[Fragment], segments: list[Fragment]) -> float:
    total = sum(e - s for s, e in fragments)
    if not total:
        return 0.0
    inside = 0
    for s, e in fragments:
        for qs, qe in segments:  # the overlap, compared inline (`max(0, min(...) - max(...))` cost 3 calls)
            lo = s if s > qs else qs
            hi = e if e < qe else qe
            if hi > lo:
                inside += hi - lo
    return min(1.0, inside / total)


def _extend_to_quotes(fragment: Fragment, segments: list[Fragment], cue_at: int | None = None) -> Fragment:
    """Grow a content span to cover the quotations it overlaps (the parse often stops short of the marks),
    except the quotation the cue itself is in (nested speech: "I think ..." inside someone's quote)."""
    start, end = fragment
    for qs, qe in segments:
        if cue_at is not None and qs <= cue_at < qe:
            continue
        if qs < end and start < qe:
            start, end = min(start, qs), max(end, qe)
    return start, end


def _cut_at(fragment: Fragment, cut: Fragment) -> list[Fragment]:
    """Remove `cut` (the cue clause) from a content fragment, keeping the larger side pieces."""
    start, end = fragment
    cs, ce = cut
    if ce <= start or cs >= end:
        return [fragment]
    pieces = [(start, cs), (ce, end)]
    return [(s, e) for s, e in pieces if e - s > 1]


def _clean(text: str, fragments: list[Fragment]) -> list[Fragment]:
    """Strip spaces and separating punctuation at fragment edges; drop empty fragments."""
    out = []
    for s, e in fragments:
        while s < e and (text[s].isspace() or text[s] in ",;\u2014\u2013-:"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;\u2014\u2013-:"):
            e -= 1
        if e > s:
            out.append((s, e))
    return sorted(out)


def _clip_to_paragraph(
    text: str, pieces: list[Fragment], at: int, segments: list[Fragment]
) -> list[Fragment]:
    """Keep reported speech inside the cue's paragraph (the parser sometimes joins a headline to the next
    paragraph); only a quotation may run over paragraph breaks."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    out = []
    for s, e in pieces:
        if any(qs <= s and e <= qe for qs, qe in segments):
            out.append((s, e))
            continue
        lo, hi = start, end
        for qs, qe in segments:
            if start <= qs < end:  # a quotation opened in this paragraph may run on
                hi = max(hi, qe)
            if start < qe <= end:  # or have been opened in an earlier one
                lo = min(lo, qs)
        s2, e2 = max(s, lo), min(e, hi)
        if e2 > s2:
            out.append((s2, e2))
    return out


def _same_paragraph(text: str, a: Token, b: Token) -> bool:
    lo, hi = sorted((a.idx, b.idx))
    return "\n" not in text[lo:hi]


def _object_complement(verb: Token) -> Token | None:
    """The noun-phrase content of a cue without a clause ("cited the report", "called for a ban")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.i > verb.i:
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.i > verb.i and child.lower_ in {"for", "on", "to", "about", "of"}:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return pobj
    return None


def _passive_subject(verb: Token) -> Token | None:
    """What a passive cue without a clause or an object is about: "Clinton's attacks were echoed", "the
    dissolution of the club was announced", "which was first reported last week" (issue 17, session 12: on
    PolNeAR train about 250 gold contents with a passive cue had no candidate; the content is the subject)."""
    if verb.tag_ != "VBN":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)


# Complements after a direct object that belong to what is attributed: "called the merger 'a terrible deal'"
# (oprd), "accused Clinton of being too cozy", "described himself as ...", "polls show Clinton with a lead";
# "to" and "on" since issue 17's session 8 ("likened Perez to Chavez", "pressured the president on his
# policies": the commonest phrases after an object content that stopped early on PolNeAR train).
OBJECT_TAIL_PREPS = frozenset({"of", "as", "with", "for", "about", "over", "to", "on"})


def _object_tail_end(verb: Token, obj: Token, end: int) -> int:
    """End (token index) of a direct-object content grown over the object's predicate: PolNeAR annotates
    "accused [Clinton of being too cozy with Wall Street]", not just the object noun phrase."""
    for sibling in verb.children:
        if sibling.i <= obj.i:
            continue
        if sibling.dep_ in ("oprd", "xcomp", "ccomp") or (
            sibling.dep_ == "prep" and sibling.lower_ in OBJECT_TAIL_PREPS
        ):
            end = max(end, max(t.i for t in sibling.subtree) + 1)
    return end


def _verb_indices(doc: Doc) -> list[int]:
    """Indices of the verbs that are not auxiliaries (`pos_` VERB or AUX, `dep_` not aux/auxpass), read from
    one array of the Doc: making a spaCy `Token` for every word only to read its tags was the largest single
    cost of the layer, and a few words in ten are verbs."""
    strings = doc.vocab.strings
    tags = doc.to_array([POS, DEP])
    verbs = numpy.isin(tags[:, 0], [VERB, AUX]) & ~numpy.isin(
        tags[:, 1], [strings["aux"], strings["auxpass"]]
    )
    return [int(i) for i in numpy.flatnonzero(verbs)]


def _indices_of(doc: Doc, attr: int, value: str, start: int = 0, end: int | None = None) -> list[int]:
    """Indices of the tokens in `doc[start:end]` whose `attr` (`LOWER`, `ORTH`) is `value`, from one array
    (the candidate finders look for a word or two among thousands of tokens)."""
    column = doc.to_array(attr)[start:end]
    return [start + int(i) for i in numpy.flatnonzero(column == doc.vocab.strings[value])]


def _verb_pieces(
    doc: Doc,
    text: str,
    segments: list[Fragment],
    content: list[Fragment],
    cue: Token,
    cut: Fragment,
    speaker: tuple[int, int] | None,
) -> list[Fragment]:
    """A verb candidate's content fragments: grown over the quotations it touches, without the cue (`cut`)
    and the speaker, kept in the cue's paragraph."""
    content = [_extend_to_quotes(f, segments, cue.idx) for f in content]
    pieces: list[Fragment] = []
    for frag in content:
        pieces.extend(_cut_at(frag, cut))
    if speaker is not None:
        sp = (doc[speaker[0]].idx, doc[speaker[1] - 1].idx + len(doc[speaker[1] - 1].text))
        rest: list[Fragment] = []
        for frag in pieces:
            rest.extend(_cut_at(frag, sp))
        pieces = rest
    return _clean(text, _clip_to_paragraph(text, pieces, cue.idx, segments))


def verb_candidates(
    doc: Doc, segments: list[Fragment], lexicon: frozenset[str] | None, text: str | None = None
) -> list[Candidate]:
    """Cue verbs with a complement clause. `lexicon=None`: every verb with one (for the learned filter)."""
    text = doc.text if text is None else text
    out = []
    for i in _verb_indices(doc):
        token = doc[i]
        lemma = token.lemma_.lower()
        if lexicon is not None and lemma not in lexicon:
            continue
        clauses = [c for c in token.children if c.dep_ in CLAUSE_DEPS and _same_paragraph(text, token, c)]
        cue_cut: Fragment | None = None  # what to cut out of the content besides the speaker: the cue
        # other boundaries of the content (broad mode: the learned filter chooses among them)
        variants: list[tuple[str, list[tuple[int, int]]]] = []
        if not clauses:
            # parenthetical cue "..., he said." hanging from the clause it reports
            obj = _object_complement(token) if lexicon is None else None
            as_clause = token.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "as" for c in token.children
            )  # "..., as The New York Times reported on Tuesday, ...": the main clause is the content
            if (
                token.dep_ in ("parataxis",)
                or (token.dep_ == "ccomp" and token.i > token.head.i)
                or as_clause
            ):
                clause_head = token.head
                start, end = _subtree_bounds(clause_head, [token])
                content = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))]
                parenthetical = True
                content_type = "as_clause" if as_clause else "parenthetical"
                if as_clause:  # the whole "as ... reported on Tuesday" phrase is cut out of the content
                    lo_tok, hi_tok = _subtree_bounds(token)
                    cue_cut = (doc[lo_tok].idx, doc[hi_tok - 1].idx + len(doc[hi_tok - 1].text))
            elif obj is not None:
                start, end = _subtree_bounds(obj)
                if obj.dep_ == "dobj":
                    end = _object_tail_end(token, obj, end)
                content = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))]
                parenthetical = False
                content_type = obj.dep_ if obj.dep_ != "pobj" else f"prep_{obj.head.lower_}"
                variants = object_variants(token, obj, start, end)
                passive = _passive_subject(token) if obj.dep_ != "dobj" else None
                if passive is not None:  # "The dissolution ... was announced on Monday"
                    variants.append(("passive", [_subtree_bounds(passive)]))
            elif lexicon is None and (passive := _passive_subject(token)) is not None:
                start, end = _subtree_bounds(passive)
                content = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))]
                parenthetical = False
                content_type = "nsubjpass"
            else:
                continue
        else:
            # several complements: the one after the cue ("X said that ..."), else the longest
            after = [c for c in clauses if c.i > token.i]
            options = after or clauses
            # the longest, by its number of words (walked only when there is a choice)
            clause = options[0] if len(options) == 1 else max(options, key=lambda c: len(list(c.subtree)))
            content_type = clause.dep_
            start, end = _subtree_bounds(clause)
            if clause.dep_ == "xcomp" and lemma not in {"want", "expect", "hope", "promise", "vow", "pledge"}:
                # object control ("urged Congress to act", "asked him to leave"): the object and its
                # infinitive are the content; a bare "tried to ..." is not an attribution
                obj = next((c for c in token.children if c.dep_ == "dobj" and token.i < c.i < clause.i), None)
                if obj is None or lexicon is not None:
                    continue
                start = min(t.i for t in obj.subtree)
                content_type = "dobj_xcomp"
            content = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))]
            parenthetical = False
        cue_frag = (token.idx, token.idx + len(token.text))
        subj, path = subject_of(token)
        speaker = speaker_span(subj) if subj is not None else None
        pieces = _verb_pieces(doc, text, segments, content, token, cue_cut or cue_frag, speaker)
        if not pieces:
            continue
        features: dict[str, str | float] = {
            "parenthetical": float(parenthetical),
            "subject_path": path,
            "clause_dep": content_type,
        }
        seen: list[list[tuple[int, int]]] = []
        for name, content_pieces in [("", pieces), *variants]:
            if name:  # a variant: another boundary of the same content, cleaned like the first
                spans = content_pieces
                v_content = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in spans]
                content_pieces = _verb_pieces(
                    doc, text, segments, v_content, token, cue_cut or cue_frag, speaker
                )
                if not content_pieces or content_pieces in seen:
                    continue
            seen.append(content_pieces)
            cand = Candidate(
                content=content_pieces,
                cue=[cue_frag],
                speaker=speaker,
                origin="verb",
                cue_token=token.i,
                direct_share=_quote_share(content_pieces, segments),
            )
            cand.features.update(features)
            if name:
                cand.features["variant"] = name
            out.append(cand)
    return out


# Dependencies of a verb after its object that a content running on to the clause's end takes in ("CNN five
# times", "Muslims from the country", "the president from waiving any sanctions").
REST_DEPS = frozenset({"prep", "npadvmod", "advmod", "dative", "oprd", "xcomp", "acomp", "attr", "agent"})


def object_variants(
    verb: Token, obj: Token, start: int, tail_end: int
) -> list[tuple[str, list[tuple[int, int]]]]:
    """Another boundary of an object content for the learned filter to choose: the object with everything
    after it up to the end of the verb's own phrase (`rest`: "criticized [the media five times from the
    stage]"; issue 17, session 12: on PolNeAR train the object candidate of the gold cue ended too early for
    about 360 gold contents, the gold running on over an "in", "at" or "from" phrase). Token spans [start,
    end). The object's noun phrase without its relative clause or apposition and the object without its
    predicate were tried as variants too and added nothing to the cross-validated F1 (0.7430 with them,
    0.7435 without)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    rest = tail_end
    for sibling in verb.children:
        if sibling.i > obj.i and sibling.dep_ in REST_DEPS:
            rest = max(rest, sibling.right_edge.i + 1)
    if rest > tail_end:
        out.append(("rest", [(start, rest)]))
    return out


def according_to_candidates(
    doc: Doc, segments: list[Fragment], sentences: Sentences, text: str | None = None
) -> list[Candidate]:
    """ "according to X" (and "as X said/reported"): the content is the clause the phrase modifies."""
    out = []
    text = doc.text if text is None else text
    for i in _indices_of(doc, LOWER, "according", 0, len(doc) - 1):
        token, to = doc[i], doc[i + 1]
        if to.lower_ != "to":
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        # the clause: the sentence minus the "according to X" phrase
        sent = sentences.of_token(token.i)
        phrase_start = token.i
        phrase_end = max(t.i for t in (pobj.subtree if pobj is not None else [to])) + 1
        before = _trim(doc, sent.start, phrase_start)
        after = _trim(doc, phrase_end, sent.end)
        pieces = [f for f in (before, after) if f is not None]
        # keep the longer side when the phrase sits in the middle of a long clause
        pieces = [_extend_to_quotes(f, segments, token.idx) for f in pieces]
        pieces = _clean(text, _clip_to_paragraph(text, pieces, token.idx, segments))
        if not pieces:
            continue
        speaker = speaker_span(pobj) if pobj is not None else None
        cand = Candidate(
            content=pieces,
            cue=[(token.idx, to.idx + len(to.text))],
            speaker=speaker,
            origin="according_to",
            cue_token=token.i,
            direct_share=_quote_share(pieces, segments),
        )
        cand.features.update({"parenthetical": 0.0, "subject_path": "pobj", "clause_dep": "according"})
        out.append(cand)
    return out


def colon_candidates(doc: Doc, segments: list[Fragment], text: str | None = None) -> list[Candidate]:
    """ "X said:" / "X added:" followed by what was said, up to the end of the paragraph; when the colon ends
    the paragraph, the next paragraph is the content ("Caddell continued:\n\n...")."""
    text = doc.text if text is None else text
    out = []
    # only the words before a colon (the Doc has a few colons and thousands of tokens)
    for i in _indices_of(doc, ORTH, ":", 1):
        nxt, token = doc[i], doc[i - 1]
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in CUE_VERBS:
            continue
        start = nxt.idx + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        for qs, qe in segments:  # a quotation right after the colon is the content, even over paragraphs
            if qs == start:
                end = qe
        pieces = _clean(text, [(start, end)])
        if not pieces or len(text[start:end].split()) < 3:
            continue
        subj, path = subject_of(token)
        cand = Candidate(
            content=pieces,
            cue=[(token.idx, nxt.idx + 1)],
            speaker=speaker_span(subj) if subj is not None else None,
            origin="colon",
            cue_token=token.i,
            direct_share=_quote_share(pieces, segments),
        )
        cand.features.update({"parenthetical": 0.0, "subject_path": path, "clause_dep": "colon"})
        out.append(cand)
    return out


LABEL = re.compile(r"(?m)^[ \t]*([^\n:]{1,60}?)[ \t]*:[ \t]+(?=\S)")


def label_candidates(doc: Doc, segments: list[Fragment], text: str | None = None) -> list[Candidate]:
    """A short name and a colon opening a paragraph: the headline "Paul Ryan: FBI Decision ... Defies
    Explanation" or a transcript line "TRUMP: The deaths of ...". The name is the speaker, the colon the cue and
    the rest of the paragraph the content. Many such labels are not voices ("The Latest:", "BUSTED:"); the
    learned filter separates them by the label's part of speech, entity type and position."""
    text = doc.text if text is None else text
    out = []
    for m in LABEL.finditer(text):
        left_start, left_end = m.span(1)
        if len(m.group(1).split()) > 6 or not any(ch.isalpha() for ch in m.group(1)):
            continue
        if _inside_any(left_end, segments):
            continue
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        pieces = _clean(text, [(start, end)])
        name = doc.char_span(left_start, left_end, alignment_mode="contract")
        colon = doc.char_span(left_end, text.index(":", left_end) + 1, alignment_mode="expand")
        if not pieces or name is None or colon is None or len(text[start:end].split()) < 2:
            continue
        if name[-1].pos_ in ("VERB", "AUX"):  # "He added:" is a colon candidate
            continue
        headline = "\n" not in text[:left_start]
        kind = "headline" if headline else ("label_caps" if m.group(1).isupper() else "label")
        cand = Candidate(
            content=pieces,
            cue=[(colon[0].idx, colon[0].idx + 1)],
            speaker=(name.start, name.end),
            origin="label",
            cue_token=colon[0].i,
            direct_share=_quote_share(pieces, segments),
        )
        cand.features.update({"parenthetical": 0.0, "subject_path": "label", "clause_dep": kind})
        out.append(cand)
    return out


DASHES = ("\u2015", "\u2014", "--", "\u2013")


def dash_candidates(doc: Doc, segments: list[Fragment], text: str | None = None) -> list[Candidate]:
    """A quotation followed by a dash and a name at the end of its paragraph: '"..." -- Carlos Raul'."""
    text = doc.text if text is None else text
    out = []
    for qs, qe in segments:
        rest = text[qe : text.find("\n", qe) if text.find("\n", qe) >= 0 else len(text)]
        stripped = rest.lstrip()
        dash = next((d for d in DASHES if stripped.startswith(d)), None)
        if dash is None:
            continue
        dash_start = qe + len(rest) - len(stripped)
        name = doc.char_span(dash_start + len(dash), qe + len(rest), alignment_mode="contract")
        if name is None or not 1 <= len([t for t in name if not t.is_space]) <= 12:
            continue
        head = name.root
        if head.pos_ not in ("PROPN", "NOUN"):
            continue
        start, end = speaker_span(head)
        cand = Candidate(
            content=[(qs, qe)],
            cue=[(dash_start, dash_start + len(dash))],
            speaker=(start, end),
            origin="dash",
            cue_token=None,
            direct_share=1.0,
        )
        cand.features.update({"parenthetical": 0.0, "subject_path": "dash", "clause_dep": "dash"})
        out.append(cand)
    return out


class Sentences:
    """Sentence lookup by token or character in O(log n) (`Token.sent` walks the whole Doc on every call)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]
        self.char_starts = [s.start_char for s in self.spans]

    def of_token(self, i: int) -> Span:
        return self.spans[max(0, bisect_right(self.starts, i) - 1)]

    def of_char(self, char: int) -> Span | None:
        if not self.spans:
            return None
        return self.spans[max(0, bisect_right(self.char_starts, char) - 1)]


# Candidates of the learned cue lexicon (`cues.py`): verb + infinitive, noun + complement, opening frame.
LEARNED_ORIGINS = frozenset({"xcomp", "noun", "frame"})


def speech_cue(doc: Doc, cand: Candidate) -> bool:
    """Whether a candidate's cue is a speech cue (a lexicon verb, "according to", a colon or a dash). The broad
    candidates of the learned mode include every verb with an object ("teaches journalism"); only speech cues
    may claim a quotation for themselves or keep another cue from claiming it."""
    if cand.origin in LEARNED_ORIGINS:
        return False  # "declined to comment", "his attacks on": attitudes, not the voice of a quotation
    return cand.origin != "verb" or cand.cue_token is None or doc[cand.cue_token].lemma_.lower() in CUE_VERBS


def _paragraph(text: str, at: int) -> Fragment:
    """Character bounds of the paragraph (line) containing `at`."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def _quote_cue(
    doc: Doc,
    quote: Fragment,
    segments: list[Fragment],
    lexicon: frozenset[str],
    sentences: Sentences,
    text: str,
) -> Token | None:
    """The cue verb that introduces a quotation: the one nearest to it outside every quotation, in the sentences
    the quote touches, the sentence right after it (`"..." <newline-free> Bush said.`) or the sentence before a
    colon that opens it ("He added:" at the end of the previous paragraph). Outside the colon case the cue must
    share a paragraph with the quote: a sentence the parser ran over a paragraph break ("..., Clinton added that
    he was better.\n\n''I don't know ...,'' she said.") must not lend the quote the earlier paragraph's cue."""
    qs, qe = quote
    first = sentences.of_char(qs)
    last = sentences.of_char(max(qs, qe - 1))
    sents: list[Span] = [s for s in (first, last) if s is not None]
    lo, hi = _paragraph(text, qs)[0], _paragraph(text, max(qs, qe - 1))[1]
    if last is not None and last.end < len(doc):
        following = sentences.of_token(last.end)
        if following.start_char < hi:  # "..." Bush said. (the parser split the quote from its cue)
            sents.append(following)
    j = qs - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    colon = j >= 0 and text[j] == ":"
    if colon:
        prev = sentences.of_char(j)
        if prev is not None:
            sents.append(prev)
            lo = min(lo, prev.start_char)
    best: tuple[int, Token] | None = None
    seen: set[int] = set()
    for sent in sents:
        if sent.start in seen:
            continue
        seen.add(sent.start)
        for token in sent:
            if token.pos_ not in ("VERB", "AUX") or not lo <= token.idx < hi:
                continue
            if token.lemma_.lower() not in lexicon or _inside_any(token.idx, segments):
                continue
            distance = qs - token.idx if token.idx < qs else token.idx - qe
            if best is None or distance < best[0]:
                best = (distance, token)
    return best[1] if best is not None else None


def _inside_any(char: int, segments: list[Fragment]) -> bool:
    return any(qs <= char < qe for qs, qe in segments)


def quote_candidates(
    doc: Doc,
    segments: list[Fragment],
    taken: list[Candidate],
    lexicon: frozenset[str] | None,
    sentences: Sentences,
    text: str | None = None,
) -> list[Candidate]:
    """Quotations that no speech-cue candidate covers, attributed to the nearest cue (see `_quote_cue`)."""
    text = doc.text if text is None else text
    covered = [(c.start, c.end) for c in taken if speech_cue(doc, c)]
    out = []
    for qs, qe in segments:
        if any(s <= qs + 1 and e >= qe - 1 for s, e in covered):
            continue
        if len(text[qs:qe].split()) < 3:
            continue
        cue = _quote_cue(doc, (qs, qe), segments, lexicon or CUE_VERBS, sentences, text)
        if cue is None:
            continue
        subj, path = subject_of(cue)
        cand = Candidate(
            content=[(qs, qe)],
            cue=[(cue.idx, cue.idx + len(cue.text))],
            speaker=speaker_span(subj) if subj is not None else None,
            origin="quote",
            cue_token=cue.i,
            direct_share=1.0,
        )
        cand.features.update({"parenthetical": 0.0, "subject_path": path, "clause_dep": "quote"})
        out.append(cand)
    return out


def merge_continuations(
    doc: Doc, candidates: list[Candidate], segments: list[Fragment], text: str | None = None
) -> None:
    """Attach to a direct quote the quotations that continue it in the same paragraph without a cue of their own
    (`"We will not," he said, "back down."` and `"One thing," he said. "Another thing."`)."""
    text = doc.text if text is None else text

    def outside(c: Candidate) -> bool:
        """Whether `c` can own a quotation: its cue is a speech cue outside quotation marks. Neither nested
        speech ("I think" inside a quote) nor the non-speech verbs of the broad candidates ("who teaches
        journalism") may take or block the continuation of `"A," said X, who teaches journalism. "B"`."""
        if c.cue and _inside_any(c.cue[0][0], segments):
            return False
        return speech_cue(doc, c)

    # decided once per candidate (the cues do not change below; asking again read a Token's lemma each time)
    owners = {id(c) for c in candidates if outside(c)}
    starts = {c.start for c in candidates if id(c) in owners}
    owned = [(c.start, c.end) for c in candidates if id(c) in owners]
    for cand in sorted(candidates, key=lambda c: c.start):
        if cand.direct_share < 0.5 or id(cand) not in owners:
            continue
        end = cand.end
        paragraphs = 0
        for qs, qe in segments:
            if qs < end or qs in starts:
                continue
            if any(s <= qs < e for s, e in owned):
                break
            between = text[end:qs]
            if "\n" in between:
                # a new paragraph that opens with a quotation continues the voice (at most 3 paragraphs)
                head, _, tail = between.partition("\n")
                cue_between = bool(cand.cue) and end <= cand.cue[0][0] < end + len(head)
                if (head.strip() and not cue_between) or tail.strip() or paragraphs >= 3:
                    break
                paragraphs += 1
            elif len(between) > 120 or any(end <= s < qs for s, _ in owned):
                break
            cand.content.append((qs, qe))
            end = qe
            owned.append((qs, qe))
        cand.content = sorted(cand.content)


def _keep_speaker_in_paragraph(doc: Doc, cand: Candidate, text: str) -> None:
    """A speaker mention in another paragraph than its cue is a parse run over a headline ("Farmers march
    against new water rules\n\nThe National Farmers Union said ..." gives "Farmers" as the subject): take the
    noun phrase right before the cue in the cue's own paragraph instead, or no speaker."""
    if cand.speaker is None or cand.cue_token is None:
        return
    cue = doc[cand.cue_token]
    lo, hi = sorted((doc[cand.speaker[0]].idx, cue.idx))
    if "\n" not in text[lo:hi]:
        return
    start, end = cand.speaker
    para = text.rfind("\n", 0, cue.idx) + 1
    if start < cue.i and doc[end - 1].idx >= para:
        # the mention began in the previous paragraph ("3:20 p.m.\n\nEarly results of an entrance poll
        # ... are showing"): keep its words of the cue's paragraph
        while start < end and doc[start].idx < para:
            start += 1
        while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
            start += 1
        if start < end and not doc[start].is_space:
            cand.speaker = (start, end)
            return
    cand.speaker = None
    i = cue.i - 1
    while i >= 0 and doc[i].pos_ in ("ADV", "PART") and "\n" not in doc[i].text:
        i -= 1
    if i < 0 or doc[i].pos_ not in ("PROPN", "NOUN", "PRON") or "\n" in text[doc[i].idx : cue.idx]:
        return
    start = i
    while (
        start > 0 and doc[start - 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ") and not doc[start - 1].is_space
    ):
        if "\n" in doc[start - 1].text_with_ws:
            break
        start -= 1
    cand.speaker = (start, i + 1)


def extract(
    doc: Doc,
    lexicon: frozenset[str] | None = CUE_VERBS,
    learned: Callable[[Doc, list[Fragment], Sentences, str], list[Candidate]] | None = None,
) -> tuple[list[Candidate], QuoteMarks]:
    """All candidate attributions of a parsed Doc, in text order, and the quotation marks found; in the broad
    mode (`lexicon=None`), `learned` adds the candidates of the learned cue lexicon (`cues.py`, which
    imports this module, so it is passed in)."""
    text = doc_text(doc)  # `doc.text` is rebuilt by spaCy on every access: once per Doc
    marks = quote_segments(text)
    segments = marks.segments
    candidates = verb_candidates(doc, segments, lexicon, text=text)
    sentences = Sentences(doc)
    marks.text, marks.sentences = text, sentences
    candidates += according_to_candidates(doc, segments, sentences, text=text)
    candidates += colon_candidates(doc, segments, text=text)
    candidates += dash_candidates(doc, segments, text=text)
    if lexicon is None:  # labels are too often not voices to keep without the learned filter
        candidates += label_candidates(doc, segments, text=text)
        if learned is not None:
            candidates += learned(doc, segments, sentences, text)
    candidates += quote_candidates(doc, segments, candidates, lexicon, sentences, text=text)
    unique: list[Candidate] = []
    # a candidate duplicates an earlier one when they share a cue (a quote candidate and a verb candidate of
    # one cue); looked up in a set, where a pairwise scan was quadratic in the number of candidates
    seen_cues: set[Fragment] = set()
    for cand in candidates:
        if cand.cue and cand.cue[0] in seen_cues and not cand.features.get("variant"):
            continue
        unique.append(cand)
        if cand.cue:
            seen_cues.add(cand.cue[0])
    for cand in unique:
        _keep_speaker_in_paragraph(doc, cand, text)
    merge_continuations(doc, unique, segments, text=text)
    for cand in unique:
        cand.direct_share = _quote_share(cand.content, segments)
    if lexicon is None:  # a feature of the learned filter only
        _mark_nested(doc, unique)
    unique.sort(key=lambda c: (c.start, c.end))
    return unique, marks


def _mark_nested(doc: Doc, candidates: list[Candidate]) -> None:
    """Feature `nested`: the cue stands inside the content of another candidate with a speech cue ("he said
    ... until Haley said she was backing ..."); PolNeAR annotates some nested attributions and not others, so
    the learned filter weighs it (as `cue_in_quote` for quotations)."""
    spans = [(s, e, id(c)) for c in candidates if speech_cue(doc, c) for s, e in c.content]
    for cand in candidates:
        if not cand.cue:
            continue
        at, own = cand.cue[0][0], id(cand)
        cand.features["nested"] = any(s <= at < e and i != own for s, e, i in spans)
