"""`spinscope serve`: the web page and the HTTP API (FastAPI on uvicorn).

The pipeline loads once per worker at startup. Fetching URLs is off unless `--allow-fetch` (server-side request
forgery): a server reachable by others should not fetch arbitrary URLs for them.
"""

from __future__ import annotations

import argparse
import sys

from ..cli import UsageError, add_profile_argument, check_profile_installed, command, parse_layers
from ..ingest import DEFAULT_MAX_CHARS

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@command("serve", "run the web page and the HTTP API (see /docs once started)")
def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes, each with its own pipeline")
    parser.add_argument(
        "--allow-fetch",
        action="store_true",
        help="let clients give a URL for the server to fetch (off by default; public addresses only)",
    )
    parser.add_argument("--layers", help="layers to load (default: all); requests may ask for a subset")
    parser.add_argument(
        "--max-body", type=int, default=2_000_000, help="request body limit in bytes (default 2,000,000)"
    )
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="refuse longer texts")
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    add_profile_argument(parser)
    parser.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from ..pipeline import resolve_layers
    from ..server.app import CONFIG_ENV, ServerConfig, create_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535 (got {args.port})")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.max_body <= 0 or args.max_chars <= 0:
        raise UsageError("--max-body and --max-chars must be positive")
    layers = parse_layers(args.layers)
    resolve_layers(layers)  # unknown names: one clear line, before anything loads
    check_profile_installed(args.profile, resolve_layers(layers))  # before the server starts
    config = ServerConfig(
        layers=layers,
        allow_fetch=args.allow_fetch,
        max_body=args.max_body,
        max_chars=args.max_chars,
        profile=args.profile,
    )
    if args.host not in LOOPBACK:
        print(
            f"spinscope: serving on {args.host}: reachable from other machines; there is no authentication",
            file=sys.stderr,
        )
    if args.workers == 1:
        uvicorn.run(create_app(config), host=args.host, port=args.port, log_level=args.log_level)
    else:
        os.environ[CONFIG_ENV] = config.to_env()
        uvicorn.run(
            "spinscope.server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
        )
    return 0
