"""Markdown tables and results.json from the per-scale results (plain dicts, see cli.measure_scale)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from shopseg.bench.scales import GB, TARGETS

DASH = "—"


# --- numbers ----------------------------------------------------------------

def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return DASH
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 100:
        return f"{seconds:.1f} s"
    return f"{seconds:,.0f} s"


def fmt_bytes(size: float | None) -> str:
    """Decimal units (1 MB = 10^6 bytes), like the 6 GB memory target."""
    if size is None:
        return DASH
    for unit, factor in (("GB", GB), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            value = size / factor
            decimals = 2 if value < 10 else 1 if value < 100 else 0
            return f"{value:.{decimals}f} {unit}"
    return f"{int(size)} B"


def fmt_count(count: int | None) -> str:
    return DASH if count is None else f"{count:,}"


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return DASH
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.1f}×"


def fmt_share(share: float | None) -> str:
    return DASH if share is None else f"{share:.0%}"


def fmt_metric(metric: str, value: float | None) -> str:
    if metric == "peak_rss_bytes":
        return fmt_bytes(value)
    if metric.endswith("_seconds"):
        return fmt_seconds(value)
    if metric == "incremental_day_over_models_only":  # a share of the full build, target 10 %
        return fmt_share(value)
    return fmt_ratio(value)  # the ratios: full_over_scan_floor, full_over_copy_floor, rfm_chain_build_over_pandas


# --- tables -----------------------------------------------------------------

def markdown_table(headers: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A GitHub Markdown table; `align` is one letter per column, l or r (default: first l, rest r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [[str(cell).replace("|", "\\|") for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [cell.ljust(width) if side == "l" else cell.rjust(width)
                  for cell, width, side in zip(row, widths, align)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (width + 1) + ":" if side == "r" else ":" + "-" * (width + 1))
                          for width, side in zip(widths, align)) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _build(result: dict, which: str) -> dict:
    return (result.get("builds") or {}).get(which) or {}


def _generation(result: dict) -> str:
    generation = result.get("generation") or {}
    if generation.get("reused"):
        return "reused"
    return fmt_seconds(generation.get("seconds"))


def _publish(result: dict) -> str:
    """The publish step's time within the full build, or why there is none."""
    full = _build(result, "full")
    if not full:
        return DASH
    if not full.get("published"):
        return "not published"
    return fmt_seconds(full.get("publish_seconds"))


def _check_cell(result: dict, target) -> str:
    for check in result.get("checks", []):
        if check["metric"] == target.metric and check["label"] == target.label:
            return f"{check['status']} ({fmt_metric(check['metric'], check['value'])})"
    return DASH


def _replay_check(result: dict) -> str:
    check = (result.get("replay") or {}).get("check")
    if not check:
        return DASH
    if check.get("equal"):
        return f"equal ({check['models_compared']} tables' rows, {check['marts_compared_in_full']} marts in full)"
    wrong = [item["model"] for item in check.get("count_mismatches", []) + check.get("content_mismatches", [])]
    return "DIFFERS: " + shorten(", ".join(wrong), 60)


def _pandas_check(result: dict) -> str:
    pandas = result.get("pandas_rfm")
    if not pandas:
        return DASH
    if pandas.get("failed"):
        return f"{pandas['failed']} (peak {fmt_bytes(pandas.get('peak_rss_bytes'))})"
    if pandas.get("equal") is None:
        return "not compared (no persisted RFM relation)"
    if pandas["equal"]:
        return f"equal to {pandas['compared_with']}, {fmt_count(pandas['customers'])} rows"
    return f"{fmt_count(pandas['differences'])} rows DIFFER from {pandas['compared_with']}"


def _ratio(result: dict, key: str) -> str:
    return fmt_ratio((result.get("ratios") or {}).get(key))


