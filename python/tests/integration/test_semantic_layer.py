"""The semantic layer answers like the marts: `mf query` on the built test store.

The segment metrics are measured on fct_segment_member_values (one row per
membership with the member's lifetime figures), not on rpt_segment_summary,
so the comparison with the summary checks two separate computations of the
same definitions (SEGMENTS.md, "Outputs BI and CI rely on").

MetricFlow reads the semantic manifest from <project>/target/, so each query
runs from a scratch project folder holding the project file and the test
build's semantic_manifest.json, against the test build's DuckDB file.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from .dbt_project_runner import BIN_DIR, PROJECT_DIR, DbtProject

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def mf(warehouse: DbtProject, tmp_path_factory):
    """Run `mf query` against the test store; returns the result rows as dicts of strings."""
    root = tmp_path_factory.mktemp("mf_project")
    shutil.copy(PROJECT_DIR / "dbt_project.yml", root / "dbt_project.yml")
    (root / "target").mkdir()
    shutil.copy(warehouse.work_dir / "target" / "semantic_manifest.json", root / "target")
    env = {
        **os.environ,
        "DBT_PROJECT_DIR": str(root),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DUCKDB_PATH": str(warehouse.warehouse),
        "RAW_DATA_PATH": str(warehouse.raw_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    runs = iter(range(1000))

    def query(*args: str) -> list[dict]:
        out = root / f"result_{next(runs)}.csv"
        completed = subprocess.run(
            [str(BIN_DIR / "mf"), "query", *args, "--csv", str(out)],
            cwd=root, env=env, capture_output=True, text=True,
        )
        assert completed.returncode == 0 and out.exists(), completed.stdout + completed.stderr
        with out.open(newline="") as handle:
            return list(csv.DictReader(handle))

    return query


def money(text: str) -> Decimal:
    return Decimal(text).quantize(CENT)


def test_revenue_and_members_by_segment_agree_with_the_summary(mf, warehouse):
    rows = mf("--metrics", "revenue,members", "--group-by", "membership__family,membership__segment")
    answered = {
        (row["membership__family"], row["membership__segment"]): (int(row["members"]), money(row["revenue"]))
        for row in rows
    }
    summary = {
        (family, segment): (members, revenue.quantize(CENT))
        for family, segment, members, revenue in warehouse.query(
            "select family, segment, members, revenue from main_marts.rpt_segment_summary"
        )
    }
    # The summary also lists every named and custom segment with 0 members;
    # a segment with no member has no row for MetricFlow to count.
    empty = {key for key, (members, _) in summary.items() if members == 0}
    assert all(summary[key] == (0, Decimal("0.00")) for key in empty)
    assert len(answered) > 100, "the test store should have well over a hundred non-empty segments"
    assert answered == {key: value for key, value in summary.items() if key not in empty}


def test_segment_ratios_agree_with_the_summary(mf, warehouse):
    rows = mf(
        "--metrics", "aov,share_of_customers,share_of_revenue",
        "--group-by", "membership__family,membership__segment",
        "--where", "{{ Dimension('membership__family') }} = 'named'",
    )
    answered = {row["membership__segment"]: row for row in rows}
    summary = warehouse.query(
        "select segment, aov, share_of_customers, share_of_revenue from main_marts.rpt_segment_summary"
        " where family = 'named' and members > 0"
    )
    assert {segment for segment, *_ in summary} == set(answered)
    for segment, aov, share_of_customers, share_of_revenue in summary:
        row = answered[segment]
        # The summary rounds aov to cents; MetricFlow returns the plain ratio.
        assert (money(row["aov"]) if row["aov"] else None) == aov, segment
        for name, expected in (("share_of_customers", share_of_customers), ("share_of_revenue", share_of_revenue)):
            if expected is None:  # visitor segments have no share
                assert row[name] == "", (segment, name)
            else:
                assert float(row[name]) == pytest.approx(expected, abs=1e-9), (segment, name)


def test_store_and_channel_metrics_agree_with_the_facts(mf, warehouse):
    [store] = mf("--metrics", "store_orders,store_revenue,customers")
    orders, revenue = warehouse.query(
        "select count(*), sum(net_revenue) from main_marts.fct_orders where is_valid_order"
    )[0]
    assert int(store["store_orders"]) == orders
    assert money(store["store_revenue"]) == revenue
    assert int(store["customers"]) == warehouse.scalar("select count(*) from main_marts.dim_customers")

    by_country = {row["customer__country"]: int(row["customers"])
                  for row in mf("--metrics", "customers", "--group-by", "customer__country")}
    expected = dict(warehouse.query(
        "select coalesce(country_code, ''), count(*) from main_marts.dim_customers group by 1"
    ))
    assert by_country == expected

    conversion = {row["channel"]: float(row["conversion_rate"])
                  for row in mf("--metrics", "conversion_rate", "--group-by", "channel")}
    channels = dict(warehouse.query("select channel, session_conversion_rate from main_marts.fct_channel_performance"))
    assert conversion == pytest.approx(channels)
