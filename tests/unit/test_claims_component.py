"""The claims layer: candidates, kinds, quantities in document offsets, publication-date resolution, quotes."""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

import spinscope
from spinscope.analysis import Analysis
from spinscope.claims.candidates import units
from spinscope.ingest import Document
from spinscope.pipeline import Pipeline


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    return spinscope.load(layers=["claims"])


def test_units_split_lines_and_trim(claims_pipeline: Pipeline) -> None:
    doc = claims_pipeline.nlp.make_doc("Headline without a stop\n\n  The army lost 300 tanks.  ")
    span = doc[:]
    assert [doc.text[s:e] for s, e in units(span)] == ["Headline without a stop", "The army lost 300 tanks."]


def test_claims_have_scores_kinds_and_quantities(claims_pipeline: Pipeline) -> None:
    text = (
        "Thank you very much. Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years. "
        "How are you tonight? The government spent $12.4bn on the program."
    )
    analysis = claims_pipeline.analyze(text)
    assert analysis.claims is not None
    by_text = {c.text: c for c in analysis.claims}
    assert "Thank you very much." not in by_text
    assert "How are you tonight?" not in by_text
    claim = by_text["Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."]
    assert claim.kind == "statistic"
    assert claim.in_quote is None  # the quotes layer did not run
    assert [(q.type, q.value, q.iso) for q in claim.quantities] == [
        ("percent", 3.5, None),
        ("date", None, "2019"),
        ("duration", 50.0, "P50Y"),
    ]
    money = by_text["The government spent $12.4bn on the program."].quantities[0]
    assert (money.value, money.currency) == (12.4e9, "USD")
    for c in analysis.claims:
        assert 0.0 <= c.score <= 1.0
        assert text[c.start : c.end] == c.text
        for q in c.quantities:
            assert text[q.start : q.end] == q.text
            assert c.start <= q.start and q.end <= c.end


def test_no_claims_gives_empty_list(claims_pipeline: Pipeline) -> None:
    analysis = claims_pipeline.analyze("Thank you. Good evening, everyone! Wow.")
    assert analysis.claims == []
    assert "claims" in analysis.layers


def test_relative_dates_use_publication_date(claims_pipeline: Pipeline) -> None:
    text = "The minister said yesterday that 3,000 troops had left the country two weeks ago."
    dated = claims_pipeline.analyze(Document(text=text, published=date(2022, 8, 31)))
    undated = claims_pipeline.analyze(text)
    for analysis, expected in ((dated, ["2022-08-30", "2022-08-17"]), (undated, [None, None])):
        (claim,) = analysis.claims or []
        dates = [q for q in claim.quantities if q.type == "date"]
        assert [q.iso for q in dates] == expected
        assert all(q.relative for q in dates)
        counts = [q for q in claim.quantities if q.type == "count"]
        assert [(q.value, q.unit) for q in counts] == [(3000.0, "troops")]


def test_threshold_option_changes_what_is_kept() -> None:
    import spacy

    from spinscope.pipeline import SPACY_MODEL

    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("spinscope/claims", config={"threshold": 0.0})
    doc = nlp("We will win the next election. Thank you all so much for coming tonight.")
    assert len(doc.spans["spinscope.claims"]) == 2


def test_quoted_claims_name_their_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the quotes layer's attribution, a claim in a quotation says so and names the speaker."""
    import spacy

    from spinscope.components.claims import ClaimDetector
    from spinscope.pipeline import SPACY_MODEL

    text = 'The spokesman said: "The army lost 300 tanks in 2021." The city has 2 million inhabitants.'
    quote_start = text.index("The army")

    def attribution_at(doc, start, end):
        if start >= quote_start and end <= text.index('."') + 1:
            return {"speaker": "the spokesman", "speaker_type": "named", "kind": "direct"}
        return None

    fake = types.ModuleType("spinscope.components.quotes")
    fake.attribution_at = attribution_at  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spinscope.components.quotes", fake)
    nlp = spacy.load(SPACY_MODEL)
    doc = nlp(text)
    doc.user_data["spinscope_layers"] = ["quotes"]
    detector = ClaimDetector(threshold=0.0, model_dir=None)
    doc = detector(doc)
    info = {s.text: s._.spinscope_claim for s in doc.spans["spinscope.claims"]}
    quoted = info['The spokesman said: "The army lost 300 tanks in 2021."']
    assert (quoted["in_quote"], quoted["speaker"], quoted["kind"]) == (True, "the spokesman", "quoted claim")
    own = info["The city has 2 million inhabitants."]
    assert (own["in_quote"], own["speaker"], own["kind"]) == (False, None, "statistic")


