# Parley: `make serve` validates and browses the data; `make test` runs the tests.
# Both create their own virtual environment (.venv) from nothing but Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CKSUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(CKSUM)
# Browsing needs the package alone: `make serve` installs it without the test tools
# (pytest, Playwright, ruff, hypothesis); a full install (STAMP) serves as well.
SERVE_STAMP := $(VENV)/.installed-serve-$(CKSUM)
PORT ?= 8001

.PHONY: serve test data validate db lint format synth benchmark diff clean help

help:
	@echo "make serve     validate and load data/ as it is, then browse it in Datasette"
	@echo "               (REBUILD=1: rebuild data/ from seeds/ first; PORT=N: another port)"
	@echo "make test      run the test suite (lint, unit, golden, server and browser tests)"
	@echo "make data      rebuild data/ and datapackage.json from seeds/"
	@echo "make validate  validate datapackage.json (descriptor, resources, semantic checks)"
	@echo "make db        build/parley.db, the SQLite file"
	@echo "make lint      ruff check and format check"
	@echo "make diff      row-level changes a rebuild of seeds/ would make to data/"
	@echo "make synth     N generated articles into build/synth (N=10000)"
	@echo "make benchmark time and memory of build, validate and db at 1k-100k articles"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Parley needs Python 3.11 or newer, not " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@ $(SERVE_STAMP)

$(SERVE_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Parley needs Python 3.11 or newer, not " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@rm -f $(VENV)/.installed-serve-*
	@touch $@

# Serves data/ as it is (built first only when a checkout has none); says when it is out of
# date or edited by hand. REBUILD=1 make serve rebuilds it from seeds/ first.
serve: $(SERVE_STAMP)
	$(BIN)/parley serve --port $(PORT)$(if $(REBUILD), --rebuild)

test: $(STAMP)
	$(BIN)/ruff check parley tests scripts
	$(BIN)/ruff format --check parley tests scripts
	$(BIN)/python -m pytest

data: $(STAMP)
	$(BIN)/parley build

validate: $(STAMP)
	$(BIN)/parley validate

db: $(STAMP)
	$(BIN)/parley db

lint: $(STAMP)
	$(BIN)/ruff check parley tests scripts
	$(BIN)/ruff format --check parley tests scripts

format: $(STAMP)
	$(BIN)/ruff check --fix parley tests scripts
	$(BIN)/ruff format parley tests scripts

N ?= 10000
SIZES ?= 1000,10000,30000,100000
JOBS ?= 2

diff: $(STAMP)
	$(BIN)/parley diff

synth: $(STAMP)
	$(BIN)/parley synth $(N) --out build/synth

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark_build.py --sizes $(SIZES) --jobs $(JOBS) --workdir build/benchmark

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