def headline_table(results: list[dict]) -> str:
    """The figures that compare the project with its floors and with the pandas alternative."""
    headers = ["", *(result["scale"] for result in results)]

    def row(label: str, cell) -> list[str]:
        return [label, *(cell(result) for result in results)]

    return markdown_table(headers, [
        row("scan floor (read every raw column)", lambda r: fmt_seconds((r.get("scan_floor") or {}).get("seconds"))),
        row("copy floor (store every raw table, checkpoint)",
            lambda r: fmt_seconds((r.get("copy_floor") or {}).get("seconds"))),
        row("`dbt build`, models only", lambda r: fmt_seconds(_build(r, "models_only").get("seconds"))),
        row("`dbt build`, with data tests (production)", lambda r: fmt_seconds(_build(r, "full").get("seconds"))),
        row("unit tests on their own (CI adds them)", lambda r: fmt_seconds(_build(r, "unit_tests").get("seconds"))),
        row("incremental day: `dbt build`, models only, of the last day's loads",
            lambda r: fmt_seconds(_build(r, "incremental_day").get("seconds"))),
        row("  its share of the models-only build",
            lambda r: fmt_share((r.get("ratios") or {}).get("incremental_day_over_models_only"))),
        row("replay: the models' compiled SQL without dbt",
            lambda r: fmt_seconds((r.get("replay") or {}).get("seconds"))),
        row("pandas reference of the RFM chain", lambda r: fmt_seconds((r.get("pandas_rfm") or {}).get("seconds"))),
        row("project's RFM chain: `dbt build -s +int_customers_scored_rfm`, models only",
            lambda r: fmt_seconds(_build(r, "rfm_chain").get("seconds"))),
        row("  its nodes' time in the models-only build, summed",
            lambda r: fmt_seconds((r.get("rfm_chain") or {}).get("build_node_seconds"))),
        row("  its models in the replay", lambda r: fmt_seconds((r.get("replay") or {}).get("rfm_chain_seconds"))),
        row("with data tests ÷ scan floor", lambda r: _ratio(r, "full_over_scan_floor")),
        row("with data tests ÷ copy floor", lambda r: _ratio(r, "full_over_copy_floor")),
        row("models only ÷ replay (dbt's own overhead)", lambda r: _ratio(r, "models_only_over_replay")),
        row("RFM chain (dbt build) ÷ pandas", lambda r: _ratio(r, "rfm_chain_build_over_pandas")),
        row("RFM chain (replayed) ÷ pandas", lambda r: _ratio(r, "rfm_chain_replay_over_pandas")),
        row("replay checked against dbt's tables", _replay_check),
        row("pandas checked against the build", _pandas_check),
    ])


