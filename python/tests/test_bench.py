"""Unit tests of the benchmark harness (shopseg.bench): its pure parts, no dbt build."""

from __future__ import annotations

import json
import sys

import duckdb
import pytest

from shopseg.bench import cli, dbt_runner, raw, report
from shopseg.bench.process import other_cpu_share, run_measured
from shopseg.bench.scales import GB, check_targets, parse_scales


# --- scales and targets -------------------------------------------------------

def test_parse_scales_keeps_ladder_order_and_drops_duplicates():
    assert [scale.name for scale in parse_scales("l, s,M,s")] == ["S", "M", "L"]
    assert [scale.customers for scale in parse_scales("S,M,L")] == [10_000, 100_000, 1_000_000]
    assert [scale.name for scale in parse_scales("s,xs")] == ["XS", "S"]


@pytest.mark.parametrize("text", ["XL", "", "S,,Q"])
def test_parse_scales_rejects_unknown_or_empty(text):
    with pytest.raises(ValueError):
        parse_scales(text)


def statuses(checks):
    return {check.label: check.status for check in checks}


def test_no_target_at_s():
    assert check_targets("S", {"full_build_seconds": 999.0}) == []


def test_m_target_is_strictly_below_30_seconds():
    assert statuses(check_targets("M", {"full_build_seconds": 29.99})) == {"M: full build with tests < 30 s": "PASS"}
    assert statuses(check_targets("M", {"full_build_seconds": 30.0})) == {"M: full build with tests < 30 s": "MISS"}


def test_l_targets_checked_one_by_one():
    # 250 s build over a 20 s scan floor = 12.5x: fast enough in time, too slow against the floor.
    checks = check_targets("L", {"full_build_seconds": 250.0, "full_over_scan_floor": 250.0 / 20.0,
                                 "peak_rss_bytes": 5.9 * GB})
    assert statuses(checks) == {
        "L: full build with tests < 300 s": "PASS",
        "L: full build < 10x scan floor": "MISS",
        "L: peak memory < 6 GB": "PASS",
    }
    assert {check.metric: check.value for check in checks}["full_over_scan_floor"] == 12.5


def test_unmeasured_target_is_a_miss():
    checks = check_targets("L", {"full_build_seconds": None, "peak_rss_bytes": 6 * GB})
    assert [check.status for check in checks] == ["MISS", "MISS", "MISS"]


# --- run_results.json ---------------------------------------------------------

RUN_RESULTS = {
    "elapsed_time": 12.5,
    "results": [
        {"unique_id": "seed.shop_segments.currency_rates", "status": "success", "execution_time": 0.2},
        {"unique_id": "model.shop_segments.stg_shop__orders", "status": "success", "execution_time": 1.5},
        {"unique_id": "model.shop_segments.fct_orders", "status": "success", "execution_time": 4.25},
        {"unique_id": "model.shop_segments.int_sessions_stitched_to_customers", "status": "error",
         "execution_time": 3.0, "message": "Binder Error: column \"visitor\" not found"},
        {"unique_id": "model.shop_segments.dim_customers", "status": "skipped", "execution_time": 0.0},
        {"unique_id": "test.shop_segments.not_null_fct_orders_order_id.5f1e0c2d3a", "status": "pass",
         "execution_time": 0.75},
        {"unique_id": "test.shop_segments.assert_revenue_reconciles", "status": "fail", "execution_time": 1.5,
         "message": "Got 3 results, configured to fail if != 0"},
        {"unique_id": "unit_test.shop_segments.int_customers_scored_rfm.ties_share_a_score", "status": "pass",
         "execution_time": 0.5},
    ],
}


def test_parse_run_results_names_and_types():
    nodes = dbt_runner.parse_run_results(RUN_RESULTS)
    assert [(node.name, node.resource_type) for node in nodes] == [
        ("currency_rates", "seed"),
        ("stg_shop__orders", "model"),
        ("fct_orders", "model"),
        ("int_sessions_stitched_to_customers", "model"),
        ("dim_customers", "model"),
        ("not_null_fct_orders_order_id", "test"),
        ("assert_revenue_reconciles", "test"),
        ("int_customers_scored_rfm::ties_share_a_score", "unit_test"),
    ]


def test_slowest_nodes_sorted_by_seconds_ties_by_id():
    slowest = dbt_runner.slowest(dbt_runner.parse_run_results(RUN_RESULTS), 4)
    # The 1.5 s tie goes to the smaller unique_id: "model.…" before "test.…".
    assert [(node.name, node.seconds) for node in slowest] == [
        ("fct_orders", 4.25),
        ("int_sessions_stitched_to_customers", 3.0),
        ("stg_shop__orders", 1.5),
        ("assert_revenue_reconciles", 1.5),
    ]


