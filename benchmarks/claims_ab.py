"""A/B of the claims layer against an earlier commit, in one process (not a test): same outputs, and how much faster.

    python benchmarks/claims_ab.py component --ref REV --ptc DIR/datasets/dev-articles [--repeat 3] [--quotes]
    python benchmarks/claims_ab.py quantities --ref REV --lines FILE_OR_DIR [FILE_OR_DIR ...]

Measurements taken while other work shares the CPU are inflated, and by an amount that moves from minute to
minute, so two versions timed one after the other are not comparable. Here the claims package and component of
commit ``REV`` are loaded beside the working tree's (from ``git show``, under the module names
``_ab_ref_claims`` and ``_ab_ref_component``), and the two are alternated on every article: each article is
parsed once (the pipeline up to the claims component), then the old and the new component run on it in turn,
``--repeat`` times each, and the fastest run of each is kept. Printed: the medians over the articles of wall-clock
and CPU ms (``time.process_time``, both onnxruntime threads included) and of the component's own Python (its time
minus the classifier's ``session.run``), and the ratio new/old of each median.

Every article's exported claims (text, offsets, score, kind, quantities with their display, rank, check-first)
must be the same from both versions: the command stops at the first difference. ``quantities`` runs the old and
the new ``find_quantities`` on every non-empty line of the given files (a folder: its ``*.txt`` files, recursively),
without a publication date and with three (a Friday, a Monday in January, a day in August), and stops at the
first line where they differ.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"
BASES = (None, date(2020, 4, 10), date(2021, 1, 4), date(2021, 8, 16))


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _absolute(source: str, package: str) -> str:
    """The module's relative imports made absolute: ``..claims`` -> the reference package, the rest -> spinscope."""
    source = re.sub(r"from \.\.claims\b", "from _ab_ref_claims", source)
    source = re.sub(r"from \.\. import", "from spinscope import", source)
    source = re.sub(r"from \.\.(\w)", r"from spinscope.\1", source)
    return re.sub(r"from \.(\w)", rf"from {package}.\1", source)


def load_reference(rev: str) -> tuple[Any, Any]:
    """(quantities module, component module) of commit ``rev``, importable beside the working tree's."""
    folder = Path(tempfile.mkdtemp(prefix="claims-ab-"))
    package = folder / "_ab_ref_claims"
    package.mkdir()
    for name in _git("ls-tree", "--name-only", f"{rev}:src/spinscope/claims").split():
        if name.endswith(".py"):
            source = _git("show", f"{rev}:src/spinscope/claims/{name}")
            (package / name).write_text(_absolute(source, "_ab_ref_claims"), encoding="utf-8")
    component = _git("show", f"{rev}:src/spinscope/components/claims.py")
    (folder / "_ab_ref_component.py").write_text(
        _absolute(component, "spinscope.components"), encoding="utf-8"
    )
    sys.path.insert(0, str(folder))
    from spacy.language import Language

    from spinscope import analysis

    # the reference must not register itself: the working tree's factory and exporter stay the pipeline's
    factory, exporter = Language.__dict__["factory"], analysis.exporter
    Language.factory = classmethod(lambda cls, *a, **k: lambda f: f)  # type: ignore[method-assign,assignment]
    analysis.exporter = lambda layer: lambda f: f  # type: ignore[assignment]
    try:
        return importlib.import_module("_ab_ref_claims.quantities"), importlib.import_module(
            "_ab_ref_component"
        )
    finally:
        setattr(Language, "factory", factory)  # noqa: B010 (the descriptor itself, not a bound method)
        analysis.exporter = exporter


