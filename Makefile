# Two entry points: `make run` (the main job, offline, from the bundled snapshot) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SYS_STAMP := $(VENV)/.system-deps
JOBS ?= 2

.PHONY: run test install dev system model lint bench clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(STAMP)

$(SYS_STAMP): scripts/setup-system.sh | $(BIN)/python
	bash scripts/setup-system.sh
	touch $@

install: $(STAMP)
dev: $(DEV_STAMP)
system: $(SYS_STAMP)

model: $(STAMP)
	$(BIN)/python -m classifier.train

run: $(STAMP) model
	$(BIN)/toolrisk run --snapshot

serve: $(STAMP)
	$(BIN)/toolrisk serve

test: $(DEV_STAMP) $(SYS_STAMP) model
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf public toolrisk.db toolrisk.db-wal toolrisk.db-shm test-artifacts
