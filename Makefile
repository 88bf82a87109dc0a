# The two commands of the README:
#   make demo   set everything up and start Assay (web + worker) with demo data, on SQLite
#   make test   install what the tests need, lint and type-check, then run the whole suite
#               (SQLite, then PostgreSQL)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
LINT_PATHS := app tests migrations stubs gunicorn.conf.py wsgi.py

.PHONY: demo test lint install translations browser postgres pytest-sqlite pytest-postgres benchmarks

demo: $(VENV)/.installed translations
	$(BIN)/assay demo

test: $(VENV)/.installed-test lint translations browser postgres
	@$(MAKE) --no-print-directory pytest-sqlite
	@$(MAKE) --no-print-directory pytest-postgres

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.installed

# ruff with the rule set in pyproject.toml, then mypy on app/ (docs/design/lint-and-types.md).
# Either finding a problem fails the target, and so `make test`, before any test runs.
lint: $(VENV)/.installed-test
	@echo "== ruff and mypy =="
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy

# Compiled catalogues (.mo) are built, never committed.
translations:
	@$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling catalog" || true

# Debian's Chromium for the Playwright tests, unless a browser is already there.
browser:
	@if [ -x /usr/bin/chromium ] || ls $${PLAYWRIGHT_BROWSERS_PATH:-$$HOME/.cache/ms-playwright}/chromium* >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No Chromium found: install Debian's chromium or run 'playwright install chromium'."; exit 1; \
	fi

# Start the local PostgreSQL cluster if it is installed but stopped.
postgres:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true; \
	  for i in $$(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done; \
	fi

pytest-sqlite:
	@echo "== Whole suite on SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)

# PostgreSQL is the production database: a run without its pass fails, unless the person
# running it says SKIP_POSTGRES=1 (never in CI).
pytest-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "== Database tests on PostgreSQL =="; \
	  TEST_DATABASE_URL=$(TEST_PG_URL) $(BIN)/pytest -m "db and not e2e" $(PYTEST_ARGS); \
	elif [ "$(SKIP_POSTGRES)" = 1 ] && [ -z "$(CI)" ]; then \
	  echo "WARNING: SKIP_POSTGRES=1: the PostgreSQL pass was NOT run."; \
	else \
	  echo "ERROR: PostgreSQL is not reachable at 127.0.0.1:5432, so the PostgreSQL pass cannot run."; \
	  echo "       Install and start PostgreSQL (Debian: apt-get install postgresql), or run"; \
	  echo "       'make test SKIP_POSTGRES=1' to leave that pass out on purpose."; \
	  exit 1; \
	fi

benchmarks: $(VENV)/.installed-test translations postgres
	$(BIN)/pytest tests/benchmarks -s -p no:cacheprovider -o addopts=""
