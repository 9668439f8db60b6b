"""The CheckThat! 2020 Task 5 debates recovered from its transcripts, and the paired-bootstrap comparison with the
baseline (`evaluation.paired`, `evaluation.checkthat.versus_baseline`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from spinscope.evaluation.checkthat import Example, mean_ap, read_examples, versus_baseline
from spinscope.evaluation.paired import average_precision_fast, by_group, f1_of_predictions, paired_bootstrap

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "checkthat"


def write_task5(tmp_path: Path, blocks: list[tuple[str, list[str]]], order: list[int]) -> Path:
    """A Task 5 test file (``text<TAB>label``) made of the given transcripts in ``order``, and its raw/ folder."""
    (tmp_path / "raw").mkdir()
    for name, lines in blocks:
        body = "".join(f"{i}\tSPEAKER\t{line}\n" for i, line in enumerate(lines, start=1))
        (tmp_path / "raw" / f"{name}.tsv").write_text(body, encoding="utf-8")
    rows = [f"{line}\t{int('percent' in line)}\n" for k in order for line in blocks[k][1]]
    path = tmp_path / "test-gold.tsv"
    path.write_text("text\tlabel\n" + "".join(rows), encoding="utf-8")
    return path


DEBATES = [
    ("debate_a", ["Good evening.", "Taxes rose 10 percent.", "Thank you."]),
    ("debate_b", ["Thank you.", "Jobs fell 3 percent.", "We will win.", "Next question."]),
]


def test_task5_sentences_take_the_debate_of_their_transcript(tmp_path: Path) -> None:
    path = write_task5(tmp_path, DEBATES, order=[1, 0])  # the file's order is not the folder's
    examples = read_examples(path)
    assert [e.group for e in examples] == ["debate_b"] * 4 + ["debate_a"] * 3
    assert [e.label for e in examples] == [0, 1, 0, 0, 0, 1, 0]


def test_task5_without_matching_transcripts_keeps_no_groups(tmp_path: Path) -> None:
    path = write_task5(tmp_path, DEBATES, order=[0, 1])
    (tmp_path / "raw" / "debate_b.tsv").write_text("1\tX\tSomething else entirely.\n", encoding="utf-8")
    assert {e.group for e in read_examples(path)} == {""}


def test_fast_average_precision_is_scikit_learns() -> None:
    rng = np.random.default_rng(1)
    for _ in range(50):
        y = rng.integers(0, 2, 40)
        y[0] = 1
        s = np.round(rng.random(40), 1)  # many ties
        assert average_precision_fast(y, s) == pytest.approx(average_precision_score(y, s))
    assert average_precision_fast([0, 0], [0.3, 0.1]) == 0.0


def test_group_mean_is_the_mean_ap_by_debate() -> None:
    y = [1, 0, 0, 1, 0, 1, 0, 0]
    s = [0.2, 0.9, 0.1, 0.8, 0.3, 0.4, 0.5, 0.6]
    groups = ["a", "a", "a", "b", "b", "c", "c", "c"]
    assert by_group(average_precision_fast, groups)(y, s) == pytest.approx(mean_ap(y, s, groups))


def test_bootstrap_interval_holds_the_difference_and_says_when_a_gain_is_unclear() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    good = y + rng.normal(0, 0.6, 300)
    same = y + rng.normal(0, 0.6, 300)
    clear = paired_bootstrap(y, good, rng.normal(0, 1, 300), average_precision_fast, reps=300)
    assert clear["clear_gain"] and clear["low"] <= clear["difference"] <= clear["high"]
    unclear = paired_bootstrap(y, good, same, average_precision_fast, reps=300)
    assert unclear["low"] < 0 < unclear["high"] and not unclear["clear_gain"]
    again = paired_bootstrap(y, good, same, average_precision_fast, reps=300)
    assert again == unclear  # seeded


def test_bootstrap_within_groups_keeps_each_debate() -> None:
    y = [1, 0, 0, 0] * 5 + [0, 1, 0, 0] * 5
    ours = [0.9, 0.1, 0.2, 0.3] * 5 + [0.1, 0.9, 0.2, 0.3] * 5
    theirs = [0.1, 0.9, 0.2, 0.3] * 5 + [0.9, 0.1, 0.2, 0.3] * 5
    groups = ["a"] * 20 + ["b"] * 20
    r = paired_bootstrap(y, ours, theirs, by_group(average_precision_fast, groups), groups, reps=200)
    assert r["clear_gain"] and r["difference"] > 0.5


def test_versus_baseline_uses_each_sets_official_measure() -> None:
    def examples(n: int, group: bool) -> list[Example]:
        return [Example(str(i), f"s{i}", int(i % 3 == 0), f"d{i % 2}" if group else "") for i in range(n)]

    sets = {
        "ct24-dev-test": examples(30, False),
        "ct19-test": examples(30, True),
        "other": examples(30, False),
    }
    ours = {name: np.array([0.9 if e.label else 0.2 for e in ex]) for name, ex in sets.items()}
    theirs = {name: np.linspace(0, 1, len(ex)) for name, ex in sets.items()}
    rows = versus_baseline(sets, ours, theirs, 0.5, 0.5, reps=100)
    assert [rows[n]["measure"] for n in sets] == ["f1", "mean_ap_by_debate", "average_precision"]
    assert rows["ct24-dev-test"]["spinscope"] == 1.0
    labels = [e.label for e in sets["ct24-dev-test"]]
    assert rows["ct24-dev-test"]["baseline"] == round(
        f1_of_predictions(labels, theirs["ct24-dev-test"] >= 0.5), 4
    )
    assert rows["ct19-test"]["spinscope"] == 1.0 and rows["ct19-test"]["clear_gain"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared CheckThat! data not available")
def test_shared_task5_test_splits_into_its_20_debates() -> None:
    path = SHARED / "ct2019-2020-claimbuster-spotter" / "data" / "clef20" / "task5" / "test-gold.tsv"
    examples = read_examples(path)
    groups = {e.group for e in examples}
    assert len(examples) == 21514 and len(groups) == 20 and "" not in groups
    assert sum(e.label for e in examples) == 136
