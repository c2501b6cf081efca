"""Injected dirty data: every count in the manifest is re-derived from the files with SQL.

The SQL below encodes what each kind means (RAW_CONTRACT.md and the
generator brief), independently of how the generator produced it.
"""

from __future__ import annotations

import pytest

from shopseg.generate.loading import EVENT_TIME_COLUMNS

WINDOW = "between timestamp '2024-07-01 00:00:00' and timestamp '2026-06-30 23:59:59'"
# (table, kind) -> (expect, reason, column) as agreed with the staging layer.
CONTRACT = {
    ("customers", "superseded_version"): ("collapsed", None, None),
    ("orders", "superseded_version"): ("collapsed", None, None),
    **{(t, "exact_duplicate"): ("collapsed", None, None)
       for t in ("customers", "orders", "order_items", "sessions", "page_views", "email_events", "products")},
    ("customers", "padded_mixed_case_email"): ("normalised", None, None),
    ("orders", "padded_mixed_case_email"): ("normalised", None, None),
    ("customers", "country_name"): ("normalised", None, None),
    ("orders", "float_style_id"): ("normalised", None, None),
    ("customers", "null_like_email"): ("normalised", None, None),
    ("orders", "null_like_customer_id"): ("normalised", None, None),
    **{(t, "null_key"): ("rejected", "missing_key", None)
       for t in ("customers", "orders", "sessions", "page_views", "email_events")},
    ("orders", "unknown_currency"): ("rejected", "unknown_currency", "currency"),
    ("orders", "future_timestamp"): ("rejected", "future_timestamp", "ordered_at"),
    ("orders", "before_store_opened"): ("rejected", "before_store_opened", "ordered_at"),
    ("orders", "negative_refund"): ("rejected", "negative_amount", "refunded_amount"),
    ("orders", "refund_exceeds_paid"): ("rejected", "refund_exceeds_paid", "refunded_amount"),
    ("orders", "discount_exceeds_subtotal"): ("rejected", "discount_exceeds_subtotal", "discount_amount"),
    ("orders", "duplicate_key_conflict"): ("rejected", "duplicate_key_conflict", None),
    ("orders", "latest_version_rejected"): ("rejected", "latest_version_rejected", None),
    ("orders", "unknown_status"): ("rejected", "unknown_status", "status"),
    ("sessions", "future_timestamp"): ("rejected", "future_timestamp", "started_at"),
    ("order_items", "negative_quantity"): ("rejected", "negative_quantity", "quantity"),
    ("order_items", "orphan_order_line"): ("rejected", "orphan_order_line", None),
    ("order_items", "parent_order_rejected"): ("rejected", "parent_order_rejected", None),
    ("order_items", "discount_exceeds_subtotal"): ("rejected", "discount_exceeds_subtotal", "discount_amount"),
    ("order_items", "duplicate_key_conflict"): ("rejected", "duplicate_key_conflict", None),
}
KEYS = {"customers": "customer_id", "orders": "order_id", "sessions": "session_id", "page_views": "page_view_id",
        "email_events": "event_id", "products": "product_id"}
# A bad order row; an order id is bad when any of its rows is (a newer unusable version, or two
# different rows of one version, take the whole key down).
BAD_ORDER_ROW = ("(currency = 'XYZ' or ordered_at >= timestamp '2099-01-01' "
                 "or ordered_at < timestamp '1971-01-01' or coalesce(order_id, '') = '' "
                 "or refunded_amount < 0 or refunded_amount > total_amount or discount_amount > subtotal_amount "
                 "or status = 'canceled')")
CONFLICTING_ORDER_IDS = ("(select order_id from (select distinct * from orders where order_id is not null) "
                         "group by order_id, updated_at having count(*) > 1)")
BAD_ORDER = (f"({BAD_ORDER_ROW} or order_id in "
             f"(select order_id from orders where order_id is not null and {BAD_ORDER_ROW}) "
             f"or order_id in {CONFLICTING_ORDER_IDS})")
# A bad line of a clean order: a discount above the line amount, or one of two different lines
# under one key.
BAD_LINE = ("(quantity < 0 or discount_amount > quantity * unit_price or (order_id, line_number) in "
            "(select (order_id, line_number) from (select distinct * from order_items) "
            "group by order_id, line_number having count(*) > 1))")
COUNTRY_NAMES = ("'FRANCE', 'GERMANY', 'BELGIUM', 'SPAIN', 'ITALY', 'NETHERLANDS', 'UNITED KINGDOM', "
                 "'UNITED STATES', 'SWITZERLAND', 'SWEDEN'")


def test_every_kind_of_the_contract_is_injected_with_its_expectation(dirty_store):
    found = {(i["table"], i["kind"]): (i["expect"], i.get("reason"), i.get("column"))
             for i in dirty_store.manifest["injected"]}
    assert found == CONTRACT
    for entry in dirty_store.manifest["injected"]:
        rows = dirty_store.manifest["tables"][entry["table"]]["rows"]
        assert 2 <= entry["rows"] <= 0.03 * rows, entry


