"""Unit tests of the benchmark harness (shopseg.bench): its pure parts, no dbt build."""

from __future__ import annotations

import json
import sys

import duckdb
import pytest

from shopseg.bench import cli, dbt_runner, incremental, raw, report
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


def test_xs_target_is_at_most_8_seconds():
    assert statuses(check_targets("XS", {"full_build_seconds": 8.0})) == {"XS: full build with data tests <= 8 s": "PASS"}
    assert statuses(check_targets("XS", {"full_build_seconds": 8.01})) == {"XS: full build with data tests <= 8 s": "MISS"}


def test_m_targets_checked_one_by_one():
    # 60 s with tests over a 3 s scan floor = 20x (at the limit) and over a 15 s copy floor = 4x (above 3x);
    # an RFM chain of 5 s against pandas' 4 s = 1.25x (slower); an incremental day of 5 s after a 60 s build
    # = 8 % (under 10 %).
    checks = check_targets("M", {"full_over_scan_floor": 60.0 / 3.0, "full_over_copy_floor": 60.0 / 15.0,
                                 "rfm_chain_build_over_pandas": 5.0 / 4.0,
                                 "incremental_day_over_models_only": 5.0 / 60.0})
    assert statuses(checks) == {
        "M: full build <= 20x scan floor": "PASS",
        "M: full build <= 3x copy floor": "MISS",
        "M: RFM chain build no slower than pandas": "MISS",
        "M: incremental day <= 10% of the models-only build": "PASS",
    }


def test_l_targets_checked_one_by_one():
    checks = check_targets("L", {"full_build_seconds": 590.0, "peak_rss_bytes": 6.1 * GB})
    assert statuses(checks) == {
        "L: full build with data tests <= 10 min": "PASS",
        "L: peak memory <= 6 GB": "MISS",
    }


def test_unmeasured_target_is_a_miss():
    checks = check_targets("L", {"full_build_seconds": None, "peak_rss_bytes": None})
    assert [check.status for check in checks] == ["MISS", "MISS"]


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


def test_the_day_before_holds_the_event_rows_loaded_before_the_last_24_hours(tiny_store, tmp_path):
    loaded = ["2026-01-01 00:00", "2026-01-02 12:00", "2026-01-03 08:59", "2026-01-03 09:00", "2026-01-04 09:00"]
    values = ", ".join(f"('s{i}', timestamp '{at}')" for i, at in enumerate(loaded))
    duckdb.connect().execute(f"copy (select * from (values {values}) as v(session_id, _loaded_at)) "
                             f"to '{tiny_store / 'sessions.parquet'}' (format parquet)")
    day_before = tmp_path / "day_before"
    split = incremental.write_day_before(tiny_store, day_before)
    # The last load is 01-04 09:00, so the last day starts at 01-03 09:00: three rows before it, two on it.
    assert (split.cut, split.rows_before, split.rows_last_day) == ("2026-01-03 09:00:00", 3, 2)
    def count(path):
        return duckdb.connect().execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]

    assert count(day_before / "sessions.parquet") == 3
    assert (day_before / "orders.parquet").read_bytes() == (tiny_store / "orders.parquet").read_bytes()
    incremental.put_full_store(tiny_store, day_before)
    assert count(day_before / "sessions.parquet") == 5


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


