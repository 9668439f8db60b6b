"""Attributions of a parsed Doc: the hand-written rules alone, or broad candidates kept by the learned filter."""

from __future__ import annotations

from typing import Literal

import numpy as np
from spacy.tokens import Doc, Token

from .cues import drop_sourceless_speakers, learned_candidates
from .learned import Filter, features, load_filter
from .lexicon import ATTITUDE_CUES, LIGHT_VERBS, NAMING_ONLY, SPEECH_NOUNS
from .rules import CUE_VERBS, Candidate, QuoteMarks, extract
from .speakers import plausible_speaker

CLAUSE_CONTENT = frozenset({"ccomp", "parenthetical", "as_clause"})

Mode = Literal["auto", "rules", "learned"]


def _overlap_ratio(a: Candidate, b: Candidate) -> float:
    shared = 0
    for s1, e1 in a.content:
        for s2, e2 in b.content:
            shared += max(0, min(e1, e2) - max(s1, s2))
    longer = max(sum(e - s for s, e in a.content), sum(e - s for s, e in b.content))
    return shared / longer if longer else 0.0


def speech_cue(cue: Token, content_type: str) -> bool:
    """Whether a verb cue is speech, thought or writing: a lexicon verb, or an attitude verb of
    `lexicon.ATTITUDE_CUES` ("criticized", "endorsed"); a naming verb with a bare object ("calls the Office
    for Students") is not, with a predicate it is ("called the merger 'a terrible deal'")."""
    lemma = cue.lemma_.lower()
    if lemma in CUE_VERBS or content_type in CLAUSE_CONTENT:
        return True  # a reported clause is something held or said ("made clear that", "pointed out that")
    if lemma not in ATTITUDE_CUES:
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        return (
            lemma in LIGHT_VERBS and obj is not None and obj.lemma_.lower() in SPEECH_NOUNS
        )  # "issued a statement"
    if lemma in NAMING_ONLY and content_type == "dobj":
        return any(c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") for c in cue.children)
    return True


def speechlike(doc: Doc, cand: Candidate) -> bool:
    """A candidate with a speech cue ("said", "believes"), or another cue with its own subject that can speak:
    drops PolNeAR-style attitudes of things ("the blocking ... made it difficult") that are not voices."""
    if cand.cue_token is not None and doc[cand.cue_token].lemma_.lower() in CUE_VERBS:
        return True
    cue = doc[cand.cue_token] if cand.cue_token is not None else None
    if (
        cue is not None
        and cand.origin == "verb"
        and not speech_cue(cue, str(cand.features.get("clause_dep", "")))
    ):
        return False
    if (
        cue is not None
        and cand.features.get("subject_path") == "inherited"
        and any(c.dep_ == "mark" for c in cue.children)
    ):  # "While welcoming ..., X left": a subordinate clause lends no words to the main subject
        return False
    return plausible_speaker(doc, cand)


# Candidate types the filter has (almost) no training evidence for: PolNeAR train has hardly any '"..." --
# Name' attributions, so the learned weights of `dash` are near zero and its score would come from features
# made for verb cues ("lexicon=False"); the rule decides them, as it does for types added after training.
RULE_DECIDED = frozenset({"dash"})


def score_candidates(
    doc: Doc,
    candidates: list[Candidate],
    marks: QuoteMarks,
    flt: Filter,
    probs: np.ndarray | None = None,
) -> None:
    text = marks.text if marks.text is not None else doc.text
    for cand in candidates:
        if cand.origin in RULE_DECIDED or not flt.knows(f"origin={cand.origin}"):
            cand.score = None  # a candidate type added after the model was trained: the rule decides
            continue
        cand.score = flt.score(features(doc, cand, marks.segments, text, probs))


def choose(ranked: list[Candidate], dedupe: float) -> list[Candidate]:
    """The candidates to keep, from those above the threshold best first: one per cue (the boundary variants
    of one cue, `rules.object_variants`, are alternatives), and none sharing `dedupe` of its content with a
    better one. The training's cross-validation chooses with this function too."""
    chosen: list[Candidate] = []
    extents: list[tuple[int, int]] = []  # (start, end) of each chosen candidate
    cues: set[tuple[int, int]] = set()
    for cand in ranked:
        if cand.cue and cand.cue[0] in cues:
            continue
        start, end = cand.start, cand.end
        # candidates whose extents do not meet share no character (ratio 0.0): only those that meet are
        # compared fragment by fragment, where comparing every pair was quadratic in the candidates
        if all(
            (_overlap_ratio(cand, other) if s < end and start < e else 0.0) < dedupe
            for other, (s, e) in zip(chosen, extents, strict=True)
        ):
            chosen.append(cand)
            extents.append((start, end))
            if cand.cue:
                cues.add(cand.cue[0])
    return chosen


def find(
    doc: Doc, mode: Mode = "auto", flt: Filter | None = None, probs: np.ndarray | None = None
) -> tuple[list[Candidate], QuoteMarks]:
    """`rules`: cue-verb lexicon + quotation marks. `learned`/`auto`: broad candidates scored by the filter
    (`auto` falls back to the rules when no model file ships), with the encoder probe's token ``probs`` when
    the filter was fitted with them. Near-duplicate contents keep the best score."""
    if mode != "rules" and flt is None:
        flt = load_filter()
        if flt is None and mode == "learned":
            raise FileNotFoundError("no quotes filter model found (spinscope/models/quotes/filter.json)")
    if mode == "rules" or flt is None:
        return extract(doc, CUE_VERBS)
    candidates, marks = extract(doc, None, learned_candidates)
    score_candidates(doc, candidates, marks, flt, probs)
    kept = sorted(
        (c for c in candidates if (c.score is None or c.score >= flt.threshold) and speechlike(doc, c)),
        key=lambda c: -(c.score if c.score is not None else flt.threshold),
    )
    chosen = choose(kept, flt.dedupe)
    drop_sourceless_speakers(chosen)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen, marks