def test_seconds_by_type_and_problems():
    nodes = dbt_runner.parse_run_results(RUN_RESULTS)
    assert dbt_runner.seconds_by_type(nodes) == {"model": 8.75, "seed": 0.2, "test": 2.25, "unit_test": 0.5}
    assert [node.name for node in dbt_runner.problems(nodes)] == [
        "int_sessions_stitched_to_customers", "assert_revenue_reconciles"]


def test_publish_seconds_is_the_on_run_end_hook():
    hook = {"unique_id": "operation.shop_segments.shop_segments-on-run-end-0", "status": "success",
            "execution_time": 1.25}
    nodes = dbt_runner.parse_run_results({"results": [*RUN_RESULTS["results"], hook]})
    assert dbt_runner.publish_seconds(nodes) == 1.25
    assert dbt_runner.publish_seconds(dbt_runner.parse_run_results(RUN_RESULTS)) is None


def test_load_run_results_from_a_target_folder(tmp_path):
    (tmp_path / "run_results.json").write_text(json.dumps(RUN_RESULTS))
    nodes, elapsed = dbt_runner.load_run_results(tmp_path)
    assert len(nodes) == 8 and elapsed == 12.5
    assert dbt_runner.load_run_results(tmp_path / "missing") == ([], None)


def test_failure_report_shows_dbt_errors_and_log_tail(tmp_path):
    log_path = tmp_path / "dbt_build_full.log"
    log_path.write_text("line 1\nCompleted with 2 errors, 0 partial successes, and 0 warnings:\n")
    measured = run_measured([sys.executable, "-c", "raise SystemExit(1)"], log_path=tmp_path / "x.log")
    measured.log_path = log_path
    text = dbt_runner.failure_report("[S] dbt build", measured, dbt_runner.parse_run_results(RUN_RESULTS))
    assert "failed (exit code 1)" in text
    assert 'Binder Error: column "visitor" not found' in text
    assert "Got 3 results" in text
    assert "1 node(s) skipped" in text
    assert "Completed with 2 errors" in text


MANIFEST_NODES = {
    "nodes": {
        "model.shop_segments.fct_orders": {"resource_type": "model"},
        "test.shop_segments.not_null_fct_orders_order_id.5f1e0c2d3a": {
            "resource_type": "test", "attached_node": "model.shop_segments.fct_orders"},
        # No attached_node (older manifests, singular tests): the only model it depends on.
        "test.shop_segments.assert_revenue_reconciles": {
            "resource_type": "test", "depends_on": {"nodes": ["model.shop_segments.fct_orders"]}},
    },
}


def test_test_time_is_summed_per_tested_model():
    tested = dbt_runner.tested_models(MANIFEST_NODES)
    assert tested == {
        "test.shop_segments.not_null_fct_orders_order_id.5f1e0c2d3a": "model.shop_segments.fct_orders",
        "test.shop_segments.assert_revenue_reconciles": "model.shop_segments.fct_orders",
    }
    rows = dbt_runner.test_seconds_by_model(dbt_runner.parse_run_results(RUN_RESULTS), tested)
    assert rows == [{"model": "fct_orders", "tests": 2, "seconds": 2.25}]


def test_models_only_build_excludes_data_and_unit_tests(tmp_path):
    workspace = dbt_runner.ScaleWorkspace(tmp_path / "S")
    command = dbt_runner.dbt_command("build", tmp_path, workspace, 2, *dbt_runner.MODELS_ONLY_ARGS)
    assert command[command.index("--exclude") + 1:command.index("--exclude") + 3] == [
        "resource_type:test", "resource_type:unit_test"]
    assert command[command.index("--target-path") + 1] == str(workspace.target)
    assert command[command.index("--log-path") + 1] == str(workspace.logs)
    assert command[command.index("--threads") + 1] == "2"
    env = dbt_runner.dbt_env(tmp_path, workspace, 2)
    assert env["RAW_DATA_PATH"] == str(workspace.raw)
    assert env["DUCKDB_PATH"] == str(workspace.warehouse)
    assert env["DBT_PROFILES_DIR"] == str(tmp_path)


# --- raw data and the scan floor ----------------------------------------------

TINY_COLUMNS = ["order_id", "customer_id", "Amount", "ordered_at", "note with space", 'odd"name', "tags"]


