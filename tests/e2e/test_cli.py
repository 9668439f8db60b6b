"""The `spinscope` command end to end: reports, JSON, and one clear line + exit 2 for every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spinscope.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"


def test_terminal_report_of_example(capsys):
    assert main(["analyze", str(EXAMPLE), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "United States" in out and "TONE" in out and "ACTORS" in out


def test_json_output_to_file(tmp_path):
    out = tmp_path / "a.json"
    assert main(["analyze", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # the usual permissions, not a temp file's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no stray temporary file
    data = json.loads(out.read_text())
    assert data["schema"] == "spinscope.analysis/1"
    assert set(data["layers"]) >= {"entities", "tone"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_layers_option(capsys):
    assert main(["analyze", str(EXAMPLE), "--format", "json", "--layers", "entities"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["layers"] == ["entities"] and data["tone"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "/no/such/file.txt"], "no such file"),
        (["analyze", str(EXAMPLE), "--layers", "nonsense"], "unknown layer"),
        (["analyze", str(EXAMPLE), "--layers", ""], "no layer given"),
        (["analyze", str(EXAMPLE), "--set", "threshold=0.2"], "--set needs LAYER.OPTION=VALUE"),
        (["analyze", str(EXAMPLE), "--layers", "tone", "--set", "tone.colour=1"], "unexpected argument"),
        (["analyze", str(EXAMPLE), "--layers", "tone", "--set", "claims.threshold=0.2"], "does not run"),
        (["analyze", str(EXAMPLE), "--max-chars", "100"], "over the limit"),
        (["analyze", str(EXAMPLE), "-o", "/no/such/dir/out.txt"], "does not exist"),
        (["analyze", str(EXAMPLE), "-o", str(ROOT / "src")], "it is a folder"),
        (["stats", "sqlite:///x.db", "--html", str(ROOT / "src")], "it is a folder"),
        (["analyze", "http://127.0.0.1:9/"], "failed"),
    ],
)
def test_bad_input_exit_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(EXAMPLE), "--format", "pdf"])
    assert exc.value.code == 2


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "spinscope", *args], input=stdin, capture_output=True, timeout=120
    )


def test_console_stdin_and_errors():
    ok = _run(
        "analyze", "-", "--format", "json", "--layers", "tone", stdin=b"A terrible disaster struck the city."
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["tone"]["document"]["negative"] > 0
    for bad in (b"", b"   \n", b"\x00\x01\x02binary" * 50):
        result = _run("analyze", "-", stdin=bad)
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr and result.stderr.startswith(b"spinscope: error:")


def test_version_and_help():
    assert b"spinscope 0.1.0" in _run("--version").stdout
    assert b"examples:" in _run("--help").stdout
