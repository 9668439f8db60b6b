"""`entities.linking.canonical_names`: which full form a short form joins does not depend on string hashing."""

from __future__ import annotations

import subprocess
import sys

from spinscope.entities.linking import canonical_names

MENTIONS = [
    ("Reuters Clinton", "PERSON"),  # a misparse of "Reuters) Clinton", as spaCy makes on wire copy
    ("Hillary Clinton", "PERSON"),
    ("Hillary Clinton", "PERSON"),
    ("Clinton", "PERSON"),
]


def test_a_surname_joins_the_more_often_mentioned_of_two_full_names_of_one_length():
    assert canonical_names(MENTIONS)[-1] == "Hillary Clinton"


def test_between_equally_frequent_forms_the_first_mentioned_wins():
    names = canonical_names([("Sobhi Skaik", "PERSON"), ("Nabil Skaik", "PERSON"), ("Skaik", "PERSON")])
    assert names[-1] == "Sobhi Skaik"


def test_the_choice_is_the_same_under_every_hash_seed():
    code = (
        "from spinscope.entities.linking import canonical_names;"
        f"print(canonical_names({MENTIONS!r} + [('Nabil Skaik', 'PERSON'), ('Sobhi Skaik', 'PERSON'),"
        " ('Skaik', 'PERSON')]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3", "4")
    }
    assert len(outputs) == 1