@pytest.fixture
def tiny_store(tmp_path):
    """A raw folder with one tiny Parquet table: no-null, all-null, mixed-case, quoted and list columns."""
    store = tmp_path / "raw"
    store.mkdir()
    duckdb.connect().execute(f"""
        copy (
            select
                'o' || i::varchar as order_id,
                null::varchar as customer_id,
                (i * 1.5)::decimal(10, 2) as "Amount",
                timestamp '2024-01-01' + to_days(i::integer) as ordered_at,
                case when i % 2 = 0 then 'x' end as "note with space",
                i as "odd""name",
                ['a', 'b'] as tags
            from range(5) as numbers(i)
        ) to '{store / "orders.parquet"}' (format parquet)
    """)
    return store


def test_describe_raw_counts_rows_bytes_and_columns(tiny_store):
    tables = raw.describe_raw(tiny_store)
    assert [(table.name, table.rows, table.columns) for table in tables] == [("orders", 5, TINY_COLUMNS)]
    assert tables[0].bytes == (tiny_store / "orders.parquet").stat().st_size > 0


def test_scan_floor_sql_hashes_every_column(tiny_store):
    sql = raw.scan_floor_sql(tiny_store / "orders.parquet", TINY_COLUMNS)
    for column in TINY_COLUMNS:
        assert f"bit_xor(hash({raw.quote_identifier(column)}))" in sql
    assert sql.count("hash(") == len(TINY_COLUMNS)
    assert duckdb.connect().execute(sql).fetchone()[0] == 5


def test_scan_floor_plan_reads_every_column(tiny_store):
    con = duckdb.connect()
    path = tiny_store / "orders.parquet"
    assert raw.scanned_columns(con, raw.scan_floor_sql(path, TINY_COLUMNS)) == set(TINY_COLUMNS)
    # The check has teeth: count(*) alone reads no column at all.
    assert raw.scanned_columns(con, f"select count(*) from {raw.reader(path)}") < set(TINY_COLUMNS)


def test_measure_scan_floor_best_of_two(tiny_store):
    floor = raw.measure_scan_floor(raw.describe_raw(tiny_store), threads=2, runs=2)
    assert len(floor.runs) == 2 and floor.seconds == min(floor.runs) > 0
    assert set(floor.per_table_seconds) == {"orders"} and floor.threads == 2


def test_manifest_matching_compares_nested_options():
    expected = {"seed": 42, "options": {"customers": 10_000, "format": "parquet", "skip_tables": []}}
    written = {"generator": "shopseg.generate", "seed": 42, "tables": {},
               "options": {"customers": 10_000, "days": 730, "format": "parquet", "skip_tables": []}}
    assert raw.manifest_matches(written, expected)
    assert not raw.manifest_matches({**written, "seed": 7}, expected)
    assert not raw.manifest_matches({**written, "options": {**written["options"], "customers": 100_000}}, expected)
    assert not raw.manifest_matches({**written, "options": {**written["options"], "skip_tables": ["sessions"]}},
                                    expected)
    assert not raw.manifest_matches({"seed": 42}, expected)
    assert not raw.manifest_matches(None, expected)


def test_expected_manifest_pins_the_generator_defaults():
    expected = raw.expected_manifest(10_000, 42)
    assert expected["seed"] == 42
    assert expected["options"]["customers"] == 10_000 and expected["options"]["format"] == "parquet"
    assert expected["options"]["dirty"] is True and expected["options"]["skip_tables"] == []


def test_reusable_needs_a_matching_manifest_and_every_listed_file(tmp_path):
    expected = {"seed": 1, "options": {"customers": 100}}
    manifest = {**expected, "tables": {"orders": {"file": "orders.parquet"}, "products": {"file": "products.parquet"}}}
    (tmp_path / raw.MANIFEST).write_text(json.dumps(manifest))
    assert not raw.reusable(tmp_path, expected)  # no table file yet
    (tmp_path / "orders.parquet").write_bytes(b"")
    assert not raw.reusable(tmp_path, expected)  # products.parquet is missing
    (tmp_path / "products.parquet").write_bytes(b"")
    assert raw.reusable(tmp_path, expected)
    assert not raw.reusable(tmp_path, {**expected, "seed": 2})


# --- process measurement ------------------------------------------------------

