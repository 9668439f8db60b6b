"""The report and the web page in chromium at 320, 420, 1,400 and 1,920 px: no horizontal overflow on the
example and on a long multi-speaker story (tests/fixtures/long-multi-speaker.txt, written for these tests);
the control bar (score slider, layer toggles, voice filter) filters the marks in place and the table sorts;
links in the table and in warnings jump to a highlighted place. Screenshots go to artifacts/."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from spinscope.analysis import Analysis
from spinscope.pipeline import Pipeline
from spinscope.render.html import render_html

pytestmark = pytest.mark.browser

WIDTHS = (320, 420, 1400, 1920)
LONG = Path(__file__).resolve().parents[1] / "fixtures" / "long-multi-speaker.txt"
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  document.querySelectorAll('body *').forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) { wide.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right)); }
  });
  return {scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def long_analysis(pipeline: Pipeline) -> Analysis:
    return pipeline.analyze(LONG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory, example_analysis: Analysis, long_analysis: Analysis
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, analysis in (("example", example_analysis), ("long", long_analysis)):
        out[name] = folder / f"{name}.html"
        out[name].write_text(render_html(analysis), encoding="utf-8")
    return out


def assert_no_overflow(page: Any, what: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["width"] and found["body"] <= found["width"], (what, found)
    assert found["wide"] == [], (what, found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["example", "long"])
def test_report_has_no_horizontal_overflow(
    page: Any, reports: dict[str, Path], artifacts: Path, name: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reports[name].as_uri())
    page.wait_for_selector("html[data-ready='1']")
    assert_no_overflow(page, f"{name} at {width} px")
    layout = page.evaluate(
        """() => { const a = document.querySelector('#article').getBoundingClientRect();
                   const p = document.querySelector('.panels').getBoundingClientRect();
                   return {articleBottom: a.bottom, panelsTop: p.top, articleRight: a.right, panelsLeft: p.left}; }"""
    )
    if width <= 420:  # side panels stack under the article
        assert layout["panelsTop"] >= layout["articleBottom"], layout
    else:  # beside it
        assert layout["panelsLeft"] >= layout["articleRight"], layout
    paragraphs = page.locator("#article p.para")
    assert paragraphs.count() > 5  # lines of the text stay paragraphs, with space between them
    gap = page.evaluate(
        "() => { const p = document.querySelectorAll('#article p.para'); return p[1].getBoundingClientRect().top - p[0].getBoundingClientRect().bottom; }"
    )
    assert gap > 5
    page.screenshot(path=str(artifacts / f"layout-{name}-{width}.png"), full_page=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_web_page_and_form_have_no_horizontal_overflow(page: Any, live_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/")
    assert_no_overflow(page, f"form at {width} px")
    page.fill("#text", LONG.read_text(encoding="utf-8"))
    page.fill("#meta_title", "Harbour barrier vote")
    page.fill("#meta_published", "2024-11-08")
    page.fill("#meta_outlet", "Riverton Courier")
    page.click("#analyse")
    page.wait_for_selector("html[data-ready='1']")
    assert page.inner_text("h1") == "Harbour barrier vote"
    assert "Riverton Courier" in page.inner_text("header.report")
    assert_no_overflow(page, f"web report at {width} px")


def visible_marks(page: Any, kind: str) -> int:
    return int(page.locator(f"#article .seg.has-{kind}").count())


def test_slider_toggles_and_voice_filter(page: Any, reports: dict[str, Path], artifacts: Path) -> None:
    page.goto(reports["long"].as_uri())
    page.wait_for_selector("html[data-ready='1']")
    # by default only the likely technique phrases are marked; "more phrases" shows the others too
    likely = visible_marks(page, "technique")
    page.check("#more-phrases")
    quotes, techniques = visible_marks(page, "quote"), visible_marks(page, "technique")
    assert quotes > 10 and techniques > likely
    page.uncheck("#more-phrases")
    assert visible_marks(page, "technique") == likely
    assert page.locator("#items tbody tr[data-kind=technique][data-more='1']:not([hidden])").count() == 0
    page.check("#more-phrases")
    rows = page.locator("#items tbody tr")
    total_rows = rows.count()

    # layer toggles: quotes off hides every quotation mark and its rows; techniques stay
    page.uncheck("#layer-toggles input[value=quote]")
    assert visible_marks(page, "quote") == 0 and visible_marks(page, "technique") == techniques
    assert page.locator("#items tbody tr[data-kind=quote]:not([hidden])").count() == 0
    page.check("#layer-toggles input[value=quote]")
    assert visible_marks(page, "quote") == quotes

    # score slider: a minimum above every technique score hides the technique marks; scoreless marks stay
    scores = [
        float(s)
        for s in page.locator("template[data-kind=technique]").evaluate_all(
            "ts => ts.map(t => t.dataset.score)"
        )
    ]
    page.locator("#min-score").fill(f"{min(1.0, round(max(scores) + 0.05, 2)):.2f}")
    assert visible_marks(page, "technique") == 0
    assert page.inner_text("#min-score-value") != "0.00"
    hidden = page.locator("#items tbody tr[hidden]").count()
    assert 0 < hidden < total_rows
    page.locator("#min-score").fill("0")
    assert visible_marks(page, "technique") == techniques

    # one voice: only that speaker's quotations stay marked, and the table follows
    first_voice = page.locator("#legend-voices [data-voice]").first.get_attribute("data-voice")
    page.select_option("#speaker", first_voice)
    own = page.locator(f'#items tbody tr[data-kind=quote][data-speaker="{first_voice}"]').count()
    assert own > 0
    assert page.locator("#items tbody tr[data-kind=quote]:not([hidden])").count() == own
    segs = page.locator("#article .seg.has-quote")
    assert 0 < segs.count() < quotes
    segs.first.click()
    assert first_voice in page.inner_text("#explain-body")
    page.screenshot(path=str(artifacts / "filter-one-voice.png"))
    page.select_option("#speaker", "")
    assert visible_marks(page, "quote") == quotes


def test_others_share_one_colour_in_the_legend(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["long"].as_uri())
    voices = page.locator("#legend-voices [data-voice]")
    names = voices.evaluate_all("vs => vs.map(v => v.dataset.voice)")
    assert len(names) == 6 and names[-1] == "others"  # the five main voices, then the rest together
    colours = voices.evaluate_all(
        "vs => vs.map(v => getComputedStyle(v.querySelector('.uline')).borderBottomColor)"
    )
    assert len(set(colours)) == 6


def test_table_sorts_and_links_to_the_place(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["long"].as_uri())
    page.wait_for_selector("html[data-ready='1']")

    def starts() -> list[int]:
        return [
            int(x) for x in page.locator("#items tbody tr").evaluate_all("rs => rs.map(r => r.dataset.start)")
        ]

    assert starts() == sorted(starts())  # text order first
    page.click("#items th[data-key=score] button")
    scores = page.locator("#items tbody tr").evaluate_all(
        "rs => rs.map(r => r.dataset.score === '' ? -1 : parseFloat(r.dataset.score))"
    )
    assert scores == sorted(scores)
    page.click("#items th[data-key=score] button")
    scores = page.locator("#items tbody tr").evaluate_all(
        "rs => rs.map(r => r.dataset.score === '' ? -1 : parseFloat(r.dataset.score))"
    )
    assert scores == sorted(scores, reverse=True)
    assert page.get_attribute("#items th[data-key=score]", "aria-sort") == "descending"
    page.click("#items th[data-key=layer] button")
    layers = page.locator("#items tbody tr").evaluate_all("rs => rs.map(r => r.dataset.layer)")
    assert layers == sorted(layers)
    link = page.locator("#items tbody tr a[data-goto]").first
    target = link.get_attribute("data-goto")
    link.click()
    assert page.locator(f'#article .seg.selected[data-marks~="{target}"]').count() >= 1
    assert page.locator("#explain-body .card").count() == 1


def test_a_warning_links_to_its_highlighted_place(page: Any, pipeline: Pipeline, tmp_path: Path) -> None:
    text = (
        'The minister said: "We will not give up. Officials later denied it.\n\nThe talks resume on Monday.'
    )
    analysis = pipeline.analyze(text)
    assert analysis.warning_places, analysis.warnings  # the unpaired quotation mark
    report = tmp_path / "warning.html"
    report.write_text(render_html(analysis), encoding="utf-8")
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='1']")
    link = page.locator(".warning a.where")
    assert "character" not in link.inner_text()
    link.click()
    place = page.locator("#article .seg.has-warning.selected")
    assert (
        place.count() == 1
        and place.inner_text() == text[analysis.warning_places[0].start : analysis.warning_places[0].end]
    )
    assert "could not be paired" in page.inner_text("#explain-body")


def test_html_extracted_text_keeps_its_paragraph_spacing(
    page: Any, pipeline: Pipeline, tmp_path: Path
) -> None:
    """trafilatura gives one paragraph per line, with single line breaks: each still reads as a paragraph."""
    from spinscope.ingest import from_html

    html = (Path(__file__).resolve().parents[1] / "fixtures" / "article.html").read_text(encoding="utf-8")
    document = from_html(html)
    assert "\n\n" not in document.text and document.text.count("\n") >= 3
    report = tmp_path / "extracted.html"
    report.write_text(render_html(pipeline.analyze(document)), encoding="utf-8")
    page.goto(report.as_uri())
    tops = page.locator("#article p.para").evaluate_all(
        "ps => ps.map(p => [p.getBoundingClientRect().top, p.getBoundingClientRect().bottom])"
    )
    assert len(tops) == document.text.count("\n") + 1
    assert all(b[0] - a[1] > 5 for a, b in itertools.pairwise(tops))


@pytest.mark.parametrize("width", WIDTHS)
def test_ratings_table_and_long_values_fit(page: Any, tmp_path: Path, width: int) -> None:
    """An outlet with several rating sources, long source names and a very long URL in the metadata."""
    text = "The Guardian reported that the vote passed. " * 20
    long_url = "https://www.theguardian.com/" + "very-long-path-segment-" * 12 + "article"
    rating = {"rates": "domain", "subject": "theguardian.com", "licence": "CC BY 4.0"}
    analysis = Analysis.model_validate(
        {
            "text": text,
            "meta": {"language": "en", "word_count": 140, "char_count": len(text), "url": long_url},
            "layers": ["outlet"],
            "outlet": {
                "name": "The Guardian",
                "outlets": [
                    {
                        "name": "The Guardian",
                        "role": "publisher",
                        "kind": "outlet",
                        "domains": ["theguardian.com", "guardian.co.uk"],
                        "evidence": [{"kind": "url", "found_in": "meta.url", "value": long_url}],
                        "ratings": [
                            rating
                            | {
                                "source": "Media Bias/Fact Check (MBFC), via the public dataset of 2024",
                                "source_id": "mbfc",
                                "bias": "left-center",
                                "factual_reporting": "mixed",
                                "credibility": "high credibility",
                                "country": "United Kingdom",
                                "media_type": "newspaper",
                            },
                            rating
                            | {
                                "source": "Iffy+ index of unreliable sources",
                                "source_id": "iffy",
                                "reliability": "reliable",
                            },
                            rating
                            | {
                                "source": "Lin et al. 2023 domain quality ratings",
                                "source_id": "lin2023",
                                "reliability": "reliable",
                                "press_freedom": "good situation",
                            },
                        ],
                        "ratings_note": "3 ratings found for theguardian.com",
                    }
                ],
            },
        }
    )
    report = tmp_path / "ratings.html"
    report.write_text(render_html(analysis), encoding="utf-8")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(report.as_uri())
    assert page.locator("#panel-outlet table.ratings tbody.rating").count() == 3
    assert_no_overflow(page, f"ratings at {width} px")
    panel = page.locator("#panel-outlet").bounding_box()
    table = page.locator("#panel-outlet table.ratings").bounding_box()
    assert table["x"] + table["width"] <= panel["x"] + panel["width"] + 1  # the table stays inside its panel
