"""The HTML report: exact segments under overlapping spans, every layer shown or gracefully absent, all text
escaped (script tags, event-handler attributes and javascript: URLs come out inert), nothing loaded from outside."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.analysis import Analysis
from spinscope.render.html import Mark, build_view, render_html, safe_url, segments
from spinscope.techniques.catalog import get as technique

TEXT = (
    "Kabul (IP) - The occupiers left nothing but ruin and poverty, officials said.\n\n"
    'Zabihullah Mujahid said: "We are proud that Afghanistan was freed from the US occupation."\n\n'
    "The blocking of 9 billion dollars of assets has affected the lives of Afghans."
)


def span(text: str, needle: str) -> dict[str, Any]:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def tech(text: str, needle: str, name: str, score: float, **extra: Any) -> dict[str, Any]:
    info = technique(name)
    return span(text, needle) | {
        "technique": name,
        "label": info.label,
        "family": info.family,
        "score": score,
        "definition": info.definition,
        **extra,
    }


def make_analysis(text: str = TEXT, **fields: Any) -> Analysis:
    data: dict[str, Any] = {
        "text": text,
        "meta": {"language": "en", "word_count": len(text.split()), "char_count": len(text), "title": "T"},
        "layers": [],
    }
    data.update(fields)
    data["layers"] = [
        name for name in ("entities", "techniques", "claims", "tone") if data.get(name) is not None
    ]
    return Analysis.model_validate(data)


def rich_analysis(text: str = TEXT, **overrides: Any) -> Analysis:
    fields: dict[str, Any] = {
        "techniques": [
            tech(text, "ruin and poverty", "Loaded_Language", 0.91, in_quote=False),
            tech(text, "left nothing but ruin and poverty", "Exaggeration,Minimisation", 0.6, in_quote=False),
            tech(text, "occupiers", "Name_Calling,Labeling", 0.8, in_quote=False),
            tech(text, "freed from the US occupation", "Flag-Waving", 0.7, in_quote=True, speaker="Mujahid"),
        ],
        "claims": [
            span(text, "The blocking of 9 billion dollars of assets has affected the lives of Afghans.")
            | {
                "score": 0.87,
                "kind": "statistic",
                "quantities": [
                    span(text, "9 billion dollars") | {"type": "money", "value": 9e9, "currency": "USD"}
                ],
            }
        ],
        "entities": [
            {
                "id": "E1",
                "name": "Afghanistan",
                "label": "GPE",
                "mentions": [span(text, "Afghanistan") | {"label": "GPE"}],
            }
        ],
        "tone": {
            "document": {
                "positive": 2.0,
                "negative": 5.0,
                "polarity": 7.0,
                "tone": -3.0,
                "compound": -0.5,
                "words": 40,
            },
            "sentences": [
                span(text, "Kabul (IP) - The occupiers left nothing but ruin and poverty, officials said.")
                | {
                    "positive": 0.0,
                    "negative": 20.0,
                    "polarity": 20.0,
                    "tone": -20.0,
                    "compound": -0.7,
                    "words": 12,
                }
            ],
        },
    }
    fields.update(overrides)
    return make_analysis(text, **fields)


class Page(HTMLParser):
    """Collects what matters for escaping and self-containment checks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_text: list[str] = []
        self._article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "article" or self._article_depth:
            self._article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._article_depth:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._article_depth:
            self.article_text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


# ---- segments -----------------------------------------------------------------------------------------------------
def mark(i: int, start: int, end: int, kind: str = "technique") -> Mark:
    return Mark(id=f"m{i}", kind=kind, start=start, end=end, title="", colour="#fff")


def test_overlapping_spans_are_cut_into_flat_segments() -> None:
    text = "abcdefghij"
    pieces = segments(text, [mark(0, 1, 6), mark(1, 3, 9, "quote"), mark(2, 4, 5, "claim")])
    assert [p.text for p in pieces] == ["a", "bc", "d", "e", "f", "ghi", "j"]
    assert [p.ids for p in pieces] == [
        "",
        "m0",
        "m0 m1",
        "m0 m1 m2",
        "m0 m1",
        "m1",
        "",
    ]  # technique, quote, claim
    assert pieces[3].classes == "seg has-technique has-quote has-claim"