def test_run_measured_reports_exit_code_time_and_peak_memory(tmp_path):
    allocate = "import time; block = bytearray(200_000_000); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.3)"
    measured = run_measured([sys.executable, "-c", allocate], log_path=tmp_path / "alloc.log")
    assert measured.ok and measured.seconds >= 0.3
    assert measured.peak_rss_bytes >= 190_000_000
    failed = run_measured([sys.executable, "-c", "print('boom'); raise SystemExit(3)"], log_path=tmp_path / "f.log")
    assert failed.returncode == 3 and failed.log_tail() == "boom"


def test_run_measured_counts_cpu_time(tmp_path):
    spin = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    measured = run_measured([sys.executable, "-c", spin], log_path=tmp_path / "spin.log")
    assert measured.cpu_seconds >= 0.3
    assert measured.other_cpu_share is None or 0.0 <= measured.other_cpu_share <= 1.0


def test_other_cpu_share():
    # 10 s on 2 cores = 20 CPU-seconds of capacity; the machine was busy 14 s, 4 of them ours.
    assert other_cpu_share(100.0, 114.0, 4.0, 10.0, 2) == 0.5
    assert other_cpu_share(100.0, 103.0, 4.0, 10.0, 2) == 0.0  # clock ticks are coarse: never negative
    assert other_cpu_share(None, 114.0, 4.0, 10.0, 2) is None


# --- formatting ---------------------------------------------------------------

def test_number_formats():
    assert report.fmt_seconds(0.4231) == "0.42 s"
    assert report.fmt_seconds(12.34) == "12.3 s"
    assert report.fmt_seconds(1234.5) == "1,234 s"
    assert report.fmt_seconds(None) == "—"
    assert report.fmt_bytes(512) == "512 B"
    assert report.fmt_bytes(45_600_000) == "45.6 MB"
    assert report.fmt_bytes(300_400_000) == "300 MB"
    assert report.fmt_bytes(5_900_000_000) == "5.90 GB"
    assert report.fmt_count(1234567) == "1,234,567"
    assert report.fmt_ratio(12.345) == "12.3×"


def test_long_node_names_are_shortened_in_tables():
    result = {"slowest_nodes": [{"name": "x" * 100, "resource_type": "test", "seconds": 1.0}]}
    assert ("x" * 79 + "…") in report.slowest_table(result)


def test_markdown_table_aligns_and_escapes():
    table = report.markdown_table(["name", "seconds"], [["a|b", "1.00"], ["long name", "10.00"]])
    assert table.splitlines() == [
        "| name      | seconds |",
        "|:----------|--------:|",
        "| a\\|b      |    1.00 |",
        "| long name |   10.00 |",
    ]


def hand_made_result(scale="M", full=24.0, floor=2.0, rss=1.5 * GB):
    result = {
        "scale": scale, "customers": 100_000, "status": "ok",
        "generation": {"reused": True, "seconds": None},
        "raw": {"tables": [{"name": "orders", "rows": 1_000_000, "bytes": 40_000_000, "columns": 19}],
                "total_rows": 1_000_000, "total_bytes": 40_000_000},
        "scan_floor": {"seconds": floor},
        "parse_seconds": 3.0,
        "builds": {"models_only": {"seconds": 18.0, "peak_rss_bytes": rss},
                   "full": {"seconds": full, "peak_rss_bytes": rss,
                            "seconds_by_type": {"model": 30.0, "test": 9.5}}},
        "full_over_scan_floor": full / floor,
        "peak_rss_bytes": rss,
        "warehouse_bytes": 300_000_000,
        "slowest_nodes": [{"name": "fct_orders", "resource_type": "model", "seconds": 4.25}],
    }
    cli.finish_checks(result)
    return result


def test_summary_table_marks_targets():
    passing, missing = hand_made_result(), hand_made_result(scale="L", full=400.0, floor=20.0, rss=7 * GB)
    passing["builds"]["full"].update(published=True, publish_seconds=1.25)
    table = report.summary_table([passing, missing])
    lines = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
             for line in table.splitlines()[2:]}
    assert lines["dbt build, full with tests"] == ["24.0 s", "400 s"]
    assert lines["full build ÷ scan floor"] == ["12.0×", "20.0×"]
    assert lines["CPU time (user+sys), full build"] == ["—", "—"]
    assert lines["generation"] == ["reused", "reused"]
    assert lines["node time summed: data tests"] == ["9.50 s", "9.50 s"]
    assert lines["node time summed: unit tests"] == ["—", "—"]
    assert lines["publish to serving.duckdb (on-run-end)"] == ["1.25 s", "not published"]
    assert lines["target M: full build with tests < 30 s"] == ["PASS (24.0 s)", "—"]
    assert lines["target L: full build with tests < 300 s"] == ["—", "MISS (400 s)"]
    assert lines["target L: full build < 10x scan floor"] == ["—", "MISS (20.0×)"]
    assert lines["target L: peak memory < 6 GB"] == ["—", "MISS (7.00 GB)"]


