"""Tests of ``python -m shopseg.segments preview``.

Fast unit tests of the argument handling, the SQL it builds and how it reads dbt's output; then ONE
integration test (marked INTEGRATION below, about two minutes) that generates a 300-customer store,
builds dim_customers with dbt and runs real previews against it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from shopseg.segments import cli, preview
from shopseg.segments.preview import PreviewError, PreviewResult

PROJECT_DIR = Path(__file__).resolve().parents[2]
CUSTOM_DIR = PROJECT_DIR / "models" / "marts" / "segments" / "custom"


# --- SQL building ------------------------------------------------------------------------------

@pytest.mark.parametrize("predicate", ["", "   ", None])
def test_empty_predicate_is_refused(predicate):
    with pytest.raises(PreviewError, match="empty"):
        preview.clean_predicate(predicate)


def test_predicate_with_a_statement_separator_is_refused():
    with pytest.raises(PreviewError, match="single SQL condition"):
        preview.clean_predicate("is_b2b; drop table dim_customers")


def test_where_predicate_goes_between_parentheses_as_in_the_custom_segment_macro():
    sql = preview.members_from_where("  a = 1 or b = 2 ")
    assert sql.startswith("select customer_id")
    assert "from customers" in sql
    # Parentheses keep an OR predicate from escaping any condition added around it.
    assert "where (\na = 1 or b = 2\n    )" in sql


def test_jinja_in_the_predicate_is_left_for_dbt_to_render():
    jinja = "{{ in_last_n_days('last_valid_order_date', 30, 'as_of_date') }}"
    assert jinja in preview.members_from_where(jinja)


def test_file_is_wrapped_as_a_subquery(tmp_path):
    model = tmp_path / "seg_demo.sql"
    call = "{{ custom_segment(description='d', recommended_action='a', predicate='is_b2b') }}"
    model.write_text(call + "\n;\n")
    sql = preview.members_from_file(model)
    assert "select distinct segment_rows.customer_id" in sql
    assert call + "\n    ) as segment_rows" in sql
    assert ";" not in sql


@pytest.mark.parametrize("name, content, message", [
    ("missing.sql", None, "no such file"),
    ("segment.txt", "select 1", "not a .sql model file"),
    ("empty.sql", "  \n", "is empty"),
])
def test_bad_files_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(PreviewError, match=message):
        preview.members_from_file(path)


def test_preview_sql_counts_everything_and_samples_n_members():
    sql = preview.build_preview_sql("select customer_id\n    from customers\n    where (is_b2b)", 7)
    assert "select * from {{ ref('dim_customers') }}" in sql
    assert "(select count(*) from members) as matching_customers" in sql
    assert "(select count(*) from customers) as total_customers" in sql
    assert "limit 7" in sql
    assert "case when customers.is_email_suppressed then null else customers.email end as email" in sql
    # With no member the left join still returns the counts.
    assert "from counts\nleft join sample_members" in sql


@pytest.mark.parametrize("size", [-1, preview.MAX_SAMPLE_SIZE + 1])
def test_sample_size_out_of_range(size):
    with pytest.raises(PreviewError, match="sample size"):
        preview.build_preview_sql("select customer_id from customers", size)


# --- running dbt -------------------------------------------------------------------------------

def test_show_command():
    command = preview.dbt_show_command("/venv/bin/dbt", Path("/p"), "select 1", 0, target="postgres",
                                       dbt_vars="{as_of_date: '2026-01-31'}")
    assert command[:3] == ["/venv/bin/dbt", "--quiet", "show"]
    assert command[command.index("--inline") + 1] == "select 1"
    assert command[command.index("--limit") + 1] == "1"  # always at least the row with the counts
    assert command[command.index("--output") + 1] == "json"
    assert command[command.index("--target") + 1] == "postgres"
    assert command[command.index("--vars") + 1] == "{as_of_date: '2026-01-31'}"
    assert command[command.index("--project-dir") + 1] == "/p"


def test_environment_points_dbt_at_the_project_and_the_callers_paths(tmp_path):
    env = preview.dbt_environment(PROJECT_DIR, {"DUCKDB_PATH": "w.duckdb", "RAW_DATA_PATH": "/abs/raw"},
                                  cwd=tmp_path)
    assert env["DBT_PROFILES_DIR"] == str(PROJECT_DIR)
    assert env["DUCKDB_PATH"] == str((tmp_path / "w.duckdb").resolve())
    assert env["RAW_DATA_PATH"] == "/abs/raw"
    kept = preview.dbt_environment(PROJECT_DIR, {"DBT_PROFILES_DIR": "/elsewhere"}, cwd=tmp_path)
    assert kept["DBT_PROFILES_DIR"] == "/elsewhere"
    assert "DUCKDB_PATH" not in kept


def test_project_dir_is_found_from_a_subfolder():
    assert preview.find_project_dir(PROJECT_DIR / "models" / "marts") == PROJECT_DIR


@pytest.mark.parametrize("message", [
    'Catalog Error: Table with name "main_marts.dim_customers" does not exist because schema "main_marts" does '
    'not exist.',
    'relation "analytics_marts.dim_customers" does not exist',
    "[TABLE_OR_VIEW_NOT_FOUND] The table or view `analytics_marts`.`dim_customers` cannot be found.",
])
def test_missing_dim_customers_tells_the_user_to_build(message):
    output = f"\x1b[0m10:00:00  Encountered an error:\nRuntime Error\n  {message}\n"
    explained = preview.explain_failure(output)
    assert explained.startswith("dim_customers is not built")
    assert "make build" in explained
    assert message.split(":")[0] in explained


def test_other_failures_are_dbts_own_message_without_log_noise():
    output = ("\x1b[0m10:00:00  Encountered an error:\nRuntime Error\n  Runtime Error in sql_operation inline_query\n"
              '    Binder Error: Referenced column "nope" not found in FROM clause!\n')
    explained = preview.explain_failure(output)
    assert explained.startswith("Runtime Error")
    assert 'Referenced column "nope" not found' in explained
    assert "\x1b" not in explained and "10:00:00" not in explained


def test_show_output_is_read_after_log_lines():
    stdout = '10:00:00  Running with dbt\n{"show": [{"matching_customers": 2, "total_customers": 5}]}\n'
    assert preview.parse_show_output(stdout) == [{"matching_customers": 2, "total_customers": 5}]


@pytest.mark.parametrize("stdout", ["", "no json here", '{"other": 1}', '{"show": '])
def test_unreadable_show_output(stdout):
    with pytest.raises(PreviewError):
        preview.parse_show_output(stdout)


def test_result_without_match_has_counts_and_no_sample():
    rows = [{"matching_customers": 0, "total_customers": 40, "as_of_date": "2026-06-30", "customer_id": None}]
    result = preview.result_from_rows(rows)
    assert (result.matching_customers, result.total_customers, result.share, result.sample) == (0, 40, 0.0, [])


def test_result_sample_is_sorted_and_keeps_the_profile_columns():
    rows = [{"matching_customers": 2, "total_customers": 8, "as_of_date": "2026-06-30", "customer_id": "c2",
             "email": None},
            {"matching_customers": 2, "total_customers": 8, "as_of_date": "2026-06-30", "customer_id": "c1",
             "email": "a@b.fr"}]
    result = preview.result_from_rows(rows)
    assert [row["customer_id"] for row in result.sample] == ["c1", "c2"]
    assert set(result.sample[0]) == {name for name, _ in preview.SAMPLE_COLUMNS}
    assert result.share == 0.25


def test_format_result():
    result = PreviewResult(218, 2000, "2026-06-30", [{"customer_id": "10033", "email": None}])
    text = preview.format_result(result, "where is_b2b")
    assert "218 of 2,000 customers match as of 2026-06-30 (10.9%)." in text
    assert "Sample of 1 member " in text
    assert "10033" in text
    empty_store = preview.format_result(PreviewResult(0, 0, None), "x")
    assert "0 of 0 customers match." in empty_store


# --- command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["preview"],
    ["preview", "seg.sql", "--where", "is_b2b"],
    ["preview", "--where", "is_b2b", "--sample", "-1"],
    ["preview", "--where", "is_b2b", "--sample", "many"],
    [],
])
def test_wrong_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_cli_prints_the_preview(monkeypatch, capsys):
    calls = {}

    def fake_run(members_sql, **kwargs):
        calls.update(kwargs, members_sql=members_sql)
        return PreviewResult(3, 10, "2026-06-30", [{"customer_id": "c1"}])

    monkeypatch.setattr(cli, "run_preview", fake_run)
    assert cli.main(["preview", "--where", "is_b2b", "-n", "4", "--target", "duckdb"]) == 0
    out = capsys.readouterr().out
    assert "Segment preview: where is_b2b" in out and "3 of 10 customers match" in out and "(30.0%)" in out
    assert calls["sample_size"] == 4 and calls["target"] == "duckdb" and "(\nis_b2b\n" in calls["members_sql"]

    assert cli.main(["preview", "--json", "--where", "is_b2b"]) == 0
    assert json.loads(capsys.readouterr().out)["share"] == 0.3


def test_cli_reports_errors_in_one_message_without_traceback(monkeypatch, capsys):
    def failing_run(members_sql, **kwargs):
        raise PreviewError("dim_customers is not built in this warehouse yet")

    monkeypatch.setattr(cli, "run_preview", failing_run)
    assert cli.main(["preview", "--where", "is_b2b"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m shopseg.segments preview: error: dim_customers is not built")
    assert "Traceback" not in err


def test_help_documents_the_command():
    completed = subprocess.run([sys.executable, "-m", "shopseg.segments", "preview", "--help"],
                               capture_output=True, text=True, check=True)
    assert "--where PREDICATE" in completed.stdout and "in_last_n_days" in completed.stdout


# --- INTEGRATION: a real preview with dbt (slow, ~2 minutes) -----------------------------------

DBT = Path(sys.executable).parent / "dbt"


@pytest.mark.skipif(not DBT.exists(), reason="dbt is not installed next to the Python running the tests")
def test_integration_real_preview_against_a_small_built_store(tmp_path):
    """INTEGRATION: generate 300 customers, build dim_customers (seeds + models, no tests), then preview a
    predicate and the worked custom segment file with the same predicate: both must count what a direct
    query of dim_customers counts. Finally a preview against an empty warehouse must ask for `make build`."""
    raw = tmp_path / "raw"
    subprocess.run([sys.executable, "-m", "shopseg.generate", "--out", str(raw), "--customers", "300",
                    "--seed", "3", "--quiet"], check=True, cwd=PROJECT_DIR)
    env = dict(os.environ, RAW_DATA_PATH=str(raw), DUCKDB_PATH=str(tmp_path / "w.duckdb"),
               DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_TARGET_PATH=str(tmp_path / "target"),
               DBT_LOG_PATH=str(tmp_path / "logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    built = subprocess.run([str(DBT), "build", "--project-dir", str(PROJECT_DIR), "--select", "+dim_customers",
                            "--exclude", "resource_type:test", "resource_type:unit_test"],
                           env=env, cwd=PROJECT_DIR, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:]

    predicate = "lifetime_net_revenue > 500 and is_email_engaged"
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        expected, total = con.execute(
            f"select count(*) filter (where {predicate}), count(*) from main_marts.dim_customers").fetchone()
    assert total == 300

    by_predicate = preview.run_preview(preview.members_from_where(predicate), sample_size=5,
                                       project_dir=PROJECT_DIR, env=env)
    assert (by_predicate.matching_customers, by_predicate.total_customers) == (expected, 300)
    assert len(by_predicate.sample) == min(5, expected)
    assert all(float(row["lifetime_net_revenue"]) > 500 for row in by_predicate.sample)

    by_file = preview.run_preview(preview.members_from_file(CUSTOM_DIR / "seg_big_spenders_engaged_by_email.sql"),
                                  sample_size=5, project_dir=PROJECT_DIR, env=env)
    assert by_file.matching_customers == expected
    assert by_file.sample == by_predicate.sample

    empty_env = dict(env, DUCKDB_PATH=str(tmp_path / "empty.duckdb"))
    with pytest.raises(PreviewError, match="make build"):
        preview.run_preview(preview.members_from_where(predicate), project_dir=PROJECT_DIR, env=empty_env)
