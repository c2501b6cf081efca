# shop_segments — two commands for a new user:
#   make build   create .venv, install pinned dependencies, generate the demo
#                store and run `dbt build` on DuckDB
#   make test    every check: sqlfluff lint, pytest (Python unit tests and
#                dbt builds of the test stores with all their data tests), then
#                the same build on PostgreSQL and on Spark, compared with DuckDB
# `make help` lists the rest.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_STAMP := $(VENV)/.installed-postgres
SPARK_STAMP := $(VENV)/.installed-spark

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
# Spark's part of make bench; e.g. SPARK_SCALE=S,M SPARK_BENCH_ARGS=--with-tests.
SPARK_SCALE ?= S
SPARK_BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install build data dbt-build test test-data lint pytest docs docs-serve report browser-deps segments \
	segments-compile preview bench lock clean install-postgres install-spark postgres-binaries load-postgres \
	load-spark dbt-build-postgres dbt-build-spark test-postgres test-spark engine-reference

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(STAMP)  ## create .venv and install the pinned dependencies

$(PG_STAMP): $(STAMP) requirements-postgres.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-postgres.txt
	touch $@

$(SPARK_STAMP): $(STAMP) requirements-spark.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	touch $@

install-postgres: $(PG_STAMP)  ## add dbt-postgres to .venv

install-spark: $(SPARK_STAMP)  ## add dbt-spark and pyspark to .venv (Spark needs Java 17)

build: install data dbt-build  ## install, generate the demo store, dbt build on DuckDB

data: install  ## generate the demo store into RAW_DATA_PATH (skipped when already there)
	@if [ -f "$(RAW_DATA_PATH)/_manifest.json" ]; then \
		echo "Demo store already in $(RAW_DATA_PATH) (delete it or run 'make clean' to regenerate)."; \
	else \
		$(BIN)/python -m shopseg.generate --out "$(RAW_DATA_PATH)" --customers $(DEMO_CUSTOMERS) --seed $(DEMO_SEED); \
	fi

# Production builds leave the unit tests out (dbt's advice: they check the SQL
# logic on fixed inputs, not the data, and are the same on every run); the
# audit and publish still cover every model, seed and data test. CI
# (`make test`: pytest and the engine builds) runs every unit test.
dbt-build: install segments-compile  ## dbt build (no unit tests) on RAW_DATA_PATH into DUCKDB_PATH; publishes to SERVING_DUCKDB_PATH
	$(BIN)/dbt build --exclude-resource-type unit_test $(DBT_ARGS)

# Custom segments are written in segments/custom/<key>.yml; their dbt models,
# the macros listing them and docs/segment_query_language.md are generated and
# committed. Under `make test` (CI) they are only checked, never rewritten, so a
# commit that forgot `make segments-compile` fails.
SEGMENTS_COMPILE_ARGS ?=
test: SEGMENTS_COMPILE_ARGS = --check
segments-compile: install  ## generate the dbt models of the custom segments (segments/custom/*.yml)
	$(BIN)/python -m shopseg.segments compile $(SEGMENTS_COMPILE_ARGS)
	$(BIN)/python -m shopseg.segments docs $(SEGMENTS_COMPILE_ARGS)

test: install segments-compile test-data lint browser-deps pytest test-postgres test-spark  ## run every check (what CI runs)

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

# --- PostgreSQL and Spark -------------------------------------------------
# A throwaway local PostgreSQL server (shopseg.warehouses.postgres serve) runs
# from the binaries on this machine, on a free port, with its data in PG_DATA;
# it is stopped when the command beside it ends. Spark runs in-process
# (dbt-spark's session method) with its metastore and tables in SPARK_HOME_DIR.
RAW_FILE_FORMAT ?= parquet
PG_DATA ?= target/pg/data
export SPARK_HOME_DIR ?= target/spark
PG_SERVE = $(BIN)/python -m shopseg.warehouses.postgres serve
RAW_VARS = --vars '{raw_file_format: $(RAW_FILE_FORMAT)}'
# The test store of the server engines and the DuckDB build they are compared with.
ENGINE_DIR := target/engines
ENGINE_DUCKDB := $(ENGINE_DIR)/duckdb.duckdb

postgres-binaries:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "PostgreSQL server binaries not found: installing the postgresql package."; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; }

load-postgres: install-postgres postgres-binaries  ## load RAW_DATA_PATH into the raw schema of the local PostgreSQL in PG_DATA
	$(PG_SERVE) --data-dir $(PG_DATA) -- $(BIN)/python -m shopseg.warehouses.postgres load "$(RAW_DATA_PATH)" --format $(RAW_FILE_FORMAT)

