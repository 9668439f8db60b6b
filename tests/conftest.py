"""Shared fixtures: the pipeline is loaded once per test session (loading spaCy takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

import spinscope
from spinscope.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return spinscope.load()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_analysis(pipeline: Pipeline, example_text: str):
    return pipeline.analyze(example_text)
