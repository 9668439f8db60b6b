"""Generated corpora for the batch tests and benchmarks: news-like texts from a fixed vocabulary."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from spinscope.analysis import Analysis, Meta

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


TEXT = "Kabul (IP) - The US left Afghanistan in ruin and poverty, a Taliban spokesman said on 31 August 2021."


def minimal(**fields: Any) -> dict[str, Any]:
    meta = Meta(language="en", word_count=18, char_count=len(TEXT))
    return Analysis(text=TEXT, meta=meta, layers=[], **fields).model_dump(mode="json", by_alias=True)


FULL: dict[str, Any] = {
    **minimal(),
    "layers": ["entities", "tone", "techniques", "quotes", "claims", "outlet"],
    "entities": [
        {"id": "E1", "name": "United States", "label": "GPE", "mentions": [{"start": 15, "end": 17}]},
        {
            "id": "E2",
            "name": "Taliban",
            "label": "ORG",
            "mentions": [{"start": 62, "end": 69}, {"start": 1, "end": 3}],
        },
    ],
    "tone": {
        "document": {
            "positive": 1.0,
            "negative": 5.5,
            "polarity": 6.5,
            "tone": -4.5,
            "compound": -0.7,
            "words": 18,
        },
        "sentences": [],
        "actors": [
            {"entity_id": "E1", "name": "United States", "label": "negative", "score": -0.6, "mentions": 1}
        ],
    },
    "techniques": [
        {
            "start": 35,
            "end": 51,
            "text": "ruin and poverty",
            "technique": "Loaded_Language",
            "family": "x",
            "score": 0.9,
            "definition": "d",
            "in_quote": True,
            "speaker": "a Taliban spokesman",
        },
    ],
    "quotes": [
        {
            "start": 11,
            "end": 56,
            "text": TEXT[11:56],
            "speaker": {"name": "a Taliban spokesman", "type": "anonymous"},
            "kind": "indirect",
        }
    ],
    "sourcing": {"voices": [{"name": "a Taliban spokesman", "type": "anonymous", "quotes": 1}]},
    "claims": [
        {
            "start": 0,
            "end": len(TEXT),
            "text": TEXT,
            "score": 0.8,
            "kind": "event",
            "quantities": [
                {"start": 87, "end": 101, "text": "31 August 2021", "type": "date", "iso": "2021-08-31"},
                {"start": 0, "end": 1, "text": "K", "type": "money", "value": 9e9, "currency": "USD"},
            ],
        },
    ],
    "outlet": {"name": "Iran Press", "domain": "iranpress.com", "country": "IR"},
}