@settings(max_examples=150, deadline=None)
@given(
    st.text(min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8),
)
def test_segments_cover_the_text_exactly(text: str, pairs: list[tuple[int, int]]) -> None:
    marks = [mark(i, min(a, b), max(a, b)) for i, (a, b) in enumerate(pairs)]
    pieces = segments(text, marks)
    assert "".join(p.text for p in pieces) == text
    offset = 0
    for piece in pieces:
        end = offset + len(piece.text)
        expected = {
            m.id for m in marks if 0 <= m.start < m.end <= len(text) and m.start <= offset and end <= m.end
        }
        assert {m.id for m in piece.marks} == expected
        offset = end
    for m in marks:
        if 0 <= m.start < m.end <= len(text):
            covered = "".join(p.text for p in pieces if m in p.marks)
            assert covered == text[m.start : m.end]


def test_article_text_in_the_page_is_the_analysed_text() -> None:
    analysis = rich_analysis()
    page = parse(render_html(analysis))
    assert "".join(page.article_text) == analysis.text


# ---- every layer, and graceful absence --------------------------------------------------------------------------
def test_panels_for_layers_that_ran() -> None:
    page = render_html(rich_analysis())
    for panel in ("panel-claims", "panel-techniques", "panel-actors", "panel-tone"):
        assert f'id="{panel}"' in page
    assert "9,000,000,000 USD" in page  # the claim's normalised number
    assert "Loaded language" in page and technique("Loaded_Language").definition in page
    assert 'id="technique-chart"' in page and "<svg" in page
    assert "quoted: Mujahid" in page  # technique inside a quotation attributed to its speaker
    assert 'id="d-t0"' in page  # the explanation card of the first technique span


def test_chart_counts_match_the_spans() -> None:
    view = build_view(rich_analysis())
    counts = {row["label"]: row["count"] for row in view["chart"]["rows"]}
    assert counts == {
        "Loaded language": 1,
        "Exaggeration or minimisation": 1,
        "Name-calling / labelling": 1,
        "Flag-waving": 1,
    }
    legend = {item["family"]: item["count"] for item in view["legend"]}
    assert legend["loaded language & labels"] == 3 and legend["emotional appeals"] == 1


def test_null_layers_are_left_out_and_empty_layers_say_so() -> None:
    minimal = make_analysis()
    page = render_html(minimal)
    for panel in (
        "panel-outlet",
        "panel-voices",
        "panel-claims",
        "panel-techniques",
        "panel-actors",
        "panel-tone",
    ):
        assert f'id="{panel}"' not in page
    assert "Nothing is marked in this text" in page
    assert "".join(parse(page).article_text) == TEXT
    empty = make_analysis(techniques=[], claims=[])
    page = render_html(empty)
    assert "no persuasion technique detected" in page and "no check-worthy claims found" in page


# ---- escaping ------------------------------------------------------------------------------------------------------
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">click</a>',
    '" onmouseover="window.__xss=4',
    "javascript:window.__xss=5",
]


