"""`spinscope analyze`, `spinscope layers`, `spinscope schema`: one article, and what the pipeline offers."""

from __future__ import annotations

import argparse

from ..cli import (
    UsageError,
    add_metadata_arguments,
    add_profile_argument,
    add_settings_argument,
    check_output,
    check_profile_installed,
    command,
    metadata_from_args,
    parse_layers,
    parse_settings,
    write_output,
)
from ..ingest import DEFAULT_MAX_CHARS

FORMATS = ["terminal", "json", "text", "html", "csv"]


@command("analyze", "analyse one article (a file, a URL, or - for stdin)")
def _analyze_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="path to a .txt/.html file, an http(s) URL, or - for stdin")
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="terminal",
        help="report format (csv: one row per technique span, quote and claim, with its layer and offsets)",
    )
    parser.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    parser.add_argument(
        "--layers", help="comma-separated layers (default: all). Known: see `spinscope layers`"
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        help=f"refuse longer texts (default {DEFAULT_MAX_CHARS:,}: every layer then stays under 60 s and 2 GB)",
    )
    add_profile_argument(parser)
    add_metadata_arguments(parser)
    add_settings_argument(parser)
    parser.set_defaults(handler=run_analyze)


def run_analyze(args: argparse.Namespace) -> int:
    from .. import load
    from ..ingest import load_source, with_metadata
    from ..pipeline import resolve_layers

    if args.max_chars <= 0:
        raise UsageError("--max-chars must be a positive number")
    layers = resolve_layers(parse_layers(args.layers))  # validate before the slow load
    settings = parse_settings(args.settings)
    metadata = metadata_from_args(args)  # checked before the slow load and the fetch
    check_output(args.output)
    check_profile_installed(args.profile, layers)  # before the fetch and the slow load
    document = with_metadata(load_source(args.source, max_chars=args.max_chars), **metadata)
    analysis = load(layers, max_chars=args.max_chars, settings=settings, profile=args.profile).analyze(
        document
    )
    if args.format == "json":
        write_output(analysis.to_json(), args.output)
    elif args.format == "csv":
        from ..render.csv import analysis_csv

        write_output(analysis_csv(analysis), args.output)
    elif args.format == "html":
        from ..render.html import render_html

        write_output(render_html(analysis), args.output)
    elif args.format == "text" or (args.format == "terminal" and args.output):
        from ..render.terminal import render_text

        write_output(render_text(analysis), args.output)
    else:
        from ..render.terminal import render

        render(analysis)
    return 0


@command("layers", "list the analysis layers")
def _layers_args(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run_layers)


def run_layers(args: argparse.Namespace) -> int:
    from ..pipeline import LAYERS

    for layer in LAYERS.values():
        needs = f" (needs {', '.join(layer.requires)})" if layer.requires else ""
        print(f"{layer.name:<12} {layer.description}{needs}")
    return 0


@command("schema", "print the JSON schema of the Analysis output")
def _schema_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="write to this file")
    parser.set_defaults(handler=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    import json

    from ..analysis import json_schema

    write_output(json.dumps(json_schema(), indent=2, sort_keys=True), args.output)
    return 0
