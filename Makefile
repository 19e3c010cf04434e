# Strategy Workbook: every target builds what it needs, starting from a bare python3.
# `make help` lists the targets (each documented with a `## ` comment).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
INSTALLED := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBVAL := $(BIN)/pytest --nbval $(NOTEBOOKS) --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider
# Tests run on 2 workers (pytest-xdist); each test file stays on one worker so that its
# module fixtures (one rendered report folder, one kernel) are made once.
XDIST := -n 2 --dist loadfile
# The real-browser tests drive Debian's Chromium (Playwright cannot download its own offline).
# No exact Debian build is pinned (the archive keeps only the newest security build): .ci/browser.py
# installs the archive's current chromium, at least the major version it declares, and the fonts.
# `make browser CHROMIUM_VERSION=…` prefers an exact version and falls back when it is gone.
CHROMIUM_VERSION ?=

.DEFAULT_GOAL := help
.PHONY: help install lock test lint typecheck fast unit nbtest browser reports pdf lab notebooks samples bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The packages are compiled to bytecode once here: every test process, kernel and notebook run
# then starts from .pyc files, even where PYTHONDONTWRITEBYTECODE keeps Python from caching
# them (that roughly halves the import time of pandas, Altair and pandera).
$(INSTALLED): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (workbook)" >/dev/null
	@touch $@

install: $(INSTALLED) ## Create .venv with the pinned packages of requirements.lock and the kernel

lock: $(INSTALLED) ## Re-resolve requirements.lock (every transitive package pinned, with hashes)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
		--quiet -o requirements.lock

lint: $(INSTALLED) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED) ## Type-check lib/ with the pinned mypy (settings in pyproject.toml)
	$(BIN)/mypy

fast: $(INSTALLED) ## The fast loop: every test not marked slow (no notebook, kernel, render or browser)
	$(BIN)/pytest -m "not slow" $(XDIST)

unit: $(INSTALLED) browser ## Unit tests, render tests and the real-browser test (2 workers)
	$(BIN)/pytest $(XDIST)

nbtest: $(INSTALLED) ## Strict notebook tests: re-run every notebook and compare all outputs
	$(if $(NOTEBOOKS),$(NBVAL),@echo "no notebooks yet")

test: lint typecheck unit nbtest ## Everything CI runs: lint, type check, unit tests, strict notebook tests

# Installs Debian's Chromium and the fonts its charts are laid out with (Liberation Sans has
# Arial's metrics) when root and missing, and prints the version; otherwise says why the browser
# tests will skip.
browser: ## Install Debian's Chromium for the real-browser tests (as root; minimum major version)
	@$(PYTHON) .ci/browser.py --version "$(CHROMIUM_VERSION)"

reports: $(INSTALLED) ## Render every company's pages and the portfolio, reports/index.html (skips what is up to date)
	$(BIN)/workbook render

pdf: $(INSTALLED) browser ## Render every company's pages and print each to <page>.pdf beside it
	$(BIN)/workbook render --pdf

lab: $(INSTALLED) ## Start JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

# Run timestamps are dropped after execution so that refreshed notebooks diff cleanly.
define STRIP_RUN_METADATA
import sys, nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for key in ("start_time", "end_time", "duration"):
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
    nbformat.write(nb, path)
endef
export STRIP_RUN_METADATA

notebooks: $(INSTALLED) ## Re-execute the notebooks in place for the default sample company
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(BIN)/papermill --log-level WARNING --no-progress-bar -k python3 --cwd notebooks "$$nb" "$$nb"; \
	done
	$(BIN)/python -c "$$STRIP_RUN_METADATA" $(NOTEBOOKS)

samples: $(INSTALLED) ## Regenerate the sample companies (seeded: identical files every run)
	$(BIN)/python data/make_samples.py

bench: $(INSTALLED) ## Run the benchmarks (each prints a ratio against a baseline from the same run)
	@for b in benchmarks/bench_*.py; do $(BIN)/python "$$b"; done

clean: ## Remove the virtual environment, caches and generated reports
	rm -rf $(VENV) .pytest_cache .ruff_cache reports
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
