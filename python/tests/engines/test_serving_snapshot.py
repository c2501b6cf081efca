"""Write-audit-publish on a server engine: what the full build of `make
test-postgres` / `make test-spark` published.

That build ran with every node passing, so its on-run-end hook must have
switched the serving schema (PostgreSQL) or the serving database's views
(Spark) to a snapshot of that build: the same marts as the build schema, row
for row in count, with build_metadata saying which build it is. The
activation exports written from there (shopseg.serving.server_exports) must be
the files DuckDB writes from the same store: the marts are equal
(test_marts_match_duckdb), so the audiences must be too. Skipped in a plain
pytest run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from shopseg.serving import server_exports

ENGINE = os.environ.get("SHOPSEG_ENGINE")
DUCKDB_PATH = os.environ.get("SHOPSEG_DUCKDB_PATH")
SCHEMA = os.environ.get("DBT_SCHEMA", "analytics")
MARTS_SCHEMA = f"{SCHEMA}_marts"
SERVING = server_exports.default_serving_schema()

pytestmark = pytest.mark.skipif(
    not (ENGINE in ("postgres", "spark") and DUCKDB_PATH),
    reason="needs a server build: run by make test-postgres / make test-spark",
)


class Engine:
    """The few questions these tests ask, on PostgreSQL or Spark."""

    def __init__(self):
        if ENGINE == "postgres":
            from shopseg.warehouses.postgres import connect

            self.con = connect()
            self.spark = None
        else:
            os.environ["TZ"] = "UTC"  # pyspark hands timestamps to Python in the local zone
            from shopseg.warehouses.spark import session

            self.spark = session()

    def rows(self, sql):
        if self.spark is not None:
            return [tuple(row) for row in self.spark.sql(sql).collect()]
        with self.con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    def tables(self, schema):
        if self.spark is not None:
            if schema not in {row[0] for row in self.rows("show databases")}:
                return set()
            return {row[1] for row in self.rows(f"show tables in `{schema}`") if not row[2]}
        return {row[0] for row in self.rows(
            f"select table_name from information_schema.tables where table_schema = '{schema}'")}

    def quote(self, schema, name):
        return f"`{schema}`.`{name}`" if self.spark is not None else f'"{schema}"."{name}"'

    def count(self, schema, name):
        return self.rows(f"select count(*) from {self.quote(schema, name)}")[0][0]

    def reader(self, schema):
        if self.spark is not None:
            return server_exports.spark_reader(schema, self.spark), lambda: None
        return server_exports.postgres_reader(schema)

    def close(self):
        if self.spark is not None:
            self.spark.stop()
        else:
            self.con.close()


@pytest.fixture(scope="module")
def engine():
    engine = Engine()
    yield engine
    engine.close()


def test_serving_snapshot_holds_every_mart_of_the_build(engine):
    marts = engine.tables(MARTS_SCHEMA)
    assert "dim_customers" in marts and "fct_segment_memberships" in marts
    assert engine.tables(SERVING) == marts | {"build_metadata", "build_metadata_marts"}


def test_build_metadata_counts_are_the_served_and_built_row_counts(engine):
    assert engine.count(SERVING, "build_metadata") == 1
    counts = dict(engine.rows(f"select mart_name, row_count from {engine.quote(SERVING, 'build_metadata_marts')}"))
    assert set(counts) == engine.tables(MARTS_SCHEMA)
    for name, row_count in counts.items():
        assert engine.count(SERVING, name) == row_count, name
        assert engine.count(MARTS_SCHEMA, name) == row_count, name


def _duckdb_reader(path: Path):
    con = duckdb.connect(str(path), read_only=True)

    def read(name):
        if name == "build_metadata":
            # The reference build is not a publish: give it the one row the exports read.
            result = con.execute("select 'duckdb-reference' as build_id, max(as_of_date) as as_of_date"
                                 " from main_marts.fct_segment_memberships")
        else:
            result = con.execute(f'select * from main_marts."{name}"')
        return [d[0] for d in result.description], result.fetchall()

    return read, con.close


def test_exports_from_the_engine_are_duckdbs(engine, tmp_path):
    read, close = engine.reader(SERVING)
    try:
        from_engine = server_exports.export_snapshot(read, tmp_path / "engine")
    finally:
        close()
    read, close = _duckdb_reader(Path(DUCKDB_PATH))
    try:
        from_duckdb = server_exports.export_snapshot(read, tmp_path / "duckdb")
    finally:
        close()
    assert from_engine["as_of_date"] == from_duckdb["as_of_date"]
    engine_manifest = json.loads((Path(from_engine["exports_path"]) / "manifest.json").read_text())
    duck_manifest = json.loads((Path(from_duckdb["exports_path"]) / "manifest.json").read_text())
    assert engine_manifest["files"], "no export was written"
    assert engine_manifest["segments"] == duck_manifest["segments"]
    engine_files = {entry["file"]: entry for entry in engine_manifest["files"]}
    duck_files = {entry["file"]: entry for entry in duck_manifest["files"]}
    assert engine_files.keys() == duck_files.keys()
    for name, entry in engine_files.items():
        assert entry["rows"] == duck_files[name]["rows"], name
        if entry["format"] == "csv":
            assert entry["sha256"] == duck_files[name]["sha256"], f"{name} differs byte for byte"
        else:
            left = duckdb.sql(f"select * from '{Path(from_engine['exports_path']) / name}'").fetchall()
            right = duckdb.sql(f"select * from '{Path(from_duckdb['exports_path']) / name}'").fetchall()
            assert left == right, name
