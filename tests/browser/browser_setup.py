"""Installing Debian's chromium for the browser tests (kept apart from conftest.py so that it can be tested).

When /usr/bin/chromium is missing and we are root: `apt-get update`, then `apt-get install chromium
chromium-driver`, non-interactive. Not root: the reason, so the browser tests skip with it. A failed install as
root fails the tests: CI must not go green without having run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def install_chromium() -> str | None:
    """Install Debian's chromium when missing; returns why it cannot be done, or None when it is there."""
    if CHROMIUM.exists():
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "chromium is not installed and installing it needs root: run `apt-get install chromium chromium-driver`"
    if not shutil.which("apt-get"):
        return "chromium is not installed and this system has no apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    if not CHROMIUM.exists():
        pytest.fail("apt-get installed chromium but /usr/bin/chromium is missing")
    return None
