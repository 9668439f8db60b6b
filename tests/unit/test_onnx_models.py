"""Thread settings of the shipped ONNX sessions."""

from __future__ import annotations

import os

import pytest

from spinscope.onnx_models import THREADS_ENV, default_threads


def test_threads_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, "1")
    assert default_threads() == 1
    monkeypatch.setenv(THREADS_ENV, "3")
    assert default_threads() == 3
    for bad in ("", "0", "-2", "two"):
        monkeypatch.setenv(THREADS_ENV, bad)
        assert default_threads() == min(2, os.cpu_count() or 1)