def hostile_analysis() -> Analysis:
    text = "Headline. " + " ".join(PAYLOADS) + " The end of the US occupation was celebrated."
    analysis = make_analysis(
        text,
        techniques=[
            tech(text, PAYLOADS[0], "Loaded_Language", 0.9) | {"definition": PAYLOADS[1]},
            tech(text, PAYLOADS[1], "Slogans", 0.5, speaker=PAYLOADS[3]),
            tech(text, PAYLOADS[3], "Doubt", 0.5) | {"family": PAYLOADS[2]},
        ],
        claims=[span(text, PAYLOADS[2]) | {"score": 0.5, "kind": "other", "speaker": PAYLOADS[0]}],
        entities=[
            {
                "id": "E1",
                "name": PAYLOADS[1],
                "label": "GPE",
                "mentions": [span(text, "US") | {"label": "GPE"}],
            }
        ],
    )
    meta = analysis.meta.model_copy(
        update={
            "title": PAYLOADS[0],
            "author": PAYLOADS[1],
            "site_name": PAYLOADS[3],
            "url": "javascript:window.__xss=6",
        }
    )
    quoted = span(text, PAYLOADS[4])
    data = analysis.model_dump(by_alias=True) | {
        "meta": meta.model_dump(),
        "warnings": [PAYLOADS[1]],
        "layers": [*analysis.layers, "quotes"],
        "quotes": [
            quoted
            | {
                "parts": [quoted],
                "kind": "indirect",
                "speaker_name": PAYLOADS[0],
                "speaker_type": "named_person",
                "affiliation": PAYLOADS[1],
                "resolved_by": "name",
            }
        ],
        "sourcing": {
            "voices": [
                {
                    "id": "V1",
                    "name": PAYLOADS[0],
                    "speaker_type": "named_person",
                    "affiliation": PAYLOADS[2],
                    "quotes": 1,
                    "direct": 0,
                    "indirect": 1,
                    "mixed": 0,
                    "words": 2,
                    "share": 0.05,
                    "mentions": [],
                }
            ],
            "counts": {"named_person": 1},
            "attributed_words": 2,
            "attributed_share": 0.05,
            "unvoiced_actors": [{"name": PAYLOADS[3], "label": "GPE", "mentions": 1}],
            "statement": PAYLOADS[1],
        },
        "persuasion": {
            "index": 0.2,
            "percentile": 80.0,
            "reference": PAYLOADS[1],
            "families": [],
            "top_spans": [
                span(text, PAYLOADS[0])
                | {"technique": "Loaded_Language", "label": PAYLOADS[2], "family": PAYLOADS[3], "score": 0.9}
                | {"sentence_score": 0.5}
            ],
        },
    }
    return Analysis.model_validate(data)


def test_payloads_come_out_inert() -> None:
    page = render_html(hostile_analysis(), nonce="testnonce")
    parsed = parse(page)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert scripts == [{"nonce": "testnonce"}]  # only the report's own script
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "object", "embed", "base", "link")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert (value or "").strip().lower().startswith(("http://", "https://", "#", "/")), value
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page.lower()
    # the page's policy lets only its own nonce-tagged script run, even if something slipped through
    assert "script-src 'nonce-testnonce'" in page


def test_only_http_links() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", None, 5):
        assert safe_url(bad) is None


def test_self_contained() -> None:
    page = render_html(rich_analysis())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(https?:)?//", page)


# ---- the CLI -------------------------------------------------------------------------------------------------------
def test_cli_writes_an_html_report(tmp_path: Path, example_text: str) -> None:
    from spinscope.cli import main
    from spinscope.ingest import from_path

    source = tmp_path / "article.txt"
    source.write_text(example_text, encoding="utf-8")
    out = tmp_path / "report.html"
    assert (
        main(["analyze", str(source), "--format", "html", "-o", str(out), "--layers", "entities,tone"]) == 0
    )
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="panel-tone"' in page and 'id="panel-actors"' in page
    assert "".join(parse(page).article_text) == from_path(source).text


def test_outlet_panel_and_evidence_marked_in_the_text() -> None:
    evidence = span(TEXT, "Kabul (IP)")
    outlet = {
        "name": "Iran Press",
        "country": "Iran",
        "outlets": [
            {
                "name": "Iran Press",
                "role": "publisher",
                "kind": "agency",
                "country": "Iran",
                "domains": ["iranpress.com"],
                "evidence": [
                    {"kind": "dateline", "found_in": "text", "value": "Kabul (IP)", "span": evidence}
                ],
                "ratings_note": "no rating found for iranpress.com",
            }
        ],
    }
    analysis = rich_analysis().model_copy(
        update={
            "outlet": Analysis.model_validate(
                {**make_analysis().model_dump(by_alias=True), "outlet": outlet}
            ).outlet
        }
    )
    view = build_view(analysis)
    assert [(m.kind, m.start, m.end) for m in view["outlet_marks"]] == [
        ("outlet", evidence["start"], evidence["end"])
    ]
    page = render_html(analysis)
    assert 'id="panel-outlet"' in page and "no rating found for iranpress.com" in page and "dateline" in page
    assert 'class="seg has-outlet" data-marks="o0"' in page


