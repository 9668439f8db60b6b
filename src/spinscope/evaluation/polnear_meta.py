"""PolNeAR's article metadata (`data/metadata.tsv`): publisher, wire-service credit and where the text lies.

The persuasion index's reference distribution is the wire copy in PolNeAR (column `wire`: AP, Reuters, AFP or
UPI, else "None"/"NA"), and its check is that wire copy ranks below Breitbart's and the Western Journal's own
articles. Only the compartments whose texts are present are read (train, dev, annotator-training; the test split
is held back, and parc3-replication has no texts).

>>> wire_service({"wire": "reuters"}), wire_service({"wire": "None"})
('Reuters', None)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

WIRE_SERVICES = {"ap": "AP", "reuters": "Reuters", "afp": "AFP", "upi": "UPI"}
TEXT_COMPARTMENTS = ("train", "dev", "annotator-training")


@dataclass(frozen=True)
class PolnearArticle:
    name: str  # file stem
    compartment: str
    publisher: str  # breitbart, huff-post, nyt, politico, usa-today, wash-post, west-journal
    wire: str | None  # AP, Reuters, AFP, UPI; None for the outlet's own copy
    path: Path

    def text(self) -> str:
        with open(self.path, encoding="utf-8", newline="") as fh:
            return fh.read()


def wire_service(row: dict[str, str]) -> str | None:
    return WIRE_SERVICES.get((row.get("wire") or "").strip().lower())


def read_metadata(root: Path | str) -> list[PolnearArticle]:
    """Articles of ``root`` (the PolNeAR folder holding ``data/``) whose text file exists, in metadata order."""
    data = Path(root) / "data"
    out = []
    with open(data / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] not in TEXT_COMPARTMENTS:
                continue
            path = data / row["compartment"] / "text" / f"{row['filename']}.txt"
            if path.is_file():
                out.append(
                    PolnearArticle(
                        row["filename"], row["compartment"], row["publisher"], wire_service(row), path
                    )
                )
    return out
