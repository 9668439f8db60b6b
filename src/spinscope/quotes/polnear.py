"""Reading the PolNeAR corpus (Newell, Margolin & Ruths, LREC 2018) in its published folder layout.

A PolNeAR split is a folder with `text/<name>.txt` (the raw article) and `attributions/<name>_<annotator>.ann`
(brat standoff). `T` lines carry `Source`, `Cue`, `Content` (and `Attribution`, `Discuss`, `Discard`) spans with
character offsets, possibly discontinuous (`start end;start end`); `E` lines tie one attribution together:
`Attribution:Tn Content:Tn Cue:Tn Source:Tn` (Source is absent for "it was said"). Where an article has several
`.ann` files (one per annotator), the first in name order is used, as the evaluation protocol of issue #4 says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
