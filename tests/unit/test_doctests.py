"""The `>>>` examples in the docstrings of the components and the shared modules run as tests.

A docstring example that no longer runs is a wrong description of the code; running them here (rather than
with pytest's --doctest-modules, which would also import every training module and its torch) keeps them true.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("components", "entities", "outlet", "claims", "quotes", "tone", "techniques")
MODULES = (
    "docstate",
    "encoder",
    "evaluation.checkthat",
    "evaluation.paired",
    "training.techniques.accurate",
    "training.techniques.from_onnx",
)  # numpy-only modules


def modules_with_examples() -> list[str]:
    names = [f"spinscope.{m}" for m in MODULES]
    for package in PACKAGES:
        module = importlib.import_module(f"spinscope.{package}")
        names += [info.name for info in pkgutil.iter_modules(module.__path__, f"spinscope.{package}.")]
    finder = doctest.DocTestFinder()
    return [n for n in names if any(t.examples for t in finder.find(importlib.import_module(n)))]


def test_the_components_have_examples():
    names = modules_with_examples()
    assert {f"spinscope.components.{c}" for c in ("entities", "outlet", "tone", "encoder")} <= set(names)


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
