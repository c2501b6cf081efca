"""The raw-data interface: a store with only the required tables, CSV files, and
clear errors for a user's mistakes (a missing file, a missing required column)."""

from __future__ import annotations

import datetime
import json
import shutil
from collections import Counter

import duckdb
import pytest

from shopseg.generate.dirty import TEXT_ONLY_KINDS

from .conftest import OPTIONAL_TABLES
from .dbt_project_runner import DbtProject, assert_build_ok, generate_store

ALL_OPTIONAL_OFF = {f"enable_{table}": False for table in OPTIONAL_TABLES}
SECRET = "Secretlastname"


def test_store_with_required_tables_only_builds(tmp_path):
    raw = generate_store(tmp_path / "raw", "--skip-tables", ",".join(OPTIONAL_TABLES), customers=300)
    assert sorted(p.name for p in raw.glob("*.parquet")) == [
        "customers.parquet", "order_items.parquet", "orders.parquet", "products.parquet"
    ]
    project = DbtProject(raw, tmp_path / "work", vars=ALL_OPTIONAL_OFF)
    assert_build_ok(project.build())
    assert project.scalar("select count(*) from main_staging.stg_shop__sessions") == 0
    assert project.scalar("select count(*) from main_staging.stg_shop__orders") > 0


def test_csv_store_stages_like_parquet_and_catches_what_only_text_can_hold(tmp_path):
    """The same store in both formats: each format's rejected rows by reason and column match its own
    manifest, which for CSV also counts the values only a text file can hold (comma-decimal amounts,
    fractional quantities: rejected; day-first birth dates: listed as data-quality issues), and the
    accepted orders are the same."""
    parquet = generate_store(tmp_path / "parquet", customers=300, seed=11)
    csv = generate_store(tmp_path / "csv", "--format", "csv", customers=300, seed=11)
    accepted, text_only = {}, Counter()
    for name, raw, file_format in [("parquet", parquet, "parquet"), ("csv", csv, "csv")]:
        project = DbtProject(raw, tmp_path / f"work_{name}", raw_file_format=file_format)
        result = project.run("build", "--select", "+staging", "--resource-type", "seed", "--resource-type", "model")
        assert result.returncode == 0, result.output[-3000:]
        manifest = json.loads((raw / "_manifest.json").read_text())
        expected, listed = Counter(), Counter()
        for entry in manifest["injected"]:
            if entry["expect"] == "rejected":
                expected[(entry["table"], entry["reason"], entry.get("column"))] += entry["rows"]
            elif entry["expect"] == "listed":
                listed[(entry["table"], entry["column"], entry["reason"])] += entry["rows"]
            if entry["kind"] in TEXT_ONLY_KINDS:
                text_only[(name, entry["kind"])] = entry["rows"]
        found = Counter({(table, reason, column): count for table, reason, column, count in project.query(
            "select source_table, rejection_reason, rejection_column, count(*) "
            "from main_staging.stg_shop__rejected_rows group by all"
        )})
        assert found == expected, name
        issues = Counter({(table, column, issue): count for table, column, issue, count in project.query(
            "select source_table, column_name, issue, count(*) from main_staging.stg_shop__data_quality_issues "
            "group by all"
        )})
        assert issues == listed, name
        accepted[name] = project.query(
            "select count(*), sum(subtotal_amount), sum(total_amount), sum(refunded_amount) "
            "from main_staging.stg_shop__orders"
        ) + project.query("select count(*), sum(quantity) from main_staging.stg_shop__order_items")
    assert accepted["csv"] == accepted["parquet"]
    assert {kind for fmt, kind in text_only if fmt == "csv"} == TEXT_ONLY_KINDS
    assert not [kind for fmt, kind in text_only if fmt == "parquet"]


@pytest.fixture(scope="module")
def small_raw(tmp_path_factory):
    return generate_store(tmp_path_factory.mktemp("small"), customers=200, seed=3)