def test_run_measured_stops_a_process_above_its_memory_limit(tmp_path):
    """A child that touches 400 MB is stopped at a 100 MB limit (killed, before it prints), and reported as
    such with the memory it had reached; the same child under a 1 GB limit runs to its end."""
    grow = ("import time\nblock = bytearray(400_000_000)\nblock[::4096] = b'x' * len(block[::4096])\n"
            "time.sleep(2)\nprint('finished')")
    stopped = run_measured([sys.executable, "-c", grow], log_path=tmp_path / "stopped.log",
                           rss_limit_bytes=100_000_000)
    assert stopped.stopped_at_rss_limit and stopped.returncode == -9
    assert stopped.peak_rss_bytes > 100_000_000 and "finished" not in stopped.log_tail()
    allowed = run_measured([sys.executable, "-c", grow], log_path=tmp_path / "allowed.log",
                           rss_limit_bytes=1_000_000_000)
    assert allowed.ok and not allowed.stopped_at_rss_limit and allowed.log_tail() == "finished"


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
    passing["builds"]["unit_tests"] = {"seconds": 6.5, "seconds_by_type": {"unit_test": 4.0}}
    table = report.summary_table([passing, missing])
    lines = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
             for line in table.splitlines()[2:]}
    assert lines["dbt build, full with data tests (production)"] == ["24.0 s", "400 s"]
    assert lines["full build ÷ scan floor"] == ["12.0×", "20.0×"]
    assert lines["CPU time (user+sys), full build"] == ["—", "—"]
    assert lines["generation"] == ["reused", "reused"]
    assert lines["node time summed: data tests"] == ["9.50 s", "9.50 s"]
    # The unit tests are timed in a run of their own (passing has one, missing none).
    assert lines["dbt test, unit tests only (CI)"] == ["6.50 s", "—"]
    assert lines["node time summed: unit tests (their own run)"] == ["4.00 s", "—"]
    assert lines["publish to serving.duckdb (on-run-end)"] == ["1.25 s", "not published"]
    assert lines["target M: full build <= 20x scan floor"] == ["PASS (12.0×)", "—"]
    assert report.fmt_metric("full_over_copy_floor", 8.16) == "8.2×"
    assert report.fmt_metric("rfm_chain_build_over_pandas", 1.89) == "1.9×"
    assert lines["target L: full build with data tests <= 10 min"] == ["—", "PASS (400 s)"]
    assert lines["target L: peak memory <= 6 GB"] == ["—", "MISS (7.00 GB)"]


def test_incremental_day_is_a_share_of_the_models_only_build_with_a_target_at_m():
    fast, slow = hand_made_result(), hand_made_result()
    fast["builds"]["incremental_day"] = {"seconds": 1.44}  # 8 % of the 18 s models-only build
    slow["builds"]["incremental_day"] = {"seconds": 3.6}  # 20 %
    for result in (fast, slow):
        result["ratios"] = cli.ratios(result)
        cli.finish_checks(result)
    lines = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
             for line in report.summary_table([fast, slow]).splitlines()[2:]}
    assert lines["dbt build, incremental day (models only)"] == ["1.44 s", "3.60 s"]
    assert lines["target M: incremental day <= 10% of the models-only build"] == ["PASS (8%)", "MISS (20%)"]
    assert "its share of the models-only build | 8% | 20% |" in " ".join(report.headline_table([fast, slow]).split())


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

    def fake_timed_build(label, key, args, scale, workspace, project_dir, threads, builds, show_progress=False,
                         fresh=True, command="build"):
        timed.append(key)
        builds[key] = {"seconds": 50.0, "cpu_seconds": 90.0, "peak_rss_bytes": 3 * GB}
        return []

    floor = raw.ScanFloor(seconds=2.0, runs=[2.0], per_table_seconds={}, threads=2, sql={}, cpu_seconds=3.0)
    copy = raw.CopyFloor(seconds=10.0, runs=[10.0], per_table_seconds={}, threads=2)
    monkeypatch.setattr(cli, "prepare_raw", lambda *args: {"reused": True, "seconds": None})
    monkeypatch.setattr(cli.raw_data, "describe_raw", lambda path: [])
    monkeypatch.setattr(cli.raw_data, "measure_scan_floor", lambda tables, threads, runs: floor)
    monkeypatch.setattr(cli.raw_data, "measure_copy_floor", lambda tables, database, threads, runs: copy)
    # The replay and the pandas reference run once, after the one build, while its warehouse is there and
    # before the unit tests' `dbt test` rewrites target/manifest.json without the models' compiled SQL.
    monkeypatch.setattr(cli, "measure_without_dbt",
                        lambda scale, args, workspace, result, nodes: timed.append("without dbt"))
    monkeypatch.setattr(cli, "run_dbt", lambda *args: run_measured([sys.executable, "-c", "pass"],
                                                                   log_path=tmp_path / "parse.log"))
    monkeypatch.setattr(cli, "timed_build", fake_timed_build)
    monkeypatch.setattr(cli, "load_tested_models", lambda target: {})

    code = cli.main(["--scales", "M", "--full-only", "--out", str(tmp_path / "out"),
                     "--work-dir", str(tmp_path / "work")])
    assert code == 0
    assert timed == ["full", "without dbt", "unit_tests"]
    scale = json.loads((tmp_path / "out" / "results.json").read_text())["scales"][0]
    assert scale["peak_rss_bytes"] == 3 * GB
    assert scale["full_over_scan_floor"] == 25.0  # 50 s / 2 s
    assert scale["ratios"]["full_over_copy_floor"] == 5.0  # 50 s / 10 s


