"""Hostile segment queries, run through the real preview command on a copy of a marts database.

Each one is rejected with a clear message (exit status 1, no traceback) or, when it is a harmless
literal, matches nobody. And whatever the query, the preview reads nothing outside the database and
writes nothing: the database file keeps its bytes and mtime, no table appears, no WAL file, and the
sentinel file outside the database is never read (the connection refuses file access outright)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from segments_fixture import build_marts
from shopseg.segments import SegmentQueryError, cli, compile_query, DuckDBDialect
from shopseg.segments import preview as preview_module
from shopseg.segments.custom_files import load_segment

PROJECT_DIR = Path(__file__).resolve().parents[2]
SENTINEL_TEXT = "sentinel-7f3a: this file must never be read by a preview"


@pytest.fixture()
def warehouse(tmp_path) -> dict:
    original = build_marts(tmp_path / "built.duckdb")
    copy = tmp_path / "copy.duckdb"
    shutil.copy(original, copy)
    sentinel = tmp_path / "outside" / "secret.txt"
    sentinel.parent.mkdir()
    sentinel.write_text(SENTINEL_TEXT)
    os.utime(copy, (1_600_000_000, 1_600_000_000))
    return {"db": copy, "sentinel": sentinel, "folder": tmp_path}


def fingerprint(path: Path) -> tuple:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), path.stat().st_mtime_ns, len(data)


def tables(path: Path) -> set[tuple[str, str]]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return set(connection.execute(
            "select table_schema, table_name from information_schema.tables").fetchall())
    finally:
        connection.close()


def run_cli(capsys, database: Path, query: str) -> tuple[int, str, str]:
    code = cli.main(["preview", "--database", str(database), "--query", query, "--sample", "100"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hostile(sentinel: Path) -> list[tuple[str, str]]:
    """(query, fragment of the expected message)."""
    path = str(sentinel)
    return [
        ("{% do run_query('drop table main_marts.fct_orders') %} amount_spent > 0", "'{' is not allowed"),
        ("'{{ env_var(\"HOME\") }}' = '/root'", "'{' is not allowed"),
        ("amount_spent > 0 {# comment #}", "'{' is not allowed"),
        ("amount_spent > 0; drop table main_marts.dim_customers", "';' is not part of the language"),
        ("amount_spent > 0;", "';' is not part of the language"),
        ("(select content from read_text('/etc/hostname')) is not null", "unexpected"),
        ("amount_spent > (select max(lifetime_net_revenue) from main_marts.dim_customers)", "unexpected"),
        (f"read_text('{path}') = true", "unknown attribute `read_text`"),
        (f"read_csv(file: '{path}') = true", "unknown attribute `read_csv`"),
        (f"customer_tags CONTAINS read_text('{path}')", "unexpected"),
        ("main_marts.dim_customers.email = 'x'", "unknown attribute `main_marts.dim_customers.email`"),
        ("email = 'chloe@example.com'", "unknown attribute `email`"),
        ("first_name IS NOT NULL", "unknown attribute `first_name`"),
        ("amount_spent > 0 -- and everything else", "comments (--) are not part of the language"),
        ("/* x */ amount_spent > 0", "arithmetic and comments"),
        ("amount_spent > 0 /* x */", "arithmetic and comments"),
        ("customer_cities CONTAINS 'a'' or 1=1 --'", "unexpected"),
        ("customer_cities CONTAINS 'a' or 1=1", "unexpected"),
        ("customer_cities CONTAINS 'abc", "not closed"),
        ("customer_cities CONTAINS 'a\\\\'", "backslashes are not allowed"),
        ("customer_cities CONTAINS 'a\\n'", "not closed"),
        ("customer_cities CONTAINS \"Paris\"", "single quotes"),
        ("аmount_spent > 0", "unknown attribute `аmount_spent`"),            # Cyrillic а
        ("ａｍｏｕｎｔ_spent > 0", "unknown attribute"),                      # full-width letters
        ("amount_spent ＞ 0", "U+FF1E"),                                       # full-width >
        ("amount_spent > 0 ＡＮＤ amount_spent < 9", "unexpected"),
        ("amount_spent\u200b > 0", "U+200B"),                                  # zero-width space
        ("amount_spent > 0\x00", "U+0000"),
        ("amount_spent > 0\x1b[2J", "U+001B"),
        ("amount_spent > 1 OR " * 250 + "amount_spent > 2", "the maximum is 4,000"),
        ("(" * 5000 + "amount_spent > 1" + ")" * 5000, "the maximum is 4,000"),
        ("(" * 500 + "amount_spent > 1" + ")" * 500, "nested more than 25 levels"),
        ("NOT " * 900 + "amount_spent > 1", "nested more than 120 levels"),
        ("amount_spent > 1e308", "unexpected"),
        ("amount_spent > 99999999999999999999999999999999", "too long"),
        ("segment_membership('loyal; drop table x') = true", "is not a named segment"),
        ("segment_membership(key: seg_loyal) = true", "unexpected word"),
        ("products_purchased MATCHES (id IN (select product_id from main_marts.fct_order_lines))", "unexpected"),
        ("rfm_group = 'CHAMPIONS' UNION SELECT email FROM main_marts.dim_customers", "unexpected"),
        ("amount_spent > 0 AND pragma_version() IS NOT NULL", "unknown attribute `pragma_version`"),
        ("", "empty"),
    ]


HARMLESS = [
    "customer_cities CONTAINS 'a\\' or 1=1 --'",            # one string: a' or 1=1 --
    "customer_tags CONTAINS '; drop table x'",
    "customer_email_domain = '\\'; select 1; --'",
    "customer_regions CONTAINS 'Ω≈ç√∫'",
    "segment_membership('email_engaged') = true AND customer_cities CONTAINS 'read_text(\\'/etc/hostname\\')'",
]


def test_hostile_queries_are_rejected_and_touch_nothing(warehouse, capsys):
    database, sentinel = warehouse["db"], warehouse["sentinel"]
    before, before_tables = fingerprint(database), tables(database)
    for query, fragment in hostile(sentinel):
        code, out, err = run_cli(capsys, database, query)
        assert code == 1, f"not rejected: {query[:80]!r}\n{out}"
        assert err.startswith("python -m shopseg.segments preview: error: "), err
        assert fragment in err, f"{query[:80]!r}: {err}"
        assert "Traceback" not in err and out == ""
        assert SENTINEL_TEXT not in out + err
    assert fingerprint(database) == before
    assert tables(database) == before_tables
    assert not list(warehouse["folder"].glob("*.wal"))


def test_harmless_literals_match_nobody_and_touch_nothing(warehouse, capsys):
    database = warehouse["db"]
    before = fingerprint(database)
    for query in HARMLESS:
        code, out, err = run_cli(capsys, database, query)
        assert code == 0, err
        assert "0 of 4 customers match" in out, out
    assert fingerprint(database) == before
    assert not list(warehouse["folder"].glob("*.wal"))


def test_the_preview_connection_cannot_read_files_write_or_unlock(warehouse):
    """Even SQL the compiler never emits cannot escape: this is the connection the preview uses."""
    connection = preview_module.open_read_only(warehouse["db"])
    sentinel = warehouse["sentinel"]
    try:
        attempts = [
            f"select content from read_text('{sentinel}')",
            f"select * from read_csv('{sentinel}')",
            f"select * from '{sentinel}'",
            f"copy (select 1) to '{warehouse['folder'] / 'leak.csv'}'",
            "create table main_marts.leak as select 1 as x",
            "drop table main_marts.fct_orders",
            f"attach '{warehouse['folder'] / 'other.duckdb'}' as other",
            "install httpfs",
            "set enable_external_access = true",
            "reset enable_external_access",
        ]
        for sql in attempts:
            with pytest.raises(duckdb.Error):
                connection.execute(sql)
        assert connection.execute("select current_setting('enable_external_access')").fetchone()[0] is False
        assert connection.execute("select current_setting('lock_configuration')").fetchone()[0] is True
    finally:
        connection.close()
    assert not (warehouse["folder"] / "leak.csv").exists()
    assert not (warehouse["folder"] / "other.duckdb").exists()


def test_compiled_sql_holds_only_allow_listed_identifiers():
    """The identifiers of a compiled query are columns of dim_customers, relations of the allow-list
    and SQL keywords and functions the compiler writes; user words never appear outside literals."""
    sql = compile_query("customer_tags CONTAINS 'drop' AND segment_membership('loyal') = true", DuckDBDialect()).sql
    outside_literals = "".join(part for index, part in enumerate(sql.split("'")) if index % 2 == 0)
    assert "drop" not in outside_literals and "main_marts.seg_loyal" in outside_literals


@pytest.mark.parametrize("field, value, fragment", [
    ("description", "Big {{ env_var('HOME') }} spenders", "'{' is not allowed"),
    ("name", "{% raw %}", "'{' is not allowed"),
    ("recommended_action", "Email\u0007 them", "U+0007"),
    ("recommended_action", "a \\\\ b", "backslash"),
    ("query", "amount_spent > 500 {{ x }}", "'{' is not allowed"),
    ("query", "amount_spend > 500", "did you mean `amount_spent`?"),
    ("activation_channel", "fax", "activation_channel must be one of"),
    ("colour", "red", "unknown field(s) colour"),
])
def test_segment_files_refuse_template_text_and_bad_fields(tmp_path, field, value, fragment):
    segment = {"name": "Test", "description": "A test.", "recommended_action": "Nothing.",
               "activation_channel": "none", "query": "amount_spent > 1", field: value}
    folder = tmp_path / "segments" / "custom"
    folder.mkdir(parents=True)
    path = folder / "test_segment.yml"
    path.write_text("".join(f"{key}: {_yaml_quote(text)}\n" for key, text in segment.items()), encoding="utf-8")
    with pytest.raises(SegmentQueryError) as caught:
        load_segment(path, tmp_path)
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("segments/custom/test_segment.yml")


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u0007", "\\a") + '"'


@pytest.mark.parametrize("name, content, fragment", [
    ("champions.yml", "name: x\ndescription: x\nrecommended_action: x\nquery: amount_spent > 1\n", "already a named"),
    ("Bad-Key.yml", "name: x\ndescription: x\nrecommended_action: x\nquery: amount_spent > 1\n", "not a segment key"),
    ("other.yml", "key: another\nname: x\ndescription: x\nrecommended_action: x\nquery: amount_spent > 1\n",
     "differs from the file name"),
    ("nameless.yml", "description: x\nrecommended_action: x\nquery: amount_spent > 1\n", "`name` is missing"),
    ("broken.yml", "name: [unclosed\n", "not valid YAML"),
    ("list.yml", "- a\n- b\n", "is a mapping"),
])
def test_segment_file_shape_errors(tmp_path, name, content, fragment):
    # The named segments a custom key must not take are those of the project's segment marts.
    named = Path("models") / "marts" / "segments" / "named"
    shutil.copytree(PROJECT_DIR / named, tmp_path / named)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SegmentQueryError) as caught:
        load_segment(path, tmp_path)
    assert fragment in str(caught.value)
