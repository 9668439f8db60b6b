"""Where the shared CheckThat!/ClaimBuster files live, and the train/dev/test splits used everywhere.

CT24 train is exactly ClaimBuster `crowdsourced.csv` (same ids, Yes == Verdict 1), and CT24 dev is exactly
ClaimBuster `groundtruth.csv` (see the SOURCE.md files), so ClaimBuster adds no new labelled sentence: we train on
CT24 train, after removing sentences whose normalised text also occurs in dev or dev-test.
"""

from __future__ import annotations

from pathlib import Path

from spinscope.claims.data import Example, normalise_text, read_examples

DEFAULT_DATA = Path("../shared/data")

CT24 = "checkthat/ct2024-task1-english/data/CT24_checkworthy_english_{}.tsv"
CB = "checkthat/ct2019-2020-claimbuster-spotter/data"
TESTS = {
    "ct24-dev-test": CT24.format("dev-test"),
    "ct19-test": f"{CB}/clef19/CT19-T1-Test.csv",
    "ct20-t5-test": f"{CB}/clef20/task5/test-gold.tsv",
    "ct20-t1-tweets-test": f"{CB}/clef20/task1/test-gold.tsv",
}


def load_splits(
    data: Path = DEFAULT_DATA,
) -> tuple[list[Example], list[Example], dict[str, list[Example]], int]:
    """(train, dev, {test name: examples}, number of train sentences dropped as duplicates of dev/dev-test)."""
    train = read_examples(data / CT24.format("train"))
    dev = read_examples(data / CT24.format("dev"))
    tests = {name: read_examples(data / rel) for name, rel in TESTS.items() if (data / rel).exists()}
    held = {normalise_text(e.text) for e in dev + tests.get("ct24-dev-test", [])}
    kept = [e for e in train if normalise_text(e.text) not in held]
    return kept, dev, tests, len(train) - len(kept)
