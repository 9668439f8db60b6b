"""The techniques layer's default view: phrases with a phrase score of at least one half are "likely" and shown;
the others are kept in the analysis and shown in the report only with "more phrases"."""

from __future__ import annotations

from test_html import TEXT, rich_analysis, tech

from spinscope.analysis import Analysis
from spinscope.render import names
from spinscope.render.html import render_html
from spinscope.render.terminal import render_text
from spinscope.techniques.likely import LIKELY_MIN, is_likely


def mixed() -> Analysis:
    return rich_analysis(
        techniques=[
            tech(
                TEXT,
                "ruin and poverty",
                "Loaded_Language",
                0.41,
                phrase_score=0.62,
                likely=True,
                in_quote=False,
            ),
            tech(
                TEXT,
                "occupiers",
                "Name_Calling,Labeling",
                0.20,
                phrase_score=0.38,
                likely=False,
                in_quote=False,
            ),
        ]
    )


def test_the_bar_is_one_half_and_unknown_stays_unknown() -> None:
    assert LIKELY_MIN == 0.5
    assert is_likely(0.5) is True and is_likely(0.4999) is False and is_likely(None) is None


def test_counts_say_how_many_are_likely() -> None:
    counts = mixed().counts
    assert counts.technique_phrases == 2 and counts.likely_technique_phrases == 1
    assert "; 1 likely" in names.technique_summary(counts)
    old = rich_analysis()  # analyses stored before the field: no likely count, no claim about it
    assert old.counts.likely_technique_phrases is None and "likely" not in names.technique_summary(old.counts)


def test_report_hides_the_less_likely_behind_more_phrases() -> None:
    page = render_html(mixed())
    assert 'id="more-phrases"' in page and "more phrases (1 less likely)" in page
    assert page.count('data-more="1"') >= 2  # the mark's card template and its table row
    assert 'data-more="0"' in page
    assert 'id="more-phrases"' not in render_html(rich_analysis())  # nothing to hide: no checkbox


def test_terminal_lists_the_likely_and_names_the_rest() -> None:
    out = " ".join(render_text(mixed(), width=200).split())
    assert "“ruin and poverty”" in out
    assert "less likely (1): “occupiers”" in out
