"""The quotes layer's encoder probe: word roles from the shared encoder's states, fed to the filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from spinscope.quotes import probe as P
from spinscope.quotes.learned import features, load_filter
from spinscope.quotes.rules import Candidate


def test_the_folded_probe_gives_the_fitted_models_probabilities(monkeypatch, tmp_path):
    from sklearn.linear_model import LogisticRegression

    from spinscope.training.quotes import probe as fit_probe

    rng = np.random.default_rng(0)
    states = [rng.normal(2.0, 3.0, size=(50, 6)).astype(np.float16) for _ in range(4)]
    labels = [np.arange(50) % 4 for _ in range(4)]
    monkeypatch.setattr(fit_probe, "encoder_digest", lambda _: "enc")
    got = fit_probe.fit(states, labels)
    # the same regression on the standardised sample (all 200 wordpieces: fewer than the sample size)
    x = np.concatenate(states).astype(np.float32)
    y = np.concatenate(labels)
    mu, sd = x.mean(0), x.std(0) + 1e-4
    ref = LogisticRegression(C=fit_probe.C, max_iter=300).fit((x - mu) / sd, y)
    x0 = states[0].astype(np.float32)
    np.testing.assert_allclose(
        got.wordpiece_probs(x0[:, :3], x0[:, 3:]), ref.predict_proba((x0 - mu) / sd), atol=1e-4
    )
    got.save(tmp_path / "probe.npz")
    back = P.Probe.load(tmp_path / "probe.npz")
    assert back.encoder == "enc"
    np.testing.assert_array_equal(back.weight, got.weight)


def test_token_probabilities_average_their_wordpieces():
    doc = spacy.blank("en")("Unbelievable words  said")
    offs = np.array([[0, 5], [5, 12], [13, 18], [20, 24]])  # "unbel" "ievable" "words" "said"
    probs = np.array([[1, 0], [0, 1], [0.5, 0.5], [0.2, 0.8]], np.float32)
    got = P.token_probs(doc, offs, probs)
    assert [t.text for t in doc] == ["Unbelievable", "words", " ", "said"]
    np.testing.assert_allclose(got, [[0.5, 0.5], [0.5, 0.5], [0.0, 0.0], [0.2, 0.8]])


def test_a_probe_of_another_encoder_is_switched_off(tmp_path):
    encoder = tmp_path / "encoder"
    encoder.mkdir()
    (encoder / "model.onnx").write_bytes(b"one encoder")
    P.Probe(np.zeros((2, 4), np.float32), np.zeros(4, np.float32), P.encoder_digest(encoder)).save(
        tmp_path / "probe.npz"
    )
    assert P.load_probe(str(tmp_path / "probe.npz"), str(encoder)) is not None
    (encoder / "model.onnx").write_bytes(b"a retrained encoder")
    P.load_probe.cache_clear()
    assert P.load_probe(str(tmp_path / "probe.npz"), str(encoder)) is None
    assert P.load_probe(str(tmp_path / "missing.npz"), str(encoder)) is None


def test_the_filter_reads_bucketed_probe_features():
    doc = spacy.blank("en")("Smith said the plan would fail .")
    cand = Candidate([(doc[2].idx, doc[5].idx + 4)], [(doc[1].idx, doc[1].idx + 4)], (0, 1), "verb", 1)
    probs = np.zeros((len(doc), 4), np.float32)
    probs[:, 0] = 1.0
    probs[2:6] = [0.0, 0.95, 0.05, 0.0]  # the content
    probs[1] = [0.1, 0.0, 0.9, 0.0]  # the cue
    probs[0] = [0.3, 0.0, 0.0, 0.7]  # the speaker
    got = P.features(doc, cand, probs)
    assert got == [
        "probe_content=9",
        "probe_outside=0",
        "probe_edges=4",
        "probe_cue=4",
        "probe_origin=verb|4",
        "probe_source=3",
    ]
    plain = features(doc, cand, [], doc.text)
    assert features(doc, cand, [], doc.text, probs) == plain + got


def test_the_shipped_filter_and_probe_belong_together():
    """A filter fitted with the probe ships with a probe of the shipped encoder: retraining the techniques
    model without refitting the quotes layer fails here, not silently in the scores."""
    flt = load_filter()
    if flt is None or not flt.meta.get("probe"):
        pytest.skip("the shipped filter reads no probe")
    P.load_probe.cache_clear()
    probe = P.load_probe()
    assert probe is not None, "probe.npz is missing or was fitted on another techniques encoder"
    assert probe.weight.shape == (768, 4) and Path(P.MODEL_DIR / P.PROBE_FILE).stat().st_size < 100_000