def test_missing_optional_file_names_the_switch(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    (raw / "sessions.parquet").unlink()
    result = DbtProject(raw, tmp_path / "work").run("run", "--select", "base_shop__sessions")
    assert result.returncode != 0
    assert "Raw table 'sessions' not found" in result.output
    assert "enable_sessions: false" in result.output
    assert "Traceback" not in result.output


def test_missing_required_column_is_named(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    orders = str(raw / "orders.parquet")
    with duckdb.connect() as con:
        con.execute(f"copy (select * exclude (status) from read_parquet('{orders}')) to '{orders}.tmp' (format parquet)")
    shutil.move(orders + ".tmp", orders)
    result = DbtProject(raw, tmp_path / "work").run("run", "--select", "base_shop__orders")
    assert result.returncode != 0
    assert "Raw table 'orders' has no column status" in result.output
    assert "Traceback" not in result.output


def test_missing_optional_column_reads_as_null(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    orders = str(raw / "orders.parquet")
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * exclude (utm_campaign, referrer) from read_parquet('{orders}')) "
            f"to '{orders}.tmp' (format parquet)"
        )
    shutil.move(orders + ".tmp", orders)
    project = DbtProject(raw, tmp_path / "work")
    result = project.run("build", "--select", "+stg_shop__orders", "--resource-type", "seed", "--resource-type", "model")
    assert result.returncode == 0, result.output[-3000:]
    assert project.scalar("select count(referrer) from main_staging.stg_shop__orders") == 0
    assert project.scalar("select count(*) from main_staging.stg_shop__orders") > 0


def test_a_stray_far_future_row_warns_about_the_default_as_of_date(small_raw, tmp_path):
    """One order dated months after the rest moves the default as_of_date: a warning says so."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    orders = str(raw / "orders.parquet")
    stray = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(hours=12)
    with duckdb.connect() as con:
        latest = con.execute(
            f"select max(ordered_at) from read_parquet('{orders}') where ordered_at < timestamp '{stray:%Y-%m-%d}'"
        ).fetchone()[0]
        if stray - latest < datetime.timedelta(days=30):
            pytest.skip("the generated store ends too close to today for a stray row")
        con.execute(
            f"copy (select * from read_parquet('{orders}') union all "
            f"(select * replace ('OSTRAY' as order_id, timestamp '{stray:%Y-%m-%d %H:%M:%S}' as ordered_at, "
            f"null::timestamp as updated_at) from read_parquet('{orders}') where order_id is not null limit 1)) "
            f"to '{orders}.tmp' (format parquet)"
        )
    shutil.move(orders + ".tmp", orders)
    selection = ["--select", "+int_as_of_date", "as_of_date_is_not_set_by_a_stray_row",
                 "--exclude", "test_type:unit", "--indirect-selection", "empty"]
    project = DbtProject(raw, tmp_path / "work")
    result = project.build(*selection)
    assert result.returncode == 0, result.output[-3000:]
    (status,) = [r["status"] for r in result.run_results() if "as_of_date_is_not_set_by_a_stray_row" in r["unique_id"]]
    assert status == "warn"
    # The same store without the stray row: no warning.
    clean = DbtProject(small_raw, tmp_path / "clean").build(*selection)
    assert clean.returncode == 0, clean.output[-3000:]
    (status,) = [r["status"] for r in clean.run_results() if "as_of_date_is_not_set_by_a_stray_row" in r["unique_id"]]
    assert status == "pass"


@pytest.mark.parametrize("table, change, message", [
    ("products", "where 1 = 0", "Raw table 'products' is required but has no usable row: the file is empty"),
    ("orders", "replace ('XYZ' as currency)",
     "Raw table 'orders' is required but has no usable row: its {rows} rows are all rejected (unknown_currency"),
    # A timestamp column written as epoch seconds: every row is rejected, and the message names the column.
    ("orders", "replace (cast(epoch(ordered_at) as bigint) as ordered_at)",
     "Raw table 'orders' is required but has no usable row: its {rows} rows are all rejected "
     "(invalid_timestamp of ordered_at: "),
])
def test_a_required_table_without_usable_rows_fails_the_build(small_raw, tmp_path, table, change, message):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    path = str(raw / f"{table}.parquet")
    with duckdb.connect() as con:
        if change.startswith("replace"):
            query = f"select * {change} from read_parquet('{path}') where order_id is not null and order_id <> ''"
        else:
            query = f"select * from read_parquet('{path}') {change}"
        con.execute(f"copy ({query}) to '{path}.tmp' (format parquet)")
        rows = con.execute(f"select count(*) from read_parquet('{path}.tmp')").fetchone()[0]
    shutil.move(path + ".tmp", path)
    result = DbtProject(raw, tmp_path / "work").run(
        "build", "--select", f"+stg_shop__{table}", "--exclude", "test_type:data", "test_type:unit"
    )
    assert result.returncode != 0
    assert message.format(rows=rows) in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("table, change, column", [
    # Fits the amount type as read, not once converted from GBP (1.17 EUR).
    ("orders", "replace (999999999999.99::decimal(14, 2) as subtotal_amount, 'GBP' as currency, "
     "null as total_amount)", "subtotal_amount"),
    # Each value fits, their product (the line amount) does not.
    ("order_items", "replace (2000000000 as quantity, 999999999.99 as unit_price)", "quantity"),
    ("checkouts", "replace (999999999999.99::decimal(14, 2) as cart_amount, 'GBP' as currency)", "cart_amount"),
])
def test_an_amount_too_large_to_compute_is_rejected_without_stopping_the_build(
    small_raw, tmp_path, table, change, column
):
    """Decimal arithmetic on an absurd amount (a conversion, quantity x price) used to stop the build with
    DuckDB's "out of range" error, which quotes the value; the row is rejected with a reason instead."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    path = str(raw / f"{table}.parquet")
    key = {"orders": "order_id", "order_items": "order_id", "checkouts": "checkout_id"}[table]
    with duckdb.connect() as con:
        # The first well-formed key (the generator dirties a few others).
        chosen = con.execute(
            f"select min({key}) from read_parquet('{path}') where regexp_full_match({key}, '[A-Z]+[0-9]+')"
        ).fetchone()[0]
        where = f"{key} = '{chosen}'" + (" and line_number = 1" if table == "order_items" else "")
        con.execute(
            f"copy (select * {change} from read_parquet('{path}') where {where} "
            f"union all by name select * from read_parquet('{path}') where not ({where})) "
            f"to '{path}.tmp' (format parquet)"
        )
    shutil.move(path + ".tmp", path)
    project = DbtProject(raw, tmp_path / "work")
    result = project.build("--select", "+stg_shop__rejected_rows", "+int_orders_valued",
                           "--indirect-selection", "cautious", "--exclude", "test_type:unit")
    assert result.returncode == 0, "\n".join(result.failures()) + result.output[-3000:]
    assert "out of range" not in result.output.lower() and "Traceback" not in result.output
    assert project.query(
        "select rejection_column, count(*) from main_staging.stg_shop__rejected_rows "
        f"where source_table = '{table}' and rejection_reason = 'amount_out_of_range' group by all"
    ) == [(column, 1)]


def test_column_names_with_spaces_around_them_are_read_by_their_trimmed_name(small_raw, tmp_path):
    """A Parquet file written from a spreadsheet keeps `Email ` as its column name (DuckDB trims a CSV
    header's): it used to read as a missing optional column, every e-mail silently null."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    customers = str(raw / "customers.parquet")
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * rename (email as \"Email \", country as \" country\", customer_id as \"Customer_ID \") "
            f"from read_parquet('{customers}')) to '{customers}.tmp' (format parquet)"
        )
    shutil.move(customers + ".tmp", customers)
    staged = "select * from main_staging.base_shop__customers order by all"
    selection = ["--select", "+base_shop__customers", "--resource-type", "seed", "--resource-type", "model"]
    clean = DbtProject(small_raw, tmp_path / "clean")
    assert clean.run("build", *selection).returncode == 0
    project = DbtProject(raw, tmp_path / "work")
    result = project.run("build", *selection)
    assert result.returncode == 0, result.output[-3000:]
    assert project.query(staged) == clean.query(staged)


def test_two_columns_with_the_same_trimmed_name_fail_clearly(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    customers = str(raw / "customers.parquet")
    with duckdb.connect() as con:
        con.execute(
            f"copy (select *, email as \"Email \" from read_parquet('{customers}')) "
            f"to '{customers}.tmp' (format parquet)"
        )
        position = [row[0] for row in con.execute(f"describe select * from read_parquet('{customers}')").fetchall()]
    shutil.move(customers + ".tmp", customers)
    result = DbtProject(raw, tmp_path / "work").run("run", "--select", "base_shop__customers")
    assert result.returncode != 0
    assert ("Raw table 'customers' has columns whose names differ only in case or surrounding spaces: "
            f"columns {position.index('email') + 1} and {len(position) + 1}") in result.output
    assert "Traceback" not in result.output


def test_an_order_whose_lines_sum_past_the_amount_type_is_valued(small_raw, tmp_path):
    """Each line fits the amount type (18 digits, six decimals), their sum does not: the order's value used to
    be cast back to that type, which stopped the build. The lines are usable, so the order is valued."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    items = str(raw / "order_items.parquet")
    with duckdb.connect() as con:
        order_id = con.execute(
            f"select min(order_id) from read_parquet('{items}') where regexp_full_match(order_id, '[A-Z]+[0-9]+')"
        ).fetchone()[0]
        con.execute(
            f"copy (select * replace (case when order_id = '{order_id}' then 1 else quantity end as quantity, "
            f"case when order_id = '{order_id}' then 600000000000.00::decimal(14, 2) else unit_price end "
            f"as unit_price) from read_parquet('{items}')) to '{items}.tmp' (format parquet)"
        )
    shutil.move(items + ".tmp", items)
    project = DbtProject(raw, tmp_path / "work")
    result = project.build("--select", "+fct_orders", "--indirect-selection", "cautious", "--exclude", "test_type:unit")
    assert result.returncode == 0, "\n".join(result.failures()) + result.output[-3000:]
    lines, merchandise = project.query(
        f"select line_count, merchandise_amount from main_marts.fct_orders where order_id = '{order_id}'")[0]
    assert lines >= 2 and merchandise == lines * 600000000000


def test_a_list_typed_column_reads_as_its_comma_separated_text(small_raw, tmp_path):
    """pandas and Arrow write `tags` as a Parquet LIST of strings: a plain cast to text gave `[vip]`, whose
    brackets became part of the first and last tag, so that no tag segment matched."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    customers = str(raw / "customers.parquet")
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * replace (string_split(tags, ',') as tags, string_split(interests, ',') as interests) "
            f"from read_parquet('{customers}')) to '{customers}.tmp' (format parquet)"
        )
    shutil.move(customers + ".tmp", customers)
    staged = "select customer_id, tags, interests from main_staging.base_shop__customers order by all"
    selection = ["--select", "+base_shop__customers", "--resource-type", "seed", "--resource-type", "model"]
    clean = DbtProject(small_raw, tmp_path / "clean")
    assert clean.run("build", *selection).returncode == 0
    project = DbtProject(raw, tmp_path / "work")
    result = project.run("build", *selection)
    assert result.returncode == 0, result.output[-3000:]
    assert project.query(staged) == clean.query(staged)
    assert project.scalar("select count(tags) from main_staging.base_shop__customers") > 0


def test_text_stored_as_parquet_binary_is_decoded_and_invalid_bytes_fail_clearly(small_raw, tmp_path):
    """Older Hive and Impala write text as Parquet BINARY without the UTF-8 annotation (DuckDB: BLOB). A cast
    gave `Zo\\xC3\\xA9` for `Zoé`; decode() alone would stop the build on invalid bytes, quoting the value."""
    text, binary, invalid = tmp_path / "text", tmp_path / "binary", tmp_path / "invalid"
    for folder in (text, binary, invalid):
        shutil.copytree(small_raw, folder)
    source = str(small_raw / "customers.parquet")
    first = "case when customer_id = (select min(customer_id) from t) then 'Zoé' else first_name end"
    queries = {
        text: f"select * replace ({first} as first_name) from t",
        binary: f"select * replace (encode({first}) as first_name, encode(email) as email, "
                f"encode(customer_id) as customer_id) from t",
        invalid: f"select * replace (case when customer_id = (select min(customer_id) from t) "
                 f"then '{SECRET}\\xE9'::blob else encode(last_name) end as last_name) from t",
    }
    with duckdb.connect() as con:
        con.execute(f"create view t as select * from read_parquet('{source}')")
        for folder, query in queries.items():
            con.execute(f"copy ({query}) to '{folder / 'customers.parquet'}' (format parquet)")
    staged = "select * from main_staging.base_shop__customers order by all"
    selection = ["--select", "+base_shop__customers", "--resource-type", "seed", "--resource-type", "model"]
    as_text = DbtProject(text, tmp_path / "work_text")
    assert as_text.run("build", *selection).returncode == 0
    as_binary = DbtProject(binary, tmp_path / "work_binary")
    result = as_binary.run("build", *selection)
    assert result.returncode == 0, result.output[-3000:]
    assert as_binary.query(staged) == as_text.query(staged)
    assert as_binary.scalar("select count(*) from main_staging.base_shop__customers where first_name = 'Zoé'") == 1

    result = DbtProject(invalid, tmp_path / "work_invalid").run("build", *selection)
    assert result.returncode != 0
    assert ("Raw table 'customers' stores column last_name as bytes (Parquet BINARY), and 1 of its values are "
            "not valid UTF-8 text") in result.output
    assert SECRET not in result.output and "Traceback" not in result.output


def test_a_country_no_known_spelling_matches_is_listed_not_silently_dropped(small_raw, tmp_path):
    """An alpha-3 code or a name in another language left the country code null with no trace (orders and
    companies keep no raw country): the value is listed in stg_shop__data_quality_issues, by its shape."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    changes = {"customers": ("customer_id", "country", "FRA"), "orders": ("order_id", "shipping_country", "Frankreich"),
               "companies": ("company_id", "country", "Deutschland GmbH")}
    keys = {}
    with duckdb.connect() as con:
        for table, (key, column, value) in changes.items():
            path = str(raw / f"{table}.parquet")
            keys[table] = con.execute(
                f"select min({key}) from read_parquet('{path}') where regexp_full_match({key}, '[A-Z]*[0-9]+')"
            ).fetchone()[0]
            con.execute(
                f"copy (select * replace (case when {key} = '{keys[table]}' then '{value}' else {column} end "
                f"as {column}) from read_parquet('{path}')) to '{path}.tmp' (format parquet)"
            )
            shutil.move(path + ".tmp", path)
    project = DbtProject(raw, tmp_path / "work")
    result = project.build("--select", "+stg_shop__data_quality_issues", "--indirect-selection", "cautious",
                           "--exclude", "test_type:unit")
    assert result.returncode == 0, "\n".join(result.failures()) + result.output[-3000:]
    listed = set(project.query(
        "select source_table, record_key, column_name, value_shape from main_staging.stg_shop__data_quality_issues "
        "where column_name in ('country', 'shipping_country')"
    ))
    assert listed == {
        ("customers", keys["customers"], "country", "AAA"),
        ("orders", keys["orders"], "shipping_country", "Aaaaaaaaaa"),
        ("companies", keys["companies"], "country", "Aaaaaaaaaaa AaaA"),
    }


