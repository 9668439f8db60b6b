"""`spinscope quotes eval --polnear DIR`: score the quotes layer on a PolNeAR-layout folder.

Runs the quotes component (attributions, speaker resolution, sourcing) on each article and prints content-span
precision/recall/F1 at overlap 0.3 and 0.8, source and cue accuracy (definitions in
`spinscope.evaluation.polnear`), and how the speakers come out as voices (share resolved, pronoun sources
resolved, voices per article), for the hand-written rules alone and for rules + the learned filter.
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
    ev.add_argument(
        "--cache", help="folder to keep the spaCy parse of the split in (repeated runs skip parsing)"
    )
    ev.add_argument("-o", "--output", help="also write the figures as JSON to this file")
    ev.set_defaults(handler=run_eval)
    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_eval(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ..evaluation.polnear import PolnearError, parse_split, resolve_split, run_layer
    from ..quotes.learned import load_filter

    check_output(args.output)

    modes: list[str] = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes):
        raise UsageError(f"--modes takes a comma-separated list of {', '.join(MODES)}")
    if args.limit is not None and args.limit <= 0:
        raise UsageError("--limit must be a positive number")
    if args.cache is not None and Path(args.cache).exists() and not Path(args.cache).is_dir():
        raise UsageError(f"--cache {args.cache} is not a folder")
    try:
        split = resolve_split(Path(args.polnear))
    except PolnearError as err:
        raise UsageError(str(err)) from err
    if "learned" in modes and load_filter() is None:
        raise UsageError("no learned quotes model is installed (src/spinscope/models/quotes/filter.json)")
    try:
        pairs = parse_split(split, Path(args.cache) if args.cache else None, limit=args.limit)
    except PolnearError as err:
        raise UsageError(str(err)) from err
    if not pairs:
        raise UsageError(f"no annotated articles in {split}")
    figures: dict[str, dict[str, Any]] = {}
    for mode in modes:
        metrics, seconds = run_layer(pairs, mode)
        figures[mode] = {**metrics, "ms_per_article": round(1000 * seconds / len(pairs), 2)}
    gold = figures[modes[0]]["gold"]
    results: dict[str, Any] = {"split": str(split), "articles": len(pairs), "modes": figures}
    lines = [f"PolNeAR {split} ({len(pairs)} articles, {gold} gold attributions)"]
    lines.append(f"{'':<32}" + "".join(f"{mode:>24}" for mode in modes))
    for label, p, r, f in (
        ("content P / R / F1 @0.3", "content_p@0.3", "content_r@0.3", "content_f1@0.3"),
        ("content P / R / F1 @0.8", "content_p@0.8", "content_r@0.8", "content_f1@0.8"),
    ):
        cells = "".join(f"{figures[m][p]:>10.3f} {figures[m][r]:.3f} {figures[m][f]:.3f}" for m in modes)
        lines.append(f"{label:<32}{cells}")
    for label, key in (
        ("source accuracy", "source_accuracy"),
        ("cue accuracy", "cue_accuracy"),
        ("speakers resolved to a voice", "speaker_resolved_share"),
        ("pronoun sources resolved", "pronoun_sources_resolved_share"),
    ):
        lines.append(f"{label:<32}" + "".join(f"{figures[m][key]:>24.3f}" for m in modes))
    lines.append(
        f"{'voices per article':<32}" + "".join(f"{figures[m]['voices_per_article']:>24.2f}" for m in modes)
    )
    lines.append(
        f"{'predicted / matched@0.3':<32}"
        + "".join(f"{figures[m]['predicted']:>18} / {figures[m]['matched@0.3']:<4}" for m in modes)
    )
    lines.append(
        f"{'ms per article (layer)':<32}" + "".join(f"{figures[m]['ms_per_article']:>24.1f}" for m in modes)
    )
    print("\n".join(lines))
    if args.output:
        write_output(json.dumps(results, indent=2, sort_keys=True), args.output)
    return 0
