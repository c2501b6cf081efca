"""INTEGRATION (the shared 1,500-customer test store build): custom segments written in the segment
query language keep the members they had as raw SQL predicates, join the membership table, the
summary, the catalog and the popular products, and a preview of the built warehouse changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from shopseg.segments import cli

# The raw-SQL predicates the two example segments had before the segment language (the
# custom_segment macro): `in_last_n_days('last_valid_order_date', 30, 'as_of_date')` expanded.
OLD_PREDICATES = {
    "big_spenders_engaged_by_email": "lifetime_net_revenue > 500 and is_email_engaged",
    "recent_buyers_in_france": "last_valid_order_date > as_of_date - interval 30 day "
                               "and last_valid_order_date <= as_of_date and country_code = 'FR'",
}


@pytest.mark.parametrize("key", sorted(OLD_PREDICATES))
def test_rewritten_custom_segments_keep_their_members(warehouse, key):
    new = {row[0] for row in warehouse.query(f"select customer_id from main_marts.seg_{key}")}
    old = {row[0] for row in warehouse.query(
        f"select customer_id from main_marts.dim_customers where {OLD_PREDICATES[key]}")}
    assert old, "the old predicate selects nobody on the test store: the comparison would prove nothing"
    assert new == old, f"missing {sorted(old - new)[:10]}, unexpected {sorted(new - old)[:10]}"


@pytest.mark.parametrize("key", sorted(OLD_PREDICATES))
def test_custom_segments_join_memberships_summary_catalog_and_popular_products(warehouse, key):
    members = warehouse.scalar(f"select count(*) from main_marts.seg_{key}")
    assert warehouse.scalar(
        f"select count(*) from main_marts.fct_segment_memberships where family = 'custom' and segment = '{key}'"
    ) == members
    assert warehouse.scalar(
        f"select members from main_marts.rpt_segment_summary where family = 'custom' and segment = '{key}'"
    ) == members
    catalog = warehouse.query(
        f"select member_count, predicate, activation_channel from main_marts.dim_segments "
        f"where family = 'custom' and segment_key = '{key}'")
    assert len(catalog) == 1 and catalog[0][0] == members and catalog[0][2] == "email"
    assert catalog[0][1].startswith(("amount_spent", "last_order_date"))
    assert warehouse.scalar(
        f"select count(*) from main_marts.rpt_popular_products_by_segment where family = 'custom' and segment = '{key}'"
    ) > 0


def test_preview_of_the_built_warehouse_counts_like_the_mart_and_changes_nothing(warehouse, tmp_path, capsys):
    copy = tmp_path / "warehouse_copy.duckdb"
    shutil.copy(warehouse.warehouse, copy)
    before = (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns)
    members = warehouse.scalar("select count(*) from main_marts.seg_recent_buyers_in_france")
    total = warehouse.scalar("select count(*) from main_marts.dim_customers")
    assert cli.main(["preview", "--json", "--database", str(copy), "--query",
                     "last_order_date > -30d AND customer_countries CONTAINS 'FR'"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["matching_customers"], payload["total_customers"]) == (members, total)
    assert (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns) == before
    assert not list(tmp_path.glob("*.wal"))


@pytest.mark.parametrize("flag, condition", [
    ("has_unsubscribed", "event_type = 'unsubscribed'"),
    ("has_bounced", "event_type = 'bounced'"),
    ("has_marked_as_spam", "event_type = 'marked_as_spam'"),
    ("is_email_engaged", "event_type in ('opened', 'clicked') and occurred_date > customers.as_of_date - 90"),
])
def test_email_events_mart_agrees_with_the_profile(warehouse, flag, condition):
    """fct_email_events (read by the shopify_email functions) and the profile's email flags match events
    to customers by the same rule, written twice: they must agree on every customer."""
    assert warehouse.scalar(f"select count(*) from main_marts.dim_customers as customers where {flag}") > 0
    disagreeing = warehouse.query(
        f"select customer_id from main_marts.dim_customers as customers where {flag} <> exists ("
        f"select 1 from main_marts.fct_email_events as events "
        f"where events.customer_id = customers.customer_id and {condition})")
    assert disagreeing == []
