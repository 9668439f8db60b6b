"""`--set LAYER.OPTION=VALUE`: parsed into per-layer component options, values read as JSON when they parse."""

import pytest

from spinscope.cli import UsageError, parse_settings


def test_parse_settings():
    assert parse_settings([]) == {}
    assert parse_settings(["techniques.threshold=0.25", "claims.threshold=0.3", "claims.model_dir=/m"]) == {
        "techniques": {"threshold": 0.25},
        "claims": {"threshold": 0.3, "model_dir": "/m"},
    }
    assert parse_settings(["techniques.threshold=null"]) == {"techniques": {"threshold": None}}


@pytest.mark.parametrize("item", ["threshold=0.2", "techniques.threshold", ".threshold=1", "techniques.=1"])
def test_bad_settings(item):
    with pytest.raises(UsageError, match=r"LAYER\.OPTION=VALUE"):
        parse_settings([item])
