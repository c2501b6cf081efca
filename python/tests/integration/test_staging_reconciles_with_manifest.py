"""Staging against the generator's manifest: every injected kind of dirty data is
caught with the right reason and count, and no clean row is lost.

The manifest is written by the generator from what it injected, independently
of the SQL, so these counts check the staging rules rather than restate them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from .dbt_project_runner import assert_build_ok
from .suppressed_addresses import segment_tables, suppressed_addresses

TABLE_KEYS = {
    "customers": "customer_id",
    "orders": "order_id",
    "order_items": "order_line_id",
    "products": "product_id",
    "sessions": "session_id",
    "page_views": "page_view_id",
    "checkouts": "checkout_id",
    "email_events": "email_event_id",
    "companies": "company_id",
}


def test_full_build_passes_without_warnings(built_test_store):
    _, result = built_test_store
    assert_build_ok(result)


def test_build_ran_data_tests_and_unit_tests(built_test_store):
    _, result = built_test_store
    kinds = Counter(r["unique_id"].split(".")[0] for r in result.run_results())
    assert kinds["test"] >= 100, kinds
    assert kinds["unit_test"] >= 10, kinds


def injected(manifest, expect):
    return [entry for entry in manifest["injected"] if entry["expect"] == expect]


def test_manifest_injects_every_kind(manifest):
    kinds = {(entry["table"], entry["kind"]) for entry in manifest["injected"]}
    for expected in [
        ("customers", "superseded_version"),
        ("orders", "superseded_version"),
        ("orders", "exact_duplicate"),
        ("customers", "padded_mixed_case_email"),
        ("customers", "country_name"),
        ("orders", "unknown_currency"),
        ("order_items", "negative_quantity"),
        ("order_items", "orphan_order_line"),
        ("orders", "null_key"),
        ("orders", "future_timestamp"),
        ("orders", "negative_refund"),
        ("orders", "refund_exceeds_paid"),
        ("orders", "discount_exceeds_subtotal"),
        ("orders", "duplicate_key_conflict"),
        ("orders", "latest_version_rejected"),
        ("orders", "null_like_customer_id"),
        ("customers", "null_like_email"),
        ("order_items", "discount_exceeds_subtotal"),
        ("order_items", "duplicate_key_conflict"),
    ]:
        assert expected in kinds, f"the generator no longer injects {expected}"
    assert all(entry["rows"] > 0 for entry in manifest["injected"])


def test_raw_row_counts_match_manifest(warehouse, manifest):
    for table, info in manifest["tables"].items():
        count = warehouse.scalar(f"select count(*) from read_parquet('{warehouse.raw_path / info['file']}')")
        assert count == info["rows"], table


def test_every_rejected_kind_is_caught_with_its_reason(warehouse, manifest):
    """Reason and column: `invalid_number` on discount_amount is not `invalid_number` on quantity."""
    found = Counter(
        {
            (table, reason, column): count
            for table, reason, column, count in warehouse.query(
                "select source_table, rejection_reason, rejection_column, count(*) "
                "from main_staging.stg_shop__rejected_rows group by all"
            )
        }
    )
    expected = Counter()
    for entry in injected(manifest, "rejected"):
        expected[(entry["table"], entry["reason"], entry.get("column"))] += entry["rows"]
    assert found == expected


def test_every_collapsed_kind_is_collapsed(warehouse, manifest):
    expected = Counter()
    for entry in injected(manifest, "collapsed"):
        expected[(entry["table"], entry["kind"])] += entry["rows"]
    found = Counter()
    for table in manifest["tables"]:
        for reason, count in warehouse.query(
            f"select collapse_reason, count(*) from main_staging.base_shop__{table} "
            "where row_disposition = 'collapsed' group by all"
        ):
            found[(table, reason)] = count
    assert found == expected


def test_accepted_rows_are_the_clean_rows(warehouse, manifest):
    for table, info in manifest["tables"].items():
        accepted = warehouse.scalar(f"select count(*) from main_staging.stg_shop__{table}")
        assert accepted == info["clean_rows"], table


@pytest.mark.parametrize("table", sorted(TABLE_KEYS))
def test_raw_rows_equal_accepted_plus_rejected_plus_collapsed(warehouse, manifest, table):
    raw = manifest["tables"][table]["rows"]
    accepted = warehouse.scalar(f"select count(*) from main_staging.stg_shop__{table}")
    rejected = warehouse.scalar(f"select count(*) from main_staging.stg_shop__{table}_rejected")
    collapsed = warehouse.scalar(
        f"select count(*) from main_staging.base_shop__{table} where row_disposition = 'collapsed'"
    )
    assert raw == accepted + rejected + collapsed


def test_emails_are_normalised(warehouse, manifest):
    padded = sum(e["rows"] for e in manifest["injected"] if e["kind"] == "padded_mixed_case_email")
    assert padded > 0
    for table in ["customers", "orders", "checkouts", "email_events"]:
        dirty = warehouse.scalar(
            f"select count(*) from main_staging.stg_shop__{table} where email <> lower(trim(email))"
        )
        assert dirty == 0, table


def test_country_names_become_codes(warehouse, manifest):
    (entry,) = [e for e in manifest["injected"] if e["table"] == "customers" and e["kind"] == "country_name"]
    mapped, unmapped = warehouse.query(
        "select count(country_code), count(*) - count(country_code) from main_staging.base_shop__customers "
        "where row_disposition = 'accepted' and length(country_raw) > 2"
    )[0]
    assert (mapped, unmapped) == (entry["rows"], 0)


def test_float_style_ids_join_their_account(warehouse, manifest):
    (entry,) = [e for e in manifest["injected"] if e["kind"] == "float_style_id"]
    raw_orders = warehouse.raw_path / manifest["tables"]["orders"]["file"]
    float_ids = warehouse.scalar(
        f"select count(*) from read_parquet('{raw_orders}') where customer_id like '%.0'"
    )
    assert float_ids == entry["rows"]
    unmatched = warehouse.scalar(
        "select count(*) from main_staging.stg_shop__orders as orders "
        "left join main_staging.stg_shop__customers as customers using (customer_id) "
        "where orders.customer_id is not null and customers.customer_id is null"
    )
    assert unmatched == 0


# RAW_CONTRACT.md, "Conventions": text that means "no value", compared trimmed and in lower case.
NULL_LIKE = ["", "null", "n/a", "none", "-", "nan"]


def raw_ids_with_null_like(warehouse, manifest, table, key, column):
    path = warehouse.raw_path / manifest["tables"][table]["file"]
    listed = ", ".join(f"'{value}'" for value in NULL_LIKE)
    return [row[0] for row in warehouse.query(
        f"select {key} from read_parquet('{path}') where lower(trim({column})) in ({listed})"
    )]


def test_null_like_email_is_no_address(warehouse, manifest):
    (entry,) = [e for e in manifest["injected"] if e["kind"] == "null_like_email"]
    ids = raw_ids_with_null_like(warehouse, manifest, "customers", "customer_id", "email")
    assert len(ids) == entry["rows"]
    listed = ", ".join(f"'{value}'" for value in ids)
    emails = warehouse.query(f"select email from main_staging.stg_shop__customers where customer_id in ({listed})")
    assert len(emails) == len(ids) and all(email is None for (email,) in emails)
    marts = warehouse.query(f"select email from main_marts.dim_customers where customer_id in ({listed})")
    assert all(email is None for (email,) in marts)


def test_null_like_customer_id_is_a_guest_order(warehouse, manifest):
    """customer_id 'N/A' is no account: the order goes through the guest e-mail match."""
    (entry,) = [e for e in manifest["injected"] if e["kind"] == "null_like_customer_id"]
    ids = raw_ids_with_null_like(warehouse, manifest, "orders", "order_id", "customer_id")
    assert len(ids) == entry["rows"]
    listed = ", ".join(f"'{value}'" for value in ids)
    staged = warehouse.query(f"select customer_id from main_staging.stg_shop__orders where order_id in ({listed})")
    assert len(staged) == len(ids) and all(customer is None for (customer,) in staged)
    raw_customers = warehouse.raw_path / manifest["tables"]["customers"]["file"]
    raw_orders = warehouse.raw_path / manifest["tables"]["orders"]["file"]
    facts = warehouse.query(
        "select facts.order_id, facts.identity_method, facts.customer_id, "
        "bool_or(lower(trim(accounts.email)) = lower(trim(raw_orders.email))) "
        "from main_marts.fct_orders as facts "
        f"inner join read_parquet('{raw_orders}') as raw_orders on facts.order_id = raw_orders.order_id "
        f"left join read_parquet('{raw_customers}') as accounts on facts.customer_id = accounts.customer_id "
        f"where facts.order_id in ({listed}) group by all"
    )
    assert facts, "no such order on or before as_of_date: the test would prove nothing"
    for _, method, customer, same_email in facts:
        assert method in ("email_match", "ambiguous_email", "guest")
        assert customer is None or same_email


def test_no_suppressed_address_is_handed_out(warehouse):
    """Per address, on every event and consent in the raw files: no segment table gives out a
    suppressed address, including an account that only shares it with one that opted out."""
    suppressed = suppressed_addresses(warehouse.raw_path)
    assert suppressed, "the store has no suppressed address: the test would prove nothing"
    tables = segment_tables(warehouse)
    assert len(tables) >= 15, tables
    listed = ", ".join(f"'{address}'" for address in sorted(suppressed))
    for table in tables:
        leaked = warehouse.scalar(f"select count(*) from main_marts.{table} where email in ({listed})")
        assert leaked == 0, f"{table} hands out {leaked} suppressed addresses"
    flagged = warehouse.query(
        f"select bool_and(is_email_suppressed), count(*) from main_marts.dim_customers where email in ({listed})"
    )[0]
    assert flagged == (True, flagged[1]) and flagged[1] > 0
