"""The segment query language without dbt: parser errors, compiled SQL, and the members of queries on
the tiny hand-made marts database of segments_fixture.py (expected members worked out by hand from
the table in its docstring; the reasoning is next to each case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from segments_fixture import CUSTOMERS, build_marts
from shopseg.segments import DbtDialect, DuckDBDialect, SegmentQueryError, compile_query, parse
from shopseg.segments import preview as preview_module
from shopseg.segments.attributes import ATTRIBUTES, FUNCTIONS, UNSUPPORTED

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def marts(tmp_path_factory) -> Path:
    return build_marts(tmp_path_factory.mktemp("marts") / "marts.duckdb")


def members(database: Path, query: str, timezone: str = "UTC") -> set[str]:
    """Members through the real preview (read-only connection), sampled in full."""
    result = preview_module.run_preview(query, database=database, sample_size=100, timezone=timezone)
    found = {row["customer_id"] for row in result.sample}
    assert result.matching_customers == len(found) and result.total_customers == len(CUSTOMERS)
    return found


# query -> expected members, with the reasoning
CASES = [
    ("amount_spent > 500", {"c1", "c4"}, "600 and 500.01; c2's 500.00 is not > 500"),
    ("amount_spent >= 500", {"c1", "c2", "c4"}, "500.00 is >= 500"),
    ("amount_spent BETWEEN 1 AND 500", {"c2"}, "both ends included: 500.00 in, 500.01 out, 0 out"),
    ("number_of_orders >= 2", {"c1", "c4"}, "3 and 2"),
    ("number_of_orders = 0", {"c3"}, "no valid order"),
    ("last_order_date > -30d", {"c1", "c4"}, "after 2026-05-31: 06-20 and 06-01; c2's 05-31 is not after"),
    ("last_order_date >= -30d", {"c1", "c2", "c4"}, "on or after 05-31"),
    ("NOT last_order_date > -30d", {"c2", "c3"}, "the complement, c3 (no order) included"),
    ("last_order_date IS NULL", {"c3"}, "never ordered"),
    ("last_order_date BETWEEN 2026-06-01 AND today", {"c1", "c4"}, "06-20 and 06-01 (inclusive)"),
    ("last_order_date = yesterday", set(), "nobody ordered last on 06-29"),
    ("first_order_date < -1y", {"c1", "c4"}, "before 2025-06-30: 2025-01-10, 2024-06-30"),
    ("first_order_date = -2y", {"c4"}, "-2y = 2024-06-30"),
    ("first_order_date > 30_days_ago", set(), "deprecated form of -30d; c2's 05-31 is not after"),
    ("customer_added_date = today", {"c3"}, "UTC dates: only c3 registered on 06-30"),
    ("customer_countries CONTAINS 'fr'", {"c1", "c2"}, "country codes compare in upper case"),
    ("customer_countries NOT CONTAINS 'FR'", {"c3", "c4"}, "DE and US"),
    ("customer_tags CONTAINS 'vip'", {"c1", "c4"}, "whole tags, any case; c2's trail_vip is not vip"),
    ("customer_tags NOT CONTAINS 'vip'", {"c2", "c3"}, "true complement: c3 has no tags at all"),
    ("customer_tags IS NULL", {"c3"}, "no tags"),
    ("customer_cities CONTAINS 'PARIS'", {"c1"}, "any case"),
    ("customer_regions CONTAINS 'île-de-france'", {"c1"}, "non-ASCII region, any case"),
    ("customer_email_domain = 'EXAMPLE.com'", {"c1", "c4"}, "domains compare in lower case"),
    ("customer_language = 'fr'", {"c1", "c2"}, ""),
    ("email_subscription_status = 'SUBSCRIBED'", {"c1"}, ""),
    ("email_subscription_status != 'SUBSCRIBED'", {"c2", "c4"}, "c3 has no consent value: false"),
    ("email_subscription_status IS NULL", {"c3"}, ""),
    ("customer_account_status = 'DISABLED'", {"c3"}, ""),
    ("rfm_group = 'PROSPECTS'", {"c3"}, ""),
    ("rfm_group = 'CHAMPIONS' OR rfm_group = 'LOYAL'", {"c1", "c4"}, ""),
    ("companies IS NOT NULL", {"c2"}, "the B2B customer"),
    ("companies = 'CO1'", {"c2"}, ""),
    ("customer_birth_date < 1990-01-01", {"c1"}, "c2 and c3 have none, c4 born 1995"),
    ("abandoned_checkout_date >= -7d", {"c2"}, "06-28 >= 06-23"),
    ("anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +10d", {"c4"}, "07-10 is 10 days ahead"),
    ("anniversary('birth_date') BETWEEN today AND +9d", set(), "07-10 is 10 days ahead"),
    ("anniversary('birth_date') BETWEEN today AND +1y", {"c1", "c4"}, "c2 and c3 have no birth date"),
    ("segment_membership('email_engaged') = true", {"c1", "c4"}, "the rows of seg_email_engaged"),
    ("segment_membership(key: 'email_engaged') = false", {"c2", "c3"}, ""),
    ("products_purchased(id: 'P1') = true", {"c1"}, "c4's P1 order is cancelled, o6 is a guest's"),
    ("products_purchased(id: 'P2', date: -30d) = true", {"c2"}, "on or after 05-31: c2's o3; c1's P2 is 2025"),
    ("products_purchased MATCHES (category = 'machines', date BETWEEN -2y AND today)", {"c1", "c2"}, ""),
    ("products_purchased MATCHES (id IN ('P1', 'P3'))", {"c1", "c4"}, "c4's valid o5 holds P3"),
    ("products_purchased NOT MATCHES ()", {"c3"}, "everybody else has a valid order"),
    ("products_purchased MATCHES (id = 2012162031638)", set(), "a Shopify-style numeric id: no such product"),
    ("customer_within_distance(coordinates: (48.8566, 2.3522), distance_km: 400) = true", {"c1", "c2"},
     "Paris 0 km, Lyon 391.5 km"),
    ("customer_within_distance(coordinates: (48.8566, 2.3522), distance_km: 380) = true", {"c1"}, "Lyon is out"),
    ("customer_within_distance(coordinates: (48.8566, 2.3522), distance_mi: 250) = true", {"c1", "c2"},
     "250 mi = 402.3 km"),
    ("customer_within_distance(coordinates: (48.8566, 2.3522), distance_km: 380) = false", {"c2", "c3", "c4"},
     "the complement, c3 (no coordinates) included"),
    ("shopify_email.bounced MATCHES ()", {"c4"}, ""),
    ("shopify_email.unsubscribed NOT MATCHES ()", {"c1", "c3", "c4"}, ""),
    ("shopify_email.opened MATCHES (activity_id = 'CMP6')", {"c1", "c4"}, ""),
    ("shopify_email.opened MATCHES (activity_id = 'CMP6', date > -30d)", {"c1"}, "c4's open is 03-01"),
    ("shopify_email.clicked NOT MATCHES (date BETWEEN -12m AND today)", {"c2", "c3", "c4"}, "c1 clicked 06-11"),
    ("shopify_email.opened MATCHES (activity_id NOT IN ('CMP6'))", set(), "both opens are of CMP6"),
    ("customer_countries CONTAINS 'FR' AND amount_spent > 500 OR rfm_group = 'PROSPECTS'", {"c1", "c3"},
     "AND binds tighter: (FR and > 500) = c1, or c3"),
    ("customer_countries CONTAINS 'FR' AND (amount_spent > 500 OR rfm_group = 'PROSPECTS')", {"c1"},
     "FR = c1, c2; of those only c1 is > 500 or a prospect"),
    ("not (customer_tags contains 'vip' or customer_countries contains 'de')", {"c2"}, "keywords in lower case"),
    ("customer_cities CONTAINS 'l\\'Haÿ-les-Roses'", set(), "an escaped quote is a harmless literal"),
]


@pytest.mark.parametrize("query, expected, reason", CASES, ids=[case[0] for case in CASES])
def test_members_on_the_hand_made_store(marts, query, expected, reason):
    assert members(marts, query) == expected, reason


def test_relative_weeks_are_seven_days(marts):
    # -4w = 28 days before 2026-06-30 = 2026-06-02: c1's 06-20 is after it, c4's 06-01 is not.
    assert members(marts, "last_order_date > -4w") == {"c1"}


def test_dates_follow_the_store_timezone(marts):
    # In Paris (UTC+2 in summer) c2's 2026-06-29 22:30 UTC is 06-30 00:30 and c3's 23:59 UTC is 07-01.
    assert members(marts, "customer_added_date = today", timezone="Europe/Paris") == {"c2"}
    assert members(marts, "customer_added_date = today", timezone="UTC") == {"c3"}


# --- errors ------------------------------------------------------------------------------------

def error_of(query: str) -> SegmentQueryError:
    with pytest.raises(SegmentQueryError) as caught:
        compile_query(query, DuckDBDialect())
    return caught.value


def test_unknown_attribute_names_position_and_suggests():
    error = error_of("amount_spend > 3")
    assert error.message == "unknown attribute `amount_spend` at 1:1; did you mean `amount_spent`?"
    assert (error.line, error.column) == (1, 1)
    assert str(error).splitlines()[1:] == ["    amount_spend > 3", "    ^"]


def test_position_on_a_later_line():
    error = error_of("amount_spent > 3\nAND  last_ordr_date > -30d")
    assert (error.line, error.column) == (2, 6)
    assert "did you mean `last_order_date`?" in error.message


def test_type_mismatch_has_its_own_message():
    error = error_of("last_order_date > 'abc'")
    assert error.message.startswith("type mismatch at 1:19: `last_order_date` compares with a date")
    assert "not the string 'abc'" in error.message
    assert "type mismatch" in error_of("number_of_orders >= 2.5").message
    assert "type mismatch" in error_of("amount_spent > -30d").message


@pytest.mark.parametrize("query, fragment", [
    ("rfm_group = 'champions'", "did you mean 'CHAMPIONS'?"),
    ("rfm_group = 'ALMOST_LOST'", "have no equal here"),
    ("email_subscription_status = 'SUBSCRIBD'", "did you mean 'SUBSCRIBED'?"),
    ("amount_spent CONTAINS 3", "the operator CONTAINS is not available for `amount_spent`"),
    ("customer_tags = 'vip'", "the operator = is not available for `customer_tags`"),
    ("predicted_spend_tier = 'HIGH'", "this project does not support"),
    ("shopify_email.opened MATCHES (count > 1)", "count is not supported"),
    ("shopify_email.opened MATCHES (activity_id > 3)", "the operator > is not available for `activity_id`"),
    ("shopify_email.opened(activity_id: 1) = true", "write shopify_email.opened MATCHES (...)"),
    ("storefront.product_viewed MATCHES (id = 1)", "does not support"),
    ("anniversary('birth_date') BETWEEN -7d AND today", "not past ones"),
    ("anniversary('birth_date') BETWEEN today AND +2y", "not past ones"),
    ("anniversary('metafields.custom.wedding') = today", "knows the birth date only"),
    ("anniversary() MATCHES (date = today)", "write anniversary(date:"),
    ("segment_membership('anonymous_visitors') = true", "anonymous visitors"),
    ("segment_membership('champion') = true", "did you mean `champions`?"),
    ("segment_membership('big_spenders_engaged_by_email') = true", "cannot be used inside another"),
    ("products_purchased(id: 'P1') = 1", "compare it with = true"),
    ("products_purchased MATCHES (tag = 'sale')", "no product tags"),
    ("products_purchased MATCHES (id = 'P1', id = 'P2')", "used twice"),
    ("customer_within_distance(coordinates: (95, 2), distance_km: 5) = true", "latitude between -90 and 90"),
    ("amount_spent(x: 1) > 3", "is an attribute, not a function"),
    ("last_order_date > 2026-02-30", "not a calendar date"),
    ("last_order_date > 2026-05-01T10:00:00", "calendar dates only"),
    ("last_order_date > -99999d", "too far"),
    ("customer_tags CONTAINS 'a,b'", "without ','"),
    ("", "empty"),
    ("amount_spent >", "ends too early"),
])
def test_clear_errors(query, fragment):
    assert fragment in error_of(query).message


# --- compiled SQL ------------------------------------------------------------------------------

def test_dbt_sql_uses_import_ctes_and_the_cross_database_date_macro():
    compiled = compile_query("last_order_date > -30d AND segment_membership('champions') = true", DbtDialect())
    assert compiled.sql == (
        "coalesce(\n"
        "    customers.last_valid_order_date\n"
        "    > cast({{ dbt.dateadd('day', -30, 'customers.as_of_date') }} as date),\n"
        "    false\n"
        ")\n"
        "and exists (\n"
        "    select 1\n"
        "    from seg_champions as segment_members\n"
        "    where segment_members.customer_id = customers.customer_id\n"
        ")")
    assert compiled.relations == ["seg_champions"]


def test_values_are_re_emitted_as_typed_literals():
    sql = compile_query("customer_cities CONTAINS 'O\\'Brien' AND customer_birth_date = 1990-01-02",
                        DuckDBDialect()).sql
    assert "lower(customers.city) = 'o''brien'" in sql
    assert "customers.birth_date = cast('1990-01-02' as date)" in sql


def test_every_attribute_example_compiles_and_every_function_example_too():
    for attribute in ATTRIBUTES.values():
        compile_query(attribute.example, DuckDBDialect())
        assert attribute.name in attribute.example
    for function in FUNCTIONS.values():
        for example in function.examples:
            compile_query(example, DbtDialect())
    assert not set(UNSUPPORTED) & (set(ATTRIBUTES) | set(FUNCTIONS))


def test_parse_keeps_positions_of_every_clause():
    parsed = parse("amount_spent > 1 AND\n  (customer_tags CONTAINS 'vip' OR number_of_orders = 2)")
    assert [(clause.subject.name, clause.line, clause.column) for clause in parsed.clauses] == [
        ("amount_spent", 1, 1), ("customer_tags", 2, 4), ("number_of_orders", 2, 36)]
