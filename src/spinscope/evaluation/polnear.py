"""Reading and scoring the PolNeAR corpus (Newell, Margolin & Ruths, LREC 2018), and running the quotes layer
over it: the code behind `spinscope quotes eval --polnear DIR` and the training of the quotes filter.

**Reading.** A PolNeAR split is a folder with `text/<name>.txt` (the raw article) and
`attributions/<name>_<annotator>.ann` (brat standoff). `T` lines carry `Source`, `Cue`, `Content` (and
`Attribution`, `Discuss`, `Discard`) spans with character offsets, possibly discontinuous (`start end;start
end`); `E` lines tie one attribution together: `Attribution:Tn Content:Tn Cue:Tn Source:Tn` (Source is absent
for "it was said"). Where an article has several `.ann` files (one per annotator), the first in name order is
used, as the evaluation protocol of issue #4 says.

**Scoring**, as issue #4 defines it:

- Content P/R/F1 at an overlap threshold t: a prediction matches a gold content span when the characters they
  share are at least t x the length of the longer of the two (spans made of several fragments count the
  characters of all their fragments). Matching is one-to-one, greedily by decreasing overlap ratio, so one
  prediction never counts for two gold spans.
- Source accuracy, over the contents matched at t = 0.3: the predicted speaker span overlaps the gold source span
  (when the gold attribution has no source, a prediction without a speaker span is right).
- Cue accuracy, over the same matched contents: the predicted cue overlaps the gold cue.

**Parsing** a split with spinscope's spaCy pipeline (up to the entities layer) is cached on disk (a spaCy
`DocBin` under a folder you choose, e.g. /tmp/spinscope-quotes-cache), so repeated evaluations and training runs
skip the minutes of parsing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution relation; each role is a tuple of (start, end) fragments (empty when absent)."""

    content: Fragments
    cue: Fragments
    source: Fragments


@dataclass
class Article:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


class PolnearError(ValueError):
    """The folder is not in the PolNeAR layout."""


def _fragments(spec: str) -> Fragments:
    parts = []
    for piece in spec.split(";"):
        start, end = piece.split()
        parts.append((int(start), int(end)))
    return tuple(sorted(parts))


def parse_ann(content: str) -> list[GoldAttribution]:
    """The attribution relations of one brat `.ann` file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[dict[str, str]] = []
    for line in content.splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _fragments(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            roles = {}
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            relations.append(roles)
    out = []
    empty: tuple[str, Fragments] = ("", ())
    for roles in relations:
        fragments = spans.get(roles.get("Content", ""), empty)[1]
        if not fragments:
            continue
        out.append(
            GoldAttribution(
                content=fragments,
                cue=spans.get(roles.get("Cue", ""), empty)[1],
                source=spans.get(roles.get("Source", ""), empty)[1],
            )
        )
    return out


def resolve_split(folder: Path) -> Path:
    """Accept the split folder itself (`.../dev`) or the repository/data root (then `dev` is used)."""
    for candidate in (folder, folder / "dev", folder / "data" / "dev"):
        if (candidate / "text").is_dir() and (candidate / "attributions").is_dir():
            return candidate
    raise PolnearError(
        f"{folder} is not a PolNeAR split: expected text/*.txt and attributions/*.ann "
        "(e.g. .../polnear/data/dev)"
    )


def read_split(folder: Path, limit: int | None = None) -> Iterator[Article]:
    """Articles of one split, in name order; an article without a `.ann` file is skipped."""
    split = resolve_split(Path(folder))
    anns: dict[str, Path] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(name, ann)
    texts = sorted((split / "text").glob("*.txt"))
    if not texts:
        raise PolnearError(f"no text/*.txt files in {split}")
    count = 0
    for path in texts:
        if path.stem not in anns:
            continue
        text = path.read_text(encoding="utf-8")
        yield Article(path.stem, text, parse_ann(anns[path.stem].read_text(encoding="utf-8")))
        count += 1
        if limit is not None and count >= limit:
            return


# ---- scoring ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Predicted:
    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


def _chars(fragments: Sequence[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for start, end in fragments:
        out.update(range(start, end))
    return out


def overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(
    predicted: Sequence[Sequence[tuple[int, int]]],
    gold: Sequence[Sequence[tuple[int, int]]],
    threshold: float,
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs whose overlap is >= threshold x the longer span."""
    pred_chars = [_chars(p) for p in predicted]
    gold_chars = [_chars(g) for g in gold]
    candidates = []
    for i, pc in enumerate(pred_chars):
        for j, gc in enumerate(gold_chars):
            longer = max(len(pc), len(gc))
            if not longer:
                continue
            shared = len(pc & gc)
            if shared and shared >= threshold * longer:
                candidates.append((shared / longer, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: dict[str, int] = field(default_factory=lambda: {"0.3": 0, "0.8": 0})
    source_correct: int = 0
    cue_correct: int = 0

    def add(self, predicted: Sequence[Predicted], gold: Iterable[object]) -> None:
        gold_list = list(gold)
        self.predicted += len(predicted)
        self.gold += len(gold_list)
        gold_content = [g.content for g in gold_list]  # type: ignore[attr-defined]
        for threshold in ("0.3", "0.8"):
            pairs = match([p.content for p in predicted], gold_content, float(threshold))
            self.matched[threshold] += len(pairs)
            if threshold != "0.3":
                continue
            for i, j in pairs:
                pred, ref = predicted[i], gold_list[j]
                if ref.source:  # type: ignore[attr-defined]
                    self.source_correct += overlaps(pred.source, ref.source)  # type: ignore[attr-defined]
                else:
                    self.source_correct += not pred.source
                self.cue_correct += overlaps(pred.cue, ref.cue)  # type: ignore[attr-defined]

    def metrics(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"predicted": self.predicted, "gold": self.gold}
        for threshold, tp in self.matched.items():
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[f"content_p@{threshold}"] = round(p, 4)
            out[f"content_r@{threshold}"] = round(r, 4)
            out[f"content_f1@{threshold}"] = round(f, 4)
        matched = self.matched["0.3"]
        out["matched@0.3"] = matched
        out["source_accuracy"] = round(self.source_correct / matched, 4) if matched else 0.0
        out["cue_accuracy"] = round(self.cue_correct / matched, 4) if matched else 0.0
        return out


# ---- parsing and running the layer ---------------------------------------------------------------------------------
PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "which", "that"})


