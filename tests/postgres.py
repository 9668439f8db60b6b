"""A private, throw-away PostgreSQL server for tests: a real server, no mocks.

`PostgresServer` runs Debian's PostgreSQL (installed with apt-get when missing and we are root) from a temporary
data directory on a free loopback port, as a non-root user (initdb refuses root), with fsync off since the data
is thrown away. Use it as a context manager; `url` is a SQLAlchemy/psycopg URL of a fresh database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name.split(".")[0]),
    )
    return found[-1].parent if found else None


def ensure_postgres() -> Path:
    """The bin directory of the newest installed PostgreSQL, installing Debian's package if needed."""
    found = _bin_dir()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresUnavailable(
            "PostgreSQL is not installed and cannot be installed (needs root and apt-get)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "postgresql"]):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(cmd)} failed: {result.stderr.strip()[-500:]}")
    found = _bin_dir()
    if not found:
        raise PostgresUnavailable("apt-get installed postgresql but no initdb was found")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    def __init__(self, database: str = "spinscope_test") -> None:
        self.database = database
        self.port = free_port()
        self.root: Path | None = None
        self.bin: Path | None = None
        self.user: str | None = None

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.bin is not None
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {(result.stderr or result.stdout).strip()[-800:]}")
        return result

    def start(self) -> PostgresServer:
        """Start the server (stopping and removing whatever was started if a step fails)."""
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> PostgresServer:
        self.bin = ensure_postgres()
        self.root = Path(tempfile.mkdtemp(prefix="spinscope-pg-"))
        if os.geteuid() == 0:
            self.user = "postgres"
            shutil.chown(self.root, user=self.user)
        data = self.root / "data"
        self._run(
            "initdb", "-D", str(data), "-U", "spinscope", "--auth=trust", "-E", "UTF8", "--no-instructions"
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "-t", "600", "start"
        )
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "spinscope", self.database)
        return self

    @property
    def url(self) -> str:
        return f"postgresql://spinscope@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                self._run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
