"""The RFM chain in pandas, written from the rules, not from the SQL: the benchmark's competitor.

`compute_rfm(raw_dir)` reads the raw Parquet files and the seeds and returns
one row per customer with at least one valid order on or before as_of_date,
with the columns of `int_customers_scored_rfm`. It applies, independently of
the dbt models:

- staging (RAW_CONTRACT.md): text trimmed (spaces), empty and null-like
  literals (var `null_like_values`) as null, float-style ids (`17850.0`) as
  `17850`, emails in lower case, labels in snake case; rows with a missing key,
  an unusable required timestamp (missing, before var `store_opened_date`,
  more than var `max_future_days` after now), an unknown status or currency
  (no rate in seed `currency_rates` on the order's date), an unreadable or
  negative amount, a discount above the subtotal or a refund above what was
  paid are rejected; per key, the latest version (`updated_at`) wins; a key
  whose latest version holds a rejected row or two different rows is
  rejected whole; exact copies collapse into one. Order lines: the same for
  their own fields, plus orphan lines and lines of a rejected order;
- amounts converted to the reporting currency at the rate in force on the
  order's date (10 decimals), kept with 6 decimals, rounded to cents once;
- as_of_date (var `as_of_date` null): the latest date of an accepted order or
  session; accounts registered after it and orders after it are left out;
- identity: an order without a customer_id belongs to the one account with its
  email; an email several accounts share identifies nobody;
- net revenue (SEGMENTS.md): lines' quantity × unit price − line discounts
  (an order without lines: its subtotal) − order discount − refund; valid
  orders: placed, completed, partially_refunded;
- RFM: recency_days, frequency, monetary; score = 1 + ⌊5 × (rank − 1) / n⌋
  with rank() from worst to best (ties share a score); rfm_group from seed
  `rfm_groups`.

Money is carried as integers (millionths, then cents), so the comparison with
the warehouse is exact to the cent. A point-in-time `as_of_date` is honoured
as classify_raw_rows does (versions updated later are not known yet). Raw
files are `<table>.parquet`, else `<table>.csv` read as text; text timestamps
are parsed by pandas (`format="mixed"`), whose formats are a superset of
DuckDB's.

`compare(reference, dbt_rows)` lists every difference, row by row.
`python -m shopseg.bench.pandas_reference RAW_DIR [--database FILE --relation NAME]`
times it and, given a warehouse, compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

PROJECT_DIR = Path(__file__).resolve().parents[3]
VALID_STATUSES = ("placed", "completed", "partially_refunded")
KNOWN_STATUSES = ("placed", "completed", "cancelled", "refunded", "partially_refunded")
ORDER_MONEY = ("subtotal_amount", "discount_amount", "shipping_amount", "tax_amount", "total_amount",
               "refunded_amount")
RFM_COLUMNS = ["customer_id", "rfm_code", "rfm_group", "recency_days", "frequency", "monetary_cents",
               "recency_score", "frequency_score", "monetary_score"]
MICRO = 10 ** 6  # amounts are read with 6 decimals
RATE = 10 ** 10  # exchange rates have 10 decimals


# --- settings -----------------------------------------------------------------

def project_vars(project_dir: Path = PROJECT_DIR) -> dict:
    import yaml

    config = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    found = config.get("vars") or {}
    defaults = {"null_like_values": ["null", "none", "n/a", "-", "nan"], "reporting_currency": "EUR",
                "store_timezone": "UTC", "store_opened_date": "2000-01-01", "max_future_days": 1,
                "as_of_date": None}
    return {key: found.get(key, value) for key, value in defaults.items()}


# --- integer money ------------------------------------------------------------

def div_round(numerator, denominator: int):
    """numerator / denominator rounded half away from zero (DuckDB's decimal rounding), for integers."""
    numerator = np.asarray(numerator)
    sign = np.where(numerator < 0, -1, 1)
    return sign * ((np.abs(numerator) + denominator // 2) // denominator)


def mul_div_round(a, b, denominator: int):
    """round(a × b / denominator) half away from zero, exact: in int64, splitting b when a × b would not fit
    (an amount in millionths times a rate × 10^10 does not), else with Python integers."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    sign = np.where((a < 0) != (b < 0), -1, 1)
    a, b = np.abs(a), np.abs(b)
    a_max, b_max = int(a.max(initial=0)), int(b.max(initial=0))
    if a_max * b_max < 2 ** 62:
        return sign * div_round(a * b, denominator).astype(np.int64)
    split = 10 ** (len(str(denominator)) // 2)  # denominator = split × rest
    rest = denominator // split
    fits = a_max * (b_max // split + 1) < 2 ** 62 and a_max * split < 2 ** 62 - denominator
    if denominator == split * rest and fits:
        # a × b / d = a × (high × split + low) / d = (a × high) / rest + (a × low) / d
        high, low = np.divmod(b, split)
        quotient, remainder = np.divmod(a * high, rest)
        return sign * (quotient + div_round(remainder * split + a * low, denominator)).astype(np.int64)
    product = a.astype(object) * b.astype(object)
    return sign * np.array([(p + denominator // 2) // denominator for p in product], dtype=np.int64)


# --- cleaning -----------------------------------------------------------------

class Cleaner:
    def __init__(self, settings: dict, now: dt.datetime):
        self.null_like = {str(value).lower() for value in settings["null_like_values"]} | {""}
        self.longest = max(len(value) for value in self.null_like)
        self.timezone = str(settings["store_timezone"])
        self.opened = pd.Timestamp(settings["store_opened_date"])
        self.latest_allowed = pd.Timestamp(now.replace(microsecond=0)) + pd.Timedelta(
            days=int(settings["max_future_days"]))

    # Text goes through pyarrow.compute: pandas' own string methods are several times slower here.
    def _arrow_text(self, series: pd.Series) -> pa.ChunkedArray:
        if not (pd.api.types.is_string_dtype(series.dtype) or isinstance(series.dtype, pd.ArrowDtype)):
            series = series.astype("string")
        values = pa.array(series.array, from_pandas=True)  # Arrow-backed: no copy
        if not isinstance(values, pa.ChunkedArray):
            values = pa.chunked_array([values])
        return values if values.type == pa.string() else values.cast(pa.string())

    def _clean(self, series: pd.Series) -> pa.ChunkedArray:
        trimmed = pc.utf8_trim(self._arrow_text(series), " ")
        null_like = pc.and_(pc.less_equal(pc.utf8_length(trimmed), self.longest),
                            pc.is_in(pc.utf8_lower(trimmed), pa.array(sorted(self.null_like))))
        return pc.if_else(null_like, pa.scalar(None, pa.string()), trimmed)

    def _series(self, values: pa.ChunkedArray, index) -> pd.Series:
        return pd.Series(values.to_pandas(types_mapper=pd.ArrowDtype), index=index)

    def text(self, series: pd.Series) -> pd.Series:
        return self._series(self._clean(series), series.index)

    def ident(self, series: pd.Series) -> pd.Series:
        return self._series(pc.replace_substring_regex(self._clean(series), r"^([0-9]+)\.0+$", r"\1"),
                            series.index)

    def lower(self, series: pd.Series) -> pd.Series:
        return self._series(pc.utf8_lower(self._clean(series)), series.index)

    def label(self, series: pd.Series) -> pd.Series:
        lowered = pc.utf8_lower(self._clean(series))
        return self._series(pc.replace_substring(pc.replace_substring(lowered, " ", "_"), "-", "_"), series.index)

    def listing(self, series: pd.Series) -> pd.Series:
        joined = pc.replace_substring_regex(pc.utf8_lower(self._clean(series)), r"\s*,\s*", ",")
        return self._series(pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined), series.index)

    def timestamp(self, series: pd.Series) -> pd.Series:
        """A UTC timestamp without zone (typed columns as they are, text parsed, unreadable as NaT)."""
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            return series.dt.tz_convert("UTC").dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return series.astype("datetime64[us]")
        parsed = pd.to_datetime(self.text(series), errors="coerce", utc=True, format="mixed")
        return parsed.dt.tz_localize(None).astype("datetime64[us]")

    def store_time(self, timestamps: pd.Series) -> pd.Series:
        """The store's wall-clock time of UTC timestamps."""
        if self.timezone.upper() != "UTC":
            timestamps = timestamps.dt.tz_localize("UTC").dt.tz_convert(self.timezone).dt.tz_localize(None)
        return timestamps

    def store_date(self, timestamps: pd.Series) -> pd.Series:
        return self.store_time(timestamps).dt.normalize()

    def timestamp_unusable(self, raw: pd.Series, typed: pd.Series) -> pd.Series:
        return typed.isna() | (typed < self.opened) | (typed > self.latest_allowed)

    def micro(self, series: pd.Series) -> pd.Series:
        """An amount in millionths (nullable Int64); unreadable text is null (see unreadable)."""
        if pd.api.types.is_numeric_dtype(series.dtype):
            values = series.astype("float64")
        else:
            values = pd.to_numeric(self.text(series), errors="coerce")
        return (values * MICRO).round().astype("Int64")

    def integer(self, series: pd.Series) -> pd.Series:
        """An integer read without rounding: a fractional value is null."""
        if pd.api.types.is_integer_dtype(series.dtype):
            return series.astype("Int64")
        values = pd.to_numeric(series if pd.api.types.is_numeric_dtype(series.dtype) else self.text(series),
                               errors="coerce")
        return values.where(values == values.round()).astype("Int64")

    def unreadable(self, raw: pd.Series, typed: pd.Series) -> pd.Series:
        """A value is there but cannot be read; a typed raw column is null exactly where its reading is."""
        if not (pd.api.types.is_string_dtype(raw.dtype) or isinstance(raw.dtype, pd.ArrowDtype)
                or raw.dtype == object):
            return pd.Series(False, index=raw.index)
        return typed.isna() & self.text(raw).notna()


def read_table(raw_dir: Path, table: str, columns: list[str]) -> pd.DataFrame:
    """The columns of a raw table, `<table>.parquet` (typed) or else `<table>.csv` (every column as text);
    a column the file lacks is all null (optional columns)."""
    path = raw_dir / f"{table}.parquet"
    if path.exists():
        present = set(pq.read_schema(path).names)
        table = pq.read_table(path, columns=[c for c in columns if c in present])
        # Decimals as float64 (exact for amounts in cents or millionths below 10^9), not Python Decimals.
        for position, column in enumerate(table.schema):
            if pa.types.is_decimal(column.type):
                table = table.set_column(position, column.name, table.column(position).cast(pa.float64()))
        frame = table.to_pandas()
    else:
        frame = pd.read_csv(raw_dir / f"{table}.csv", dtype="string", keep_default_na=False)
        frame = frame.mask(frame == "")
        frame.columns = [column.lower() for column in frame.columns]
        present = set(frame.columns)
        frame = frame[[c for c in columns if c in present]]
    for column in columns:
        if column not in present:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame


def member(series: pd.Series, values) -> pd.Series:
    """series.isin(values) through a hash index: pandas' isin on Arrow strings is slow for large sets."""
    index = pd.Index(pd.unique(pd.Series(values).dropna()))
    return pd.Series(index.get_indexer(series) != -1, index=series.index)


def row_signature(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    return pd.util.hash_pandas_object(frame[columns], index=False)


def accepted(frame: pd.DataFrame, keys: list[str], error: pd.Series, signature: pd.Series,
             version: str | None = None) -> pd.DataFrame:
    """The one accepted row of each key (classify_raw_rows' rule, written out)."""
    group = frame.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    groups = int(group.max()) + 1 if len(group) else 0
    error = error.to_numpy(dtype=bool)
    if version:
        versions = frame[version]
        latest_version = versions.groupby(group).transform("max")
        latest = ((versions == latest_version).fillna(False) | latest_version.isna()).to_numpy(dtype=bool)
    else:
        latest = np.ones(len(frame), dtype=bool)
    signature = signature.to_numpy()
    unusable = np.bincount(group[latest & error], minlength=groups) > 0
    latest_signatures = pd.Series(signature[latest]).groupby(group[latest])
    low, high = latest_signatures.min(), latest_signatures.max()
    conflict = np.zeros(groups, dtype=bool)
    conflict[low.index[low.to_numpy() != high.to_numpy()]] = True  # two different latest rows
    good = ~unusable & ~conflict
    candidates = np.flatnonzero(latest & ~error & good[group])
    _, first = np.unique(group[candidates], return_index=True)
    return frame.iloc[np.sort(candidates[first])]


# --- seeds --------------------------------------------------------------------

def country_lookup(seeds: Path) -> dict[str, str]:
    codes = pd.read_csv(seeds / "country_codes.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(seeds / "country_aliases.csv", dtype=str, keep_default_na=False)
    lookup = {code.lower(): code for code in codes["country_code"]}
    lookup.update({name.lower(): code for name, code in zip(codes["country_name"], codes["country_code"])})
    lookup.update({alias.lower(): code for alias, code in zip(aliases["alias"], aliases["country_code"])})
    return lookup


def exchange_rates(seeds: Path, currency: pd.Series, dates: pd.Series, reporting: str) -> pd.Series:
    """Rate into the reporting currency (×10^10, nullable) of each row's currency on its date."""
    rates = pd.read_csv(seeds / "currency_rates.csv", dtype={"currency_code": str, "eur_per_unit": float},
                        parse_dates=["valid_from"])
    rates["currency_code"] = rates["currency_code"].str.upper()
    days = dates.to_numpy(dtype="datetime64[us]")
    result = np.full(len(currency), np.nan)

    def in_force(code: str) -> np.ndarray:
        table = rates[rates["currency_code"] == code].sort_values("valid_from")
        if table.empty:
            return np.full(len(days), np.nan)
        starts = table["valid_from"].to_numpy(dtype="datetime64[us]")
        position = np.searchsorted(starts, days, side="right") - 1
        values = table["eur_per_unit"].to_numpy()[np.clip(position, 0, None)]
        return np.where((position >= 0) & ~np.isnat(days), values, np.nan)

    reporting_rate = in_force(reporting)
    codes = currency.to_numpy(dtype=object, na_value=None)
    for code in pd.unique(currency.dropna()):
        rows = codes == code
        if code == reporting:
            result[rows] = 1.0
        else:
            result[rows] = (in_force(code) / reporting_rate)[rows]
    return pd.Series(np.round(result * RATE), index=currency.index).astype("Int64")


# --- the chain ----------------------------------------------------------------

def compute_rfm(raw_dir: Path, project_dir: Path = PROJECT_DIR, now: dt.datetime | None = None,
                as_of_date: str | None = None) -> pd.DataFrame:
    """int_customers_scored_rfm from the raw files, as a DataFrame sorted by customer_id (monetary in cents).

    `as_of_date` ('YYYY-MM-DD') stands for var `as_of_date` (default: the project's, normally null). When set,
    a version updated after the end of that day (store calendar) was not known yet: the latest version known
    then is the one that counts, and the lines of an order known only later are not known either.
    """
    settings = project_vars(project_dir)
    as_of_var = as_of_date or settings["as_of_date"]
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    clean = Cleaner(settings, now)
    seeds = project_dir / "seeds"
    countries = country_lookup(seeds)
    reporting = str(settings["reporting_currency"]).upper()

    def country(series):
        return clean.lower(series).map(countries).astype("string")

    # Orders.
    raw = read_table(raw_dir, "orders", [
        "order_id", "customer_id", "session_id", "email", "status", "currency", *ORDER_MONEY, "utm_source",
        "utm_medium", "utm_campaign", "referrer", "shipping_city", "shipping_country", "ordered_at", "updated_at"])
    orders = pd.DataFrame({
        "order_id": clean.ident(raw["order_id"]), "customer_id": clean.ident(raw["customer_id"]),
        "session_id": clean.ident(raw["session_id"]), "email": clean.lower(raw["email"]),
        "status": clean.label(raw["status"]), "currency_code": clean.text(raw["currency"]).str.upper(),
        "utm_source": clean.lower(raw["utm_source"]), "utm_medium": clean.lower(raw["utm_medium"]),
        "utm_campaign": clean.lower(raw["utm_campaign"]), "referrer": clean.lower(raw["referrer"]),
        "shipping_city": clean.text(raw["shipping_city"]), "shipping_country_code": country(raw["shipping_country"]),
        "ordered_at": clean.timestamp(raw["ordered_at"]), "updated_at": clean.timestamp(raw["updated_at"]),
    })
    for column in ORDER_MONEY:
        orders[column] = clean.micro(raw[column])
    orders["rate"] = exchange_rates(seeds, orders["currency_code"], orders["ordered_at"].dt.normalize(), reporting)
    paid = orders["total_amount"].fillna(
        orders["subtotal_amount"] - orders["discount_amount"].fillna(0) + orders["shipping_amount"].fillna(0)
        + orders["tax_amount"].fillna(0))
    error = (orders["order_id"].isna()
             | clean.timestamp_unusable(raw["ordered_at"], orders["ordered_at"])
             | clean.unreadable(raw["updated_at"], orders["updated_at"])
             | ~orders["status"].isin(KNOWN_STATUSES).fillna(False)
             | orders["currency_code"].isna() | orders["rate"].isna()
             | orders["subtotal_amount"].isna()
             | (orders["discount_amount"] > orders["subtotal_amount"]).fillna(False)
             | (orders["refunded_amount"] > paid).fillna(False))
    for column in ORDER_MONEY:
        error |= clean.unreadable(raw[column], orders[column]) | (orders[column] < 0).fillna(False)
    signature_columns = ["order_id", "customer_id", "session_id", "email", "status", "currency_code", "utm_source",
                         "utm_medium", "utm_campaign", "referrer", "shipping_city", "shipping_country_code",
                         *ORDER_MONEY, "ordered_at", "updated_at"]
    if as_of_var:
        end_of_day = pd.Timestamp(as_of_var) + pd.Timedelta(days=1)
        orders_known = (orders["updated_at"].isna() | (clean.store_time(orders["updated_at"]) < end_of_day))
    else:
        orders_known = pd.Series(True, index=orders.index)
    known = orders[orders_known]
    stg_orders = accepted(known, ["order_id"], error[orders_known], row_signature(known, signature_columns),
                          "updated_at")
    # An order with a usable version known only after as_of_date: its lines are not known yet either.
    later_order_ids = orders.loc[~orders_known & ~error, "order_id"]
    stg_orders = stg_orders.assign(ordered_date=clean.store_date(stg_orders["ordered_at"]))
    all_order_ids = orders["order_id"]
    rate_by_order = stg_orders.set_index("order_id")["rate"]

    # Order lines.
    raw = read_table(raw_dir, "order_items",
                     ["order_id", "line_number", "product_id", "quantity", "unit_price", "discount_amount"])
    lines = pd.DataFrame({
        "order_id": clean.ident(raw["order_id"]), "product_id": clean.ident(raw["product_id"]),
        "line_number": clean.integer(raw["line_number"]), "quantity": clean.integer(raw["quantity"]),
        "unit_price": clean.micro(raw["unit_price"]), "discount_amount": clean.micro(raw["discount_amount"]),
    })
    line_gross = lines["quantity"] * lines["unit_price"]
    error = (clean.unreadable(raw["line_number"], lines["line_number"])
             | lines["order_id"].isna() | lines["line_number"].isna() | lines["product_id"].isna()
             | lines["quantity"].isna() | (lines["quantity"] < 0).fillna(False) | lines["unit_price"].isna()
             | clean.unreadable(raw["discount_amount"], lines["discount_amount"])
             | (lines["unit_price"] < 0).fillna(False) | (lines["discount_amount"] < 0).fillna(False)
             | (lines["discount_amount"] > line_gross).fillna(False)
             | ~member(lines["order_id"], all_order_ids)
             | (~member(lines["order_id"], rate_by_order.index) & ~member(lines["order_id"], later_order_ids)))
    lines_known = member(lines["order_id"], rate_by_order.index) | ~member(lines["order_id"], later_order_ids)
    keys = ["order_id", "line_number"]
    known = lines[lines_known]
    stg_lines = accepted(known, keys, error[lines_known],
                         row_signature(known, [*keys, "product_id", "quantity", "unit_price", "discount_amount"]))
    line_rate = stg_lines["order_id"].map(rate_by_order).to_numpy(dtype=np.int64)
    stg_lines = stg_lines.assign(
        unit_price=mul_div_round(stg_lines["unit_price"].to_numpy(dtype=np.int64), line_rate, RATE),
        discount_amount=mul_div_round(stg_lines["discount_amount"].fillna(0).to_numpy(dtype=np.int64), line_rate,
                                      RATE))

    # Customers and sessions (as_of_date and identity).
    customer_text = ["company_id", "first_name", "last_name", "city", "region", "postal_code"]
    raw = read_table(raw_dir, "customers", [
        "customer_id", "email", "gender", "language", "country", "tags", "interests", "income_band",
        "account_status", "email_marketing_consent", "created_by_app", "latitude", "longitude", "birth_date",
        "created_at", "updated_at", *customer_text])
    gender = clean.lower(raw["gender"])
    customers = pd.DataFrame({
        "customer_id": clean.ident(raw["customer_id"]), "company_id": clean.ident(raw["company_id"]),
        "email": clean.lower(raw["email"]),
        "gender": np.select([gender.isin(["f", "female", "woman", "w", "femme", "frau", "mujer", "donna"]),
                             gender.isin(["m", "male", "man", "homme", "mann", "hombre", "uomo"]),
                             gender.isin(["other", "non-binary", "nonbinary", "non binary", "nb", "x", "diverse",
                                          "divers", "autre"])], ["female", "male", "other"], "unknown"),
        "language_tag": clean.lower(raw["language"]), "country_code": country(raw["country"]),
        "country_raw": clean.text(raw["country"]), "tags": clean.listing(raw["tags"]),
        "interests": clean.listing(raw["interests"]), "income_band": clean.lower(raw["income_band"]),
        "account_status": clean.label(raw["account_status"]),
        "email_marketing_consent": clean.label(raw["email_marketing_consent"]),
        "created_by_app": clean.lower(raw["created_by_app"]),
        "latitude": pd.to_numeric(raw["latitude"], errors="coerce"),
        "longitude": pd.to_numeric(raw["longitude"], errors="coerce"),
        "birth_date": pd.to_datetime(raw["birth_date"], errors="coerce"),
        "created_at": clean.timestamp(raw["created_at"]), "updated_at": clean.timestamp(raw["updated_at"]),
        **{column: clean.text(raw[column]) for column in customer_text if column != "company_id"},
    })
    error = (customers["customer_id"].isna() | clean.unreadable(raw["updated_at"], customers["updated_at"])
             | clean.timestamp_unusable(raw["created_at"], customers["created_at"]))
    if as_of_var:
        customers_known = (customers["updated_at"].isna()
                           | (clean.store_time(customers["updated_at"]) < end_of_day))
    else:
        customers_known = pd.Series(True, index=customers.index)
    known = customers[customers_known]
    stg_customers = accepted(known, ["customer_id"], error[customers_known],
                             row_signature(known, list(customers.columns)), "updated_at")

    raw = read_table(raw_dir, "sessions", [
        "session_id", "visitor_id", "customer_id", "utm_source", "utm_medium", "utm_campaign", "referrer",
        "landing_page", "device_type", "os", "browser", "country", "city", "started_at", "ended_at"])
    device = clean.lower(raw["device_type"])
    sessions = pd.DataFrame({
        "session_id": clean.ident(raw["session_id"]), "visitor_id": clean.ident(raw["visitor_id"]),
        "customer_id": clean.ident(raw["customer_id"]),
        **{column: clean.lower(raw[column]) for column in ("utm_source", "utm_medium", "utm_campaign", "referrer")},
        **{column: clean.text(raw[column]) for column in ("landing_page", "os", "browser", "city")},
        "device_type": np.select(
            [device.isin(["mobile", "smartphone", "phone", "mobile phone", "iphone", "android"]),
             device.isin(["tablet", "ipad", "phablet"]), device.isin(["desktop", "pc", "laptop", "computer", "mac"]),
             device.isna()], ["mobile", "tablet", "desktop", "unknown"], "other"),
        "country_code": country(raw["country"]),
        "started_at": clean.timestamp(raw["started_at"]), "ended_at": clean.timestamp(raw["ended_at"]),
    })
    error = (sessions["session_id"].isna() | sessions["visitor_id"].isna()
             | clean.timestamp_unusable(raw["started_at"], sessions["started_at"]))
    stg_sessions = accepted(sessions, ["session_id"], error, row_signature(sessions, list(sessions.columns)))

    if as_of_var:
        as_of = pd.Timestamp(as_of_var)
    else:
        latest_order = stg_orders["ordered_date"].max()
        latest_session = clean.store_date(stg_sessions["started_at"]).max()
        as_of = latest_order if pd.isna(latest_session) or latest_order >= latest_session else latest_session

    # Identity: orders as of the date, guest emails matched to the one account that has them.
    registered = stg_customers[clean.store_date(stg_customers["created_at"]) <= as_of]
    emails = registered.dropna(subset=["email"]).groupby("email")["customer_id"].agg(["count", "min"])
    email_owner = emails.loc[emails["count"] == 1, "min"]
    matched = stg_orders[stg_orders["ordered_date"] <= as_of].copy()
    matched["customer_id"] = matched["customer_id"].fillna(matched["email"].map(email_owner))

    # Net revenue in cents per order.
    lines_as_of = stg_lines[member(stg_lines["order_id"], matched["order_id"])]
    line_totals = pd.DataFrame({
        "order_id": lines_as_of["order_id"].to_numpy(),
        "gross": lines_as_of["quantity"].to_numpy(dtype=np.int64) * lines_as_of["unit_price"].to_numpy(),
        "discount": lines_as_of["discount_amount"].to_numpy(),
    }).groupby("order_id").sum()
    rate = matched["rate"].to_numpy(dtype=np.int64)
    subtotal = mul_div_round(matched["subtotal_amount"].to_numpy(dtype=np.int64), rate, RATE)
    order_discount = mul_div_round(matched["discount_amount"].fillna(0).to_numpy(dtype=np.int64), rate, RATE)
    refund = mul_div_round(matched["refunded_amount"].fillna(0).to_numpy(dtype=np.int64), rate, RATE)
    gross = matched["order_id"].map(line_totals["gross"])
    has_lines = gross.notna().to_numpy()
    # Every part in millionths, rounded to cents once, as a whole.
    merchandise = np.where(has_lines, gross.fillna(0).to_numpy(dtype=np.int64), subtotal)
    line_discount = matched["order_id"].map(line_totals["discount"]).fillna(0).to_numpy(dtype=np.int64)
    matched["net_cents"] = div_round(merchandise - line_discount - order_discount - refund, MICRO // 100)

    # RFM.
    valid = matched[matched["customer_id"].notna() & matched["status"].isin(VALID_STATUSES)]
    per_customer = valid.groupby("customer_id").agg(
        frequency=("order_id", "size"), monetary_cents=("net_cents", "sum"), last_date=("ordered_date", "max"))
    rfm = per_customer.reset_index()
    rfm["recency_days"] = (as_of - rfm["last_date"]).dt.days.astype(np.int64)
    count = len(rfm)
    for score, column, worst_first in (("recency_score", "recency_days", False),
                                       ("frequency_score", "frequency", True),
                                       ("monetary_score", "monetary_cents", True)):
        rank = rfm[column].rank(method="min", ascending=worst_first).astype(np.int64)
        rfm[score] = 1 + (5 * (rank - 1)) // count
    rfm["rfm_code"] = (rfm["recency_score"].astype(str) + rfm["frequency_score"].astype(str)
                       + rfm["monetary_score"].astype(str))
    groups = pd.read_csv(seeds / "rfm_groups.csv")
    rfm = rfm.merge(groups, on=["recency_score", "frequency_score"], how="left")
    rfm["frequency"] = rfm["frequency"].astype(np.int64)
    rfm["monetary_cents"] = rfm["monetary_cents"].astype(np.int64)
    return rfm[RFM_COLUMNS].sort_values("customer_id", ignore_index=True)


# --- comparison with the warehouse --------------------------------------------

def read_dbt_rfm(con, relation: str) -> pd.DataFrame:
    """The RFM rows of a warehouse relation (rows with scores), monetary as integer cents."""
    present = [row[0] for row in con.execute(f"describe select * from {relation}").fetchall()]
    integers = {"recency_days", "frequency", "recency_score", "frequency_score", "monetary_score"}
    select = []
    for column in RFM_COLUMNS:
        if column == "monetary_cents" and "monetary" in present:
            select.append("cast(round(monetary * 100) as bigint) as monetary_cents")
        elif column in present:
            select.append(f"cast({column} as bigint) as {column}" if column in integers else column)
    where = " where recency_score is not null" if "recency_score" in present else ""
    return con.execute(f"select {', '.join(select)} from {relation}{where} order by customer_id").df()


def compare(reference: pd.DataFrame, dbt_rows: pd.DataFrame) -> list[dict]:
    """Every difference, by customer_id: rows on one side only, and per column the two values."""
    columns = [c for c in reference.columns if c in dbt_rows.columns and c != "customer_id"]
    # Nullable types, so that an integer stays an integer when the outer join leaves a gap.
    merged = reference.convert_dtypes().merge(dbt_rows[["customer_id", *columns]].convert_dtypes(), on="customer_id",
                                              how="outer",
                             suffixes=("_pandas", "_dbt"), indicator="side")
    differences = []
    for row in merged.itertuples(index=False):
        record = row._asdict()
        side = record.pop("side")
        if side != "both":
            differences.append({"customer_id": record["customer_id"],
                                "only_in": "pandas" if side == "left_only" else "dbt"})
            continue
        changed = {}
        for column in columns:
            ours, theirs = record[f"{column}_pandas"], record[f"{column}_dbt"]
            if pd.isna(ours) and pd.isna(theirs):
                continue
            if pd.isna(ours) or pd.isna(theirs) or str(ours) != str(theirs):
                changed[column] = {"pandas": None if pd.isna(ours) else str(ours),
                                   "dbt": None if pd.isna(theirs) else str(theirs)}
        if changed:
            differences.append({"customer_id": record["customer_id"], "columns": changed})
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopseg.bench.pandas_reference",
                                     description="The RFM chain in pandas; optionally compared with a warehouse.")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--database", type=Path, help="a DuckDB warehouse built by dbt from the same raw files")
    parser.add_argument("--relation", default="main_intermediate.int_customers_scored_rfm")
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR, help="the dbt project (vars, seeds)")
    parser.add_argument("--runs", type=int, default=1, help="compute the chain N times (the benchmark keeps the best)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write each run's wall and CPU seconds, the customer count and the differences to FILE")
    args = parser.parse_args(argv)
    seconds, cpu_seconds = [], []
    for _ in range(max(1, args.runs)):
        start, cpu_start = time.perf_counter(), time.process_time()
        reference = compute_rfm(args.raw_dir, args.project_dir)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
        print(f"{len(reference):,} customers scored in {seconds[-1]:.2f} s", flush=True)
    differences = None
    if args.database:
        import duckdb

        with duckdb.connect(str(args.database), read_only=True) as con:
            differences = compare(reference, read_dbt_rfm(con, args.relation))
        print(f"{len(differences)} differing rows" + (": " + repr(differences[:20]) if differences else ""))
    if args.json:
        args.json.write_text(json.dumps({
            "runs": seconds, "cpu_seconds": cpu_seconds, "customers": len(reference),
            "differences": None if differences is None else len(differences),
            "first_differences": None if differences is None else differences[:20],
        }, default=str))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