def summary_table(results: list[dict]) -> str:
    """One column per scale, one row per figure, then one row per target that applies to a scale run."""
    headers = ["", *(result["scale"] for result in results)]

    def row(label: str, cell) -> list[str]:
        return [label, *(cell(result) for result in results)]

    def type_seconds(result: dict, kind: str) -> str:
        seconds = (_build(result, "full").get("seconds_by_type") or {}).get(kind)
        return fmt_seconds(seconds)

    rows = [
        row("customers", lambda r: fmt_count(r.get("customers"))),
        row("status", lambda r: r.get("status", DASH)),
        row("generation", _generation),
        row("raw rows (all tables)", lambda r: fmt_count((r.get("raw") or {}).get("total_rows"))),
        row("raw size on disk", lambda r: fmt_bytes((r.get("raw") or {}).get("total_bytes"))),
        row("scan floor (read every raw column)", lambda r: fmt_seconds((r.get("scan_floor") or {}).get("seconds"))),
        row("scan floor CPU time", lambda r: fmt_seconds((r.get("scan_floor") or {}).get("cpu_seconds"))),
        row("copy floor (store every raw table)", lambda r: fmt_seconds((r.get("copy_floor") or {}).get("seconds"))),
        row("copy floor CPU time", lambda r: fmt_seconds((r.get("copy_floor") or {}).get("cpu_seconds"))),
        row("replay without dbt", lambda r: fmt_seconds((r.get("replay") or {}).get("seconds"))),
        row("replay CPU time (seeds' copy included)",
            lambda r: fmt_seconds((r.get("replay") or {}).get("cpu_seconds"))),
        row("pandas reference of the RFM chain", lambda r: fmt_seconds((r.get("pandas_rfm") or {}).get("seconds"))),
        row("pandas reference CPU time", lambda r: fmt_seconds((r.get("pandas_rfm") or {}).get("cpu_seconds"))),
        row("pandas reference peak RSS", lambda r: fmt_bytes((r.get("pandas_rfm") or {}).get("peak_rss_bytes"))),
        row("CPU time (user+sys), RFM chain build",
            lambda r: fmt_seconds(_build(r, "rfm_chain").get("cpu_seconds"))),
        row("dbt parse (not in build times)", lambda r: fmt_seconds(r.get("parse_seconds"))),
        row("dbt build, models only", lambda r: fmt_seconds(_build(r, "models_only").get("seconds"))),
        row("dbt build, full with data tests (production)", lambda r: fmt_seconds(_build(r, "full").get("seconds"))),
        row("dbt test, unit tests only (CI)", lambda r: fmt_seconds(_build(r, "unit_tests").get("seconds"))),
        row("dbt build, incremental day (models only)",
            lambda r: fmt_seconds(_build(r, "incremental_day").get("seconds"))),
        row("  event rows loaded on the last day",
            lambda r: fmt_count((r.get("incremental_day") or {}).get("rows_last_day"))),
        row("  CPU time (user+sys)", lambda r: fmt_seconds(_build(r, "incremental_day").get("cpu_seconds"))),
        row("  node time summed: seeds", lambda r: type_seconds(r, "seed")),
        row("  node time summed: models", lambda r: type_seconds(r, "model")),
        row("  node time summed: data tests", lambda r: type_seconds(r, "test")),
        row("  node time summed: unit tests (their own run)",
            lambda r: fmt_seconds(((_build(r, "unit_tests").get("seconds_by_type")) or {}).get("unit_test"))),
        row("  publish to serving.duckdb (on-run-end)", _publish),
        row("CPU time (user+sys), models only", lambda r: fmt_seconds(_build(r, "models_only").get("cpu_seconds"))),
        row("CPU time (user+sys), full build", lambda r: fmt_seconds(_build(r, "full").get("cpu_seconds"))),
        row("CPU taken by other processes, full build", lambda r: fmt_share(_build(r, "full").get("other_cpu_share"))),
        row("full build ÷ scan floor", lambda r: fmt_ratio(r.get("full_over_scan_floor"))),
        row("full build ÷ copy floor", lambda r: fmt_ratio(r.get("full_over_copy_floor"))),
        row("full build CPU ÷ scan floor CPU", lambda r: fmt_ratio(r.get("full_cpu_over_scan_floor_cpu"))),
        row("peak RSS, models only", lambda r: fmt_bytes(_build(r, "models_only").get("peak_rss_bytes"))),
        row("peak RSS, full build", lambda r: fmt_bytes(_build(r, "full").get("peak_rss_bytes"))),
        row("warehouse file", lambda r: fmt_bytes(r.get("warehouse_bytes"))),
        row("serving file (published snapshot)", lambda r: fmt_bytes(r.get("serving_bytes"))),
    ]
    run = {result["scale"] for result in results}
    for target in TARGETS:
        if target.scale in run:
            rows.append(row("target " + target.label, lambda r, t=target: _check_cell(r, t)))
    return markdown_table(headers, rows)


def raw_table(results: list[dict]) -> str:
    """Rows and size of each raw table, one column per scale."""
    names: list[str] = []
    for result in results:
        for table in (result.get("raw") or {}).get("tables", []):
            if table["name"] not in names:
                names.append(table["name"])
    rows = []
    for name in names:
        cells = [name]
        for result in results:
            table = next((t for t in (result.get("raw") or {}).get("tables", []) if t["name"] == name), None)
            cells.append(DASH if table is None else f"{fmt_count(table['rows'])} ({fmt_bytes(table['bytes'])})")
        rows.append(cells)
    return markdown_table(["raw table", *(f"{r['scale']} rows (size)" for r in results)], rows)


def shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def slowest_table(result: dict, key: str = "slowest_nodes") -> str:
    rows = [[str(rank), shorten(node["name"]), node["resource_type"], f"{node['seconds']:.2f}"]
            for rank, node in enumerate(result.get(key, []), start=1)]
    return markdown_table(["#", "node", "type", "seconds"], rows, align="rllr")


def tests_by_model_table(result: dict) -> str:
    rows = [[str(rank), row["model"], str(row["tests"]), f"{row['seconds']:.2f}"]
            for rank, row in enumerate(result.get("test_seconds_by_model", []), start=1)]
    return markdown_table(["#", "tested model", "data tests", "seconds"], rows, align="rlrr")


BUSY_SHARE = 0.10


def busy_note(results: list[dict]) -> str | None:
    """A warning when other processes took a noticeable share of the machine during a timed build."""
    busy = []
    for result in results:
        shares = [(_build(result, which).get("other_cpu_share") or 0.0)
                  for which in ("models_only", "full", "incremental_day")]
        shares.append((result.get("scan_floor") or {}).get("other_cpu_share") or 0.0)
        shares.append((result.get("copy_floor") or {}).get("other_cpu_share") or 0.0)
        if max(shares) > BUSY_SHARE:
            busy.append(f"{result['scale']} (up to {max(shares):.0%})")
    if not busy:
        return None
    return ("**Warning: the machine was busy** — other processes took a share of the CPU during "
            + ", ".join(busy) + ". Wall times and the PASS/MISS marks are inflated; CPU times are the "
            "steadier figure. Rerun on an idle machine to judge the targets.")


def machine_lines(machine: dict) -> list[str]:
    memory = machine.get("memory_bytes")
    lines = [
        f"- date: {machine.get('date')}",
        f"- CPU: {machine.get('cpu_model')}, {machine.get('logical_cores')} logical cores"
        f" ({machine.get('usable_cores')} usable)"
        + (f", cgroup quota {machine['cpu_quota_cores']} cores" if machine.get("cpu_quota_cores") else ""),
        f"- RAM: {fmt_bytes(memory)}"
        + (f", cgroup limit {fmt_bytes(int(machine['memory_limit_bytes']))}"
           if machine.get("memory_limit_bytes") else ""),
        f"- OS: {machine.get('os')}",
        f"- Python {machine.get('python')}, duckdb {machine.get('duckdb')}, dbt-core {machine.get('dbt_core')},"
        f" dbt-duckdb {machine.get('dbt_duckdb')}",
    ]
    lines.append(f"- project revision: {machine.get('git_revision') or 'unknown (not a git checkout)'}")
    return lines


