"""The web app in a real browser (Debian's chromium via Playwright): paste the example article, submit, see the
marked text and the panels, open a span's explanation, download the report and open the file offline; payloads
stay inert; /docs renders from local assets. Screenshots are saved under artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinscope.analysis import Analysis
from spinscope.render.html import render_html
from spinscope.techniques.catalog import get as technique

pytestmark = pytest.mark.browser


def submit(page: Any, live_server: str, text: str) -> None:
    page.goto(live_server + "/")
    page.fill("#text", text)
    page.click("#analyse")
    page.wait_for_selector("#article")


def test_paste_analyse_explain_download(
    page: Any, live_server: str, example_text: str, artifacts: Path
) -> None:
    submit(page, live_server, example_text)
    assert page.locator("html").get_attribute("data-ready") == "1"  # the report's script ran under its CSP
    assert page.inner_text("#article").startswith("Kabul (IP)")
    for panel in ("#panel-actors", "#panel-tone"):
        assert page.locator(panel).is_visible()
    assert "United States" in page.inner_text("#panel-actors")
    marked = page.locator("#article .seg")
    if marked.count():  # span layers ran (techniques, quotes, claims): open the first explanation
        marked.first.click()
        page.wait_for_selector("#explain-body .card")
        assert page.locator("#explain-body .card").first.is_visible()
    page.screenshot(path=str(artifacts / "report-page.png"), full_page=False)

    with page.expect_download() as info:
        page.click("#download")
    saved = artifacts / "downloaded-report.html"
    info.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="article"' in html
    assert '<nav class="toolbar"' not in html and 'data-ready="1"' not in html

    page.goto(saved.as_uri())  # the downloaded file works offline, and its script still runs
    page.wait_for_selector("html[data-ready='1']")
    assert page.inner_text("#article").startswith("Kabul (IP)")
    assert page.outside_requests == []


def rich_report(text: str) -> str:
    def span(needle: str) -> dict[str, Any]:
        start = text.index(needle)
        return {"start": start, "end": start + len(needle), "text": needle}

    def tech(needle: str, name: str, score: float) -> dict[str, Any]:
        info = technique(name)
        return span(needle) | {
            "technique": name,
            "label": info.label,
            "family": info.family,
            "score": score,
            "definition": info.definition,
        }

    analysis = Analysis.model_validate(
        {
            "text": text,
            "meta": {"language": "en", "word_count": len(text.split()), "char_count": len(text)},
            "layers": ["techniques"],
            "techniques": [
                tech("ruin and poverty", "Loaded_Language", 0.91),
                tech(
                    "leaving no achievements for the Afghans except ruin and poverty",
                    "Exaggeration,Minimisation",
                    0.6,
                ),
            ],
        }
    )
    return render_html(analysis)


def test_overlapping_spans_explained(page: Any, example_text: str, artifacts: Path, tmp_path: Path) -> None:
    """Nested technique spans: the inner piece explains both, the outer piece only its own; keyboard works."""
    report = tmp_path / "report.html"
    report.write_text(rich_report(example_text), encoding="utf-8")
    page.goto(report.as_uri())
    inner = page.locator('#article .seg[data-marks~="t0"]')
    assert inner.count() == 1 and inner.inner_text() == "ruin and poverty"
    inner.click()
    cards = page.locator("#explain-body .card")
    assert cards.count() == 2
    text = page.inner_text("#explain-body")
    assert "Loaded language" in text and "Exaggeration or minimisation" in text
    assert technique("Loaded_Language").definition in text
    outer = page.locator('#article .seg[data-marks="t1"]').first
    outer.focus()
    page.keyboard.press("Enter")
    assert page.locator("#explain-body .card").count() == 1
    assert (
        page.locator('.seg.selected[data-marks~="t1"]').count() == 2
    )  # both pieces of the outer span light up
    assert page.locator("#technique-chart rect").count() == 2
    page.screenshot(path=str(artifacts / "overlap.png"))


def test_payloads_stay_inert(page: Any, live_server: str, artifacts: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = (
        "Officials said <script>window.__xss = 1; alert(1)</script> and "
        '<img src=x onerror="window.__xss = 2; alert(2)"> and '
        '<a href="javascript:alert(3)">click here</a> in Kabul on Monday.'
    )
    submit(page, live_server, payload)
    assert page.evaluate("window.__xss") is None and dialogs == []
    article = page.inner_text("#article")
    assert "<script>window.__xss = 1; alert(1)</script>" in article  # shown as text, not run
    assert page.locator("#article img, #article script, #article a").count() == 0
    page.screenshot(path=str(artifacts / "xss.png"))


def test_docs_render_offline(page: Any, live_server: str) -> None:
    page.goto(live_server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "spinscope" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector('.opblock-summary-path[data-path="/v1/analyze"]')
    assert page.outside_requests == []
