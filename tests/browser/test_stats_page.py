"""The `spinscope stats --html` page in chromium: no horizontal overflow of the page from 320 to 1,920 px wide,
with long outlet names, claim texts and unbroken words in its tables; article rows link to their reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from test_batch_stats import corpus

from spinscope.batch.sql import SqlStore
from spinscope.cli import main

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stats")
    results = corpus()
    long = results[0]
    long.article["outlet"] = "The Extremely Long Outlet Name Of A Regional Broadcaster " + "x" * 120
    store = SqlStore(f"sqlite:///{folder / 's.db'}")
    store.write(results)
    store.close()
    out = folder / "page" / "stats.html"
    out.parent.mkdir()
    args = ["stats", f"sqlite:///{folder / 's.db'}", "--html", str(out), "--reports", str(folder / "reports")]
    assert main(args) == 0
    return out


@pytest.mark.parametrize("width", [320, 420, 1400, 1920])
def test_no_horizontal_overflow(browser: Any, page_file: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_file.as_uri())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow} px wider than the {width} px window"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"stats-{width}.png"), full_page=False)
        link = page.locator("a[href*='reports/']").first
        href = link.get_attribute("href")
        assert href and href.startswith("../reports/") and (page_file.parent / href).resolve().exists()
    finally:
        page.close()