dbt-build-postgres: install-postgres postgres-binaries  ## dbt build on the local PostgreSQL in PG_DATA (after make load-postgres)
	$(PG_SERVE) --data-dir $(PG_DATA) -- $(BIN)/dbt build --target postgres --target-path target/postgres $(RAW_VARS) $(DBT_ARGS)
	$(PG_SERVE) --data-dir $(PG_DATA) -- $(BIN)/python -m shopseg.serving.server_exports

load-spark: install-spark  ## load RAW_DATA_PATH into the raw database of the local Spark in SPARK_HOME_DIR
	$(BIN)/python -m shopseg.warehouses.spark load "$(RAW_DATA_PATH)" --format $(RAW_FILE_FORMAT)

dbt-build-spark: install-spark  ## dbt build on the local Spark in SPARK_HOME_DIR (after make load-spark)
	$(BIN)/dbt build --target spark --target-path target/spark-dbt $(RAW_VARS) $(DBT_ARGS)
	$(BIN)/python -m shopseg.serving.server_exports --engine spark

engine-reference: install test-data
	rm -rf $(ENGINE_DUCKDB)* && mkdir -p $(ENGINE_DIR)
	RAW_DATA_PATH=$(TEST_RAW) DUCKDB_PATH=$(ENGINE_DUCKDB) $(BIN)/dbt build --target duckdb \
		--resource-type seed --resource-type model --target-path $(ENGINE_DIR)/duckdb-target --log-path $(ENGINE_DIR)/logs --quiet

# Each starts from an empty server, loads the test store, runs the full build
# (every data test and unit test), then compares the marts with DuckDB's.
# The PostgreSQL test build runs with a session timezone that is not UTC: the
# marts must not depend on it (they are compared with DuckDB's).
PG_TEST_TIMEZONE ?= America/New_York
test-postgres: install-postgres postgres-binaries test-data engine-reference  ## full dbt build on PostgreSQL + equality with DuckDB
	rm -rf $(ENGINE_DIR)/pg
	$(PG_SERVE) --data-dir $(ENGINE_DIR)/pg -- sh -ec '\
		$(BIN)/python -m shopseg.warehouses.postgres load $(TEST_RAW); \
		PGTZ=$(PG_TEST_TIMEZONE) $(BIN)/dbt build --target postgres --target-path $(ENGINE_DIR)/postgres-target \
			--log-path $(ENGINE_DIR)/logs; \
		SHOPSEG_ENGINE=postgres SHOPSEG_DUCKDB_PATH=$(ENGINE_DUCKDB) $(BIN)/python -m pytest python/tests/engines -q'

test-spark: install-spark test-data engine-reference  ## full dbt build on Spark + equality with DuckDB
	rm -rf $(ENGINE_DIR)/spark
	SPARK_HOME_DIR=$(ENGINE_DIR)/spark $(BIN)/python -m shopseg.warehouses.spark load $(TEST_RAW)
	SPARK_HOME_DIR=$(ENGINE_DIR)/spark $(BIN)/dbt build --target spark \
		--target-path $(ENGINE_DIR)/spark-target --log-path $(ENGINE_DIR)/logs
	SPARK_HOME_DIR=$(ENGINE_DIR)/spark SHOPSEG_ENGINE=spark SHOPSEG_DUCKDB_PATH=$(ENGINE_DUCKDB) \
		$(BIN)/python -m pytest python/tests/engines -q

bench: install install-spark  ## benchmark the scale ladder (SCALE=S,M,L), then Spark beside DuckDB (SPARK_SCALE=S)
	$(BIN)/python -m shopseg.bench --scales $(SCALE) $(BENCH_ARGS)
	$(BIN)/python -m shopseg.bench.spark --scales $(SPARK_SCALE) $(SPARK_BENCH_ARGS)

lock:  ## re-pin requirements.txt from requirements.in
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of every Python dependency (generated from requirements.in by 'make lock')."; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > requirements.txt
	rm -rf .lock-venv

clean:  ## remove the environment, generated data, warehouse, serving snapshot, exports and dbt artifacts
	rm -rf $(VENV) data/raw data/test data/bench target logs dbt_packages warehouse.duckdb warehouse.duckdb.wal \
		warehouse.duckdb.tmp serving.duckdb serving.duckdb.*.tmp exports .pytest_cache
