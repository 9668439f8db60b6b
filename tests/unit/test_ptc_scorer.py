"""Hand-computed cases for the SemEval-2020 Task 11 scorers."""

import pytest

from spinscope.evaluation.ptc.formats import SIRow, TCRow
from spinscope.evaluation.ptc.scorer import merge_overlapping, score_si, score_tc


def test_exact_match_is_perfect():
    g = [("1", 0, 10), ("1", 20, 30)]
    s = score_si(g, g)
    assert s["precision"] == s["recall"] == s["f1"] == 1.0
    assert s["strict_f1"] == 1.0


def test_partial_overlap():
    # gold [0,10), pred [5,20): inter 5 -> P = 5/15, R = 5/10; strict 5/15 on both sides
    s = score_si([("1", 0, 10)], [("1", 5, 20)])
    assert s["precision"] == pytest.approx(5 / 15)
    assert s["recall"] == pytest.approx(0.5)
    f = 2 * (1 / 3) * 0.5 / (1 / 3 + 0.5)
    assert s["f1"] == pytest.approx(f)
    assert s["strict_precision"] == pytest.approx(1 / 3)
    assert s["strict_recall"] == pytest.approx(1 / 3)
    assert s["strict_f1"] == pytest.approx(1 / 3)


def test_overlapping_predictions_are_merged():
    # pred [0,6) and [4,10) overlap -> merged into [0,10) == gold
    s = score_si([("1", 0, 10)], [("1", 0, 6), ("1", 4, 10)])
    assert s["n_pred"] == 1
    assert s["f1"] == 1.0
    # touching spans are not merged (no shared character): two pred spans, each fully inside gold
    s2 = score_si([("1", 0, 10)], [("1", 0, 5), ("1", 5, 10)])
    assert s2["n_pred"] == 2
    assert s2["precision"] == 1.0
    assert s2["recall"] == pytest.approx(1.0)  # 5/10 + 5/10
    assert s2["strict_precision"] == pytest.approx(0.5)  # (5/10 + 5/10) / 2 predicted spans
    assert s2["strict_recall"] == pytest.approx(1.0)  # (5/10 + 5/10) / 1 gold span


def test_overlapping_gold_is_merged():
    assert merge_overlapping([(5, 9), (0, 6), (20, 25)]) == [(0, 9), (20, 25)]
    s = score_si([("1", 0, 6), ("1", 5, 9)], [("1", 0, 9)])
    assert s["n_gold"] == 1 and s["f1"] == 1.0


def test_missing_article_counts_in_recall_only():
    gold = [("1", 0, 10), ("2", 0, 10)]
    s = score_si(gold, [("1", 0, 10)])
    assert s["precision"] == 1.0
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(2 / 3)


def test_prediction_in_article_without_gold_costs_precision():
    s = score_si([("1", 0, 10)], [("1", 0, 10), ("3", 0, 4)])
    assert s["precision"] == pytest.approx(0.5)
    assert s["recall"] == 1.0


def test_one_pred_two_gold():
    # pred [0,20) covers gold [0,5) and [10,20): P = (5+10)/20 / 1, R = (1 + 1)/2
    s = score_si([("1", 0, 5), ("1", 10, 20)], [("1", 0, 20)])
    assert s["precision"] == pytest.approx(0.75)
    assert s["recall"] == pytest.approx(1.0)
    assert s["strict_precision"] == pytest.approx(5 / 20 + 10 / 20)
    assert s["strict_recall"] == pytest.approx((5 / 20 + 10 / 20) / 2)


def test_empty_prediction():
    s = score_si([("1", 0, 10)], [])
    assert s["precision"] == s["recall"] == s["f1"] == 0.0
    assert score_si([], [])["f1"] == 0.0


def test_accepts_row_objects():
    s = score_si([SIRow("1", 0, 10)], [TCRow("1", "Doubt", 0, 10)])
    assert s["f1"] == 1.0


def test_tc_micro_and_per_technique():
    gold = [
        ("1", "Doubt", 0, 5),
        ("1", "Loaded_Language", 10, 15),
        ("1", "Repetition", 10, 15),
        ("2", "Doubt", 0, 3),
    ]
    pred = [("1", "Doubt", 0, 5), ("1", "Repetition", 10, 15), ("1", "Doubt", 10, 15), ("2", "Slogans", 0, 3)]
    s = score_tc(gold, pred)
    assert s["correct"] == 2
    assert s["micro_f1"] == pytest.approx(0.5)
    per = s["per_technique"]
    assert per["Doubt"]["precision"] == pytest.approx(0.5)
    assert per["Doubt"]["recall"] == pytest.approx(0.5)
    assert per["Repetition"]["f1"] == 1.0
    assert per["Loaded_Language"]["recall"] == 0.0
    assert per["Slogans"]["precision"] == 0.0


def test_tc_order_independent_for_duplicate_spans():
    gold = [TCRow("1", "A", 0, 5), TCRow("1", "B", 0, 5)]
    pred = [TCRow("1", "B", 0, 5), TCRow("1", "A", 0, 5)]
    assert score_tc(gold, pred)["micro_f1"] == 1.0
