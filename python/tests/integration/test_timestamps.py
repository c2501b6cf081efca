"""Timestamps (RAW_CONTRACT.md, "Conventions"): an offset or zone in a text
timestamp is converted to UTC, and no result depends on the build machine's
timezone, also for Parquet TIMESTAMP WITH TIME ZONE columns."""

from __future__ import annotations

import datetime
import shutil

import duckdb
import pytest

from .dbt_project_runner import DbtProject, generate_store

AS_OF = "2026-06-30"
# order_id -> (raw ordered_at, the UTC time worked out by hand)
OFFSET_ORDERS = {
    "OTZ1": (f"{AS_OF} 23:30:00+02:00", datetime.datetime(2026, 6, 30, 21, 30)),
    "OTZ2": (f"{AS_OF} 22:30:00-05:00", datetime.datetime(2026, 7, 1, 3, 30)),  # the next UTC day
    "OTZ3": (f"{AS_OF}T20:00:00Z", datetime.datetime(2026, 6, 30, 20, 0)),
    "OTZ4": (f"{AS_OF} 23:30:00 CET", datetime.datetime(2026, 6, 30, 21, 30)),  # CET observes summer time: +02:00
    # Shapes DuckDB's own cast rejects: a space before the offset (as Ruby writes it), a lower-case z (RFC 3339).
    "OTZ5": (f"{AS_OF} 23:30:00 +02:00", datetime.datetime(2026, 6, 30, 21, 30)),
    "OTZ6": (f"{AS_OF} 10:00:00 -0500", datetime.datetime(2026, 6, 30, 15, 0)),
    "OTZ7": (f"{AS_OF}t20:00:00.5z", datetime.datetime(2026, 6, 30, 20, 0, 0, 500000)),
}
SELECTION = ["--select", "+fct_orders", "+dim_customers", "--exclude", "test_type:data", "test_type:unit"]


@pytest.fixture(scope="module")
def csv_store(tmp_path_factory):
    return generate_store(tmp_path_factory.mktemp("csv"), "--format", "csv", customers=200, seed=5)


def test_text_offsets_are_converted_to_utc(csv_store, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(csv_store, raw)
    orders = raw / "orders.csv"
    rows = " union all ".join(
        f"(select * replace ('{order_id}' as order_id, '{text}' as ordered_at, null as updated_at, "
        f"null as session_id) from template)"
        for order_id, (text, _) in OFFSET_ORDERS.items()
    )
    with duckdb.connect() as con:
        con.execute(f"create table original as select * from read_csv('{orders}', header = true, all_varchar = true)")
        con.execute("create table template as select * from original "
                    "where customer_id is not null and status = 'completed' and currency = 'EUR' limit 1")
        con.execute(f"copy (select * from original union all {rows}) to '{orders}' (header, format csv)")
    project = DbtProject(raw, tmp_path / "work", vars={"as_of_date": AS_OF}, raw_file_format="csv")
    result = project.build(*SELECTION)
    assert result.returncode == 0, result.output[-3000:]
    listed = ", ".join(f"'{key}'" for key in OFFSET_ORDERS)
    staged = dict(project.query(
        f"select order_id, ordered_at from main_staging.base_shop__orders where order_id in ({listed})"
    ))
    assert staged == {key: utc for key, (_, utc) in OFFSET_ORDERS.items()}
    facts = {row[0] for row in project.query(f"select order_id from main_marts.fct_orders where order_id in ({listed})")}
    assert facts == set(OFFSET_ORDERS) - {"OTZ2"}  # OTZ2 was placed on 07-01 UTC, after as_of


@pytest.fixture(scope="module")
def tz_aware_store(tmp_path_factory):
    """A Parquet store whose event times are TIMESTAMP WITH TIME ZONE columns."""
    raw = generate_store(tmp_path_factory.mktemp("tz"), customers=200, seed=9)
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for table, column in [("orders", "ordered_at"), ("sessions", "started_at"), ("customers", "created_at")]:
            path = raw / f"{table}.parquet"
            con.execute(
                f"copy (select * replace ({column}::timestamptz as {column}) from read_parquet('{path}')) "
                f"to '{path}.tmp' (format parquet)"
            )
            shutil.move(f"{path}.tmp", path)
        kind = con.execute(f"select typeof(ordered_at) from read_parquet('{raw / 'orders.parquet'}') limit 1")
        assert kind.fetchone()[0] == "TIMESTAMP WITH TIME ZONE"
    return raw


def test_timestamptz_results_do_not_depend_on_the_machine_timezone(tz_aware_store, tmp_path):
    marts = {}
    for zone in ["UTC", "Pacific/Kiritimati"]:  # UTC+14: every evening order would move to the next day
        project = DbtProject(tz_aware_store, tmp_path / zone.replace("/", "_"))
        result = project.run("build", *SELECTION, extra_env={"TZ": zone})
        assert result.returncode == 0, result.output[-3000:]
        marts[zone] = (
            project.query("select * from main_marts.fct_orders order by order_id"),
            project.query("select * from main_marts.dim_customers order by customer_id"),
        )
    assert marts["UTC"][0] and marts["UTC"][1]
    assert marts["UTC"] == marts["Pacific/Kiritimati"]
