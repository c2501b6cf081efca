"""Point-in-time correctness (SEGMENTS.md, "as_of_date"): a build with
as_of_date = D on the full data gives the same customer profile as a build on
the data as it was exported on D, i.e. with every row dated or versioned after
D removed.

"Exported on D" keeps each table's rows whose event time falls on or before D
(customers by created_at, orders by ordered_at, order lines with their order,
sessions by started_at, page views by viewed_at, checkouts by created_at,
email events by occurred_at) and, for the versioned tables (customers,
orders), only the versions with updated_at on or before D: an order refunded
after D was not refunded yet on D. The catalog tables (products, companies)
stay whole. Rows that staging rejects are cut the same way, so both builds see
the same bad rows.

One thing is deliberately not point in time: email suppression uses every
event and consent known at build time (SEGMENTS.md, "consent is always
current"), so the profiles are compared without is_email_suppressed, and a
separate test checks that suppression in the as-of-D build is the current one.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pytest

from .dbt_project_runner import DbtProject, generate_store
from .suppressed_addresses import suppressed_addresses

AS_OF = "2026-02-28"
EVENT_COLUMNS = {
    "customers": "created_at",
    "orders": "ordered_at",
    "sessions": "started_at",
    "page_views": "viewed_at",
    "checkouts": "created_at",
    "email_events": "occurred_at",
}
VERSION_COLUMNS = {"customers": "updated_at", "orders": "updated_at"}
WHOLE_TABLES = ["products", "companies"]


def cut_store(source: Path, target: Path, as_of: str) -> Path:
    """Copy a Parquet store keeping only the rows dated on or before `as_of`."""
    target.mkdir(parents=True)
    end = f"timestamp '{as_of}' + interval 1 day"
    with duckdb.connect() as con:
        for table, column in EVENT_COLUMNS.items():
            known = f" and ({VERSION_COLUMNS[table]} is null or {VERSION_COLUMNS[table]} < {end})" \
                if table in VERSION_COLUMNS else ""
            con.execute(
                f"copy (select * from read_parquet('{source / table}.parquet') "
                f"where ({column} is null or {column} < {end}){known}) to '{target / table}.parquet' (format parquet)"
            )
        con.execute(
            f"copy (select * from read_parquet('{source}/order_items.parquet') "
            f"where order_id in (select order_id from read_parquet('{target}/orders.parquet'))) "
            f"to '{target}/order_items.parquet' (format parquet)"
        )
        for table in WHOLE_TABLES:
            con.execute(
                f"copy (select * from read_parquet('{source / table}.parquet')) "
                f"to '{target / table}.parquet' (format parquet)"
            )
    return target


def profile(project: DbtProject) -> list[tuple]:
    return project.query("select * exclude (is_email_suppressed) from main_marts.dim_customers order by customer_id")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    work = tmp_path_factory.mktemp("point_in_time")
    full_raw = generate_store(work / "full", customers=600, seed=21)
    cut_raw = cut_store(full_raw, work / "cut", AS_OF)
    builds = {}
    for name, raw in [("full", full_raw), ("cut", cut_raw)]:
        project = DbtProject(raw, work / f"build_{name}", vars={"as_of_date": AS_OF})
        result = project.run("build", "--select", "+dim_customers", "--exclude", "test_type:data")
        assert result.returncode == 0, result.output[-4000:]
        builds[name] = project
    return builds


def test_cut_really_removes_later_rows(two_builds):
    full, cut = two_builds["full"], two_builds["cut"]
    later = full.scalar(
        f"select count(*) from read_parquet('{full.raw_path / 'orders.parquet'}') "
        f"where ordered_at >= timestamp '{AS_OF}' + interval 1 day"
    )
    assert later > 0, "the store has no order after the as-of date: the test would prove nothing"
    assert cut.scalar(f"select count(*) from main_staging.stg_shop__orders where ordered_date > date '{AS_OF}'") == 0


def test_cut_really_removes_later_versions(two_builds):
    """Some orders placed by D changed after D: the as-of-D build must show them as they were."""
    full = two_builds["full"]
    raw_orders = full.raw_path / "orders.parquet"
    changed_later = full.scalar(
        f"select count(distinct order_id) from read_parquet('{raw_orders}') "
        f"where ordered_at < timestamp '{AS_OF}' + interval 1 day and updated_at >= timestamp '{AS_OF}' + interval 1 day"
    )
    assert changed_later > 0, "no order changed after the as-of date: the test would prove nothing"
    leaked = full.scalar(
        f"select count(*) from main_staging.stg_shop__orders where updated_at >= timestamp '{AS_OF}' + interval 1 day"
    )
    assert leaked == 0


def test_suppression_is_current_in_a_past_build(two_builds):
    """An unsubscribe, bounce or consent change known at build time counts whatever as_of_date is."""
    full = two_builds["full"]
    suppressed = suppressed_addresses(full.raw_path)
    listed = ", ".join(f"'{address}'" for address in sorted(suppressed))
    flags = full.query(
        f"select is_email_suppressed, count(*) from main_marts.dim_customers where email in ({listed}) group by all"
    )
    assert dict(flags).get(True, 0) > 0
    assert dict(flags).get(False, 0) == 0, "a past build hands out addresses suppressed since"
    later_only = two_builds["cut"].scalar(
        f"select count(*) from main_marts.dim_customers where email in ({listed}) and not is_email_suppressed"
    )
    assert later_only > 0, "no suppression happened after the as-of date: the test would prove nothing"


def test_profile_as_of_d_equals_profile_of_data_cut_at_d(two_builds):
    full_rows = profile(two_builds["full"])
    cut_rows = profile(two_builds["cut"])
    assert len(full_rows) > 0
    assert full_rows == cut_rows


def test_profile_differs_from_the_latest_build(two_builds, tmp_path):
    """The as-of date really changes the answer (otherwise the comparison above is vacuous)."""
    latest = DbtProject(two_builds["full"].raw_path, tmp_path / "latest")
    result = latest.run("build", "--select", "+dim_customers", "--exclude", "test_type:data")
    assert result.returncode == 0, result.output[-4000:]
    assert profile(latest) != profile(two_builds["full"])
    assert latest.scalar("select max(as_of_date) from main_marts.dim_customers") > datetime.date.fromisoformat(AS_OF)