def test_clean_rows_are_rows_minus_rejected_and_collapsed(dirty_store):
    for table, entry in dirty_store.manifest["tables"].items():
        bad = sum(i["rows"] for i in dirty_store.manifest["injected"]
                  if i["table"] == table and i["expect"] in ("rejected", "collapsed"))
        assert entry["clean_rows"] == entry["rows"] - bad, table


@pytest.mark.parametrize("table, sql", [
    ("customers", "select count(distinct customer_id) from customers where customer_id <> ''"),
    ("orders", f"select count(distinct order_id) from orders where not {BAD_ORDER} and ordered_at {WINDOW}"),
    ("order_items", f"""select count(distinct (order_id, line_number)) from order_items where not {BAD_LINE}
                        and order_id in (select order_id from orders where not {BAD_ORDER})"""),
    ("products", "select count(distinct product_id) from products"),
    ("sessions", "select count(distinct session_id) from sessions where session_id <> '' "
                 "and started_at < timestamp '2099-01-01'"),
    ("page_views", "select count(distinct page_view_id) from page_views where page_view_id <> ''"),
    ("email_events", "select count(distinct event_id) from email_events where event_id <> ''"),
    ("checkouts", "select count(distinct checkout_id) from checkouts"),
    ("companies", "select count(distinct company_id) from companies"),
])
def test_clean_rows_equal_distinct_keys_of_valid_rows(dirty_store, table, sql):
    assert dirty_store.value(sql) == dirty_store.manifest["tables"][table]["clean_rows"]


@pytest.mark.parametrize("table", ["customers", "orders", "order_items", "sessions", "page_views", "email_events",
                                   "products"])
def test_exact_duplicates(dirty_store, table):
    # A re-delivered copy is the same row loaded at another time: equal in every column but _loaded_at.
    columns = "* exclude (_loaded_at)" if table in EVENT_TIME_COLUMNS else "*"
    extra = dirty_store.value(f"select count(*) - (select count(*) from (select distinct {columns} from {table})) "
                              f"from {table}")
    assert extra == dirty_store.injected(table, "exact_duplicate")


@pytest.mark.parametrize("table", ["customers", "orders", "sessions", "page_views", "email_events"])
def test_null_keys(dirty_store, table):
    key = KEYS[table]
    missing = dirty_store.value(f"select count(*) from {table} where {key} is null or trim({key}) = ''")
    assert missing == dirty_store.injected(table, "null_key")
    assert dirty_store.value(f"select count(*) from {table} where {key} is null") > 0
    assert dirty_store.value(f"select count(*) from {table} where {key} = ''") > 0


@pytest.mark.parametrize("table", ["customers", "orders"])
def test_superseded_versions_are_strictly_older(dirty_store, table):
    key = KEYS[table]
    valid = f"{key} <> ''" + (f" and not {BAD_ORDER}" if table == "orders" else "")
    versions = dirty_store.value(f"""select count(*) - count(distinct {key})
                                     from (select distinct * from {table} where {valid})""")
    assert versions == dirty_store.injected(table, "superseded_version")
    # The latest version of a key is unique, and older versions are strictly older.
    ties = dirty_store.value(f"""select count(*) from (
        select {key}, count(*) n from (select distinct * from {table} where {valid}) v
        where updated_at = (select max(updated_at) from {table} w where w.{key} = v.{key})
        group by {key} having count(*) > 1)""")
    assert ties == 0
    if table == "orders":  # an older order version is still "placed"
        old_status = dirty_store.value(f"""select count(*) from (select distinct * from orders where {valid}) v
            where updated_at < (select max(updated_at) from orders w where w.order_id = v.order_id)
            and status <> 'placed'""")
        assert old_status == 0


def test_rejected_orders(dirty_store):
    s = dirty_store
    assert s.value("select count(*) from orders where currency = 'XYZ'") == s.injected("orders", "unknown_currency")
    assert s.value("select count(*) from orders where ordered_at >= timestamp '2099-01-01'") == \
        s.injected("orders", "future_timestamp")
    assert s.value("select count(*) from orders where ordered_at < timestamp '1971-01-01'") == \
        s.injected("orders", "before_store_opened")
    # Each bad order is bad in exactly one way, and is a new order (not a corrupted clean one).
    multiple = s.value(f"""select count(*) from orders where
        (currency = 'XYZ')::int + (ordered_at >= timestamp '2099-01-01')::int
        + (ordered_at < timestamp '1971-01-01')::int + (coalesce(order_id, '') = '')::int
        + (email <> lower(trim(email)))::int + (customer_id like '%.0')::int
        + (refunded_amount < 0)::int + (refunded_amount > total_amount)::int
        + (discount_amount > subtotal_amount)::int + (status = 'canceled')::int > 1""")
    assert multiple == 0
    clean_ids = s.value(f"select count(distinct order_id) from orders where not {BAD_ORDER}")
    assert s.value(f"""select count(*) from orders where {BAD_ORDER} and order_id in
        (select order_id from orders where not {BAD_ORDER})""") == 0
    assert clean_ids == s.manifest["tables"]["orders"]["clean_rows"]


