"""`spinscope quotes eval --polnear DIR`: score the quotes layer on a PolNeAR-layout folder.

Prints content-span precision/recall/F1 at overlap 0.3 and 0.8, source accuracy and cue accuracy (definitions in
`spinscope.quotes.evaluate`) for the hand-written rules alone and for rules + the learned filter.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..cli import UsageError, check_output, command, write_output

MODES = ("rules", "learned")


@command("quotes", "quotes layer tools: `quotes eval --polnear DIR` scores it on PolNeAR")
def _quotes_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="quotes_command", metavar="ACTION")
    ev = sub.add_parser("eval", help="content P/R/F1, source and cue accuracy on a PolNeAR split")
    ev.add_argument(
        "--polnear", required=True, help="PolNeAR split folder (text/, attributions/) or its root"
    )
    ev.add_argument("--modes", default=",".join(MODES), help="comma-separated: rules, learned (default both)")
    ev.add_argument("--limit", type=int, help="only the first N articles (name order)")
    ev.add_argument("-o", "--output", help="also write the figures as JSON to this file")
    ev.set_defaults(handler=run_eval)
    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_eval(args: argparse.Namespace) -> int:
    import json
    import time
    from pathlib import Path

    from ..quotes.evaluate import Counts, Predicted
    from ..quotes.extract import Mode, find
    from ..quotes.learned import load_filter
    from ..quotes.polnear import PolnearError, read_split, resolve_split

    check_output(args.output)

    modes: list[Mode] = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes):
        raise UsageError(f"--modes takes a comma-separated list of {', '.join(MODES)}")
    if args.limit is not None and args.limit <= 0:
        raise UsageError("--limit must be a positive number")
    try:
        split = resolve_split(Path(args.polnear))
        articles = list(read_split(split, limit=args.limit))
    except PolnearError as err:
        raise UsageError(str(err)) from err
    if "learned" in modes and load_filter() is None:
        raise UsageError("no learned quotes model is installed (src/spinscope/models/quotes/filter.json)")

    from ..pipeline import Pipeline

    nlp = Pipeline(layers=["entities"]).nlp
    counts = {mode: Counts() for mode in modes}
    seconds = dict.fromkeys(modes, 0.0)
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        for mode in modes:
            t0 = time.perf_counter()
            candidates, _ = find(doc, mode)
            seconds[mode] += time.perf_counter() - t0
            predicted = []
            for cand in candidates:
                speaker: tuple[tuple[int, int], ...] = ()
                if cand.speaker is not None:
                    s, e = cand.speaker
                    speaker = ((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)),)
                predicted.append(Predicted(tuple(cand.content), tuple(cand.cue), speaker))
            counts[mode].add(predicted, article.attributions)
    results: dict[str, Any] = {
        "split": str(split),
        "articles": len(articles),
        "modes": {
            mode: {**counts[mode].metrics(), "ms_per_article": round(1000 * seconds[mode] / len(articles), 2)}
            for mode in modes
        },
    }
    rows = [
        ("content P / R / F1 @0.3", "content_p@0.3", "content_r@0.3", "content_f1@0.3"),
        ("content P / R / F1 @0.8", "content_p@0.8", "content_r@0.8", "content_f1@0.8"),
    ]
    lines = [f"PolNeAR {split} ({len(articles)} articles, {counts[modes[0]].gold} gold attributions)"]
    lines.append(f"{'':<26}" + "".join(f"{mode:>24}" for mode in modes))
    for label, p, r, f in rows:
        cells = "".join(
            f"{results['modes'][m][p]:>10.3f} {results['modes'][m][r]:.3f} {results['modes'][m][f]:.3f}"
            for m in modes
        )
        lines.append(f"{label:<26}{cells}")
    for label, key in (("source accuracy", "source_accuracy"), ("cue accuracy", "cue_accuracy")):
        lines.append(f"{label:<26}" + "".join(f"{results['modes'][m][key]:>24.3f}" for m in modes))
    lines.append(
        f"{'predicted / matched@0.3':<26}"
        + "".join(
            f"{results['modes'][m]['predicted']:>18} / {results['modes'][m]['matched@0.3']:<4}" for m in modes
        )
    )
    lines.append(
        f"{'ms per article (layer)':<26}"
        + "".join(f"{results['modes'][m]['ms_per_article']:>24.1f}" for m in modes)
    )
    print("\n".join(lines))
    if args.output:
        write_output(json.dumps(results, indent=2, sort_keys=True), args.output)
    return 0