def test_whitespace_of_any_kind_around_a_value_is_stray(small_raw, tmp_path):
    """A carriage return left by a CRLF file, a tab, a line break, a no-break space or a byte-order mark at
    either end of a value: trim() kept all but the first two kinds on DuckDB, so that an order's customer_id
    `10043<CR>` matched no account, `null<CR>` was an id and `<tab>EUR` an unknown currency."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    orders = str(raw / "orders.parquet")
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * replace (customer_id || chr(13) as customer_id, chr(9) || currency as currency, "
            f"status || chr(160) as status, shipping_country || chr(10) as shipping_country, "
            f"chr(65279) || order_id as order_id) from read_parquet('{orders}')) to '{orders}.tmp' (format parquet)"
        )
    shutil.move(orders + ".tmp", orders)
    staged = ("select order_id, customer_id, status, currency_code, shipping_country_code, row_disposition, "
              "rejection_reason from main_staging.base_shop__orders order by all")
    selection = ["--select", "+base_shop__orders", "--resource-type", "seed", "--resource-type", "model"]
    clean = DbtProject(small_raw, tmp_path / "clean")
    assert clean.run("build", *selection).returncode == 0
    project = DbtProject(raw, tmp_path / "work")
    result = project.run("build", *selection)
    assert result.returncode == 0, result.output[-3000:]
    assert project.query(staged) == clean.query(staged)
