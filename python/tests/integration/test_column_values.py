"""The generic test column_values (tests/generic/column_values.sql) fails on bad rows.

It folds a model's not_null, accepted_values and row-condition checks into one
query, so the fold is only safe if that one query still fails, and says which
check failed and on how many rows. Tables that pass it are broken on purpose,
by hand, and the test must then fail with exactly the checks broken and their
row counts.
"""

from __future__ import annotations

import duckdb

from .dbt_project_runner import DbtProject, generate_store

TABLE = "main_staging.base_shop__orders"
SELECTOR = "base_shop__orders,test_name:column_values"


def test_column_values_fails_with_each_broken_check_and_its_row_count(tmp_path):
    raw = generate_store(tmp_path / "raw", customers=200, seed=3)
    project = DbtProject(raw, tmp_path / "work")
    built = project.run("build", "--select", "+base_shop__orders", "--resource-type", "seed",
                        "--resource-type", "model")
    assert built.returncode == 0, built.output[-3000:]
    clean = project.run("test", "--select", SELECTOR)
    assert clean.returncode == 0, clean.output[-3000:]

    with duckdb.connect(str(project.warehouse)) as con:
        collapsed = con.execute(f"select count(*) from {TABLE} where row_disposition = 'collapsed'").fetchone()[0]
        assert collapsed >= 2, "the generated store has fewer than 2 collapsed orders to break"
        con.execute(f"""
            update {TABLE} set row_disposition = null
            where rowid in (select rowid from {TABLE} where row_disposition = 'accepted' order by rowid limit 3)
        """)
        con.execute(f"""
            update {TABLE} set collapse_reason = 'lost_in_transit'
            where rowid in (select rowid from {TABLE} where row_disposition = 'collapsed' order by rowid limit 2)
        """)

    broken = project.run("test", "--select", SELECTOR, "--store-failures")
    assert broken.returncode != 0, broken.output[-3000:]
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        # --store-failures keeps the failing rows in the audit schema, one table for the one test selected.
        tables = con.execute(
            "select table_schema || '.\"' || table_name || '\"' from information_schema.tables "
            "where table_schema like '%dbt_test__audit' and table_name like 'column_values%'"
        ).fetchall()
        assert len(tables) == 1, tables
        table = tables[0][0]
        failures = set(con.execute(f"select failed_check, failing_rows from {table}").fetchall())
    assert failures == {("not_null:row_disposition", 3), ("accepted_values:collapse_reason", 2)}


SESSIONS = "main_intermediate.int_sessions_aggregated_to_customers"


def test_column_values_expressions_fail_on_false_rows_and_pass_on_null(tmp_path):
    """Row conditions (`expressions`) count their false rows; a null condition passes, as a `where` did.

    Of the customers with a session, two get a negative days_since_last_session
    and one more sessions in the long window than sessions in all; a fourth
    loses its days_since_last_session, which the guarded condition
    (`days_since_last_session is null or ...`) must let pass.
    """
    raw = generate_store(tmp_path / "raw", customers=200, seed=3)
    project = DbtProject(raw, tmp_path / "work")
    built = project.run("build", "--select", "+int_sessions_aggregated_to_customers", "--resource-type", "seed",
                        "--resource-type", "model")
    assert built.returncode == 0, built.output[-3000:]
    selector = "int_sessions_aggregated_to_customers,test_name:column_values"
    clean = project.run("test", "--select", selector)
    assert clean.returncode == 0, clean.output[-3000:]

    with duckdb.connect(str(project.warehouse)) as con:
        rows = [row[0] for row in con.execute(
            f"select rowid from {SESSIONS} where days_since_last_session is not null order by rowid limit 4"
        ).fetchall()]
        assert len(rows) == 4, "the generated store has fewer than 4 customers with a session"
        con.execute(f"update {SESSIONS} set days_since_last_session = -1 where rowid in ({rows[0]}, {rows[1]})")
        con.execute(f"update {SESSIONS} set sessions_long_window = session_count + 1 where rowid = {rows[2]}")
        con.execute(f"update {SESSIONS} set days_since_last_session = null where rowid = {rows[3]}")

    broken = project.run("test", "--select", selector, "--store-failures")
    assert broken.returncode != 0, broken.output[-3000:]
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        table = con.execute(
            "select table_schema || '.\"' || table_name || '\"' from information_schema.tables "
            "where table_schema like '%dbt_test__audit' and table_name like 'column_values%'"
        ).fetchall()[0][0]
        failures = set(con.execute(f"select failed_check, failing_rows from {table}").fetchall())
    assert failures == {
        ("expression:days_since_last_session is null or days_since_last_session >= 0", 2),
        ("expression:sessions_long_window <= session_count", 1),
    }
