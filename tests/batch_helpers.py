"""Generated corpora for the batch tests and benchmarks: news-like texts from a fixed vocabulary."""

from __future__ import annotations

import json
import random
from pathlib import Path

SUBJECTS = [
    "The United States",
    "The Taliban",
    "Iran Press",
    "The government in Kabul",
    "Afghan citizens",
    "A spokesman for the ministry",
    "Zabihullah Mujahid",
    "The European Union",
    "Local officials",
]
VERBS = ["condemned", "praised", "blamed", "welcomed", "ignored", "attacked", "supported", "criticised"]
OBJECTS = [
    "the brutal occupation",
    "the peaceful agreement",
    "the terrible failure",
    "the new schools",
    "the frozen assets",
    "the humanitarian disaster",
    "the successful reforms",
    "the corrupt officials",
]
TAILS = ["on Tuesday.", "after the withdrawal.", "in a statement.", "according to sources.", "last year."]


def article(rng: random.Random, sentences: int = 4) -> str:
    """A short news-like text from a fixed vocabulary (so spaCy's string store stops growing)."""
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
        for _ in range(sentences)
    )


def make_corpus(path: Path, count: int, *, seed: int = 1, bad_every: int = 0) -> Path:
    rng = random.Random(seed)
    with path.open("w") as handle:
        for i in range(count):
            row: dict[str, object] = {
                "id": f"a{i:06d}",
                "text": article(rng),
                "outlet": "ABC"[i % 3],
                "published": f"2022-{1 + i % 12:02d}-15",
            }
            if bad_every and i % bad_every == bad_every - 1:
                row["text"] = "   "
            handle.write(json.dumps(row) + "\n")
    return path