WORDS = st.sampled_from(
    ["The", "army", "lost", "300", "tanks", "in", "2021", ".", "$9bn", "was", "spent", "\n", "percent", "50",
     "yesterday", '"', "said", "Kabul", "United", "States", ",", "last", "Tuesday", "é", "  "]
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, min_size=0, max_size=40))
def test_claim_offsets_are_exact(claims_pipeline: Pipeline, words: list[str]) -> None:
    text = " ".join(words) or "x"
    doc = claims_pipeline.nlp(claims_pipeline.make_doc(Document(text=text)))
    doc.spans["spinscope.claims"]  # the layer ran
    from spinscope.analysis import from_doc

    analysis: Analysis = from_doc(doc)
    for c in analysis.claims or []:
        assert text[c.start : c.end] == c.text
        for q in c.quantities:
            assert text[q.start : q.end] == q.text
        for e in c.entities:
            assert text[e.start : e.end] == e.text


def test_sentence_in_context_matches_sentence_alone() -> None:
    """The classifier reads an article's sentences from the techniques encoder's states of the whole article; a
    one-sentence article is exactly that sentence read alone, so both paths must agree."""
    from spinscope.claims.model import shared_model

    model = shared_model()
    text = "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."
    alone = model.scores([text])
    in_context = model.span_scores(text, [(0, len(text))])
    assert abs(float(alone[0]) - float(in_context[0])) < 1e-4
    longer = "Thank you all for coming tonight. " + text
    both = model.span_scores(longer, [(0, 33), (34, len(longer))])
    assert both[1] > both[0]  # the statistic outranks the greeting in context too
    assert model.span_scores(longer, [(5, 5)])[0] == 0.0  # no token: probability 0, no crash


def test_claims_model_needs_the_trunk_output() -> None:
    """An older techniques model without the `trunk` output cannot feed the classifier: say so, do not crash later."""
    from spinscope.claims.model import ClaimModel, ModelMissingError

    class OldTechniquesModel:
        has_trunk = False

    with pytest.raises(ModelMissingError, match="trunk"):
        ClaimModel(trunk=OldTechniquesModel())  # type: ignore[arg-type]

    class OtherTrunkModel:
        has_trunk = True

        def __init__(self) -> None:
            self.config = {"trunk_layer": 2}

    with pytest.raises(ModelMissingError, match=r"layer 4.*layer 2"):
        ClaimModel(trunk=OtherTrunkModel())  # type: ignore[arg-type]


def test_candidate_ranges_match_the_sentence_by_sentence_reading(claims_pipeline: Pipeline) -> None:
    """The token-array reading of the candidates gives what iterating the sentences and their tokens gives."""
    from spinscope.claims.candidates import MIN_WORDS, candidate_ranges

    def could_be_claim(span: Span) -> bool:  # the rule as first written, over spaCy's token objects
        words = [t for t in span if t.is_alpha or t.like_num]
        return len(words) >= MIN_WORDS and any(t.pos_ in ("VERB", "AUX") or t.like_num for t in span)

    text = (
        "Kabul Marks Anniversary\n\nThe army lost 300 tanks in 2021, officials said. Thanks.\n"
        "The government spent $1.8 bill-\nion on the program. Yes, yes.\n\nIt rained 40 days and\n"
        "nights in the capital, the ministry reported."
    )
    doc = claims_pipeline.nlp(text)
    expected, total = [], 0
    for sent in doc.sents:
        for start, end in units(sent):
            total += 1
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and could_be_claim(span):
                expected.append((span.start_char, span.end_char))
    found, count = candidate_ranges(doc, doc.text)
    assert found == expected
    assert count == total
    assert any("300 tanks" in doc.text[s:e] for s, e in found)
    assert not any(doc.text[s:e] == "Thanks." for s, e in found)
    assert candidate_ranges(claims_pipeline.nlp.make_doc(""), "") == ([], 0)
