"""The cross-engine comparison catches what it must and allows only the stated noise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopseg.warehouses.compare import Mart, Table, differences, normalise, values_match

MART = Mart("m", "marts", ("id",))
COLUMNS = ["id", "amount", "share", "day"]


def table(*rows):
    return Table(list(COLUMNS), [tuple(normalise(v) for v in row) for row in rows])


def test_same_amount_in_another_scale_and_row_order_matches():
    duck = table(("a", Decimal("25.00"), 0.5, dt.date(2026, 1, 1)), ("b", Decimal("3.10"), None, None))
    other = table(("b", Decimal("3.1"), None, None), ("a", 25, 0.5, dt.date(2026, 1, 1)))
    assert differences(MART, duck, other) == []


def test_a_cent_is_a_difference():
    found = differences(MART, table(("a", Decimal("25.00"), 0.5, None)), table(("a", Decimal("25.01"), 0.5, None)))
    assert found == ["{'id': 'a'}: amount duckdb=Decimal('25.00') other=Decimal('25.01')"]


def test_doubles_match_to_1e_9_and_no_further():
    assert values_match(0.1 + 0.2, 0.3)                    # 5.5e-17 apart
    assert values_match(1234.5678, 1234.5678 * (1 + 5e-10))
    assert not values_match(1234.5678, 1234.5678 * (1 + 5e-9))
    assert not values_match(0.0, 2e-9)


def test_null_is_not_zero_or_empty_and_booleans_are_not_numbers():
    assert not values_match(None, Decimal(0))
    assert not values_match("", None)
    assert not values_match(True, Decimal(1))
    assert not values_match(dt.date(2026, 1, 1), "2026-01-01")


def test_missing_and_extra_rows_and_columns_are_reported():
    found = differences(MART, table(("a", 1, None, None), ("b", 2, None, None)), table(("a", 1, None, None), ("c", 2, None, None)))
    assert "2 rows on duckdb" not in " ".join(found)
    assert "only on duckdb: {'id': 'b'}" in found
    assert "only on the other engine: {'id': 'c'}" in found
    other = Table(["id", "amount", "share"], [("a", Decimal(1), None)])
    assert differences(MART, table(("a", 1, None, None)), other)[0].startswith("columns differ")


def test_zoned_timestamps_compare_in_utc():
    aware = dt.datetime(2026, 1, 1, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert normalise(aware) == dt.datetime(2026, 1, 1, 12, 0)
