"""Row-for-row comparison of the marts one engine built with DuckDB's.

Each side is read into rows of normalised Python values and paired on the
mart's key. Values must be equal, with two allowances that follow from the
types: numbers compare by value (25 and 25.00 are the same amount; a decimal
column must still match to its last digit, i.e. money to the cent), and a
double may differ by 1e-9 (relative, or absolute near zero), the rounding
noise of summing in another order.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DOUBLE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Mart:
    name: str
    layer: str                  # the schema suffix: marts, intermediate, ...
    key: tuple[str, ...]        # unique per row; rows are paired on it
    # Columns left out of the comparison, each with the reason. A column built
    # from the clock (e.g. the build's start time) differs between any two
    # builds; none of these marts has one today.
    excluded: tuple[str, ...] = ()


MARTS = (
    Mart("dim_customers", "marts", ("customer_id",)),
    Mart("fct_segment_memberships", "marts", ("family", "segment", "customer_id", "visitor_id")),
    Mart("int_customers_scored_rfm", "intermediate", ("customer_id",)),
    Mart("rpt_segment_summary", "marts", ("family", "segment")),
    Mart("rpt_popular_products_by_segment", "marts", ("family", "segment", "product_id")),
)


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]


def normalise(value):
    """One Python value per SQL value, whatever the driver returned."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, Decimal, float)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, dt.datetime):
        # Every engine here stores UTC wall-clock timestamps without a zone.
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"unexpected value {value!r} of type {type(value).__name__}")


def values_match(left, right) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    numbers = (Decimal, float)
    if isinstance(left, numbers) and isinstance(right, numbers):
        if isinstance(left, float) or isinstance(right, float):
            return math.isclose(float(left), float(right), rel_tol=DOUBLE_TOLERANCE, abs_tol=DOUBLE_TOLERANCE)
        return left == right
    return type(left) is type(right) and left == right


def _key_part(value):
    # Sortable across types and None, and identical for 25 and 25.00.
    if value is None:
        return (0, "")
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return (1, f"{float(value):.6f}")
    return (2, str(value))


def differences(mart: Mart, expected: Table, actual: Table, limit: int = 20) -> list[str]:
    """Human-readable differences of `actual` from `expected` (DuckDB); empty when they match."""
    excluded = set(mart.excluded)
    expected_columns = [c for c in expected.columns if c not in excluded]
    actual_columns = [c for c in actual.columns if c not in excluded]
    if expected_columns != actual_columns:
        return [f"columns differ:\n  duckdb: {expected_columns}\n  other:  {actual_columns}"]

    def by_key(table: Table) -> dict:
        index = [table.columns.index(c) for c in mart.key]
        keyed = {}
        for row in table.rows:
            key = tuple(_key_part(row[i]) for i in index)
            if key in keyed:
                raise AssertionError(f"{mart.name}: key {mart.key} is not unique: {[row[i] for i in index]}")
            keyed[key] = row
        return keyed

    left, right = by_key(expected), by_key(actual)
    found = []
    if len(expected.rows) != len(actual.rows):
        found.append(f"{len(expected.rows)} rows on duckdb, {len(actual.rows)} on the other engine")
    for label, keys in (("only on duckdb", left.keys() - right.keys()), ("only on the other engine", right.keys() - left.keys())):
        for key in sorted(keys)[:limit]:
            found.append(f"{label}: {dict(zip(mart.key, (k[1] for k in key)))}")
    compared = [i for i, c in enumerate(expected.columns) if c not in excluded]
    other_index = {c: i for i, c in enumerate(actual.columns)}
    for key in sorted(left.keys() & right.keys()):
        for i in compared:
            name = expected.columns[i]
            a, b = left[key][i], right[key][other_index[name]]
            if not values_match(a, b):
                found.append(f"{dict(zip(mart.key, (k[1] for k in key)))}: {name} duckdb={a!r} other={b!r}")
                if len(found) >= limit:
                    return found + ["..."]
    return found


def _table(columns, rows) -> Table:
    return Table([c.lower() for c in columns], [tuple(normalise(v) for v in row) for row in rows])


def read_duckdb(path: Path, mart: Mart, schema: str = "main") -> Table:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        result = con.execute(f'select * from "{schema}_{mart.layer}"."{mart.name}"')
        return _table([d[0] for d in result.description], result.fetchall())
    finally:
        con.close()


def read_postgres(mart: Mart, schema: str = "analytics") -> Table:
    from shopseg.warehouses.postgres import connect

    with connect() as con, con.cursor() as cur:
        cur.execute(f'select * from "{schema}_{mart.layer}"."{mart.name}"')
        return _table([d[0] for d in cur.description], cur.fetchall())


class SparkReader:
    """Reads the marts through a Spark session on the metastore dbt-spark wrote."""

    def __init__(self):
        # pyspark hands timestamps to Python in the process's local zone.
        os.environ["TZ"] = "UTC"
        import time

        time.tzset()
        from shopseg.warehouses.spark import session

        self.spark = session()

    def read(self, mart: Mart, schema: str = "analytics") -> Table:
        frame = self.spark.table(f"`{schema}_{mart.layer}`.`{mart.name}`")
        return _table(frame.columns, [tuple(row) for row in frame.collect()])

    def stop(self) -> None:
        self.spark.stop()
