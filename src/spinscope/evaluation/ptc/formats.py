"""Read and write the SemEval-2020 Task 11 (PTC) file formats.

* articles folder: ``article<ID>.txt`` files, UTF-8, one sentence per line.
* SI labels / submission rows: ``id \\t start \\t end`` (start inclusive, end exclusive, character offsets).
* TC labels / submission rows: ``id \\t technique \\t start \\t end``.
* TC templates are TC files whose technique column is ``?`` (or any placeholder).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_ARTICLE_RE = re.compile(r"^article(\d+)\.txt$")


@dataclass(frozen=True, order=True)
class SIRow:
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, order=True)
class TCRow:
    article_id: str
    technique: str
    start: int
    end: int


def read_article(path: Path) -> str:
    # newline="" keeps offsets identical to the organisers' (they read with Python's default text mode on
    # files that only use "\n"; we keep every character as is).
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def read_articles(folder: Path | str) -> dict[str, str]:
    """Return ``{article_id: text}`` for every ``article<ID>.txt`` in ``folder`` (sorted by id)."""
    folder = Path(folder)
    out: dict[str, str] = {}
    for p in sorted(folder.iterdir()):
        m = _ARTICLE_RE.match(p.name)
        if m:
            out[m.group(1)] = read_article(p)
    if not out:
        raise FileNotFoundError(f"no article<ID>.txt files in {folder}")
    return out


def _lines(path_or_lines: Path | str | Iterable[str]) -> Iterable[str]:
    if isinstance(path_or_lines, (str, Path)):
        with open(path_or_lines, encoding="utf-8") as fh:
            yield from fh
    else:
        yield from path_or_lines


def parse_si(path_or_lines: Path | str | Iterable[str]) -> list[SIRow]:
    rows = []
    for n, line in enumerate(_lines(path_or_lines), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"SI line {n}: expected 3 tab-separated fields, got {len(parts)}: {line!r}")
        aid, s, e = parts
        rows.append(SIRow(aid.strip(), int(s), int(e)))
    return rows


def parse_tc(path_or_lines: Path | str | Iterable[str]) -> list[TCRow]:
    rows = []
    for n, line in enumerate(_lines(path_or_lines), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"TC line {n}: expected 4 tab-separated fields, got {len(parts)}: {line!r}")
        aid, tech, s, e = parts
        rows.append(TCRow(aid.strip(), tech.strip(), int(s), int(e)))
    return rows


def tc_template(rows: Iterable[TCRow]) -> list[TCRow]:
    """Strip the technique column (``?``), as the organisers' TC templates do."""
    return [TCRow(r.article_id, "?", r.start, r.end) for r in rows]


def format_si(rows: Iterable[SIRow]) -> str:
    return "".join(f"{r.article_id}\t{r.start}\t{r.end}\n" for r in rows)


def format_tc(rows: Iterable[TCRow]) -> str:
    return "".join(f"{r.article_id}\t{r.technique}\t{r.start}\t{r.end}\n" for r in rows)


def write_si(rows: Iterable[SIRow], path: Path | str) -> None:
    Path(path).write_text(format_si(rows), encoding="utf-8")


def write_tc(rows: Iterable[TCRow], path: Path | str) -> None:
    Path(path).write_text(format_tc(rows), encoding="utf-8")


def read_technique_names(path: Path | str) -> list[str]:
    return [ln.strip() for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]


class PTC:
    """Paths inside a PTC release folder (``.../ptc-semeval2020-task11``)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.datasets = self.root / "datasets" if (self.root / "datasets").is_dir() else self.root

    def articles_dir(self, split: str) -> Path:
        if split == "test":
            raise ValueError("refusing to use test articles for training/selection")
        return self.datasets / f"{split}-articles"

    def articles(self, split: str) -> dict[str, str]:
        return read_articles(self.articles_dir(split))

    def si(self, split: str) -> list[SIRow]:
        return parse_si(self.datasets / f"{split}-task-si.labels")

    def tc(self, split: str) -> list[TCRow]:
        return parse_tc(self.datasets / f"{split}-task-flc-tc.labels")

    def technique_names(self) -> list[str]:
        return read_technique_names(
            self.root
            / "propaganda-techniques-scorer"
            / "data"
            / "propaganda-techniques-names-semeval2020task11.txt"
        )