def test_rejected_order_lines(dirty_store):
    s = dirty_store
    assert s.value("select count(*) from order_items where quantity < 0") == \
        s.injected("order_items", "negative_quantity")
    assert s.value("select count(*) from order_items where order_id not in "
                   "(select order_id from orders where order_id is not null)") == \
        s.injected("order_items", "orphan_order_line")
    assert s.value(f"""select count(*) from order_items where order_id in
        (select order_id from orders where {BAD_ORDER})""") == s.injected("order_items", "parent_order_rejected")
    # A negative line is an extra line (next free number) on a clean order.
    misplaced = s.value(f"""select count(*) from order_items n where quantity < 0 and (
        n.order_id not in (select order_id from orders where not {BAD_ORDER})
        or n.line_number <> 1 + (select max(line_number) from order_items p
                                 where p.order_id = n.order_id and p.quantity > 0))""")
    assert misplaced == 0
    assert s.value(f"""select count(*) from order_items where discount_amount > quantity * unit_price
        and quantity > 0""") == s.injected("order_items", "discount_exceeds_subtotal")
    assert s.value(f"""select count(*) from order_items where {BAD_LINE} and quantity > 0
        and not discount_amount > quantity * unit_price""") == s.injected("order_items", "duplicate_key_conflict")


def test_normalisable_values(dirty_store):
    s = dirty_store
    null_like = "('null', 'n/a', 'none', '-', 'nan')"
    assert s.value(f"select count(*) from customers where email <> lower(trim(email)) "
                   f"and lower(email) not in {null_like}") == s.injected("customers", "padded_mixed_case_email")
    assert s.value(f"select count(*) from customers where lower(trim(email)) in {null_like}") == \
        s.injected("customers", "null_like_email")
    assert s.value(f"select count(*) from orders where lower(trim(customer_id)) in {null_like}") == \
        s.injected("orders", "null_like_customer_id")
    assert s.value("select count(*) from orders where email <> lower(trim(email))") == \
        s.injected("orders", "padded_mixed_case_email")
    assert s.value("select count(*) from orders where email <> lower(trim(email)) and customer_id is not null") == 0
    names = s.value(f"select count(*) from customers where upper(trim(country)) in ({COUNTRY_NAMES})")
    assert names == s.injected("customers", "country_name")
    assert s.value("select count(*) from customers where length(country) <> 2") == names
    floats = s.value("select count(*) from orders where customer_id like '%.0'")
    assert floats == s.injected("orders", "float_style_id")
    assert s.value("""select count(*) from orders where customer_id like '%.0'
                      and replace(customer_id, '.0', '') not in (select customer_id from customers)""") == 0
    numeric_ids = "regexp_full_match(customer_id, '[0-9]+')"
    assert s.value(f"select count(*) from customers where customer_id <> '' and not {numeric_ids}") == 0


def test_rejected_sessions(dirty_store):
    future = dirty_store.value("select count(*) from sessions where started_at >= timestamp '2099-01-01'")
    assert future == dirty_store.injected("sessions", "future_timestamp")
    assert dirty_store.value("""select count(*) from sessions where started_at >= timestamp '2099-01-01'
                                and session_id in (select session_id from sessions
                                                   where started_at < timestamp '2099-01-01')""") == 0


def test_clean_rows_are_fully_valid(dirty_store):
    s = dirty_store
    latest_orders = f"""(select distinct * from orders o where not {BAD_ORDER}
        and updated_at = (select max(updated_at) from orders p where p.order_id = o.order_id))"""
    assert s.value(f"select count(*) from {latest_orders} where ordered_at not {WINDOW}") == 0
    assert s.value(f"select count(*) from {latest_orders} where currency not in ('EUR','USD','GBP','CHF','SEK')") == 0
    assert s.value(f"select count(*) from {latest_orders} where updated_at < ordered_at") == 0
    # Orders add up: subtotal = sum of clean lines, total = subtotal - discounts + shipping + tax.
    mismatched = s.value(f"""select count(*) from {latest_orders} o join (
            select order_id, sum(quantity * unit_price) gross, sum(discount_amount) line_discount
            from (select distinct * from order_items where not {BAD_LINE}) group by order_id) l using (order_id)
        where o.subtotal_amount <> l.gross
           or o.total_amount <> o.subtotal_amount - l.line_discount - o.discount_amount
                                + o.shipping_amount + o.tax_amount""")
    assert mismatched == 0
    without_lines = s.value(f"""select count(*) from {latest_orders} where order_id not in
        (select order_id from order_items where quantity > 0)""")
    assert without_lines == 0
    for table, stamp in (("customers", "created_at"), ("sessions", "started_at"), ("page_views", "viewed_at"),
                         ("email_events", "occurred_at"), ("checkouts", "created_at"), ("products", "created_at")):
        outside = s.value(f"""select count(*) from {table} where {stamp} not {WINDOW}
                              and {stamp} < timestamp '2099-01-01'""")
        assert outside == 0, table
