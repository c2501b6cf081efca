"""Scenario tests: a hand-written store (store/*.csv) whose stories are told in
STORIES.md, built with the real project, and checked against the members and
figures worked out by hand (expected_segments.py).

The build reads the CSV files where they are (RAW_DATA_PATH = store/), with
as_of_date 2026-06-30; it runs once per session (about three minutes).
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

SCENARIO_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(SCENARIO_DIR.parent))  # python/tests, for the shared dbt runner
sys.path.insert(0, str(SCENARIO_DIR))

import expected_segments as expected  # noqa: E402
from integration.dbt_project_runner import DbtProject, DbtResult, assert_build_ok  # noqa: E402

STORE_DIR = SCENARIO_DIR / "store"
AS_OF = date.fromisoformat(expected.AS_OF_DATE)


@pytest.fixture(scope="session")
def scenario_build(tmp_path_factory) -> tuple[DbtProject, DbtResult]:
    """The scenario store after one full `dbt build` (seeds, models, data and unit tests)."""
    project = DbtProject(
        STORE_DIR, tmp_path_factory.mktemp("scenario_build"), vars=expected.BUILD_VARS, raw_file_format="csv"
    )
    return project, project.build()


@pytest.fixture(scope="session")
def scenario(scenario_build) -> DbtProject:
    """The built warehouse. Tables that did build are queried even when another part of the build
    failed, so that every expectation reports on its own; test_build_is_clean reports the failure."""
    project, result = scenario_build
    if not project.warehouse.exists():
        pytest.fail("the scenario store did not build at all:\n" + result.output[-3000:], pytrace=False)
    return project


def relation_exists(project: DbtProject, schema: str, table: str) -> bool:
    return project.scalar(
        "select count(*) from information_schema.tables "
        f"where table_schema = '{schema}' and table_name = '{table}'"
    ) > 0


def require_relation(project: DbtProject, schema: str, table: str) -> None:
    if not relation_exists(project, schema, table):
        pytest.fail(f"{schema}.{table} was not built", pytrace=False)


def columns_of(project: DbtProject, schema: str, table: str) -> list[str]:
    return [row[0] for row in project.query(
        "select column_name from information_schema.columns "
        f"where table_schema = '{schema}' and table_name = '{table}' order by ordinal_position"
    )]


def test_build_is_clean(scenario_build):
    """Every model, data test and unit test passes on the scenario store, without a warning."""
    _, result = scenario_build
    assert_build_ok(result)


def test_the_store_has_the_registered_customers(scenario):
    ids = {row[0] for row in scenario.query("select customer_id from main_marts.dim_customers")}
    assert ids == expected.REGISTERED_CUSTOMERS  # C17 registers after as_of


@pytest.mark.parametrize("segment", sorted(expected.EXPECTED_MEMBERS))
def test_named_segment_members(scenario, segment):
    table = f"seg_{segment}"
    require_relation(scenario, "main_marts", table)
    key = "visitor_id" if segment == "anonymous_visitors" else "customer_id"
    rows = [row[0] for row in scenario.query(f"select {key} from main_marts.{table}")]
    assert len(rows) == len(set(rows)), f"{table} lists a member twice: {sorted(rows)}"
    assert set(rows) == expected.EXPECTED_MEMBERS[segment], (
        f"{table}: missing {sorted(expected.EXPECTED_MEMBERS[segment] - set(rows))}, "
        f"unexpected {sorted(set(rows) - expected.EXPECTED_MEMBERS[segment])}"
    )


@pytest.mark.parametrize("segment", sorted(expected.EXPECTED_MEMBERS))
def test_named_segment_shape_and_suppressed_emails(scenario, segment):
    """customer_id (or visitor_id) first, then email, as_of_date last; no suppressed address handed out."""
    table = f"seg_{segment}"
    require_relation(scenario, "main_marts", table)
    columns = columns_of(scenario, "main_marts", table)
    if segment == "anonymous_visitors":
        assert columns[0] == "visitor_id" and "email" not in columns
    else:
        assert columns[:2] == ["customer_id", "email"]
        leaked = {
            row[0] for row in scenario.query(f"select customer_id from main_marts.{table} where email is not null")
        } & expected.EXPECTED_MEMBERS["email_suppressed"]
        assert not leaked, f"{table} hands out the email of suppressed customers {sorted(leaked)}"
    assert columns[-1] == "as_of_date"
    dates = {row[0] for row in scenario.query(f"select distinct as_of_date from main_marts.{table}")}
    assert dates <= {AS_OF}


def test_rfm_of_every_ordering_customer(scenario):
    rows = scenario.query(
        "select customer_id, days_since_last_valid_order, valid_order_count, lifetime_net_revenue, "
        "rfm_code, rfm_group from main_marts.dim_customers where rfm_code is not null"
    )
    actual = {row[0]: (row[1], row[2], float(row[3]), row[4], row[5]) for row in rows}
    assert actual == {
        key: (recency, frequency, float(monetary), code, group)
        for key, (recency, frequency, monetary, code, group) in expected.EXPECTED_RFM.items()
    }


def test_customers_without_valid_order_are_prospects(scenario):
    rows = scenario.query(
        "select customer_id from main_marts.dim_customers where rfm_group = 'prospects' and rfm_code is null"
    )
    assert {row[0] for row in rows} == expected.EXPECTED_PROSPECTS


def test_recency_buckets(scenario):
    rows = scenario.query("select customer_id, recency_bucket from main_marts.dim_customers")
    assert dict(rows) == expected.EXPECTED_RECENCY_BUCKETS


@pytest.mark.parametrize("segment", sorted(expected.EXPECTED_TOP_PRODUCT))
def test_top_product_of_segment(scenario, segment):
    require_relation(scenario, "main_marts", "rpt_popular_products_by_segment")
    columns = columns_of(scenario, "main_marts", "rpt_popular_products_by_segment")
    rank_columns = [column for column in columns if column.endswith("rank")]
    assert len(rank_columns) == 1, f"cannot tell the rank column among {columns}"
    rows = scenario.query(
        f"select product_id from main_marts.rpt_popular_products_by_segment "
        f"where family = 'named' and segment = '{segment}' and {rank_columns[0]} = 1"
    )
    assert [row[0] for row in rows] == [expected.EXPECTED_TOP_PRODUCT[segment]]


def test_guest_orders_identity(scenario):
    rows = scenario.query(
        "select order_id, customer_id, identity_method from main_marts.fct_orders "
        f"where order_id in ({', '.join(repr(key) for key in expected.EXPECTED_GUEST_ORDERS)})"
    )
    assert {row[0]: (row[1], row[2]) for row in rows} == expected.EXPECTED_GUEST_ORDERS


def test_orders_after_as_of_or_rejected_are_not_facts(scenario):
    ids = {row[0] for row in scenario.query("select order_id from main_marts.fct_orders")}
    assert not ids & expected.ORDERS_NOT_IN_FCT
    assert scenario.scalar("select max(ordered_date) from main_marts.fct_orders") <= AS_OF


def test_net_revenue_of_orders(scenario):
    rows = scenario.query(
        "select order_id, net_revenue, count(*) over (partition by order_id) from main_marts.fct_orders "
        f"where order_id in ({', '.join(repr(key) for key in expected.EXPECTED_NET_REVENUE)})"
    )
    assert all(row[2] == 1 for row in rows), "an order appears twice in fct_orders"
    assert {row[0]: Decimal(row[1]) for row in rows} == {
        key: Decimal(str(value)).quantize(Decimal("0.01")) for key, value in expected.EXPECTED_NET_REVENUE.items()
    }


def test_big_cart_threshold_is_the_interpolated_90th_percentile(scenario):
    require_relation(scenario, "main_marts", "seg_big_spenders")
    thresholds = {
        row[0] for row in scenario.query("select distinct big_cart_threshold from main_marts.seg_big_spenders")
    }
    assert {float(value) for value in thresholds} == {expected.EXPECTED_BIG_CART_THRESHOLD}


def test_pareto_ranks_and_cumulative_revenue(scenario):
    require_relation(scenario, "main_marts", "seg_top_customers_pareto")
    rows = scenario.query(
        "select customer_id, pareto_rank, net_revenue_pareto_window, cumulative_net_revenue, total_net_revenue "
        "from main_marts.seg_top_customers_pareto order by pareto_rank"
    )
    assert [(row[0], row[1], float(row[2]), float(row[3]), float(row[4])) for row in rows] == [
        ("C02", 1, 600.0, 600.0, 1342.0),
        ("C15", 2, 250.0, 850.0, 1342.0),
        ("C01", 3, 120.0, 970.0, 1342.0),
        ("C06", 4, 92.0, 1062.0, 1342.0),
        ("C04", 5, 60.0, 1122.0, 1342.0),
    ]


def test_engaged_frequent_buyers_mean(scenario):
    require_relation(scenario, "main_marts", "seg_engaged_frequent_buyers")
    rows = scenario.query(
        "select customer_id, valid_orders_engagement_window, mean_valid_orders_engagement_window "
        "from main_marts.seg_engaged_frequent_buyers"
    )
    assert {row[0]: (row[1], float(row[2])) for row in rows} == {"C01": (6, 2.5), "C15": (5, 2.5)}


def test_rejected_rows(scenario):
    rows = scenario.query("select source_table, record_key, rejection_reason from main_staging.stg_shop__rejected_rows")
    assert len(rows) == len(set(rows))
    assert set(rows) == expected.EXPECTED_REJECTED_ROWS


def test_rejected_rows_name_their_column(scenario):
    rows = scenario.query("select record_key, rejection_column from main_staging.stg_shop__rejected_rows")
    assert dict(rows) == expected.EXPECTED_REJECTION_COLUMNS


def test_unreadable_descriptive_values_are_null_and_listed(scenario):
    rows = scenario.query(
        "select source_table, record_key, column_name, issue, value_shape from main_staging.stg_shop__data_quality_issues"
    )
    assert set(rows) == expected.EXPECTED_DATA_QUALITY_ISSUES
    assert scenario.scalar("select birth_date from main_marts.dim_customers where customer_id = 'C11'") is None


def test_null_like_coordinates_are_no_coordinates(scenario):
    """C12's latitude `NaN` and longitude ` nan ` are null-like literals: no value, so no coordinates
    and no distance (read as a double NaN they would be a number no distance compares with), and no
    data-quality issue either (the exact list is checked above)."""
    rows = scenario.query(
        "select latitude, longitude, distance_to_store_km from main_marts.dim_customers where customer_id = 'C12'"
    )
    assert rows == [(None, None, None)]


def test_membership_table_agrees_with_the_named_segments(scenario):
    require_relation(scenario, "main_marts", "fct_segment_memberships")
    rows = scenario.query(
        "select segment, coalesce(customer_id, visitor_id) from main_marts.fct_segment_memberships "
        "where family = 'named'"
    )
    actual: dict[str, set[str]] = {}
    for segment, member in rows:
        actual.setdefault(segment, set()).add(member)
    assert len(rows) == sum(len(members) for members in actual.values()), "a named membership appears twice"
    assert actual == {segment: members for segment, members in expected.EXPECTED_MEMBERS.items() if members}


def test_channel_ranking_behind_best_channel_customers(scenario):
    rows = scenario.query(
        "select channel, customers_acquired, revenue_per_acquired_customer, revenue_per_acquired_customer_rank "
        "from main_marts.fct_channel_performance where customers_acquired > 0"
    )
    assert {row[0]: (row[1], float(row[2]), row[3]) for row in rows} == {
        "Paid Search": (2, 346.0, 1),
        "Direct": (5, 118.0, 2),
        "Email": (2, 90.0, 3),
        "Organic Social": (1, 500.0, None),  # one customer < min_channel_customers 2: not ranked
    }


@pytest.mark.parametrize("key", sorted(expected.EXPECTED_CUSTOM_MEMBERS))
def test_custom_segment_members(scenario, key):
    require_relation(scenario, "main_marts", f"seg_{key}")
    rows = {row[0] for row in scenario.query(f"select customer_id from main_marts.seg_{key}")}
    assert rows == expected.EXPECTED_CUSTOM_MEMBERS[key]
    in_memberships = {row[0] for row in scenario.query(
        f"select customer_id from main_marts.fct_segment_memberships where family = 'custom' and segment = '{key}'")}
    assert in_memberships == rows


@pytest.mark.parametrize("query", sorted(expected.SHOPIFY_EXAMPLE_MEMBERS))
def test_shopify_reference_examples(scenario, query):
    """Shopify's reference examples, previewed (read-only) on the built scenario store."""
    from shopseg.segments.preview import run_preview

    result = run_preview(query, database=scenario.warehouse, sample_size=100)
    assert {row["customer_id"] for row in result.sample} == expected.SHOPIFY_EXAMPLE_MEMBERS[query]
    assert result.total_customers == len(expected.REGISTERED_CUSTOMERS)