def test_busy_machine_warning():
    quiet, busy = hand_made_result(), hand_made_result(scale="L")
    busy["builds"]["full"]["other_cpu_share"] = 0.6
    assert report.busy_note([quiet]) is None
    note = report.busy_note([quiet, busy])
    assert "machine was busy" in note and "L (up to 60%)" in note


def test_summary_table_of_s_has_no_target_rows():
    table = report.summary_table([hand_made_result(scale="S")])
    assert [cell.strip() for cell in table.splitlines()[0].split("|")[1:-1]] == ["", "S"]
    assert "target " not in table


def test_report_files_and_slowest_nodes(tmp_path):
    results = [hand_made_result()]
    markdown = report.write_results(tmp_path, results, {"cpu_model": "Test CPU", "date": "2026-01-01"},
                                    {"threads": 2, "scan_threads": 2})
    assert (tmp_path / "results.md").read_text() == markdown
    assert report.slowest_table(results[0]).splitlines()[2] == "| 1 | fct_orders | model |    4.25 |"
    assert "ten slowest nodes" in markdown and "Test CPU" in markdown
    payload = json.loads((tmp_path / "results.json").read_text())
    assert payload["scales"][0]["checks"][0]["status"] == "PASS"
    assert payload["machine"]["cpu_model"] == "Test CPU"


# --- command line ---------------------------------------------------------------

def test_help_documents_the_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--scales", "--out", "--work-dir", "--threads", "--keep", "--regenerate"):
        assert option in text


def test_unknown_scale_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--scales", "XL"])
    assert exit_info.value.code == 2
    assert "unknown scale XL" in capsys.readouterr().err


def test_a_failing_build_is_reported_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    def failing(scale, args, result):
        result["generation"] = {"reused": True, "seconds": None}
        raise cli.BenchFailure("[S] dbt build, full with tests failed (exit code 1)\n  - model.x.fct_orders: error")

    monkeypatch.setattr(cli, "measure_scale", failing)
    code = cli.main(["--scales", "S,M", "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "work")])
    captured = capsys.readouterr()
    assert code == cli.EXIT_FAILED
    assert "model.x.fct_orders: error" in captured.err and "Traceback" not in captured.err
    assert "Stopping after the failure at scale S" in captured.err
    payload = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [(scale["scale"], scale["status"]) for scale in payload["scales"]] == [("S", "failed")]
    assert "fct_orders: error" in (tmp_path / "out" / "results.md").read_text()


def test_full_only_skips_the_models_only_build(tmp_path, monkeypatch):
    """--full-only runs one timed build, the full one, and peak memory comes from it alone."""
    timed = []

    def fake_timed_build(label, key, args, scale, workspace, project_dir, threads, builds, show_progress=False):
        timed.append(key)
        builds[key] = {"seconds": 50.0, "cpu_seconds": 90.0, "peak_rss_bytes": 3 * GB}
        return []

    floor = raw.ScanFloor(seconds=2.0, runs=[2.0], per_table_seconds={}, threads=2, sql={}, cpu_seconds=3.0)
    monkeypatch.setattr(cli, "prepare_raw", lambda *args: {"reused": True, "seconds": None})
    monkeypatch.setattr(cli.raw_data, "describe_raw", lambda path: [])
    monkeypatch.setattr(cli.raw_data, "measure_scan_floor", lambda tables, threads, runs: floor)
    monkeypatch.setattr(cli, "run_dbt", lambda *args: run_measured([sys.executable, "-c", "pass"],
                                                                   log_path=tmp_path / "parse.log"))
    monkeypatch.setattr(cli, "timed_build", fake_timed_build)
    monkeypatch.setattr(cli, "load_tested_models", lambda target: {})

    code = cli.main(["--scales", "M", "--full-only", "--out", str(tmp_path / "out"),
                     "--work-dir", str(tmp_path / "work")])
    assert code == 0
    assert timed == ["full"]
    scale = json.loads((tmp_path / "out" / "results.json").read_text())["scales"][0]
    assert scale["peak_rss_bytes"] == 3 * GB
    assert scale["full_over_scan_floor"] == 25.0  # 50 s / 2 s
