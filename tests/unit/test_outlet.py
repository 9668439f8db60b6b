"""Outlet layer: every dateline form of the issue, unknown outlets, the tables, lookup, offsets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.analysis import Outlet
from spinscope.cli import main
from spinscope.outlet.identify import identify
from spinscope.outlet.table import find_by_domain, find_by_name, normalise_domain, outlets, ratings_for

DATELINES = [
    ("Kabul (IP) – One year has passed since the withdrawal.", "iran-press", "Kabul (IP)"),
    ("(Reuters) - Oil prices rose on Monday.", "reuters", "(Reuters)"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "associated-press", "WASHINGTON (AP)"),
    ("PARIS (AFP) - France said on Monday it would act.", "agence-france-presse", "PARIS (AFP)"),
    (
        "BEIJING, Aug. 31 (Xinhua) -- China said on Wednesday.",
        "xinhua-news-agency",
        "BEIJING, Aug. 31 (Xinhua)",
    ),
    ("MOSCOW, March 5. /TASS/. Russia said on Friday.", "tass", "MOSCOW, March 5. /TASS/"),
    ("Tehran, IRNA -- Iran said on Sunday.", "islamic-republic-news-agency", "Tehran, IRNA"),
    ("MOSCOW (Sputnik) - The Kremlin said.", "sputnik", "MOSCOW (Sputnik)"),
    ("ANKARA (AA) - Turkey said on Monday.", "anadolu-agency", "ANKARA (AA)"),
    ("New Delhi, Aug 31 (PTI): The government said.", "press-trust-of-india", "New Delhi, Aug 31 (PTI)"),
    (
        "New Delhi [India], Aug 31 (ANI): The minister said.",
        "asian-news-international",
        "New Delhi [India], Aug 31 (ANI)",
    ),
]


@pytest.mark.parametrize(("text", "outlet_id", "clue"), DATELINES)
def test_dateline_forms(text: str, outlet_id: str, clue: str) -> None:
    result = identify(text, {})[0].model_dump()
    publisher = result["outlets"][0]
    assert publisher["id"] == outlet_id
    assert publisher["role"] == "publisher"
    evidence = publisher["evidence"][0]
    assert evidence["kind"] == "dateline"
    assert evidence["span"]["text"] == clue
    assert text[evidence["span"]["start"] : evidence["span"]["end"]] == clue


@pytest.mark.parametrize(
    ("text", "outlet_id", "kind"),
    [
        ("China opened a new bridge on Monday.\n\n— Xinhua", "xinhua-news-agency", "credit"),
        ("The markets were calm.\nSource: Anadolu Agency", "anadolu-agency", "credit"),
        ("The report was seen by the Iran Press correspondent in Kabul.", "iran-press", "phrase"),
        ("A minister told Reuters on Monday that talks had failed.", "reuters", "phrase"),
        ("By Jane Doe, Reuters\nOil prices rose.", "reuters", "byline"),
    ],
)
def test_credits_phrases_bylines(text: str, outlet_id: str, kind: str) -> None:
    result = identify(text, {})[0].model_dump()
    assert result["outlets"][0]["id"] == outlet_id
    assert result["outlets"][0]["evidence"][0]["kind"] == kind


def test_codes_in_prose_are_not_datelines() -> None:
    for text in (
        "The company lost its (IP) - rights last year.",
        "This matters (AP) at all.",
        "Fine (AA), said he.",
    ):
        result = identify(text, {})[0].model_dump()
        assert result["outlets"] == [], text
        assert result["name"] is None
        assert "no outlet identified" in result["note"]


def test_unknown_domain_is_said_plainly() -> None:
    result = identify("A local council met on Monday.", {"url": "https://news.example-unknown.org/a/1"})[
        0
    ].model_dump()
    publisher = result["outlets"][0]
    assert publisher["id"] is None and publisher["kind"] == "unknown"
    assert publisher["name"] == "news.example-unknown.org"
    assert publisher["ratings"] == []
    assert publisher["ratings_note"] == "no rating found for news.example-unknown.org"
    Outlet.model_validate(result)


def test_url_publisher_and_credited_agency() -> None:
    meta = {"url": "https://www.presstv.ir/Detail/2022/08/31/1", "site_name": "PressTV"}
    result = identify("Tehran, IRNA -- Iran said on Sunday that talks would resume.", meta)[0].model_dump()
    assert [(o["id"], o["role"]) for o in result["outlets"]] == [
        ("press-tv", "publisher"),
        ("islamic-republic-news-agency", "agency"),
    ]
    press_tv = result["outlets"][0]
    assert press_tv["state_affiliation"]
    assert {r["source_id"] for r in press_tv["ratings"]} >= {"idiap-mbfc", "idiap-golden", "baly-emnlp18"}
    for rating in press_tv["ratings"]:
        assert rating["rates"] == "domain" and rating["subject"] in press_tv["domains"] and rating["source"]
    assert {ref["fact"] for ref in press_tv["references"]} >= {"country", "owner", "state_affiliation"}
    Outlet.model_validate(result)


def test_example_is_iran_press(example_text: str) -> None:
    result = identify(example_text, {})[0].model_dump()
    assert result["name"] == "Iran Press" and result["country"] == "Iran"
    clues = [e["span"]["text"] for e in result["outlets"][0]["evidence"]]
    assert "Kabul (IP)" in clues and "Iran Press correspondent" in clues
    assert result["outlets"][0]["ratings"] == []
    assert result["outlets"][0]["ratings_note"] == "no rating found for iranpress.com"


def test_curated_table() -> None:
    records = outlets()
    assert len(records) >= 150
    assert len({r.id for r in records}) == len(records)
    for record in records:
        assert record.kind in ("agency", "outlet")
        assert record.domains, record.id
        assert all(d == normalise_domain(d) for d in record.domains), record.id
        for fact in ("name", "country"):
            assert record.references[fact].startswith(("http", "https")), record.id
    assert find_by_name("afp").id == "agence-france-presse"  # type: ignore[union-attr]
    assert find_by_domain("https://en.irna.ir/news/1").id == "islamic-republic-news-agency"  # type: ignore[union-attr]
    assert find_by_domain("iranpress.com").country == "Iran"  # type: ignore[union-attr]


def test_ratings_table() -> None:
    assert ratings_for("iranpress.com") == []
    rows = ratings_for("https://www.presstv.ir/x")
    mbfc = next(r for r in rows if r.source == "idiap-mbfc")
    assert mbfc.values["factual_reporting"] == "low" and mbfc.values["country"] == "iran"
    assert ratings_for("edition.bbc.com") == ratings_for("bbc.com")


def test_build_ratings_from_small_tables(tmp_path: Path) -> None:
    from spinscope.training.outlet.build_ratings import build

    idiap = tmp_path / "idiap" / "data" / "golden_truth"
    (idiap / "mbfc").mkdir(parents=True)
    (idiap / "mbfc" / "mbfc.csv").write_text(
        "source,country,bias,factual_reporting,press_freedom,media_type,popularity,mbfc_credibility_rating,"
        "nela_gt_label\nwww.Example.com,usa,least biased,high,mostly free,website,high traffic,high credibility,"
        "reliable\n",
        "utf-8",
    )
    (idiap / "golden_truth_dataset.csv").write_text(
        "domain,reliability_label,newsguard_score,label_source\nexample.com,1,,mbfc\nbad.net,-2,,wikipedia\n",
        "utf-8",
    )
    for split in ("emnlp18", "acl2020"):
        folder = tmp_path / "baly" / "data" / split
        folder.mkdir(parents=True)
        (folder / "corpus.tsv").write_text(
            "source_url\tsource_url_normalized\tref\tfact\tbias\n"
            "http://www.example.com/\texample.com\thttps://mediabiasfactcheck.com/example/\tmixed\tleft\n",
            "utf-8",
        )
    out = tmp_path / "out"
    out.mkdir()
    _, count = build(tmp_path / "idiap", tmp_path / "baly", out)
    assert count == 5
    first = (out / "ratings.csv.gz").read_bytes()
    build(tmp_path / "idiap", tmp_path / "baly", out)
    assert (out / "ratings.csv.gz").read_bytes() == first  # reproducible
    lines = gzip.decompress(first).decode().splitlines()
    assert lines[1].startswith("bad.net,idiap-golden,") and "blacklisted,wikipedia" in lines[1]
    assert (
        json.loads((out / "ratings_sources.json").read_text())["sources"]["baly-acl2020"]["rates"] == "domain"
    )


def test_lookup_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outlet", "lookup", "iranpress.com"]) == 0
    out = capsys.readouterr().out
    assert "Iran Press" in out and "ratings: no rating found for iranpress.com" in out
    assert main(["outlet", "lookup", "Reuters", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["in_table"] and info["ratings"] and all(r["source"] and r["rates"] for r in info["ratings"])
    assert main(["outlet", "lookup", "Foo Gazette of Nowhere"]) == 0
    out = capsys.readouterr().out
    assert "not in spinscope's table" in out and "no rating found" in out
    assert main(["outlet", "lookup", " "]) == 2
    assert main(["outlet"]) == 2


def test_component_spans(example_text: str) -> None:
    import spinscope

    analysis = spinscope.load(layers=["outlet"]).analyze(example_text)
    assert analysis.outlet is not None and analysis.outlet.name == "Iran Press"
    assert "outlet" in analysis.layers
    for span in analysis.spans():
        assert analysis.text[span.start : span.end] == span.text


_filler = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), max_size=60)


@settings(max_examples=60, deadline=None)
@given(before=_filler, after=_filler, index=st.integers(0, len(DATELINES) - 1))
def test_evidence_offsets_property(before: str, after: str, index: int) -> None:
    text = f"{before}\n\n{DATELINES[index][0]} {after}\n\nThe Iran Press correspondent said so.\n— Xinhua"
    result = identify(text, {"url": "https://www.reuters.com/world/x"})[0].model_dump()
    Outlet.model_validate(result)
    for item in result["outlets"]:
        for evidence in item["evidence"]:
            span = evidence["span"]
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"] == evidence["value"]
