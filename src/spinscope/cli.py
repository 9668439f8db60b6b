"""The `spinscope` command: a thin shell over `spinscope.load()` / `Pipeline.analyze()`.

Subcommands live in `spinscope/commands/<name>.py` and register themselves with `@command`.
Exit codes: 0 success, 2 a problem with the user's input or arguments (one clear line on stderr), 1 a bug
(a short line; set SPINSCOPE_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .ingest import InputError

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


def discover_commands() -> None:
    """Import every module of `spinscope.commands`; each registers its subcommands with `@command`.
    Command modules import heavy libraries inside their handlers only, so `spinscope --help` stays fast."""
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}")


class UsageError(InputError):
    """Bad arguments; exit code 2 like argparse's own errors."""


def check_output(output: str | None) -> None:
    """Refuse an unusable output path before any slow work, so a finished analysis is never thrown away."""
    if output is None or output == "-":
        return
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder (give a file name)")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {path}: folder {folder} is not writable")


def write_output(content: str, output: str | None) -> None:
    """Print, or write atomically to a file (a failed write never leaves a half-written report or a stray
    temporary file); the file gets the usual permissions (0666 minus the umask), as `open` would give it."""
    if output is None or output == "-":
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    check_output(output)
    path = Path(output)
    umask = os.umask(0)
    os.umask(umask)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except OSError as err:
        Path(tmp_name).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from err


def usage(parser: argparse.ArgumentParser) -> int:
    """Handler of a command group run without its subcommand: show its help, exit 2."""
    parser.print_help()
    return 2


def parse_layers(value: str | None) -> list[str] | None:
    if value is None or value.strip().lower() == "all":
        return None
    return [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]


def add_settings_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="LAYER.OPTION=VALUE",
        help="a layer option, e.g. techniques.threshold=0.25 (more phrases) or claims.threshold=0.3; repeatable",
    )


def add_profile_argument(parser: argparse.ArgumentParser, extra: str = "") -> None:
    """--profile: the default small models, or the accurate profile's larger ones once installed."""
    parser.add_argument(
        "--profile",
        choices=["default", "accurate"],
        default="default",
        help="accurate: the larger techniques model, once `spinscope profile install accurate` has assembled "
        f"it (about ten times slower; `spinscope profile list`){extra}",
    )


def check_profile_installed(profile: str, layers: Sequence[str] | None) -> None:
    """A command's early refusal of a profile that is not installed (before fetching, loading or starting)."""
    if profile != "default" and (layers is None or "techniques" in layers):
        from .techniques.accurate import require_installed

        require_installed()


def add_metadata_arguments(parser: argparse.ArgumentParser, *, batch: bool = False) -> None:
    """--title, --url, --published, --outlet: what the page would have said, used by every layer."""
    group = parser.add_argument_group(
        "article metadata",
        "used by every layer as if the page had said it (over what the page says), recorded in `meta`"
        + ("; for every input record that does not give its own" if batch else ""),
    )
    if not batch:
        group.add_argument("--title", metavar="T", help="the article's headline")
        group.add_argument("--url", metavar="U", help="where it was published (the outlet layer reads it)")
    group.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication date (relative dates such as 'last Tuesday' are resolved against it)",
    )
    group.add_argument("--outlet", metavar="NAME", help="the publishing outlet's name or domain, e.g. BBC")


def metadata_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The metadata options given, checked (`ingest.InputError` for a bad value), as `with_metadata` keywords."""
    from .ingest import Document, with_metadata

    given = {
        name: getattr(args, name)
        for name in ("title", "url", "published", "outlet")
        if getattr(args, name, None) is not None
    }
    with_metadata(Document(text="x"), **given)  # validates each value with the message the user needs
    return given


def parse_settings(items: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`["techniques.threshold=0.25"]` -> `{"techniques": {"threshold": 0.25}}` (values read as JSON when they
    parse, else kept as text). The options that are probabilities (techniques.threshold, techniques.min_score,
    claims.threshold) must be numbers from 0 to 1, checked here with a message that says so."""
    from .pipeline import PER_DOCUMENT_OPTIONS

    settings: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        layer, dot, option = key.strip().partition(".")
        layer, option = layer.strip(), option.strip()
        if not sep or not dot or not layer or not option:
            raise UsageError(f"--set needs LAYER.OPTION=VALUE (e.g. techniques.threshold=0.25), got {item!r}")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        if option in PER_DOCUMENT_OPTIONS.get(layer, ()) and value is not None:  # null: the default
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise UsageError(f"{layer}.{option} must be a number from 0 to 1 (e.g. 0.25), got {raw!r}")
            value = float(value)
        settings.setdefault(layer, {})[option] = value
    return settings


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
    discover_commands()
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


if __name__ == "__main__":  # `python -m spinscope.cli`: use the package module so commands register once
    from spinscope.cli import main as package_main

    sys.exit(package_main())
