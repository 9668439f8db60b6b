# spinscope: `make run` and `make test` are all a fresh clone needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PTC ?= ../shared/data/ptc-semeval2020-task11
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: setup run test lint bench schema clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/spinscope analyze examples/kabul-anniversary.txt

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/pipeline_speed.py --articles $(PTC)/datasets/dev-articles

schema: $(STAMP)
	$(BIN)/spinscope schema -o schema/analysis.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
