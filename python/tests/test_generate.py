"""The generator's interface: CLI, files, types, manifest, determinism, options."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shopseg.generate import GenerateOptions, OptionError, generate
from shopseg.generate.dirty import TEXT_ONLY_KINDS

PYTHON_DIR = Path(__file__).resolve().parents[1]

S, TS, I64, F64 = pa.string(), pa.timestamp("us"), pa.int64(), pa.float64()
MONEY = "money"  # decimal128 with scale 2
# Every column of the raw contract (RAW_CONTRACT.md) with the Arrow type the generator must write.
CONTRACT = {
    "customers": {"customer_id": S, "email": S, "first_name": S, "last_name": S, "birth_date": pa.date32(),
                  "gender": S, "language": S, "city": S, "region": S, "postal_code": S, "country": S,
                  "latitude": F64, "longitude": F64, "tags": S, "interests": S, "income_band": S,
                  "account_status": S, "email_marketing_consent": S, "company_id": S, "created_by_app": S,
                  "created_at": TS, "updated_at": TS},
    "orders": {"order_id": S, "customer_id": S, "email": S, "session_id": S, "ordered_at": TS, "status": S,
               "currency": S, "subtotal_amount": MONEY, "discount_amount": MONEY, "shipping_amount": MONEY,
               "tax_amount": MONEY, "total_amount": MONEY, "refunded_amount": MONEY, "utm_source": S,
               "utm_medium": S, "utm_campaign": S, "referrer": S, "shipping_city": S, "shipping_country": S,
               "updated_at": TS},
    "order_items": {"order_id": S, "line_number": I64, "product_id": S, "quantity": I64, "unit_price": MONEY,
                    "discount_amount": MONEY},
    "products": {"product_id": S, "name": S, "category": S, "brand": S, "price": MONEY, "created_at": TS},
    "sessions": {"session_id": S, "visitor_id": S, "customer_id": S, "started_at": TS, "ended_at": TS,
                 "utm_source": S, "utm_medium": S, "utm_campaign": S, "referrer": S, "landing_page": S,
                 "device_type": S, "os": S, "browser": S, "country": S, "city": S, "_loaded_at": TS},
    "page_views": {"page_view_id": S, "session_id": S, "viewed_at": TS, "page_type": S, "page_path": S,
                   "product_id": S, "time_on_page_seconds": I64, "_loaded_at": TS},
    "checkouts": {"checkout_id": S, "customer_id": S, "email": S, "session_id": S, "created_at": TS,
                  "completed_order_id": S, "cart_amount": MONEY, "currency": S, "_loaded_at": TS},
    "email_events": {"event_id": S, "customer_id": S, "email": S, "campaign_id": S, "event_type": S,
                     "occurred_at": TS, "_loaded_at": TS},
    "companies": {"company_id": S, "name": S, "industry": S, "employee_count": I64, "annual_revenue": MONEY,
                  "country": S},
}


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "RAW_DATA_PATH"}
    full_env.update({"PYTHONPATH": str(PYTHON_DIR), **(env or {})})
    return subprocess.run([sys.executable, "-m", "shopseg.generate", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --------------------------------------------------------------------------
# files and types
# --------------------------------------------------------------------------
def test_every_contract_table_and_column_has_the_contract_type(dirty_store):
    assert set(dirty_store.manifest["tables"]) == set(CONTRACT)
    for table, columns in CONTRACT.items():
        schema = pq.read_schema(dirty_store.path / f"{table}.parquet")
        assert schema.names == list(columns), table
        for name, expected in columns.items():
            actual = schema.field(name).type
            if expected == MONEY:
                assert pa.types.is_decimal(actual) and actual.scale == 2 and actual.precision in (12, 14), \
                    (table, name, actual)
            else:
                assert actual == expected, (table, name, actual)


def test_manifest_describes_the_files(dirty_store):
    m = dirty_store.manifest
    assert m["generator"] == "shopseg.generate" and m["format_version"] == 2 and m["seed"] == 11
    assert m["options"] == {"customers": 800, "days": 730, "end_date": "2026-06-30", "format": "parquet",
                            "skip_tables": [], "dirty": True}
    for table, entry in m["tables"].items():
        assert entry["file"] == f"{table}.parquet"
        assert entry["rows"] == pq.ParquetFile(dirty_store.path / entry["file"]).metadata.num_rows
    text = (dirty_store.path / "_manifest.json").read_text()
    assert text == json.dumps(m, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "keys must be sorted"


def test_registered_customers_match_the_requested_number(dirty_store):
    assert dirty_store.manifest["tables"]["customers"]["clean_rows"] == 800
    assert dirty_store.value("select count(distinct customer_id) from customers where customer_id <> ''") == 800


def test_default_end_date_does_not_depend_on_today(dirty_store):
    last = dirty_store.value("select max(ordered_at)::date from orders where ordered_at < '2099-01-01'")
    assert date(2026, 6, 23) <= last <= date(2026, 6, 30)


# --------------------------------------------------------------------------
# determinism
# --------------------------------------------------------------------------
def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path):
    runs = {}
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate(GenerateOptions(out_dir=tmp_path / name, customers=300, seed=seed))
        runs[name] = digests(tmp_path / name)
    assert runs["a"] == runs["b"]
    assert set(runs["a"]) == set(runs["c"])
    differing = [f for f in runs["a"] if runs["a"][f] != runs["c"][f]]
    assert "orders.parquet" in differing and "customers.parquet" in differing


def test_skipping_a_table_leaves_the_other_tables_unchanged(tmp_path):
    generate(GenerateOptions(out_dir=tmp_path / "all", customers=200, seed=8))
    generate(GenerateOptions(out_dir=tmp_path / "some", customers=200, seed=8,
                             skip_tables=("email_events", "checkouts")))
    full, partial = digests(tmp_path / "all"), digests(tmp_path / "some")
    for name in ("customers.parquet", "orders.parquet", "order_items.parquet", "sessions.parquet"):
        assert full[name] == partial[name], name


# --------------------------------------------------------------------------
# options
# --------------------------------------------------------------------------
def test_skip_tables_omits_files_and_removes_stale_ones(tmp_path):
    out = tmp_path / "raw"
    generate(GenerateOptions(out_dir=out, customers=150, days=90))
    assert (out / "sessions.parquet").exists()
    result = generate(GenerateOptions(out_dir=out, customers=150, days=90,
                                      skip_tables=("sessions", "page_views", "companies")))
    files = {p.name for p in out.iterdir()}
    assert "sessions.parquet" not in files and "page_views.parquet" not in files
    assert "companies.parquet" not in files
    assert set(result.manifest["tables"]) == {"customers", "orders", "order_items", "products", "checkouts",
                                              "email_events"}
    assert result.manifest["options"]["skip_tables"] == ["sessions", "page_views", "companies"]
    orders = pq.read_table(out / "orders.parquet")
    assert orders.column("session_id").null_count == orders.num_rows  # nothing to point at
    customers = pq.read_table(out / "customers.parquet")
    assert customers.column("company_id").null_count == customers.num_rows
    assert not any(i["table"] in ("sessions", "page_views") for i in result.manifest["injected"])


def test_csv_format_is_readable_and_replaces_parquet(tmp_path):
    out = tmp_path / "raw"
    generate(GenerateOptions(out_dir=out, customers=150, days=90))
    result = generate(GenerateOptions(out_dir=out, customers=150, days=90, fmt="csv"))
    files = {p.name for p in out.iterdir()}
    assert not any(f.endswith(".parquet") for f in files)
    assert {f"{t}.csv" for t in CONTRACT} <= files
    con = duckdb.connect()
    for table, entry in result.manifest["tables"].items():
        rows = con.execute(f"select count(*) from read_csv('{out / entry['file']}', header=true)").fetchone()[0]
        assert rows == entry["rows"], table
    with open(out / "orders.csv", encoding="utf-8") as f:
        header = f.readline().strip().replace('"', "").split(",")
        first = f.readline()
    assert header == list(CONTRACT["orders"])
    assert re.search(r",\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},", first), first  # ISO timestamp, whole seconds
    # A guest order has no customer_id: the field is empty, not a quoted string.
    guest = con.execute(f"""select count(*) from read_csv('{out / 'orders.csv'}', header=true,
                            all_varchar=true) where customer_id is null""").fetchone()[0]
    assert guest > 0
    assert ',,' in (out / "orders.csv").read_text(encoding="utf-8")


def test_csv_store_holds_the_values_only_text_can_hold(tmp_path):
    """Counted back from the files: comma-decimal amounts on new orders, a fractional quantity on
    an extra line, day-first birth dates; the Parquet manifest has none of these kinds."""
    out = tmp_path / "csv"
    injected = {(i["table"], i["kind"]): i for i in
                generate(GenerateOptions(out_dir=out, customers=300, seed=3, fmt="csv")).manifest["injected"]}
    con = duckdb.connect()

    def count(table: str, where: str) -> int:
        return con.execute(f"select count(*) from read_csv('{out / table}.csv', header = true, "
                           f"all_varchar = true) where {where}").fetchone()[0]

    for kind, column in [("comma_decimal_discount", "discount_amount"), ("comma_decimal_total", "total_amount"),
                         ("comma_decimal_refund", "refunded_amount")]:
        entry = injected[("orders", kind)]
        assert (entry["reason"], entry["column"]) == ("invalid_number", column)
        assert count("orders", f"regexp_full_match({column}, '-?[0-9]+,[0-9]{{2}}')") == entry["rows"] > 0
    entry = injected[("order_items", "fractional_quantity")]
    assert count("order_items", "regexp_full_match(quantity, '[0-9]+[.]5')") == entry["rows"] > 0
    entry = injected[("customers", "unreadable_birth_date")]
    assert (entry["expect"], entry["reason"], entry["column"]) == ("listed", "unreadable_value", "birth_date")
    assert count("customers", r"regexp_full_match(birth_date, '\d{2}/\d{2}/\d{4}')") == entry["rows"] > 0
    parquet = generate(GenerateOptions(out_dir=tmp_path / "parquet", customers=300, seed=3)).manifest
    assert {kind for _, kind in injected} >= TEXT_ONLY_KINDS
    assert not {i["kind"] for i in parquet["injected"]} & TEXT_ONLY_KINDS


def test_no_dirty_injects_nothing(tmp_path):
    result = generate(GenerateOptions(out_dir=tmp_path, customers=300, dirty=False))
    assert result.manifest["injected"] == []
    assert result.manifest["options"]["dirty"] is False
    for entry in result.manifest["tables"].values():
        assert entry["rows"] == entry["clean_rows"]
    con = duckdb.connect()
    orders = f"read_parquet('{tmp_path / 'orders.parquet'}')"
    customers = f"read_parquet('{tmp_path / 'customers.parquet'}')"
    assert con.execute(f"select count(*) from {orders} where email <> lower(trim(email)) or currency = 'XYZ' "
                       f"or customer_id like '%.0'").fetchone()[0] == 0
    assert con.execute(f"select count(*) - count(distinct customer_id) from {customers}").fetchone()[0] == 0
    assert con.execute(f"select count(*) from {customers} where length(country) <> 2").fetchone()[0] == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"customers": -5}, "--customers"),
    ({"days": 0}, "--days"),
    ({"skip_tables": ("orders",)}, "required"),
    ({"skip_tables": ("nope",)}, "unknown table"),
    ({"skip_tables": ("sessions",)}, "page_views"),
    ({"end_date": date(2099, 1, 1)}, "window"),
    ({"fmt": "xml"}, "--format"),
])
def test_invalid_options_are_refused(tmp_path, kwargs, message):
    with pytest.raises(OptionError, match=message):
        generate(GenerateOptions(out_dir=tmp_path, **kwargs))
    assert not any(tmp_path.iterdir()), "nothing may be written"


# --------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------
def test_help_documents_every_option(tmp_path):
    done = run_cli("--help", cwd=tmp_path)
    assert done.returncode == 0
    for option in ("--out", "--customers", "--days", "--end-date", "--seed", "--format", "--skip-tables",
                   "--no-dirty", "--quiet", "RAW_DATA_PATH", "2026-06-30"):
        assert option in done.stdout, option


@pytest.mark.parametrize("args, fragment", [
    (["--customers", "-5"], "--customers"),
    (["--customers", "many"], "--customers"),
    (["--end-date", "2026-13-01"], "--end-date"),
    (["--end-date", "30/06/2026"], "--end-date"),
    (["--skip-tables", "sessions,bogus"], "bogus"),
    (["--skip-tables", "orders"], "orders"),
    (["--format", "xml"], "--format"),
    (["--days", "5"], "--days"),
])
def test_bad_cli_input_exits_2_with_a_one_line_error(tmp_path, args, fragment):
    done = run_cli(*args, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(error_lines) == 1 and fragment in error_lines[0], done.stderr
    assert not (tmp_path / "out").exists()


def test_cli_writes_to_raw_data_path_and_prints_a_summary(tmp_path):
    target = tmp_path / "from_env"
    done = run_cli("--customers", "120", "--days", "60", "--format", "csv", cwd=tmp_path,
                   env={"RAW_DATA_PATH": str(target)})
    assert done.returncode == 0, done.stderr
    assert (target / "_manifest.json").exists() and (target / "orders.csv").exists()
    assert "orders" in done.stdout and "rows" in done.stdout
    assert done.stderr == ""  # stderr is not a terminal: no progress bar

    quiet = run_cli("--customers", "120", "--days", "60", "--out", "explicit", "--quiet", cwd=tmp_path,
                    env={"RAW_DATA_PATH": str(target)})
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "explicit" / "orders.parquet").exists()


def test_cli_default_folder_is_data_raw(tmp_path):
    done = run_cli("--customers", "100", "--days", "30", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "raw" / "_manifest.json").exists()
