# gongkai — developer and editor entry points.
#
#   make site   set up .venv, check reports/, build the site into site/
#   make test   set up .venv, lint, check formatting and types, run the tests
#   make test-fast  the tests without browser, site builds and slow ones: the inner loop
#
# Only python3 is needed on a fresh clone: everything else is installed into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# pip runs again only when pyproject.toml is newer than this stamp.
STAMP  := $(VENV)/.installed

# mkdocs-material prints a multi-line English end-of-life banner on every build;
# it is noise for editors running `make site`.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help venv site test test-fast lint format bench clean distclean

help:
	@echo "make site       set up .venv, check reports/ and build the site into site/"
	@echo "make test       set up .venv, run ruff (lint + format check), mypy and pytest"
	@echo "make test-fast  pytest without the browser, site and slow tests (no lint)"
	@echo "make lint       ruff check + ruff format --check + mypy"
	@echo "make format     ruff format + ruff check --fix"
	@echo "make bench      run scripts/bench_check.py and scripts/bench_site.py"
	@echo "make clean      remove build output and caches (keeps .venv)"
	@echo "make distclean  clean, and remove .venv too"

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Order-only prerequisite: creating the interpreter must not by itself force a reinstall.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -c requirements.lock -e '.[site,dev]'
	@# pip compiles what it installs, but not an editable project: where PYTHONDONTWRITEBYTECODE
	@# is set, every run would compile gongkai's modules again (≈ 0.1–0.4 s a start).
	$(BIN)/python -m compileall -q src
	touch $@

# The build checks every report first (the same checks as `gongkai check`): any error stops
# it and the previous site stays; warnings are listed but do not block publication.
site: venv
	$(BIN)/mkdocs build

# axe-core for the accessibility tests; npm ci installs exactly package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: lint node_modules/.package-lock.json
	$(BIN)/pytest

# The inner loop: what a change to the checker can break, in seconds. `make test` (and CI)
# runs everything.
test-fast: venv
	$(BIN)/pytest -m "not browser and not site and not slow"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv
	$(BIN)/python -m pip install --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(BIN)/python scripts/bench_check.py
	$(BIN)/python scripts/bench_site.py

clean:
	rm -rf site .site.staging-* .site.shadow build dist .pytest_cache .ruff_cache .hypothesis .gongkai-cache
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -print0 \
		| xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules
