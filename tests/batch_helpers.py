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


def span(text: str) -> dict[str, Any]:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


# An Analysis with every layer filled, in the shape of the current models (a test validates it against them).
FULL: dict[str, Any] = {
    **minimal(),
    "layers": ["entities", "outlet", "quotes", "techniques", "claims", "tone"],
    "entities": [
        {"id": "E1", "name": "United States", "label": "GPE", "mentions": [{**span("US"), "label": "GPE"}]},
        {
            "id": "E2",
            "name": "Taliban",
            "label": "ORG",
            "mentions": [{**span("Taliban"), "label": "ORG"}, {**span("IP"), "label": "ORG"}],
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
            {
                "entity_id": "E1",
                "name": "United States",
                "entity_label": "GPE",
                "label": "negative",
                "score": -0.6,
                "mentions": 1,
                "own_voice": -0.5,
            }
        ],
    },
    "techniques": [
        {
            **span("ruin and poverty"),
            "technique": "Loaded_Language",
            "family": "x",
            "score": 0.9,
            "definition": "d",
            "in_quote": True,
            "speaker": "a Taliban spokesman",
        },
    ],
    "persuasion": {
        "index": 0.3,
        "percentile": 90.0,
        "reference": "wire reports",
        "families": [{"family": "loaded language & labels", "spans": 1, "per_1000_words": 55.56}],
        "top_spans": [
            {
                **span("ruin and poverty"),
                "technique": "Loaded_Language",
                "family": "loaded language & labels",
                "score": 0.9,
                "sentence_score": 0.8,
            }
        ],
    },
    "quotes": [
        {
            **span("The US left Afghanistan in ruin and poverty"),
            "parts": [span("The US left Afghanistan in ruin and poverty")],
            "cue": span("said"),
            "speaker": span("a Taliban spokesman"),
            "kind": "indirect",
            "speaker_name": "a Taliban spokesman",
            "speaker_type": "anonymous",
            "affiliation": "Taliban",
            "voice_id": "V1",
            "resolved_by": "description",
        },
    ],
    "sourcing": {
        "voices": [
            {
                "id": "V1",
                "name": "a Taliban spokesman",
                "speaker_type": "anonymous",
                "affiliation": "Taliban",
                "quotes": 1,
                "direct": 0,
                "indirect": 1,
                "mixed": 0,
                "words": 7,
                "share": 0.39,
                "mentions": [span("a Taliban spokesman")],
            }
        ],
        "counts": {"anonymous": 1},
        "attributed_words": 7,
        "attributed_share": 0.39,
        "unvoiced_actors": [{"name": "United States", "label": "GPE", "mentions": 1}],
        "statement": "one anonymous voice",
    },
    "claims": [
        {
            **span(TEXT),
            "score": 0.8,
            "kind": "event",
            "speaker": "a Taliban spokesman",
            "in_quote": False,
            "quantities": [
                {**span("31 August 2021"), "type": "date", "iso": "2021-08-31"},
                {**span("K"), "type": "money", "value": 9e9, "currency": "USD"},
            ],
        },
    ],
    "outlet": {
        "name": "Iran Press",
        "country": "Iran",
        "outlets": [
            {
                "id": "iranpress",
                "name": "Iran Press",
                "role": "publisher",
                "kind": "outlet",
                "country": "Iran",
                "state_affiliation": "state media",
                "domains": ["iranpress.com"],
                "evidence": [
                    {
                        "kind": "dateline",
                        "found_in": "text",
                        "value": "Kabul (IP)",
                        "span": span("Kabul (IP)"),
                    }
                ],
                "ratings": [
                    {
                        "source": "MBFC",
                        "source_id": "mbfc",
                        "rates": "domain",
                        "subject": "iranpress.com",
                        "factual_reporting": "low",
                        "bias": "right",
                    }
                ],
                "ratings_note": "1 rating",
            },
            {"name": "Iran Press", "role": "agency", "kind": "agency", "evidence": [], "ratings_note": ""},
        ],
    },
}
