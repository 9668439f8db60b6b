"""The claims threshold rule: mean F1 over dev and dev-test, and dev-test's F1 cross-validated."""

import numpy as np

from spinscope.evaluation.checkthat import cross_validated_f1, mean_f1_threshold, prf


def test_mean_threshold_is_a_compromise_between_two_base_rates():
    # set A is best cut at 0.6, set B at 0.3; the mean keeps both high rather than either alone
    a = ([1, 1, 0, 0, 0, 0], [0.9, 0.7, 0.5, 0.4, 0.2, 0.1])
    b = ([1, 1, 1, 1, 0, 0], [0.8, 0.6, 0.4, 0.3, 0.2, 0.1])
    t = mean_f1_threshold([a, b])
    f_a, f_b = prf(a[0], np.array(a[1]) >= t)["f1"], prf(b[0], np.array(b[1]) >= t)["f1"]
    for other in np.unique(np.r_[a[1], b[1]]):
        assert (
            f_a + f_b >= prf(a[0], np.array(a[1]) >= other)["f1"] + prf(b[0], np.array(b[1]) >= other)["f1"]
        )
    assert 0.3 <= t <= 0.7


def test_cross_validated_f1_does_not_see_the_scored_fold():
    rng = np.random.default_rng(0)
    dev_y = rng.integers(0, 2, 200)
    dev_s = np.clip(dev_y * 0.5 + rng.normal(0.25, 0.15, 200), 0, 1)
    held_y = rng.integers(0, 2, 100)
    held_s = np.clip(held_y * 0.5 + rng.normal(0.25, 0.15, 100), 0, 1)
    r = cross_validated_f1((dev_y, dev_s), (held_y, held_s))
    assert len(r["f1_per_shuffle"]) == 5 and r["f1_mean"] > 0.8  # separable scores: the rule finds the gap
    assert r["threshold"] == round(mean_f1_threshold([(dev_y, dev_s), (held_y, held_s)]), 4)
    # scores that say nothing on the held set, a dev set that favours a high cut: choosing on the scored fold
    # itself could find a lucky cut; the cross-validated figure stays below that in-sample optimum
    noise = rng.random(100)
    oracle = max(prf(held_y, noise >= t)["f1"] for t in np.unique(noise))
    assert cross_validated_f1((dev_y, dev_s), (held_y, noise))["f1_mean"] < oracle