def test_quotes_marked_per_speaker_including_interrupted_quotations() -> None:
    text = '"We are proud," said Mujahid, "and we will stay." A resident said the city was calm.'
    first, second = span(text, '"We are proud,"'), span(text, '"and we will stay."')
    reported = span(text, "the city was calm")
    whole = {"start": first["start"], "end": second["end"], "text": text[first["start"] : second["end"]]}
    quotes = [
        whole
        | {
            "parts": [first, second],
            "cue": span(text, "said"),
            "speaker": span(text, "Mujahid"),
            "kind": "direct",
            "speaker_name": "Zabihullah Mujahid",
            "speaker_type": "named_person",
            "affiliation": "Taliban",
            "resolved_by": "name",
        },
        reported
        | {
            "parts": [reported],
            "speaker": span(text, "A resident"),
            "kind": "indirect",
            "speaker_name": "a resident",
            "speaker_type": "anonymous",
            "resolved_by": "new",
        },
    ]
    data = make_analysis(text).model_dump(by_alias=True) | {"quotes": quotes, "layers": ["quotes"]}
    analysis = Analysis.model_validate(data)
    view = build_view(analysis)
    assert [(m.id, m.start, m.end) for m in view["quote_marks"]] == [
        ("q0", first["start"], first["end"]),
        ("q0", second["start"], second["end"]),
        ("q1", reported["start"], reported["end"]),
    ]
    assert list(view["speakers"]) == ["Zabihullah Mujahid", "a resident"]
    assert view["speakers"]["Zabihullah Mujahid"] != view["speakers"]["a resident"]
    assert view["quote_marks"][0].details["speaker_type"] == "named person"
    page = render_html(analysis)
    assert page.count('<template id="d-q0"') == 1  # one explanation for the two pieces of one quotation
    assert 'id="panel-voices"' in page and 'data-voice="Zabihullah Mujahid"' in page and "Taliban" in page


# ---- paragraphs, legend, ratings, warnings ---------------------------------------------------------------------
def test_lines_become_paragraphs_and_the_text_is_kept_exactly() -> None:
    from spinscope.render.html import blocks

    text = "First line.\nSecond line\n\n\nthird, with a span across\nthe break."
    marks = [mark(0, text.index("across"), text.index("the break") + 3, "quote")]
    found = blocks(text, marks)
    paragraphs = [b for b in found if b.separator is None]
    assert ["".join(s.text for s in b.segments) for b in paragraphs] == [
        "First line.",
        "Second line",
        "third, with a span across",
        "the break.",
    ]
    assert [b.separator for b in found if b.separator is not None] == ["\n", "\n\n\n", "\n"]
    assert sum(1 for b in paragraphs for s in b.segments if s.marks) == 2  # one mark, cut at the line break
    analysis = make_analysis(text)
    page = render_html(analysis)
    assert page.count('<p class="para">') == 4 and "".join(parse(page).article_text) == text


def quote_by(text: str, needle: str, speaker: str) -> dict[str, Any]:
    part = span(text, needle)
    return part | {
        "parts": [part],
        "kind": "indirect",
        "speaker_name": speaker,
        "speaker_type": "named_person",
        "resolved_by": "name",
    }


