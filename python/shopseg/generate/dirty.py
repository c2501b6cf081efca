"""Known amounts of dirty data, injected into the clean tables and recorded for the manifest.

Dirty rows are *added* (copies or variants of clean rows, shuffled and
inserted in small batches at random positions, like partial re-loads) so the
clean rows stay intact; the only in-place changes are the
"normalised" kinds (padded e-mails, country names, float-style ids), which a
staging layer repairs without dropping the row. Each dirty row is bad in
exactly one way: sources are clean rows that no other injection touched.

``expect`` says what staging must do: ``collapsed`` (duplicate or older
version of a kept row), ``normalised`` (kept after cleaning), ``rejected``
(sent to the rejected-rows model with ``reason``), ``listed`` (kept, the
unreadable descriptive value as null, and listed in the data-quality issues
with ``reason``).

Some values only a text file can hold: a comma-decimal amount ``1,50``, a
fractional quantity ``2.5`` in an integer column, a birth date ``31/12/1990``.
Those kinds (``TEXT_ONLY_KINDS``) are injected only when the store is written
as CSV; the column they are in is then written as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from . import reference as ref
from .commerce import Orders
from .people import Population
from .sampling import group_starts, position_in_group
from .timeline import EPOCH, SECONDS_PER_DAY

# Share of a table's clean rows per kind (at least MIN_ROWS rows).
RATES = {
    "superseded_version": 0.01,
    "exact_duplicate": 0.005,
    "padded_mixed_case_email": 0.01,
    "country_name": 0.01,
    "float_style_id": 0.005,
    "null_key": 0.003,
    "unknown_currency": 0.001,
    "future_timestamp": 0.001,
    "before_store_opened": 0.001,
    "negative_quantity": 0.002,
    "orphan_order_line": 0.002,
    "negative_refund": 0.001,
    "refund_exceeds_paid": 0.001,
    "discount_exceeds_subtotal": 0.001,
    "duplicate_key_conflict": 0.001,
    "latest_version_rejected": 0.001,
    "null_like_email": 0.005,
    "null_like_customer_id": 0.005,
    "comma_decimal_discount": 0.001,
    "comma_decimal_total": 0.001,
    "comma_decimal_refund": 0.001,
    "fractional_quantity": 0.002,
    "unreadable_birth_date": 0.003,
}
# kind -> the order column written with a decimal comma.
COMMA_DECIMAL_COLUMNS = {"comma_decimal_discount": "discount_amount", "comma_decimal_total": "total_amount",
                         "comma_decimal_refund": "refunded_amount"}
TEXT_ONLY_KINDS = frozenset([*COMMA_DECIMAL_COLUMNS, "fractional_quantity", "unreadable_birth_date"])
# Text that means "no value" (RAW_CONTRACT.md, "Conventions"), as a store may write it.
NULL_LIKE = ["null", "NULL", "N/A", "n/a", "none", "-", "NaN"]
GUEST_EMAIL_MESS_RATE = 0.12  # share of guest orders whose e-mail is padded / mixed case
MIN_ROWS = 2
RELOAD_BATCHES = 64  # added rows are inserted at this many random places
YEAR_2099_S = (date(2099, 1, 1) - EPOCH).days * SECONDS_PER_DAY


@dataclass(frozen=True)
class Injection:
    """One kind of dirty data in one table."""

    table: str
    kind: str
    rows: int
    expect: str  # collapsed | normalised | rejected
    reason: str | None = None
    column: str | None = None  # the raw column a rejection reason is about, if it is about one

    def as_dict(self) -> dict:
        entry = {"table": self.table, "kind": self.kind, "rows": self.rows, "expect": self.expect}
        if self.reason is not None:
            entry["reason"] = self.reason
        if self.column is not None:
            entry["column"] = self.column
        return entry


class TableDirt:
    """Dirty rows for one table: in-place normalisable changes and added rows."""

    def __init__(self, name: str, table: pa.Table, rng: np.random.Generator):
        self.name = name
        self.table = table
        self.rng = rng
        self.n = table.num_rows
        self.used = np.zeros(self.n, dtype=bool)
        self.added: list[pa.Table] = []
        self.injections: list[Injection] = []

    def count(self, kind: str) -> int:
        return max(MIN_ROWS, round(RATES[kind] * self.n))

    def sources(self, k: int, eligible: np.ndarray | None = None) -> np.ndarray:
        """Up to ``k`` clean rows not touched yet (and ``eligible``), marked as used."""
        ok = ~self.used if eligible is None else (~self.used & eligible)
        rows = np.flatnonzero(ok)
        rows = np.sort(self.rng.choice(rows, size=min(k, len(rows)), replace=False))
        self.used[rows] = True
        return rows

    def column(self, name: str) -> pa.Array:
        return self.table.column(name).combine_chunks()

    def copies(self, rows: np.ndarray) -> pa.Table:
        return self.table.take(pa.array(rows, type=pa.int64()))

    def modify(self, kind: str, rows: np.ndarray, name: str, values: pa.Array, expect: str = "normalised",
               reason: str | None = None) -> None:
        """Rewrite one column of existing rows (a normalisable or listed kind)."""
        mask = np.zeros(self.n, dtype=bool)
        mask[rows] = True
        current = self.column(name)
        updated = pc.replace_with_mask(current, pa.array(mask), values.cast(current.type))
        self.table = self.table.set_column(self.table.schema.get_field_index(name), name, updated)
        self.record(kind, len(rows), expect, reason, name if reason else None)

    def add(self, kind: str, rows: pa.Table, expect: str, reason: str | None = None,
            column: str | None = None) -> None:
        self.added.append(rows.select(self.table.column_names).cast(self.table.schema))
        self.record(kind, rows.num_rows, expect, reason, column)

    def record(self, kind: str, rows: int, expect: str, reason: str | None = None,
               column: str | None = None) -> None:
        if rows:
            self.injections.append(Injection(self.name, kind, rows, expect, reason, column))

    def duplicate(self) -> None:
        self.add("exact_duplicate", self.copies(self.sources(self.count("exact_duplicate"))), "collapsed")

    def null_key(self, key: str) -> None:
        rows = self.copies(self.sources(self.count("null_key")))
        blanks = col.pick([""], np.where(np.arange(rows.num_rows) % 2 == 0, -1, 0))  # null, "", null, ...
        self.add("null_key", _with(rows, key, blanks), "rejected", "missing_key")

    def as_text(self, *names: str) -> None:
        """Write these columns as text from now on (rows added so far included)."""
        for name in names:
            index = self.table.schema.get_field_index(name)
            self.table = self.table.set_column(index, name, pc.cast(self.table.column(name), pa.string()))
        self.added = [piece.cast(self.table.schema) for piece in self.added]

    def finish(self) -> pa.Table:
        """Clean rows in their order, the added rows shuffled into a few re-load batches among them."""
        if not self.added:
            return self.table
        extra = pa.concat_tables(self.added)
        k = extra.num_rows
        extra = extra.take(pa.array(self.rng.permutation(k)))
        batches = min(k, RELOAD_BATCHES)
        bounds = np.linspace(0, k, batches + 1).astype(np.int64)
        at = np.sort(self.rng.integers(0, self.n + 1, batches))
        pieces, previous = [], 0
        for b in range(batches):
            pieces.append(self.table.slice(previous, at[b] - previous))
            pieces.append(extra.slice(bounds[b], bounds[b + 1] - bounds[b]))
            previous = at[b]
        pieces.append(self.table.slice(previous))
        return pa.concat_tables(pieces)


def _with(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, values.cast(table.schema.field(name).type))


def messy_emails(rng: np.random.Generator, email: pa.Array) -> pa.Array:
    """Padded and/or mixed-case variants, e.g. ``  Jane.Doe@Gmail.Com``; never already normalised."""
    style = pa.array(rng.integers(0, 4, len(email)).astype(np.int8))
    return pc.choose(style, col.concat(pc.utf8_title(email), " "), col.concat("  ", pc.utf8_upper(email)),
                     col.concat("  ", email, " "), pc.utf8_title(email))


def country_names(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """English country names in random case, sometimes padded."""
    base = col.pick([c.name for c in ref.COUNTRIES], country)
    cased = pc.choose(pa.array(rng.integers(0, 3, len(country)).astype(np.int8)),
                      base, pc.utf8_upper(base), pc.utf8_lower(base))
    return col.concat(col.pick(["", " ", "  "], rng.integers(0, 3, len(country))), cased,
                      col.pick(["", " "], rng.integers(0, 2, len(country))))


def _seconds_in_year(rng: np.random.Generator, year_start_s: int, n: int) -> np.ndarray:
    return year_start_s + rng.integers(0, 364 * SECONDS_PER_DAY, n)


# --------------------------------------------------------------------------
# per table
# --------------------------------------------------------------------------
def dirty_customers(rng: np.random.Generator, table: pa.Table, pop: Population,
                    text_values: bool = False) -> TableDirt:
    d = TableDirt("customers", table, rng)
    ok = ~pop.shared_email

    rows = d.sources(d.count("padded_mixed_case_email"), ok & pop.has_email)
    d.modify("padded_mixed_case_email", rows, "email", messy_emails(rng, pop.email.take(pa.array(rows))))

    named = np.isin(np.array(ref.COUNTRY_CODES)[pop.country], ref.NAMED_COUNTRIES)
    rows = d.sources(d.count("country_name"), ok & named)
    d.modify("country_name", rows, "country", country_names(rng, pop.country[rows]))

    # Older versions: earlier updated_at and an old e-mail address or an old city.
    rows = d.sources(d.count("superseded_version"), ok & (pop.updated_s - pop.created_s >= SECONDS_PER_DAY))
    old = d.copies(rows)
    span = pop.updated_s[rows] - pop.created_s[rows]
    old_updated = pop.created_s[rows] + np.floor(span * rng.uniform(0.1, 0.9, len(rows))).astype(np.int64)
    old = _with(old, "updated_at", col.timestamps(np.minimum(old_updated, pop.updated_s[rows] - 1)))
    new_email = pop.has_email[rows] & (rng.random(len(rows)) < 0.5)
    local = pc.replace_substring_regex(pop.email.take(pa.array(rows)), pattern="@.*$", replacement="")
    old_email = col.concat(local, "@", col.pick(ref.OLD_EMAIL_DOMAINS,
                                               rng.integers(0, len(ref.OLD_EMAIL_DOMAINS), len(rows))))
    old = _with(old, "email", pc.if_else(pa.array(new_email), old_email, old.column("email")))
    by_country = np.argsort(pop.country, kind="stable")
    start = np.searchsorted(pop.country[by_country], pop.country[rows], side="left")
    stop = np.searchsorted(pop.country[by_country], pop.country[rows], side="right")
    donor = by_country[start + np.floor(rng.random(len(rows)) * (stop - start)).astype(np.int64)]
    donor_rows = table.take(pa.array(donor))
    moved = pa.array(~new_email)
    for name in ("city", "region", "postal_code", "latitude", "longitude"):
        old = _with(old, name, pc.if_else(moved, donor_rows.column(name), old.column(name)))
    d.add("superseded_version", old, "collapsed")

    # An address written as a null-like literal means "no address".
    rows = d.sources(d.count("null_like_email"), ok & pop.has_email)
    d.modify("null_like_email", rows, "email", col.pick(NULL_LIKE, np.arange(len(rows)) % len(NULL_LIKE)))

    d.duplicate()
    d.null_key("customer_id")
    if text_values:
        # A birth date written day/month/year (31/12/1990), a format staging does not guess at.
        born = pc.is_valid(d.column("birth_date")).to_numpy(zero_copy_only=False)
        rows = d.sources(d.count("unreadable_birth_date"), ok & born)
        d.as_text("birth_date")
        iso = d.column("birth_date").take(pa.array(rows))
        day_first = col.concat(pc.utf8_slice_codeunits(iso, 8, 10), "/", pc.utf8_slice_codeunits(iso, 5, 7), "/",
                               pc.utf8_slice_codeunits(iso, 0, 4))
        d.modify("unreadable_birth_date", rows, "birth_date", day_first, "listed", "unreadable_value")
    return d


def _cents(values: pa.Array) -> np.ndarray:
    """Integer cents of a decimal column (nulls as 0)."""
    return np.array([round(v * 100) if v is not None else 0 for v in values.to_pylist()], dtype=np.int64)


def _order_id(number: np.ndarray) -> pa.Array:
    return col.id_strings("O", number, 7)


def dirty_orders(rng: np.random.Generator, orders_table: pa.Table, items_table: pa.Table,
                 orders: Orders, text_values: bool = False) -> tuple[TableDirt, TableDirt]:
    d = TableDirt("orders", orders_table, rng)
    li = TableDirt("order_items", items_table, rng)
    customer_id = d.column("customer_id")
    has_customer = pc.is_valid(customer_id).to_numpy(zero_copy_only=False)
    guest = ~has_customer & pc.is_valid(d.column("email")).to_numpy(zero_copy_only=False)

    rows = d.sources(max(MIN_ROWS, round(GUEST_EMAIL_MESS_RATE * guest.sum())), guest)
    d.modify("padded_mixed_case_email", rows, "email", messy_emails(rng, orders.email.take(pa.array(rows))))
    rows = d.sources(d.count("float_style_id"), has_customer)
    d.modify("float_style_id", rows, "customer_id", col.concat(customer_id.take(pa.array(rows)), ".0"))
    # A guest order whose customer_id is a null-like literal is still a guest order.
    rows = d.sources(d.count("null_like_customer_id"), guest)
    d.modify("null_like_customer_id", rows, "customer_id",
             col.pick(NULL_LIKE, np.arange(len(rows)) % len(NULL_LIKE)))

    # Older versions: still "placed", before the order was completed/cancelled/refunded.
    settled = (orders.status != 0) & (orders.updated_s > orders.ordered_s)
    rows = d.sources(d.count("superseded_version"), settled)
    old = d.copies(rows)
    old_updated = orders.ordered_s[rows] + (orders.updated_s[rows] - orders.ordered_s[rows]) // 2
    old = _with(old, "status", pa.array(["placed"] * len(rows)))
    old = _with(old, "updated_at", col.timestamps(old_updated))
    old = _with(old, "refunded_amount", col.money(np.zeros(len(rows), dtype=np.int64)))
    d.add("superseded_version", old, "collapsed")
    d.duplicate()
    d.null_key("order_id")

    # Whole bad orders with their lines (the lines are rejected because their order is).
    first_line = group_starts(orders.n_lines)
    next_number = orders.size + 1
    bad_lines = []
    one_unit = np.full(1, 100, dtype=np.int64)  # 1.00 in cents
    for kind in ("unknown_currency", "future_timestamp", "before_store_opened", "negative_refund",
                 "refund_exceeds_paid", "discount_exceeds_subtotal", "duplicate_key_conflict",
                 "latest_version_rejected"):
        rows = d.sources(d.count(kind), has_customer & (orders.n_lines <= 3))
        new_ids = _order_id(np.arange(next_number, next_number + len(rows)))
        next_number += len(rows)
        bad = _with(d.copies(rows), "order_id", new_ids)
        bad = _with(bad, "session_id", pa.nulls(len(rows), pa.string()))
        if kind == "unknown_currency":
            bad = _with(bad, "currency", pa.array(["XYZ"] * len(rows)))
            d.add(kind, bad, "rejected", kind, "currency")
        elif kind in ("future_timestamp", "before_store_opened"):
            year_start = YEAR_2099_S if kind == "future_timestamp" else 0
            when = _seconds_in_year(rng, year_start, len(rows))
            bad = _with(bad, "ordered_at", col.timestamps(when))
            bad = _with(bad, "updated_at", col.timestamps(when + orders.updated_s[rows] - orders.ordered_s[rows]))
            d.add(kind, bad, "rejected", kind, "ordered_at")
        elif kind == "negative_refund":
            bad = _with(bad, "refunded_amount", col.money(np.full(len(rows), -500, dtype=np.int64)))
            d.add(kind, bad, "rejected", "negative_amount", "refunded_amount")
        elif kind == "refund_exceeds_paid":
            paid = _cents(bad.column("total_amount").combine_chunks())
            bad = _with(bad, "refunded_amount", col.money(paid + one_unit))
            d.add(kind, bad, "rejected", kind, "refunded_amount")
        elif kind == "discount_exceeds_subtotal":
            subtotal = _cents(bad.column("subtotal_amount").combine_chunks())
            bad = _with(bad, "discount_amount", col.money(subtotal + one_unit))
            d.add(kind, bad, "rejected", kind, "discount_amount")
        elif kind == "duplicate_key_conflict":
            # Two different rows with the same key and the same updated_at: both are rejected.
            other = _with(bad, "total_amount",
                          col.money(_cents(bad.column("total_amount").combine_chunks()) + one_unit))
            d.add(kind, pa.concat_tables([bad, other]), "rejected", kind)
        else:
            # A valid version, then a newer one that cannot be used: the key is rejected, the
            # older version does not come back.
            newer = _with(bad, "status", pa.array(["canceled"] * len(rows)))
            newer = _with(newer, "updated_at", col.timestamps(orders.updated_s[rows] + SECONDS_PER_DAY))
            d.add(kind, bad, "rejected", kind)
            d.add("unknown_status", newer, "rejected", "unknown_status", "status")
        line_rows = np.repeat(first_line[rows], orders.n_lines[rows]) + position_in_group(orders.n_lines[rows])
        owner = np.repeat(np.arange(len(rows)), orders.n_lines[rows])
        bad_lines.append(_with(li.copies(line_rows), "order_id", new_ids.take(pa.array(owner))))
    li.add("parent_order_rejected", pa.concat_tables(bad_lines), "rejected", "parent_order_rejected")

    # Order lines.
    li.duplicate()
    k = li.count("negative_quantity")
    target = np.sort(rng.choice(orders.size, size=min(k, orders.size), replace=False))
    last_line = first_line[target] + orders.n_lines[target] - 1
    returned = li.copies(last_line)
    returned = _with(returned, "line_number", col.integers(orders.n_lines[target] + 1))
    returned = _with(returned, "quantity", col.integers(-rng.integers(1, 4, len(target))))
    returned = _with(returned, "discount_amount", col.money(np.zeros(len(target), dtype=np.int64)))
    li.add("negative_quantity", returned, "rejected", "negative_quantity", "quantity")

    # Extra lines on other clean orders: a discount above the line amount, and two different
    # lines under one (order_id, line_number) -- a table without versions has no basis to pick.
    others = np.setdiff1d(np.arange(orders.size), target)
    k = li.count("discount_exceeds_subtotal") + li.count("duplicate_key_conflict")
    chosen = rng.choice(others, size=min(k, len(others)), replace=False)
    split = li.count("discount_exceeds_subtotal")
    for kind, picked in (("discount_exceeds_subtotal", np.sort(chosen[:split])),
                         ("duplicate_key_conflict", np.sort(chosen[split:]))):
        extra = li.copies(first_line[picked] + orders.n_lines[picked] - 1)
        extra = _with(extra, "line_number", col.integers(orders.n_lines[picked] + 1))
        if kind == "discount_exceeds_subtotal":
            gross = _cents(extra.column("unit_price").combine_chunks()) * np.asarray(
                extra.column("quantity").to_numpy(zero_copy_only=False), dtype=np.int64)
            extra = _with(extra, "discount_amount", col.money(gross + one_unit))
            li.add(kind, extra, "rejected", kind, "discount_amount")
        else:
            more = _with(extra, "quantity", col.integers(
                np.asarray(extra.column("quantity").to_numpy(zero_copy_only=False), dtype=np.int64) + 1))
            li.add(kind, pa.concat_tables([extra, more]), "rejected", kind)
    orphan = li.copies(li.sources(li.count("orphan_order_line")))
    orphan = _with(orphan, "order_id", _order_id(np.arange(next_number, next_number + orphan.num_rows)))
    orphan = _with(orphan, "line_number", col.integers(np.ones(orphan.num_rows, dtype=np.int64)))
    li.add("orphan_order_line", orphan, "rejected", "orphan_order_line")
    if text_values:
        _text_only_orders(d, li, orders, has_customer, first_line, next_number + orphan.num_rows,
                          np.setdiff1d(others, chosen))
    return d, li


def _text_only_orders(d: TableDirt, li: TableDirt, orders: Orders, has_customer: np.ndarray,
                      first_line: np.ndarray, next_number: int, free_orders: np.ndarray) -> None:
    """Orders with a comma-decimal amount (new orders, with their lines), and a fractional quantity
    on an extra line of clean orders that have no other extra line."""
    d.as_text(*COMMA_DECIMAL_COLUMNS.values())
    li.as_text("quantity")
    bad_lines = []
    for kind, column in COMMA_DECIMAL_COLUMNS.items():
        rows = d.sources(d.count(kind), has_customer & (orders.n_lines <= 3))
        new_ids = _order_id(np.arange(next_number, next_number + len(rows)))
        next_number += len(rows)
        bad = _with(d.copies(rows), "order_id", new_ids)
        bad = _with(bad, "session_id", pa.nulls(len(rows), pa.string()))
        bad = _with(bad, column, pc.replace_substring(pc.fill_null(bad.column(column), "0.00"), ".", ","))
        d.add(kind, bad, "rejected", "invalid_number", column)
        line_rows = np.repeat(first_line[rows], orders.n_lines[rows]) + position_in_group(orders.n_lines[rows])
        owner = np.repeat(np.arange(len(rows)), orders.n_lines[rows])
        bad_lines.append(_with(li.copies(line_rows), "order_id", new_ids.take(pa.array(owner))))
    li.add("parent_order_rejected", pa.concat_tables(bad_lines), "rejected", "parent_order_rejected")
    k = li.count("fractional_quantity")
    picked = np.sort(d.rng.choice(free_orders, size=min(k, len(free_orders)), replace=False))
    extra = li.copies(first_line[picked] + orders.n_lines[picked] - 1)
    extra = _with(extra, "line_number", col.integers(orders.n_lines[picked] + 1))
    extra = _with(extra, "quantity", col.concat(extra.column("quantity").combine_chunks(), ".5"))
    extra = _with(extra, "discount_amount", col.money(np.zeros(len(picked), dtype=np.int64)))
    li.add("fractional_quantity", extra, "rejected", "invalid_number", "quantity")


def dirty_sessions(rng: np.random.Generator, table: pa.Table) -> TableDirt:
    d = TableDirt("sessions", table, rng)
    d.duplicate()
    d.null_key("session_id")
    rows = d.sources(d.count("future_timestamp"))
    future = d.copies(rows)
    started = col.seconds_of(future.column("started_at"))
    length = col.seconds_of(future.column("ended_at")) - started
    when = _seconds_in_year(rng, YEAR_2099_S, len(rows))
    future = _with(future, "session_id", col.id_strings("S", np.arange(d.n + 1, d.n + 1 + len(rows)), 8))
    future = _with(future, "started_at", col.timestamps(when))
    future = _with(future, "ended_at", col.timestamps(when + length))
    d.add("future_timestamp", future, "rejected", "future_timestamp", "started_at")
    return d


def dirty_simple(rng: np.random.Generator, name: str, table: pa.Table, key: str | None) -> TableDirt:
    """Exact duplicates, and rows without key when ``key`` is given."""
    d = TableDirt(name, table, rng)
    d.duplicate()
    if key is not None:
        d.null_key(key)
    return d
