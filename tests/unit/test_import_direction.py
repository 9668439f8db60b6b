"""Imports run one way: shells -> pipeline -> components -> layer packages -> docstate, encoder, analysis, ingest.

Walks every module of the package with `ast` (function-level imports included, as a lazy import is still a
dependency) and fails on an import against the direction: a layer package reaching up into components, the
pipeline, the package root or a shell; render reading anything but the typed Analysis; run-time code importing
the training package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "spinscope"
LAYER_PACKAGES = ("entities", "techniques", "quotes", "claims", "tone", "outlet")
SHELLS = ("render", "server", "batch", "commands", "cli")
ABOVE_LAYERS = ("components", "pipeline", "evaluation", "training", *SHELLS)
# render may read these only: the typed Analysis and its own helpers
RENDER_MAY_IMPORT = ("analysis", "render")
TRAIN_COMMAND = "spinscope.commands.train"  # `spinscope train`: the one shell of the training extra
BOTTOM = ("docstate", "encoder", "analysis", "ingest", "onnx_models")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every spinscope import in the file, resolving relative imports."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "spinscope"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "spinscope":
                continue
            # `from spinscope import docstate` imports the module docstate, not the package root
            names = [a.name for a in node.names]
            if target == "spinscope" or (node.module is None and node.level):
                out += [(node.lineno, f"{target}.{n}") for n in names]
            else:
                out.append((node.lineno, target))
    return out


def top(module: str) -> str:
    """The first part below `spinscope` ("" for the package root itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violation(source: str, target: str) -> str | None:
    src, dst = top(source), top(target)
    if dst == "__version__" or src == dst:
        return None
    if src in LAYER_PACKAGES and (dst in ABOVE_LAYERS or dst == ""):
        return "a layer package imports above itself"
    if src in LAYER_PACKAGES and dst in LAYER_PACKAGES:
        return None  # layers may use each other's plain functions (claims and tone read quotes' spans)
    if src in BOTTOM and dst not in BOTTOM and dst != "":
        return "a bottom module (docstate, encoder, analysis, ingest) imports a layer or a shell"
    if src == "render" and dst not in RENDER_MAY_IMPORT:
        return "render reads only the typed Analysis"
    if src == "components" and dst in ("pipeline", "evaluation", "training", *SHELLS):
        return "a component imports the pipeline or a shell"
    if dst == "training" and src != "training" and source != TRAIN_COMMAND:
        return "run-time code imports training"
    return None


def all_modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_walker_sees_relative_and_function_level_imports(tmp_path):
    assert violation("spinscope.tone.actors", "spinscope.components.entities")
    assert violation("spinscope.quotes.rules", "spinscope.pipeline")
    assert violation("spinscope.render.html", "spinscope.techniques.catalog")
    assert violation("spinscope.commands.tone", "spinscope.training.tone")
    assert violation("spinscope.docstate", "spinscope.components")
    assert violation("spinscope.components.quotes", "spinscope.quotes.sourcing") is None
    assert violation("spinscope.pipeline", "spinscope.components.encoder") is None
    code = "def f():\n    from ..components import entities\n"
    fake = SRC / "tone" / "_walker_probe.py"
    try:
        fake.write_text(code)
        assert imports_of(fake) == [(2, "spinscope.components")]
    finally:
        fake.unlink()


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_run_one_way(path):
    source = module_name(path)
    bad = [
        f"line {line}: {target} ({why})"
        for line, target in imports_of(path)
        if (why := violation(source, target))
    ]
    assert not bad, f"{source}: " + "; ".join(bad)
