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


def test_fit_on_dev_writes_calibration_and_a_bar_that_holds_on_dev(tmp_path):
    import json
    import shutil

    from spinscope.claims.model import DEFAULT_DIR, ClaimModel
    from spinscope.evaluation.checkthat import CHECK_FIRST_PRECISION, Example
    from spinscope.training.claims.select import fit_on_dev

    shutil.copytree(DEFAULT_DIR, tmp_path / "claims", ignore=shutil.ignore_patterns("*.md", "metrics.json"))
    sentences = [
        ("Unemployment fell to 3.5 percent last year.", 1),
        ("We spent 2 billion dollars on roads in 2019.", 1),
        ("Crime doubled in the city since 2010.", 1),
        ("The deficit grew by 400 billion dollars.", 1),
        ("Thank you all for coming tonight.", 0),
        ("I love this country.", 0),
        ("Let me finish my answer.", 0),
        ("What a great crowd.", 0),
    ]
    dev = [Example(str(i), text, label) for i, (text, label) in enumerate(sentences)]
    config = fit_on_dev(tmp_path / "claims", dev)
    assert (
        json.loads((tmp_path / "claims" / "config.json").read_text())["check_first"] == config["check_first"]
    )
    scores = ClaimModel(tmp_path / "claims").scores([t for t, _ in sentences])
    above = [
        label
        for (_, label), s in zip(sentences, scores, strict=True)
        if s >= config["check_first"]["min_score"]
    ]
    assert above and sum(above) / len(above) >= CHECK_FIRST_PRECISION
    assert config["dev"]["f1"] == round(
        prf([y for _, y in sentences], scores >= config["threshold"])["f1"], 4
    )


def test_a_teacher_checkpoint_names_its_base(tmp_path):
    """train_top rebuilds a teacher on the base its train_info.json names; runs without one were MiniLM."""
    import json

    from spinscope.training.claims.train import BASES, teacher_base

    old = tmp_path / "old" / "best.pt"
    old.parent.mkdir()
    assert teacher_base(old) == "minilm"
    new = tmp_path / "new" / "best.pt"
    new.parent.mkdir()
    (new.parent / "train_info.json").write_text(json.dumps({"base_model": BASES["mpnet"]}))
    assert teacher_base(new) == "mpnet"
