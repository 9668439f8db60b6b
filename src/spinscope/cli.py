"""The `spinscope` command: a thin shell over `spinscope.load()` / `Pipeline.analyze()`.

Exit codes: 0 success, 2 a problem with the user's input or arguments (one clear line on stderr), 1 a bug
(a short line; set SPINSCOPE_DEBUG=1 for the traceback). Subcommands register themselves in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .ingest import DEFAULT_MAX_CHARS, InputError

EXAMPLES = """examples:
  spinscope analyze examples/kabul-anniversary.txt            briefing in the terminal
  spinscope analyze article.html --format json -o out.json     the Analysis as JSON
  curl -s https://example.org/a | spinscope analyze -          HTML or text from stdin
  spinscope analyze https://example.org/news/1 --layers entities,tone
"""

AddArgs = Callable[[argparse.ArgumentParser], None]
# name -> (function adding the subparser's arguments and its `handler` default, help line)
COMMANDS: dict[str, tuple[AddArgs, str]] = {}


def command(name: str, help: str) -> Callable[[AddArgs], AddArgs]:
    """Register a subcommand: decorate its argument-adding function, which sets `handler` via `set_defaults`."""

    def register(add_args: AddArgs) -> AddArgs:
        COMMANDS[name] = (add_args, help)
        return add_args

    return register


class UsageError(InputError):
    """Bad arguments; exit code 2 like argparse's own errors."""


def write_output(content: str, output: str | None) -> None:
    """Print, or write atomically to a file (a failed write never leaves a half-written report)."""
    if output is None or output == "-":
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    path = Path(output)
    if path.parent and not path.parent.exists():
        raise UsageError(f"cannot write {path}: folder {path.parent} does not exist")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent or ".", delete=False) as tmp:
        tmp.write(content)
        tmp_name = tmp.name
    os.replace(tmp_name, path)


def parse_layers(value: str | None) -> list[str] | None:
    if value is None or value.strip().lower() == "all":
        return None
    return [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]


FORMATS = ["terminal", "json", "text"]


@command("analyze", "analyse one article (a file, a URL, or - for stdin)")
def _analyze_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="path to a .txt/.html file, an http(s) URL, or - for stdin")
    parser.add_argument("--format", "-f", choices=FORMATS, default="terminal", help="report format")
    parser.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    parser.add_argument(
        "--layers", help="comma-separated layers (default: all). Known: see `spinscope layers`"
    )
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="refuse longer texts")
    parser.set_defaults(handler=run_analyze)


def run_analyze(args: argparse.Namespace) -> int:
    from . import load
    from .ingest import load_source
    from .pipeline import resolve_layers

    if args.max_chars <= 0:
        raise UsageError("--max-chars must be a positive number")
    layers = resolve_layers(parse_layers(args.layers))  # validate before the slow load
    document = load_source(args.source, max_chars=args.max_chars)
    analysis = load(layers, max_chars=args.max_chars).analyze(document)
    if args.format == "json":
        write_output(analysis.to_json(), args.output)
    elif args.format == "text" or (args.format == "terminal" and args.output):
        from .render.terminal import render_text

        write_output(render_text(analysis), args.output)
    else:
        from .render.terminal import render

        render(analysis)
    return 0


@command("layers", "list the analysis layers")
def _layers_args(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run_layers)


def run_layers(args: argparse.Namespace) -> int:
    from .pipeline import LAYERS

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

    from .analysis import json_schema

    write_output(json.dumps(json_schema(), indent=2, sort_keys=True), args.output)
    return 0


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"spinscope: error: {message}\n(see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="spinscope",
        description="Shows, with evidence, how a news article tries to persuade.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"spinscope {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, (add_args, help_text) in COMMANDS.items():
        add_args(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except InputError as err:
        print(f"spinscope: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("spinscope: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug: short message, traceback on request
        if os.environ.get("SPINSCOPE_DEBUG"):
            traceback.print_exc()
        print(
            f"spinscope: internal error ({err.__class__.__name__}: {err}); "
            "rerun with SPINSCOPE_DEBUG=1 for details and please report it",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