class TimedSession:
    """An onnxruntime session that adds the wall time of its runs to ``spent`` (seconds)."""

    def __init__(self, session: Any) -> None:
        self.session, self.spent = session, 0.0

    def run(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.session.run(*args, **kwargs)
        finally:
            self.spent += time.perf_counter() - t0


def _median_line(label: str, old: list[float], new: list[float]) -> str:
    a, b = statistics.median(old), statistics.median(new)
    return f"{label:<22} old {a:7.2f} ms  new {b:7.2f} ms  new/old {b / a:.3f}"


def component(a: argparse.Namespace) -> None:
    from spinscope.pipeline import Pipeline

    layers = ["techniques", "claims"] + (["quotes"] if a.quotes else [])
    nlp = Pipeline(layers).nlp  # first: spaCy registers its own factories once, at the first Language
    _, ref = load_reference(a.ref)
    new = nlp.get_pipe("spinscope/claims")
    old = ref.ClaimDetector(None, str(new.model.dir))  # the same model files
    for detector in (old, new):
        detector.model.session = TimedSession(detector.model.session)
    paths = sorted(a.ptc.glob("*.txt"))[: a.limit or None]
    articles = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    articles.append((EXAMPLE.name, EXAMPLE.read_text(encoding="utf-8")))
    runs: dict[str, dict[str, list[float]]] = {
        v: {"wall": [], "cpu": [], "python": []} for v in ("old", "new")
    }
    for name, text in articles:
        doc = nlp.make_doc(text)
        if a.published:
            doc.user_data["spinscope_meta"] = {"published": a.published}
        for proc_name, proc in nlp.pipeline:
            if proc_name == "spinscope/claims":
                break
            doc = proc(doc)
        best = {v: [float("inf")] * 3 for v in runs}
        exported = {}
        pair = [("old", old, ref.export), ("new", new, _new_export())]
        for round_ in range(a.repeat):
            for variant, detector, export in (
                pair if round_ % 2 == 0 else pair[::-1]
            ):  # each goes first in turn
                spent0 = detector.model.session.spent
                w0, c0 = time.perf_counter(), time.process_time()
                detector(doc)
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                python = wall - (detector.model.session.spent - spent0)
                best[variant] = [
                    min(x, y * 1000) for x, y in zip(best[variant], (wall, cpu, python), strict=True)
                ]
                exported[variant] = json.dumps(
                    [c.model_dump(mode="json") for c in export(doc)["claims"]], sort_keys=True
                )
            if exported["old"] != exported["new"]:
                sys.exit(f"{name}: the exported claims differ between {a.ref} and the working tree")
        if name == EXAMPLE.name:
            continue  # the outputs are compared, the figures are over the PTC articles only
        for variant in runs:
            for key, value in zip(("wall", "cpu", "python"), best[variant], strict=True):
                runs[variant][key].append(value)
    print(f"claims component, {len(runs['old']['wall'])} articles (+ the example compared), layers {layers}, "
          f"fastest of {a.repeat} per article, {a.ref} (old) and the working tree (new) alternated "
          "(each first in turn); "
          "exported claims identical on every article")  # fmt: skip
    for key, label in (("wall", "wall median"), ("cpu", "CPU median"), ("python", "own Python (wall)")):
        print(_median_line(label, runs["old"][key], runs["new"][key]))


def _new_export() -> Callable[[Any], dict[str, Any]]:
    from spinscope.components.claims import export

    return export


def _lines(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        for file in sorted(path.rglob("*.txt")) if path.is_dir() else [path]:
            for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.strip():
                    yield line


def quantities(a: argparse.Namespace) -> None:
    from spinscope.claims import quantities as new

    old, _ = load_reference(a.ref)
    lines = list(_lines(a.lines))
    spent = {"old": 0.0, "new": 0.0}
    found = 0
    for line in lines:
        for base in BASES:
            results = {}
            for variant, module in (("old", old), ("new", new)):
                t0 = time.process_time()
                results[variant] = [q.to_dict() for q in module.find_quantities(line, base)]
                spent[variant] += time.process_time() - t0
            if results["old"] != results["new"]:
                sys.exit(
                    f"find_quantities differs (base {base}) on: {line!r}\nold {results['old']}\nnew {results['new']}"
                )
            found += len(results["new"])
    print(f"find_quantities on {len(lines)} lines x {len(BASES)} publication dates: identical ({found} quantities); "
          f"CPU old {spent['old']:.2f} s, new {spent['new']:.2f} s, new/old {spent['new'] / spent['old']:.3f}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("component")
    c.add_argument("--ref", required=True, help="the git commit to compare with")
    c.add_argument("--ptc", type=Path, required=True, help="folder of PTC article .txt files (dev-articles)")
    c.add_argument("--repeat", type=int, default=3)
    c.add_argument("--limit", type=int, default=0)
    c.add_argument("--quotes", action="store_true", help="run the quotes layer too (attributions)")
    c.add_argument("--published", help="a publication date (YYYY-MM-DD) for every article")
    q = sub.add_parser("quantities")
    q.add_argument("--ref", required=True)
    q.add_argument("--lines", type=Path, nargs="+", required=True)
    a = ap.parse_args()
    component(a) if a.command == "component" else quantities(a)


if __name__ == "__main__":
    main()