def test_five_main_voices_then_others() -> None:
    speakers = [f"Speaker {n}" for n in range(8)]
    text = " ".join(f"{s} said point {i}." for i, s in enumerate(speakers))
    quotes = [quote_by(text, f"point {i}", s) for i, s in enumerate(speakers)]
    quotes.append(quote_by(text, "point 7", "Speaker 7"))  # the most quoted voice comes first
    analysis = Analysis.model_validate(
        make_analysis(text).model_dump(by_alias=True) | {"quotes": quotes, "layers": ["quotes"]}
    )
    view = build_view(analysis)
    assert view["main_voices"][0] == "Speaker 7" and len(view["main_voices"]) == 5
    assert len(view["other_voices"]) == 3
    assert len({view["speakers"][s] for s in view["main_voices"]}) == 5
    assert {view["speakers"][s] for s in view["other_voices"]} == {view["others_colour"]}
    assert "others (3 voices)" in render_html(analysis)


def test_ratings_are_a_table_naming_each_source() -> None:
    outlet = {
        "name": "The Guardian",
        "outlets": [
            {
                "name": "The Guardian",
                "role": "publisher",
                "kind": "outlet",
                "evidence": [{"kind": "url", "found_in": "meta.url", "value": "theguardian.com"}],
                "ratings": [
                    {
                        "source": "MBFC",
                        "source_id": "mbfc",
                        "rates": "domain",
                        "subject": "theguardian.com",
                        "bias": "left-center",
                        "factual_reporting": "mixed",
                    },
                    {
                        "source": "Iffy+",
                        "source_id": "iffy",
                        "rates": "domain",
                        "subject": "theguardian.com",
                        "reliability": "reliable",
                    },
                ],
                "ratings_note": "2 ratings",
            }
        ],
    }
    analysis = Analysis.model_validate(
        make_analysis().model_dump(by_alias=True) | {"outlet": outlet, "layers": ["outlet"]}
    )
    page = render_html(analysis)
    table = page[
        page.index('<table class="rows ratings">') : page.index("</table>", page.index("rows ratings"))
    ]
    assert table.count('<tbody class="rating">') == 2 and "(mbfc; rates the domain theguardian.com)" in table
    assert (
        "<td>factual reporting</td><td>mixed</td>" in table
        and "<td>reliability</td><td>reliable</td>" in table
    )


def test_a_warning_links_to_its_place() -> None:
    analysis = Analysis.model_validate(
        make_analysis().model_dump(by_alias=True)
        | {
            "warnings": ["quotes: a mark could not be paired"],
            "warning_places": [span(TEXT, "Zabihullah") | {"warning": 0}],
        }
    )
    page = render_html(analysis)
    assert 'href="#at-w0"' in page and '<span class="anchor" id="at-w0"></span>' in page
    assert re.search(r'class="seg[^"]*has-warning[^"]*" data-marks="w0"', page)


def test_persuasion_panel_says_it_in_words_and_links_the_weighty_phrases() -> None:
    text = TEXT
    weighty = tech(text, "ruin and poverty", "Loaded_Language", 0.91) | {"sentence_score": 0.7}
    weighty.pop("definition")
    unshown = tech(text, "occupiers", "Doubt", 0.4) | {"sentence_score": 0.2}  # not among the shown phrases
    unshown.pop("definition")
    analysis = rich_analysis(
        text,
        persuasion={
            "index": 0.23,
            "percentile": 92.0,
            "reference": "wire reports",
            "families": [],
            "top_spans": [weighty, unshown],
        },
    )
    page = render_html(analysis)
    panel = page[page.index('id="panel-persuasion"') : page.index('id="panel-techniques"')]
    assert "more persuasive language than 92% of the reference news reports" in panel
    assert "index 0.23" in panel and "wire reports" in panel
    view = build_view(analysis)
    spans = view["persuasion"]["spans"]
    shown = next(
        m.id for m in view["technique_marks"] if m.details["text"] == "ruin and poverty" and m.score == 0.91
    )
    assert spans[0]["mark"] == shown and f'data-goto="{shown}"' in panel
    assert (
        spans[1]["mark"] is None and "“occupiers”" in panel
    )  # listed, not linked to a mark it does not have
    assert 'id="panel-persuasion"' not in render_html(rich_analysis(text))  # no index, no panel
