"""The marts a server engine built are DuckDB's, row for row.

Run by `make test-postgres` and `make test-spark` after they have built the
same raw store on DuckDB (SHOPSEG_DUCKDB_PATH) and on the engine named by
SHOPSEG_ENGINE (postgres: the PG* variables name the server; spark: the
session settings of shopseg.warehouses.spark). Skipped in a plain pytest run,
which has neither build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shopseg.warehouses import compare

ENGINE = os.environ.get("SHOPSEG_ENGINE")
DUCKDB_PATH = os.environ.get("SHOPSEG_DUCKDB_PATH")

pytestmark = pytest.mark.skipif(
    not (ENGINE and DUCKDB_PATH), reason="needs a server build: run by make test-postgres / make test-spark"
)


@pytest.fixture(scope="module")
def read_other():
    if ENGINE == "postgres":
        yield compare.read_postgres
    elif ENGINE == "spark":
        reader = compare.SparkReader()
        yield reader.read
        reader.stop()
    else:
        raise AssertionError(f"SHOPSEG_ENGINE must be postgres or spark, not {ENGINE!r}")


@pytest.mark.parametrize("mart", compare.MARTS, ids=lambda mart: mart.name)
def test_mart_matches_duckdb(mart, read_other):
    expected = compare.read_duckdb(Path(DUCKDB_PATH), mart)
    actual = read_other(mart)
    # An empty mart would make the comparison vacuous: the test store fills every one.
    assert expected.rows, f"{mart.name} is empty on DuckDB"
    found = compare.differences(mart, expected, actual)
    assert not found, f"{mart.name} on {ENGINE} differs from DuckDB:\n  " + "\n  ".join(found)