METHOD = """\
How each figure is measured:
- generation: `python -m shopseg.generate --out <raw> --customers N --seed SEED --quiet`, wall time;
  "reused" when the scale's raw folder already holds a store whose `_manifest.json` matches.
- scan floor: per raw table `select count(*), bit_xor(hash(<col>)) for every column from read_parquet(...)`,
  DuckDB in-process with {scan_threads} threads, EXPLAIN-checked to read every column; best total of {runs} runs.
- copy floor: per raw table `create table <t> as select * from read_parquet(...)` into a fresh DuckDB file, then
  `checkpoint`; {scan_threads} threads, the profile's memory_limit and preserve_insertion_order; best of {runs} runs.
- replay: after the models-only build, every model's compiled SQL from target/manifest.json (ephemeral models
  inlined) in dependency order, `create table as` / `create view as` by its materialization, in one DuckDB
  connection into a fresh file, with the profile's settings; seeds copied from the build first (not timed), hooks
  not replayed. Checked: the row count of every persisted model, and every mart `except all` both ways.
- pandas reference: `shopseg.bench.pandas_reference.compute_rfm` from the raw Parquet and the seeds, best of {runs}
  runs (pandas single-threaded), compared row for row with int_customers_scored_rfm of the build (ints and scores
  exact, money to the cent); when that model is not persisted, with the nearest persisted model carrying the scores.
  It runs in a process of its own, stopped when its resident memory passes --pandas-memory-limit (default 75 % of
  the machine's memory): then reported as out of memory, with the memory it had reached.
- project's RFM chain: `dbt build -s +int_customers_scored_rfm` excluding tests on a fresh warehouse (dbt's
  process, parse included); also the chain's nodes' execution_time summed in the models-only build, and in the replay.
- dbt build, models only: `dbt build --exclude resource_type:test resource_type:unit_test` (seeds + models)
  on a fresh warehouse; full: `dbt build --exclude-resource-type unit_test` (seeds, models, data tests: the
  production build of `make build`) on a fresh warehouse; unit tests: `dbt test --select test_type:unit` on the
  warehouse the full build left (what CI adds).
  Both with --threads {threads}, after an untimed `dbt parse`, so both use the same partial-parse state.
  Wall time of the dbt process.
- incremental day: the store as loaded a day earlier (event rows whose `_loaded_at` is before the last 24 hours
  of loads; the other tables whole) built models only with `--vars '{{"incremental_events": true}}'` (not timed);
  then the full store in its place and the same build again on that warehouse, timed: the event base models
  replace the keys the last day touched, the rest rebuilds. Checked: each event base model has one row per raw row.
- CPU time: user + system time of the dbt process (os.wait4); the scan floor's is this process's CPU time.
  "CPU taken by other processes": machine busy time (/proc/stat) minus dbt's own, over wall time × cores;
  above 10 % the wall times are not representative.
- peak RSS: max of the dbt process's ru_maxrss (os.wait4) and of its process tree's summed RSS sampled every 50 ms.
- slowest nodes: `execution_time` in the full build's run_results.json.
- targets (on the full build, data tests included, unit tests not): XS full build <= 8 s; M full build <= 20× the
  scan floor and <= 3× the copy floor, RFM chain no slower than pandas, an incremental day <= 10 % of the
  models-only build; L full build <= 10 min, peak RSS <= 6 GB (decimal GB)."""


def markdown_report(results: list[dict], machine: dict, options: dict) -> str:
    parts = ["# shop_segments benchmark", "", *machine_lines(machine), "", headline_table(results), "",
             "## Every figure", "", summary_table(results), ""]
    note = busy_note(results)
    if note:
        parts += [note, ""]
    if not any(target.scale in {r["scale"] for r in results} for target in TARGETS):
        parts += ["No target applies to the scales run (targets are set for XS, M and L).", ""]
    parts += ["## Raw tables", "", raw_table(results), ""]
    for result in results:
        if result.get("slowest_nodes"):
            parts += [f"## {result['scale']}: ten slowest nodes of the full build", "", slowest_table(result), ""]
        if result.get("slowest_models"):
            parts += [f"## {result['scale']}: ten slowest models of the full build", "",
                      slowest_table(result, "slowest_models"), ""]
        if result.get("test_seconds_by_model"):
            parts += [f"## {result['scale']}: data-test time by tested model (full build)", "",
                      tests_by_model_table(result), ""]
        if (result.get("replay") or {}).get("slowest_models"):
            parts += [f"## {result['scale']}: ten slowest models of the replay", "",
                      slowest_table(result["replay"], "slowest_models"), ""]
        differences = (result.get("pandas_rfm") or {}).get("first_differences")
        if differences:
            parts += [f"## {result['scale']}: pandas reference vs {result['pandas_rfm']['compared_with']}, "
                      "first differing rows", "", "```", *(json.dumps(item) for item in differences), "```", ""]
        if result.get("error"):
            parts += [f"## {result['scale']}: error", "", "```", result["error"], "```", ""]
    parts += [METHOD.format(scan_threads=options.get("scan_threads"), threads=options.get("threads"),
                            runs=options.get("runs", 2)), ""]
    return "\n".join(parts)


def write_results(out_dir: Path, results: list[dict], machine: dict, options: dict) -> str:
    """Write results.json and results.md into `out_dir`; return the Markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = markdown_report(results, machine, options)
    payload = {"machine": machine, "options": options, "targets": [asdict(t) for t in TARGETS], "scales": results}
    (out_dir / "results.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    (out_dir / "results.md").write_text(markdown)
    return markdown
