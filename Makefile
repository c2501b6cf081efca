# shop_segments — two commands for a new user:
#   make build   create .venv, install pinned dependencies, generate the demo
#                store and run `dbt build` on DuckDB
#   make test    every check: sqlfluff lint, then pytest (Python unit tests and
#                dbt builds of the test stores with all their data tests)
# `make help` lists the rest.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export RAW_DATA_PATH ?= data/raw
export DUCKDB_PATH ?= warehouse.duckdb
# What a passing full `dbt build` publishes: the snapshot BI tools read, and
# the activation exports (README, "Serving the marts to BI tools").
export SERVING_DUCKDB_PATH ?= serving.duckdb
export EXPORTS_PATH ?= exports
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# The project's Python tooling (generator, benchmark, preview) runs from the tree.
export PYTHONPATH := $(CURDIR)/python

DEMO_CUSTOMERS ?= 5000
DEMO_SEED ?= 42
# The generated store the tests and the linter use (regenerated each run: 2 s).
TEST_RAW := data/test
TEST_CUSTOMERS := 1500
TEST_SEED := 7
DBT_ARGS ?=
PYTEST_ARGS ?=
SCALE ?= S,M
# More benchmark options, e.g. BENCH_ARGS="--full-only --out bench/results/L".
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install build data dbt-build test test-data lint pytest docs docs-serve report browser-deps segments \
	segments-compile preview bench lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(STAMP)  ## create .venv and install the pinned dependencies

build: install data dbt-build  ## install, generate the demo store, dbt build on DuckDB

data: install  ## generate the demo store into RAW_DATA_PATH (skipped when already there)
	@if [ -f "$(RAW_DATA_PATH)/_manifest.json" ]; then \
		echo "Demo store already in $(RAW_DATA_PATH) (delete it or run 'make clean' to regenerate)."; \
	else \
		$(BIN)/python -m shopseg.generate --out "$(RAW_DATA_PATH)" --customers $(DEMO_CUSTOMERS) --seed $(DEMO_SEED); \
	fi

dbt-build: install segments-compile  ## dbt build on RAW_DATA_PATH into DUCKDB_PATH; publishes to SERVING_DUCKDB_PATH
	$(BIN)/dbt build $(DBT_ARGS)

# Custom segments are written in segments/custom/<key>.yml; their dbt models,
# the macros listing them and docs/segment_query_language.md are generated and
# committed. Under `make test` (CI) they are only checked, never rewritten, so a
# commit that forgot `make segments-compile` fails.
SEGMENTS_COMPILE_ARGS ?=
test: SEGMENTS_COMPILE_ARGS = --check
segments-compile: install  ## generate the dbt models of the custom segments (segments/custom/*.yml)
	$(BIN)/python -m shopseg.segments compile $(SEGMENTS_COMPILE_ARGS)
	$(BIN)/python -m shopseg.segments docs $(SEGMENTS_COMPILE_ARGS)

test: install segments-compile test-data lint browser-deps pytest  ## run every check (what CI runs)

test-data: install
	$(BIN)/python -m shopseg.generate --out $(TEST_RAW) --customers $(TEST_CUSTOMERS) --seed $(TEST_SEED) --quiet

# The dbt templater compiles the project, and staging reads the raw files'
# columns while compiling, hence the test store.
lint: install segments-compile  ## sqlfluff lint of every model, test and analysis
	@[ -f $(TEST_RAW)/_manifest.json ] || $(MAKE) --no-print-directory test-data
	RAW_DATA_PATH=$(TEST_RAW) DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models tests analyses --processes 2

pytest: install  ## Python tests, including dbt builds of the test stores
	SHOPSEG_TEST_RAW=$(abspath $(TEST_RAW)) $(BIN)/python -m pytest $(PYTEST_ARGS)

segments: install segments-compile  ## rebuild and test only the segment marts, on top of a full build
	$(BIN)/dbt build --selector segments $(DBT_ARGS)

# The query reaches the command through the environment, unexpanded by make and
# the shell: quotes, $ or backticks in it stay plain text (QUERY itself is not
# exported, since exporting would expand it).
unexport QUERY
preview: export SEGMENT_QUERY = $(value QUERY)
preview: install  ## how many customers a query matches: make preview QUERY="amount_spent > 500"
	@[ -n "$$SEGMENT_QUERY" ] || { echo 'usage: make preview QUERY="amount_spent > 500 AND last_order_date > -30d"' >&2; exit 2; }
	$(BIN)/python -m shopseg.segments preview --query "$$SEGMENT_QUERY"

docs: install  ## build the dbt docs site into target/ (index.html, manifest.json, catalog.json)
	$(BIN)/dbt docs generate $(DBT_ARGS)

DOCS_PORT ?= 8080
docs-serve: docs  ## build the docs site and serve it on http://127.0.0.1:$(DOCS_PORT)
	$(BIN)/dbt docs serve --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

REPORT ?= target/report/segments_report.html
report: install  ## write the segment report (one HTML file) from the serving, else the build database
	$(BIN)/python -m shopseg.report --out $(REPORT)

# The browser checks of the docs site and the report drive Debian's chromium
# through chromium-driver; installed here when missing (needs root, as on CI).
browser-deps:  ## install Debian's chromium and chromium-driver for the browser checks (when missing)
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" -ne 0 ]; then \
		echo "The browser checks need Debian's chromium and chromium-driver: run 'make browser-deps' as root"; exit 1; \
	else \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; \
	fi

bench: install  ## benchmark the scale ladder (SCALE=S,M,L)
	$(BIN)/python -m shopseg.bench --scales $(SCALE) $(BENCH_ARGS)

lock:  ## re-pin requirements.txt from requirements.in
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of every Python dependency (generated from requirements.in by 'make lock')."; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > requirements.txt
	rm -rf .lock-venv

clean:  ## remove the environment, generated data, warehouse, serving snapshot, exports and dbt artifacts
	rm -rf $(VENV) data/raw data/test data/bench target logs dbt_packages warehouse.duckdb warehouse.duckdb.wal \
		warehouse.duckdb.tmp serving.duckdb serving.duckdb.*.tmp exports .pytest_cache
