# One set of targets for developers and CI.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: run test install lock lint typecheck layers unit contract messages vendor bench clean

# Installs exactly the versions in the lock file (what the tests passed with), then the
# project itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Install and serve the web app on http://127.0.0.1:8000 (SQLite, shipped data).
run: $(STAMP)
	$(BIN)/bucarest serve --host 127.0.0.1 --port 8000

## Install and run every gate: ruff, mypy (strict on src/), import contracts, pytest.
test: $(STAMP) lint typecheck layers unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	scripts/with-postgres $(BIN)/pytest -n 2 $(PYTEST_ARGS)

## The OpenAPI contract alone (schemathesis over every /api/v1 route; also part of `unit`),
## printing its counts.
contract: $(STAMP)
	$(BIN)/pytest -q tests/platform/test_openapi_contract.py

## Re-resolve pyproject.toml's dependencies to their newest allowed versions into the lock
## file (pip-tools), then reinstall; run `make test` before committing the new lock.
lock: $(STAMP)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links -o $(LOCK) pyproject.toml
	rm -f $(STAMP)
	$(MAKE) install

## Re-extract translatable strings and update the catalogues (then translate fr).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -o src/bucarest/locale/messages.pot --no-location --sort-output src
	$(BIN)/pybabel update -i src/bucarest/locale/messages.pot -d src/bucarest/locale -D messages --no-fuzzy-matching --ignore-obsolete

## Re-derive the shipped boundaries and vendored front-end libraries from npm packages.
vendor:
	cd frontend && npm ci && node vendor.mjs && node build_geo.mjs

bench: $(STAMP)
	$(BIN)/python bench/registry_queries.py
	$(BIN)/python bench/api_load.py
	$(BIN)/python bench/map_interactive.py
	$(BIN)/python bench/ledger_dashboard.py
	$(BIN)/python bench/energy_solve.py
	$(BIN)/python bench/md_coverage.py
	$(BIN)/python bench/desk_taxii.py
	$(BIN)/python bench/desk_audit_view.py
	$(BIN)/python bench/stores_postgres_sqlite.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
