"""Readers for the labelled check-worthiness sets, so that `spinscope claims eval` and training share one parser.

Formats (detected from the header line):
- CheckThat! 2021-2024 Task 1 English: TSV `Sentence_id<TAB>Text<TAB>class_label` with Yes/No, fields quoted CSV-style
  (`""` inside quotes). The CT24 train file has one physical line holding two records (ids 24098 and 29286, a newline
  is missing: `...<TAB>No29286<TAB>...`); it is split back into two records.
- CheckThat! 2019 Task 1: CSV `line_number,speaker,text,label,file_name` (label 0/1).
- CheckThat! 2020 Task 5: TSV `text<TAB>label` (0/1).
- CheckThat! 2020 Task 1 (tweets): TSV with `tweet_text` and `check_worthiness` or `claim_worthiness` (0/1).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..ingest import InputError

_GLUED = re.compile(r"^(Yes|No)(\d+)$")
_LABELS = {"yes": 1, "no": 0, "1": 1, "0": 0}


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int  # 1 = check-worthy
    group: str = ""  # debate/file the sentence comes from, when the format says


def _label(value: str, path: Path, line: int) -> int:
    try:
        return _LABELS[value.strip().lower()]
    except KeyError:
        raise InputError(f"{path}: row {line}: label {value!r} is not Yes/No or 1/0") from None


def read_examples(path: str | Path) -> list[Example]:
    """Labelled sentences from any of the supported formats; `InputError` for unreadable or unknown files."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    first = raw.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.reader(raw.splitlines(), delimiter=delimiter))
    if not rows:
        raise InputError(f"{path}: empty file")
    header = [h.strip().lower() for h in rows[0]]
    body = rows[1:]
    out: list[Example] = []
    if header[:3] == ["sentence_id", "text", "class_label"]:
        for n, row in enumerate(body, start=2):
            if not row:
                continue
            if len(row) == 5 and (m := _GLUED.match(row[2].strip())):  # two records on one line
                out.append(Example(row[0], row[1], _label(m.group(1), path, n)))
                out.append(Example(m.group(2), row[3], _label(row[4], path, n)))
                continue
            if len(row) < 3:
                raise InputError(f"{path}: row {n} has {len(row)} fields, expected 3")
            out.append(Example(row[0], row[1], _label(row[2], path, n)))
    elif {"text", "label"} <= set(header):
        ti, li = header.index("text"), header.index("label")
        gi = header.index("file_name") if "file_name" in header else None
        ii = header.index("line_number") if "line_number" in header else None
        for n, row in enumerate(body, start=2):
            if not row:
                continue
            group = row[gi] if gi is not None else ""
            ident = f"{group}:{row[ii]}" if ii is not None else str(n - 1)
            out.append(Example(ident, row[ti], _label(row[li], path, n), group))
    elif "tweet_text" in header and ({"check_worthiness", "claim_worthiness"} & set(header)):
        ti = header.index("tweet_text")
        li = header.index("check_worthiness" if "check_worthiness" in header else "claim_worthiness")
        ii = header.index("tweet_id") if "tweet_id" in header else None
        for n, row in enumerate(body, start=2):
            if row:
                out.append(
                    Example(row[ii] if ii is not None else str(n - 1), row[ti], _label(row[li], path, n))
                )
    else:
        raise InputError(
            f"{path}: unknown format (expected a CheckThat! header such as "
            "'Sentence_id<TAB>Text<TAB>class_label')"
        )
    if not out:
        raise InputError(f"{path}: no labelled sentences")
    return out


def normalise_text(text: str) -> str:
    """Key for de-duplication: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