def test_default_run_builds_models_only_then_the_rfm_chain_then_everything(tmp_path, monkeypatch):
    timed = []

    def fake_timed_build(label, key, args, scale, workspace, project_dir, threads, builds, show_progress=False,
                         fresh=True, command="build"):
        timed.append((key, args))
        builds[key] = {"seconds": 50.0, "cpu_seconds": 90.0, "peak_rss_bytes": GB}
        return []

    floor = raw.ScanFloor(seconds=2.0, runs=[2.0], per_table_seconds={}, threads=2, sql={}, cpu_seconds=3.0)
    copy = raw.CopyFloor(seconds=10.0, runs=[10.0], per_table_seconds={}, threads=2)
    monkeypatch.setattr(cli, "prepare_raw", lambda *args: {"reused": True, "seconds": None})
    monkeypatch.setattr(cli.raw_data, "describe_raw", lambda path: [])
    monkeypatch.setattr(cli.raw_data, "measure_scan_floor", lambda tables, threads, runs: floor)
    monkeypatch.setattr(cli.raw_data, "measure_copy_floor", lambda tables, database, threads, runs: copy)
    monkeypatch.setattr(cli, "measure_without_dbt",
                        lambda scale, args, workspace, result, nodes: timed.append(("without dbt", ())))
    monkeypatch.setattr(cli, "run_dbt", lambda *args: run_measured([sys.executable, "-c", "pass"],
                                                                   log_path=tmp_path / "parse.log"))
    monkeypatch.setattr(cli, "measure_incremental_day",
                        lambda scale, args, workspace, result, show_progress: timed.append(("incremental day", ())))
    monkeypatch.setattr(cli, "timed_build", fake_timed_build)
    monkeypatch.setattr(cli, "load_tested_models", lambda target: {})
    assert cli.main(["--scales", "S", "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "work")]) == 0
    assert [key for key, _ in timed] == ["models_only", "without dbt", "rfm_chain", "incremental day", "full",
                                         "unit_tests"]
    assert timed[2][1] == ("--select", "+int_customers_scored_rfm", *dbt_runner.MODELS_ONLY_ARGS)
    # The full build is the production one; the unit tests run on their own after it.
    assert timed[4][1] == ("--exclude-resource-type", "unit_test")
    assert timed[5][1] == ("--select", "test_type:unit")


# --- copy floor ---------------------------------------------------------------

def test_copy_floor_stores_every_table_and_removes_its_file(tiny_store, tmp_path):
    tables = raw.describe_raw(tiny_store)
    con = duckdb.connect()
    con.execute(raw.copy_floor_sql(tables[0]))
    # The copy is the raw table, untouched: same columns, same rows.
    assert [row[0] for row in con.execute("describe orders").fetchall()] == TINY_COLUMNS
    assert con.execute(f"select count(*) from (select * from orders except all select * from "
                       f"{raw.reader(tables[0].path)})").fetchone()[0] == 0

    database = tmp_path / "copy" / "raw_copy.duckdb"
    floor = raw.measure_copy_floor(tables, database, threads=1, runs=2)
    assert len(floor.runs) == 2 and floor.seconds == min(floor.runs) > 0
    assert set(floor.per_table_seconds) == {"orders"} and floor.threads == 1
    assert floor.database_bytes > 0  # the checkpoint wrote the table into the file
    assert not database.exists()


# --- replay -------------------------------------------------------------------

def replay_manifest(rates_sql_name="shop"):
    """A hand-made manifest: a seed, a table, an ephemeral model inlined in a mart, a view over the mart.
    Names sort against the dependency order (a_mart needs z_base), so the order must come from depends_on."""
    def model(name, materialized, sql, parents, fqn_layer="staging", schema="main_staging"):
        return {"resource_type": "model", "name": name, "alias": name, "database": "shop", "schema": schema,
                "fqn": ["p", fqn_layer, name], "config": {"enabled": True, "materialized": materialized},
                "language": "sql", "compiled_code": sql,
                "depends_on": {"nodes": [f"model.p.{p}" if not p.startswith("seed.") else p for p in parents]}}

    return {"nodes": {
        "seed.p.rates": {"resource_type": "seed", "name": "rates", "alias": "rates", "database": "shop",
                         "schema": "main_ref", "fqn": ["p", "rates"], "config": {"materialized": "seed"},
                         "depends_on": {"nodes": []}},
        "model.p.z_base": model("z_base", "table", 'select id, amount * 2 as doubled from "shop"."main_ref"."rates"',
                                ["seed.p.rates"]),
        "model.p.m_eph": model("m_eph", "ephemeral", None, ["z_base"]),
        "model.p.a_mart": model(
            "a_mart", "table",
            'with __dbt__cte__m_eph as (select * from "shop"."main_staging"."z_base" where doubled > 2)\n'
            "select * from __dbt__cte__m_eph;", ["m_eph"], "marts", "main_marts"),
        "model.p.b_count": model("b_count", "view", 'select count(*) as n from "shop"."main_marts"."a_mart"',
                                 ["a_mart"], "marts", "main_marts"),
        "test.p.not_null_a_mart_id": {"resource_type": "test", "name": "not_null_a_mart_id",
                                      "depends_on": {"nodes": ["model.p.a_mart"]}},
    }}


def make_build_database(path, steps):
    """What dbt would have written: the seed, then every model's SQL as its materialization says."""
    from shopseg.bench import replay

    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_ref")
        con.execute("create table main_ref.rates as select * from (values (1, 0.5), (2, 1.5), (3, 2.5)) t(id, amount)")
        for step in steps:
            for statement in replay.statements(step):
                con.execute(f"create schema if not exists {step.schema}")
                con.execute(statement)


def test_replay_plan_follows_dependencies_and_materializations():
    from shopseg.bench import replay

    steps = replay.plan(replay_manifest())
    assert [(step.name, step.materialized) for step in steps] == [
        ("rates", "seed"), ("z_base", "table"), ("m_eph", "ephemeral"), ("a_mart", "table"), ("b_count", "view")]
    by_name = {step.name: step for step in steps}
    assert replay.statements(by_name["rates"]) == [] and replay.statements(by_name["m_eph"]) == []
    (table,) = replay.statements(by_name["a_mart"])
    assert table.startswith('create table "shop"."main_marts"."a_mart" as (') and not table.endswith(";")
    assert replay.statements(by_name["b_count"])[0].startswith('create view "shop"."main_marts"."b_count" as (')
    assert [step.is_mart for step in steps] == [False, False, False, True, True]


def test_replay_plan_refuses_what_it_cannot_run():
    from shopseg.bench import replay

    manifest = replay_manifest()
    manifest["nodes"]["model.p.z_base"]["compiled_code"] = None
    with pytest.raises(replay.ReplayError, match="no compiled SQL"):
        replay.plan(manifest)
    manifest = replay_manifest()
    manifest["nodes"]["model.p.z_base"]["language"] = "python"
    with pytest.raises(replay.ReplayError, match="python model"):
        replay.plan(manifest)
    manifest = replay_manifest()
    manifest["nodes"]["model.p.z_base"]["depends_on"]["nodes"].append("model.p.b_count")
    with pytest.raises(replay.ReplayError, match="cycle"):
        replay.plan(manifest)


def test_replay_matches_the_build_and_the_check_catches_a_difference(tmp_path):
    from shopseg.bench import replay

    steps = replay.plan(replay_manifest())
    build = tmp_path / "build" / "shop.duckdb"
    make_build_database(build, steps)
    with pytest.raises(replay.ReplayError, match="must be named shop.duckdb"):
        replay.replay(steps, tmp_path / "replay" / "other.duckdb", build)

    target = tmp_path / "replay" / "shop.duckdb"
    result = replay.replay(steps, target, build, settings={"TimeZone": "UTC"})
    assert result.models == {"ephemeral": 1, "table": 2, "view": 1}
    assert set(result.per_model_seconds) == {"z_base", "a_mart", "b_count"} and result.seconds > 0
    assert set(result.per_node_seconds) == {"model.p.z_base", "model.p.a_mart", "model.p.b_count"}
    with duckdb.connect(str(target), read_only=True) as con:
        # amount * 2 > 2 keeps ids 2 and 3; the view counts them.
        assert con.execute('select id from "shop"."main_marts"."a_mart" order by id').fetchall() == [(2,), (3,)]
        assert con.execute('select n from "shop"."main_marts"."b_count"').fetchall() == [(2,)]
    comparison = replay.compare_with_build(steps, target, build)
    assert comparison.equal and comparison.models_compared == 2 and comparison.marts_compared_in_full == 1

    with duckdb.connect(str(build)) as con:
        con.execute("update main_marts.a_mart set doubled = 99 where id = 3")
    changed = replay.compare_with_build(steps, target, build)
    assert changed.content_mismatches == [{"model": "a_mart", "only_in_dbt": 1, "only_in_replay": 1}]
    with duckdb.connect(str(build)) as con:
        con.execute("delete from main_staging.z_base where id = 1")
    fewer = replay.compare_with_build(steps, target, build)
    assert fewer.count_mismatches == [{"model": "z_base", "dbt_rows": 2, "replay_rows": 3}]


def test_replay_enforces_a_contract_like_dbt(tmp_path):
    from shopseg.bench import replay

    manifest = replay_manifest()
    node = manifest["nodes"]["model.p.z_base"]
    node["config"]["contract"] = {"enforced": True}
    node["columns"] = {"id": {"name": "id", "data_type": "integer", "constraints": [{"type": "not_null"}]},
                       "doubled": {"name": "doubled", "data_type": "decimal(18, 2)", "constraints": []}}
    steps = replay.plan(manifest)
    create, insert = replay.statements(next(step for step in steps if step.name == "z_base"))
    assert create == 'create table "shop"."main_staging"."z_base" ("id" integer not null, "doubled" decimal(18, 2))'
    assert insert.startswith('insert into "shop"."main_staging"."z_base" by name (')
    build = tmp_path / "build" / "shop.duckdb"
    make_build_database(build, steps)
    assert replay.compare_with_build(steps, *replay_into(steps, tmp_path, build)).equal
    # A null where the contract says not null stops the replay, as it stops dbt.
    node["compiled_code"] = 'select null::integer as id, 1.0 as doubled from "shop"."main_ref"."rates"'
    with pytest.raises(replay.ReplayError, match="z_base"):
        replay.replay(replay.plan(manifest), tmp_path / "again" / "shop.duckdb", build)


def replay_into(steps, tmp_path, build):
    from shopseg.bench import replay

    target = tmp_path / "replay" / "shop.duckdb"
    replay.replay(steps, target, build)
    return target, build


# --- the RFM chain in the manifest --------------------------------------------

def test_rfm_chain_nodes_and_relation_fallback(tmp_path):
    from shopseg.bench import rfm_chain

    def node(name, materialized, parents, relation=None):
        return {"resource_type": "model", "name": name, "config": {"materialized": materialized},
                "relation_name": relation, "depends_on": {"nodes": parents}}

    manifest = {"nodes": {
        "seed.p.rfm_groups": {"resource_type": "seed", "name": "rfm_groups", "depends_on": {"nodes": []}},
        "model.p.int_orders": node("int_orders", "table", [], '"w"."main"."int_orders"'),
        "model.p.int_customers_scored_rfm": node("int_customers_scored_rfm", "ephemeral",
                                                 ["model.p.int_orders", "seed.p.rfm_groups"]),
        "model.p.dim_customers": node("dim_customers", "table", ["model.p.int_customers_scored_rfm"],
                                      '"w"."main"."dim_customers"'),
        "model.p.fct_other": node("fct_other", "table", ["model.p.int_orders"], '"w"."main"."fct_other"'),
        "test.p.t": {"resource_type": "test", "depends_on": {"nodes": ["model.p.int_customers_scored_rfm"]}},
    }}
    assert rfm_chain.chain_nodes(manifest) == {
        "seed.p.rfm_groups", "model.p.int_orders", "model.p.int_customers_scored_rfm"}
    assert rfm_chain.chain_seconds({"model.p.int_orders": 2.0, "seed.p.rfm_groups": 0.5,
                                    "model.p.fct_other": 9.0}, rfm_chain.chain_nodes(manifest)) == 2.5
    assert rfm_chain.chain_seconds({}, {"x"}) is None

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create table dim_customers (customer_id varchar, recency_score int, frequency_score int, "
                    "monetary_score int)")
        # Ephemeral: the nearest persisted descendant with the scores stands in.
        assert rfm_chain.find_relation(manifest, con) == ("dim_customers", '"w"."main"."dim_customers"')
        manifest["nodes"]["model.p.int_customers_scored_rfm"].update(
            config={"materialized": "table"}, relation_name='"w"."main"."int_customers_scored_rfm"')
        con.execute("create table int_customers_scored_rfm as select * from dim_customers")
        assert rfm_chain.find_relation(manifest, con)[0] == "int_customers_scored_rfm"


# --- ratios and the headline table --------------------------------------------

def test_ratios_and_headline_table():
    result = {
        "scale": "M", "scan_floor": {"seconds": 2.0}, "copy_floor": {"seconds": 10.0},
        "builds": {"models_only": {"seconds": 30.0}, "full": {"seconds": 60.0}, "rfm_chain": {"seconds": 12.0},
                   "incremental_day": {"seconds": 6.0}},
        "replay": {"seconds": 20.0, "rfm_chain_seconds": 2.0,
                   "check": {"equal": True, "models_compared": 70, "marts_compared_in_full": 38}},
        "pandas_rfm": {"seconds": 4.0, "equal": True, "customers": 73_534,
                       "compared_with": "int_customers_scored_rfm"},
        "rfm_chain": {"build_node_seconds": 6.0},
    }
    result["ratios"] = cli.ratios(result)
    assert result["ratios"] == {"full_over_scan_floor": 30.0, "full_over_copy_floor": 6.0,
                                "models_only_over_replay": 1.5, "rfm_chain_build_over_pandas": 3.0,
                                "rfm_chain_replay_over_pandas": 0.5, "incremental_day_over_models_only": 0.2}
    slow = {**result, "scale": "L", "builds": {"full": {"seconds": 2_000.0}}, "replay": None,
            "pandas_rfm": {"seconds": 4.0, "equal": False, "differences": 3, "compared_with": "dim_customers"}}
    slow["ratios"] = cli.ratios(slow)
    assert slow["ratios"]["full_over_scan_floor"] == 1_000.0 and slow["ratios"]["rfm_chain_build_over_pandas"] is None
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in report.headline_table([result, slow]).splitlines()[2:]}
    assert rows["copy floor (store every raw table, checkpoint)"] == ["10.0 s", "10.0 s"]
    assert rows["with data tests ÷ scan floor"] == ["30.0×", "1,000×"]
    assert rows["with data tests ÷ copy floor"] == ["6.0×", "200×"]
    assert rows["models only ÷ replay (dbt's own overhead)"] == ["1.5×", "—"]
    assert rows["RFM chain (dbt build) ÷ pandas"] == ["3.0×", "—"]
    assert rows["RFM chain (replayed) ÷ pandas"] == ["0.5×", "—"]
    assert rows["its nodes' time in the models-only build, summed"] == ["6.00 s", "6.00 s"]
    assert rows["replay checked against dbt's tables"] == ["equal (70 tables' rows, 38 marts in full)", "—"]
    assert rows["pandas checked against the build"] == [
        "equal to int_customers_scored_rfm, 73,534 rows", "3 rows DIFFER from dim_customers"]


def test_report_names_commit_and_cpu(tmp_path):
    machine = {"cpu_model": "Test CPU 9000", "logical_cores": 2, "usable_cores": 2, "git_revision": "abc1234"}
    markdown = report.write_results(tmp_path, [hand_made_result()], machine, {"threads": 2, "scan_threads": 2,
                                                                              "runs": 3})
    assert "- CPU: Test CPU 9000, 2 logical cores (2 usable)" in markdown
    assert "- project revision: abc1234" in markdown
    assert "best total of 3 runs" in markdown
    unknown = report.write_results(tmp_path, [hand_made_result()], {}, {})
    assert "project revision: unknown" in unknown


def test_replay_command_line(tmp_path, capsys):
    from shopseg.bench import replay

    manifest = replay_manifest()
    steps = replay.plan(manifest)
    build = tmp_path / "build" / "shop.duckdb"
    make_build_database(build, steps)
    target = tmp_path / "target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps(manifest))
    args = ["--target", str(target), "--build-database", str(build), "--out-dir", str(tmp_path / "out")]
    assert replay.main(args) == 0
    assert "replayed 4 models" in capsys.readouterr().out
    with duckdb.connect(str(build)) as con:
        con.execute("delete from main_marts.a_mart")
    assert replay.main(args) == 1
    assert "DIFFERENT" in capsys.readouterr().out
    assert replay.main(["--target", str(tmp_path / "none"), "--build-database", str(build),
                        "--out-dir", str(tmp_path / "out")]) == 1
    assert "no readable manifest.json" in capsys.readouterr().err


def test_a_reference_that_differs_from_the_build_is_reported():
    agreeing = {"scale": "S", "replay": {"check": {"equal": True}}, "pandas_rfm": {"equal": True}}
    unchecked = {"scale": "M", "pandas_rfm": {"equal": None}}
    differing = {"scale": "L", "replay": {"check": {"equal": False}},
                 "pandas_rfm": {"equal": False, "compared_with": "dim_customers"}}
    assert cli.mismatches([agreeing, unchecked]) == []
    assert cli.mismatches([agreeing, differing]) == [
        "L: the replay differs from dbt's tables", "L: the pandas reference differs from dim_customers"]


def test_no_replay_still_runs_the_pandas_reference(tmp_path, monkeypatch):
    called = []
    manifest = {"nodes": {"model.p.int_customers_scored_rfm": {
        "resource_type": "model", "name": "int_customers_scored_rfm", "depends_on": {"nodes": ["seed.p.g"]}},
        "seed.p.g": {"resource_type": "seed", "name": "g", "depends_on": {"nodes": []}}}}
    monkeypatch.setattr(cli.replay, "load_manifest", lambda target: manifest)
    monkeypatch.setattr(cli, "measure_replay", lambda *args: called.append("replay"))
    monkeypatch.setattr(cli, "measure_pandas", lambda *args: called.append("pandas"))
    nodes = dbt_runner.parse_run_results({"results": [
        {"unique_id": "seed.p.g", "status": "success", "execution_time": 0.5},
        {"unique_id": "model.p.int_customers_scored_rfm", "status": "success", "execution_time": 2.0},
        {"unique_id": "model.p.other", "status": "success", "execution_time": 7.0}]})
    args = cli.build_parser().parse_args(["--no-replay"])
    result = {}
    cli.measure_without_dbt(cli.SCALES["S"], args, dbt_runner.ScaleWorkspace(tmp_path), result, nodes)
    assert called == ["pandas"] and result["replay"] is None
    assert result["rfm_chain"] == {"nodes": 2, "build_node_seconds": 2.5}
    called.clear()
    cli.measure_without_dbt(cli.SCALES["S"], cli.build_parser().parse_args([]), dbt_runner.ScaleWorkspace(tmp_path),
                            {}, nodes)
    assert called == ["replay", "pandas"]
