"""`spinscope train techniques` passes its resumable-training options through to the training loop (a training
longer than a session saves its state every ``--checkpoint-every`` steps and goes on with ``--resume``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from spinscope.training.techniques import train
from spinscope.training.techniques.options import add_train_arguments


def parsed(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    return parser.parse_args(["--ptc", "PTC", *argv])


def test_resume_options_reach_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(train, "main", lambda ptc, **kw: seen.update(ptc=ptc, **kw) or {})
    train.main_from_args(parsed("--checkpoint-every", "10", "--resume", "--work", "W"))
    assert seen["ptc"] == Path("PTC") and seen["work_dir"] == Path("W")
    assert seen["checkpoint_every"] == 10 and seen["resume"] is True


def test_defaults_save_a_state_every_25_steps_without_resuming() -> None:
    a = parsed()
    assert a.checkpoint_every == 25 and a.resume is False