def parse_split(
    folder: Path, cache_dir: Path | None = None, limit: int | None = None
) -> list[tuple[Article, Doc]]:
    """(article, parsed Doc) pairs of a split, parsed with the runtime pipeline's spaCy model + entities; with
    `cache_dir`, the parse is stored there once and read back on later calls (keyed by split path and names)."""
    from ..pipeline import Pipeline

    split = resolve_split(folder)
    articles = list(read_split(split, limit=limit))
    pipeline = Pipeline(layers=["entities"])
    key = hashlib.sha1(
        json.dumps([str(split.resolve()), limit, [a.name for a in articles]]).encode()
    ).hexdigest()[:12]
    path = Path(cache_dir) / f"polnear-{split.name}-{key}" if cache_dir is not None else None
    if path is not None and (path / "docs.spacy").exists():
        docs = list(DocBin().from_disk(path / "docs.spacy").get_docs(pipeline.nlp.vocab))
        return list(zip(articles, docs, strict=True))
    docs = list(pipeline.nlp.pipe((a.text for a in articles), batch_size=16))
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path / "docs.spacy")
    return list(zip(articles, docs, strict=True))


@dataclass
class Voices:
    """How the layer's speakers come out as voices a researcher can count (beside the span figures)."""

    with_speaker: int = 0  # predicted attributions that have a speaker mention
    resolved: int = 0  # ... whose mention was resolved to a voice
    pronoun_gold: int = 0  # matched attributions whose gold source is a bare pronoun
    pronoun_resolved: int = 0  # ... that the layer resolved to a voice that is not a pronoun
    voices: int = 0  # voices in the sourcing summaries
    articles: int = 0

    def metrics(self) -> dict[str, float | int]:
        return {
            "speaker_resolved_share": round(self.resolved / self.with_speaker, 4)
            if self.with_speaker
            else 0.0,
            "pronoun_sources": self.pronoun_gold,
            "pronoun_sources_resolved_share": (
                round(self.pronoun_resolved / self.pronoun_gold, 4) if self.pronoun_gold else 0.0
            ),
            "voices_per_article": round(self.voices / self.articles, 2) if self.articles else 0.0,
        }


def run_layer(pairs: Iterable[tuple[Article, Doc]], mode: str) -> tuple[dict[str, float | int], float]:
    """Run the quotes component (`mode`: rules, learned or auto) on parsed Docs and score it; returns the
    figures and the seconds spent in the component (the shared encoding it reads is made before the clock
    starts, as the pipeline makes it once for every layer)."""
    import time

    from ..components.encoder import encoded
    from ..components.quotes import SPAN_KEY, QuoteFinder

    finder = QuoteFinder(mode)  # type: ignore[arg-type]
    counts, voices = Counts(), Voices()
    seconds = 0.0
    for article, parsed in pairs:
        doc = parsed.copy()
        for key, value in list(doc.user_data.items()):  # a DocBin gives lists back as tuples
            if isinstance(value, tuple) and isinstance(key, str) and key.startswith("spinscope_"):
                doc.user_data[key] = list(value)
        if finder.probe is not None:  # the shared encoding, which the pipeline makes once for every layer
            encoded(doc)
        t0 = time.perf_counter()
        finder(doc)
        seconds += time.perf_counter() - t0
        records = [span._.spinscope_quote for span in doc.spans.get(SPAN_KEY, [])]
        predicted = [
            Predicted(
                tuple(tuple(p) for p in r["parts"]),
                tuple(tuple(c) for c in r["cue"]),
                (tuple(r["speaker"]),) if r["speaker"] else (),
            )
            for r in records
        ]
        counts.add(predicted, article.attributions)
        voices.articles += 1
        voices.voices += len(doc._.spinscope_sourcing["voices"])
        for r in records:
            if r["speaker"]:
                voices.with_speaker += 1
                voices.resolved += bool(r["resolved"])
        for i, j in match([p.content for p in predicted], [g.content for g in article.attributions], 0.3):
            gold = article.attributions[j]
            if len(gold.source) == 1:
                s, e = gold.source[0]
                if article.text[s:e].strip().lower() in PRONOUNS:
                    voices.pronoun_gold += 1
                    voices.pronoun_resolved += bool(records[i]["resolved"])
    return {**counts.metrics(), **voices.metrics()}, seconds
