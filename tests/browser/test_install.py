"""The chromium install helper of the browser tests: installs as root, explains itself otherwise (no browser)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import browser_setup as conftest
import pytest


@pytest.fixture
def missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "chromium"
    monkeypatch.setattr(conftest, "CHROMIUM", path)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: "/usr/bin/" + name)
    return path


def test_not_root_gets_a_clear_reason(missing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest.os, "geteuid", lambda: 1000)
    reason = conftest.install_chromium()
    assert reason and "needs root" in reason and "apt-get install chromium chromium-driver" in reason


def test_root_installs_with_apt_get(missing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        assert kwargs["env"]["DEBIAN_FRONTEND"] == "noninteractive"
        if "install" in command:
            missing.write_text("#!/bin/sh\n")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(conftest.os, "geteuid", lambda: 0)
    monkeypatch.setattr(conftest.subprocess, "run", fake_run)
    assert conftest.install_chromium() is None
    assert calls[0][:2] == ["apt-get", "update"]
    assert calls[1][:2] == ["apt-get", "install"] and {"chromium", "chromium-driver"} <= set(calls[1])


def test_a_failed_install_as_root_fails_loudly(missing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        conftest.subprocess,
        "run",
        lambda command, **kw: subprocess.CompletedProcess(command, 100, "", "E: no"),
    )
    with pytest.raises(pytest.fail.Exception, match="apt-get update"):
        conftest.install_chromium()
