"""The Analysis model: versioned, JSON schema checked in, layers that did not run are null."""

from __future__ import annotations

import json
from pathlib import Path

from spinscope.analysis import SCHEMA_ID, Analysis, json_schema

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_schema_is_current():
    checked_in = json.loads((ROOT / "schema" / "analysis.schema.json").read_text())
    assert checked_in == json_schema(), "run `make schema` to refresh schema/analysis.schema.json"


def test_json_round_trip(example_analysis):
    data = json.loads(example_analysis.to_json())
    assert data["schema"] == SCHEMA_ID
    assert data["text"] == example_analysis.text
    assert Analysis.model_validate(data) == example_analysis


def test_layers_not_run_are_null(pipeline):
    import spinscope

    only_entities = spinscope.load(layers=["entities"]).analyze("The United States left Kabul.")
    assert only_entities.layers == ["entities"]
    assert only_entities.tone is None and only_entities.techniques is None
    assert only_entities.entities


def test_layer_that_ran_and_found_nothing_is_empty_list(pipeline):
    analysis = pipeline.analyze("it rained all day and nobody came.")
    assert "entities" in analysis.layers and analysis.entities == []


def test_meta(example_analysis):
    meta = example_analysis.meta
    assert meta.language == "en" and meta.word_count > 350 and meta.char_count == len(example_analysis.text)


def test_non_english_text_warns(pipeline):
    analysis = pipeline.analyze(
        "Le gouvernement a annoncé hier une nouvelle réforme des retraites très contestée."
    )
    assert analysis.meta.language == "fr"
    assert any("not English" in w for w in analysis.warnings)


def test_pipe_matches_analyze_and_multiprocessing(pipeline, example_text):
    texts = [example_text, "The United States left Kabul in ruin.", "A calm day in Paris."]
    serial = [pipeline.analyze(t) for t in texts]
    assert list(pipeline.pipe(texts)) == serial
    assert list(pipeline.pipe(texts, n_process=2, batch_size=1)) == serial
