"""How one `spinscope serve` process is configured: `ServerConfig`, passed to uvicorn workers through the
environment (`--workers N`: each worker process builds its own app from it)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..ingest import DEFAULT_MAX_CHARS

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
DEFAULT_MAX_BODY = 2_000_000  # bytes ("2 MB")
CONFIG_ENV = "SPINSCOPE_SERVER_CONFIG"  # JSON ServerConfig, for `--workers N`
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm")
MORE_PHRASES = 0.25  # the techniques threshold behind the form's "more technique phrases" box (README table)


@dataclass
class ServerConfig:
    layers: list[str] | None = None  # None: all layers
    allow_fetch: bool = False
    fetch_private: bool = False  # allow fetching loopback/private addresses (tests, trusted networks)
    max_body: int = DEFAULT_MAX_BODY
    max_chars: int = DEFAULT_MAX_CHARS
    profile: str = "default"  # "accurate": the installed larger models (`spinscope profile install accurate`)

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServerConfig:
        raw = os.environ.get(CONFIG_ENV)
        return cls(**json.loads(raw)) if raw else cls()
