# One command builds the site, one runs the tests; each installs what it needs first.
#   make site    -> site/ (plain `mkdocs build --strict`, generated from content/)
#   make test    -> pytest (incl. a full strict build), ruff, mypy
#   make serve   -> live preview on http://127.0.0.1:8000, reloading on YAML edits
#   make check   -> validate content/ only

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# Reproducible sitemap dates: the time of the last commit, not of the build.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install site serve check test lint clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.installed-*
	touch $@

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/python -m generator catalog --check
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
