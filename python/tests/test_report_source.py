"""Where the report reads from: the serving snapshot first, else the build database."""

from __future__ import annotations

import duckdb
import pytest

from shopseg.report.source import ReportError, Snapshot, locate_database, project_currency


def test_serving_database_wins_when_it_exists(tmp_path):
    serving, build = tmp_path / "serving.duckdb", tmp_path / "warehouse.duckdb"
    build.write_bytes(b"")
    env = {"SERVING_DUCKDB_PATH": str(serving), "DUCKDB_PATH": str(build)}
    assert locate_database(environ=env) == build
    serving.write_bytes(b"")
    assert locate_database(environ=env) == serving
    assert locate_database(str(build), environ=env) == build


def test_no_database_is_a_clear_error(tmp_path):
    env = {"SERVING_DUCKDB_PATH": str(tmp_path / "a.duckdb"), "DUCKDB_PATH": str(tmp_path / "b.duckdb")}
    with pytest.raises(ReportError, match="does not exist"):
        locate_database(environ=env)


def test_a_database_without_marts_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(ReportError, match="build the marts first"):
        Snapshot.open(path)


def test_currency_comes_from_the_project_default(tmp_path):
    project = tmp_path / "dbt_project.yml"
    project.write_text("vars:\n  reporting_currency: usd\n")
    assert project_currency(project) == "USD"
    assert project_currency(tmp_path / "missing.yml") == "EUR"


def test_build_metadata_of_a_published_snapshot_is_read_when_present(tmp_path):
    path = tmp_path / "serving.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_marts")
        con.execute("create table main_marts.build_metadata as select 'b1' as build_id,"
                    " timestamp '2026-06-30 10:00:00' as build_finished_at union all"
                    " select 'b2', timestamp '2026-06-30 12:00:00'")
    snapshot = Snapshot(path, duckdb.connect(str(path), read_only=True))
    try:
        assert snapshot.build_metadata()["build_id"] == "b2"  # the newest build
        assert snapshot.currency("usd") == "USD"
    finally:
        snapshot.close()
    without = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(without)).close()
    assert Snapshot(without, duckdb.connect(str(without), read_only=True)).build_metadata() == {}
