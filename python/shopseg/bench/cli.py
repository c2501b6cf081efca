"""Command line of the benchmark: `python -m shopseg.bench --scales S,M`."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

import duckdb

from shopseg.bench import incremental, replay, rfm_chain
from shopseg.bench import raw as raw_data
from shopseg.bench.dbt_runner import (
    FULL_ARGS, MODELS_ONLY_ARGS, UNIT_TEST_ARGS, ScaleWorkspace, failure_report, load_run_results, load_tested_models, publish_seconds, run_dbt,
    seconds_by_type, slowest, test_seconds_by_model,
)
from shopseg.bench.machine import machine_info, total_memory_bytes
from shopseg.bench.process import run_measured
from shopseg.bench.report import fmt_bytes, fmt_count, fmt_seconds, fmt_share, write_results
from shopseg.bench.scales import GB, SCALES, Scale, check_targets, parse_scales
from shopseg.progress import DbtNodes, GeneratorSteps, LogProgress, progress_enabled

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # .../python
DEFAULT_PROJECT_DIR = PACKAGE_ROOT.parent

EXIT_FAILED = 1  # generation or a dbt command failed
EXIT_MISSED = 3  # --fail-on-miss and a target was missed
EXIT_MISMATCH = 4  # the replay or the pandas reference differs from the dbt build


class BenchFailure(Exception):
    """A step of one scale failed; the message says what and shows the tool's own error."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    ladder = ", ".join(f"{scale.name} = {scale.description}" for scale in SCALES.values())
    parser = argparse.ArgumentParser(
        prog="python -m shopseg.bench",
        description=(
            "Benchmark the dbt project on generated stores of growing size. For each scale: generate the "
            "store (or reuse it), count its raw rows and bytes, time the scan floor (DuckDB reading every raw "
            "column once) and the copy floor (DuckDB storing every raw table once), time `dbt build` without "
            "tests and with tests on fresh warehouses, time an incremental day (the last day's loads on the "
            "warehouse of the day before, models only, var incremental_events), replay the models' compiled "
            "SQL without dbt, time a pandas reference of the RFM chain and the project's chain to "
            "int_customers_scored_rfm (both checked row for row against the build), record the peak "
            "memory of dbt, the ten slowest nodes and the warehouse size, and check the targets "
            "(XS full build <= 8 s; M full build <= 20x the scan floor and <= 3x the copy floor, RFM chain "
            "no slower than pandas, an incremental day <= 10% of the models-only build; L full build "
            "<= 10 min, peak memory <= 6 GB). "
            "Prints a Markdown table and writes results.json and results.md."
        ),
        epilog=(
            f"Scales: {ladder}. Exit status: 0 done, {EXIT_FAILED} generation or dbt failed (its error is "
            f"printed), {EXIT_MISSED} a target was missed with --fail-on-miss, {EXIT_MISMATCH} the replay or the "
            "pandas reference differs from the dbt build (the figures are then not comparable), 2 bad arguments."
        ),
    )
    parser.add_argument("--scales", default="S,M", metavar="S,M,L",
                        help="comma-separated scales to run, in ladder order: XS, S, M, L (default: S,M)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write results.json and results.md (default: <project>/bench/results)")
    parser.add_argument("--work-dir", type=Path, default=None, metavar="DIR",
                        help="one subfolder per scale with raw/, warehouse.duckdb, target/ and logs/ "
                             "(default: <project>/data/bench)")
    parser.add_argument("--threads", type=int, default=2, metavar="N", help="dbt threads (default: 2)")
    parser.add_argument("--scan-threads", type=int, default=2, metavar="N",
                        help="DuckDB threads of the scan floor (default: 2, like the 2-core reference build)")
    parser.add_argument("--runs", type=int, default=2, metavar="N",
                        help="runs of the scan floor, the copy floor and the pandas reference; the best counts "
                             "(default: 2)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default: 42)")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate the raw data again even when a matching store is already there")
    parser.add_argument("--keep", action="store_true",
                        help="keep each scale's warehouse.duckdb (default: delete it after measuring its size)")
    parser.add_argument("--full-only", action="store_true",
                        help="time only the full build with tests, not the models-only build nor the RFM chain's "
                             "build (halves an L run); the replay and the pandas reference still run")
    parser.add_argument("--no-replay", action="store_true",
                        help="skip the replay of the models' SQL without dbt (at L it costs about as much as "
                             "the models-only build)")
    parser.add_argument("--pandas-memory-limit", type=float, default=None, metavar="GB",
                        help="stop the pandas reference above this resident memory and report it as out of memory "
                             "(default: 75%% of the machine's memory)")
    parser.add_argument("--fail-on-miss", action="store_true",
                        help=f"exit with status {EXIT_MISSED} when a target is missed")
    parser.add_argument("--project-dir", type=Path, default=DEFAULT_PROJECT_DIR,
                        help="the dbt project (default: the checkout this package lives in)")
    parser.add_argument("--progress", action="store_true",
                        help="show progress bars (nodes or steps done, elapsed, estimate) even when stderr is "
                             "not a terminal; by default they show only on a terminal")
    return parser


def package_env() -> dict[str, str]:
    """The environment of a child `python -m shopseg...` (the generator, the pandas reference): this package
    importable whatever PYTHONPATH says."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    return env


def prepare_raw(scale: Scale, workspace: ScaleWorkspace, seed: int, regenerate: bool, project_dir: Path,
                show_progress: bool = False) -> dict:
    expected = raw_data.expected_manifest(scale.customers, seed)
    if not regenerate and raw_data.reusable(workspace.raw, expected):
        log(f"[{scale.name}] reusing the store in {workspace.raw}")
        return {"reused": True, "seconds": None}
    raw_data.clear_dir(workspace.raw)
    log(f"[{scale.name}] generating {scale.customers:,} customers into {workspace.raw}")
    command = [sys.executable, "-m", "shopseg.generate", "--out", str(workspace.raw),
               "--customers", str(scale.customers), "--seed", str(seed), "--quiet"]
    log_path = workspace.root / "generate.log"
    with LogProgress(log_path, f"[{scale.name}] generate", show_progress, GeneratorSteps()):
        measured = run_measured(command + (["--progress"] if show_progress else []), log_path=log_path,
                                env=package_env(), cwd=project_dir)
    if not measured.ok:
        raise BenchFailure(f"the generator failed (exit code {measured.returncode}); log: {measured.log_path}\n"
                           + measured.log_tail(40))
    if not raw_data.reusable(workspace.raw, expected):
        raise BenchFailure(f"the generator wrote no matching {raw_data.MANIFEST} or no Parquet file "
                           f"in {workspace.raw}")
    return {"reused": False, "seconds": measured.seconds}


def timed_build(label: str, key: str, args: tuple[str, ...], scale: Scale, workspace: ScaleWorkspace,
                project_dir: Path, threads: int, builds: dict, show_progress: bool = False,
                fresh: bool = True, command: str = "build") -> list:
    """Run one `dbt build` (or `command`), on a fresh warehouse unless `fresh` is false; record it in
    builds[key] (also when it fails, then raise)."""
    if fresh:
        workspace.remove_warehouse()
    (workspace.target / "run_results.json").unlink(missing_ok=True)
    log(f"[{scale.name}] {label}")
    with LogProgress(workspace.root / f"dbt_build_{key}.log", f"[{scale.name}] dbt build", show_progress,
                     DbtNodes()):
        measured = run_dbt(command, project_dir, workspace, threads, f"dbt_build_{key}", *args)
    nodes, elapsed = load_run_results(workspace.target)
    builds[key] = {
        "command": (f"dbt {command} " + " ".join(args)).strip(),
        "seconds": measured.seconds,
        "cpu_seconds": measured.cpu_seconds,
        "other_cpu_share": measured.other_cpu_share,
        "dbt_elapsed_seconds": elapsed,
        "peak_rss_bytes": measured.peak_rss_bytes,
        "returncode": measured.returncode,
        "nodes": len(nodes),
        "seconds_by_type": seconds_by_type(nodes),
        "publish_seconds": publish_seconds(nodes),
        "published": workspace.serving.exists(),
    }
    if not measured.ok:
        raise BenchFailure(failure_report(f"[{scale.name}] {label}", measured, nodes))
    log(f"[{scale.name}]   {fmt_seconds(measured.seconds)} wall, {fmt_seconds(measured.cpu_seconds)} CPU, "
        f"peak RSS {fmt_bytes(measured.peak_rss_bytes)}, other processes {fmt_share(measured.other_cpu_share)}"
        " of the machine")
    return nodes


def node_row(node) -> dict:
    return {"name": node.name, "resource_type": node.resource_type, "seconds": node.seconds, "status": node.status,
            "unique_id": node.unique_id}


def measure_scale(scale: Scale, args: argparse.Namespace, result: dict) -> None:
    """Fill `result` step by step, so a failure still leaves what was measured before it."""
    project_dir = args.project_dir
    workspace = ScaleWorkspace(args.work_dir / scale.name)
    workspace.root.mkdir(parents=True, exist_ok=True)

    show_progress = progress_enabled(args.progress)
    result["generation"] = prepare_raw(scale, workspace, args.seed, args.regenerate, project_dir, show_progress)

    tables = raw_data.describe_raw(workspace.raw)
    result["raw"] = {
        "path": str(workspace.raw),
        "tables": [{"name": t.name, "rows": t.rows, "bytes": t.bytes, "columns": len(t.columns)} for t in tables],
        "total_rows": sum(t.rows for t in tables),
        "total_bytes": sum(t.bytes for t in tables),
    }
    log(f"[{scale.name}] raw: {fmt_count(result['raw']['total_rows'])} rows, "
        f"{fmt_bytes(result['raw']['total_bytes'])}; timing the scan floor")
    floor = raw_data.measure_scan_floor(tables, threads=args.scan_threads, runs=args.runs)
    result["scan_floor"] = {"seconds": floor.seconds, "cpu_seconds": floor.cpu_seconds, "runs": floor.runs,
                            "threads": floor.threads, "other_cpu_share": floor.other_cpu_share,
                            "per_table_seconds": floor.per_table_seconds}
    log(f"[{scale.name}]   scan floor {fmt_seconds(floor.seconds)} wall, {fmt_seconds(floor.cpu_seconds)} CPU")
    copy = raw_data.measure_copy_floor(tables, workspace.root / "copy_floor" / "raw_copy.duckdb",
                                       threads=args.scan_threads, runs=args.runs)
    result["copy_floor"] = {"seconds": copy.seconds, "cpu_seconds": copy.cpu_seconds, "runs": copy.runs,
                            "threads": copy.threads, "other_cpu_share": copy.other_cpu_share,
                            "per_table_seconds": copy.per_table_seconds, "database_bytes": copy.database_bytes}
    log(f"[{scale.name}]   copy floor {fmt_seconds(copy.seconds)} wall, {fmt_seconds(copy.cpu_seconds)} CPU")

    log(f"[{scale.name}] dbt parse (untimed warm-up of partial parsing)")
    parsed = run_dbt("parse", project_dir, workspace, args.threads, "dbt_parse")
    if not parsed.ok:
        raise BenchFailure(failure_report(f"[{scale.name}] dbt parse", parsed, []))
    result["parse_seconds"] = parsed.seconds

    builds = result.setdefault("builds", {})
    if not args.full_only:
        models_only = timed_build("dbt build, models only", "models_only", MODELS_ONLY_ARGS, scale, workspace,
                                  project_dir, args.threads, builds, show_progress)
        measure_without_dbt(scale, args, workspace, result, models_only)
        timed_build(f"dbt build -s +{rfm_chain.RFM_MODEL}, models only", "rfm_chain",
                    ("--select", "+" + rfm_chain.RFM_MODEL, *MODELS_ONLY_ARGS), scale, workspace, project_dir,
                    args.threads, builds, show_progress)
        measure_incremental_day(scale, args, workspace, result, show_progress)
    nodes = timed_build("dbt build, full with data tests (production)", "full", FULL_ARGS, scale, workspace,
                        project_dir, args.threads, builds, show_progress)
    if args.full_only:
        # Before the unit tests: their `dbt test` rewrites target/manifest.json without the models' compiled SQL,
        # which the replay reads.
        measure_without_dbt(scale, args, workspace, result, nodes)
    # What CI adds: the unit tests, on the warehouse the full build left (they read its relations' columns).
    timed_build("dbt test, unit tests only (CI)", "unit_tests", UNIT_TEST_ARGS, scale, workspace, project_dir,
                args.threads, builds, show_progress, fresh=False, command="test")
    result["slowest_nodes"] = [node_row(node) for node in slowest(nodes, 10)]
    result["slowest_models"] = [node_row(node) for node in slowest([n for n in nodes if n.resource_type == "model"])]
    result["test_seconds_by_model"] = test_seconds_by_model(nodes, load_tested_models(workspace.target))
    result["warehouse_bytes"] = workspace.warehouse_bytes()
    result["serving_bytes"] = workspace.serving.stat().st_size if workspace.serving.exists() else None
    if not args.keep:
        workspace.remove_warehouse()
    full_seconds = builds["full"]["seconds"]
    result["full_over_scan_floor"] = full_seconds / floor.seconds if floor.seconds > 0 else None
    result["full_over_copy_floor"] = full_seconds / copy.seconds if copy.seconds > 0 else None
    result["ratios"] = ratios(result)
    full_cpu = builds["full"]["cpu_seconds"]
    result["full_cpu_over_scan_floor_cpu"] = full_cpu / floor.cpu_seconds if floor.cpu_seconds > 0 else None
    result["peak_rss_bytes"] = max(build["peak_rss_bytes"] for build in builds.values())


def measure_incremental_day(scale: Scale, args: argparse.Namespace, workspace: ScaleWorkspace, result: dict,
                            show_progress: bool = False) -> None:
    """The models-only build of the last day's loads on the warehouse of the day before, with var
    incremental_events (shopseg.bench.incremental)."""
    day = ScaleWorkspace(workspace.root / "incremental")
    day.remove_warehouse()
    split = incremental.write_day_before(workspace.raw, day.raw)
    log(f"[{scale.name}] incremental day: building the store as loaded before {split.cut} "
        f"({split.rows_before:,} event rows; not timed)")
    with_var = (*MODELS_ONLY_ARGS, "--vars", incremental.VARS)
    setup = run_dbt("build", args.project_dir, day, args.threads, "dbt_build_day_before", *with_var)
    if not setup.ok:
        raise BenchFailure(failure_report(f"[{scale.name}] the day-before build", setup, []))
    incremental.put_full_store(workspace.raw, day.raw)
    builds = result.setdefault("builds", {})
    timed_build(f"dbt build, models only, incremental: the last day's {split.rows_last_day:,} event rows",
                "incremental_day", with_var, scale, day, args.project_dir, args.threads, builds, show_progress,
                fresh=False)
    wrong = incremental.base_rows_match_raw(day.warehouse, day.raw)
    result["incremental_day"] = {"cut": split.cut, "rows_before": split.rows_before,
                                 "rows_last_day": split.rows_last_day, "base_rows_match_raw": not wrong,
                                 "mismatches": wrong}
    if wrong:
        raise BenchFailure(f"[{scale.name}] the incremental build lost or doubled rows: " + "; ".join(wrong))
    if not args.keep:
        shutil.rmtree(day.root, ignore_errors=True)


def measure_without_dbt(scale: Scale, args: argparse.Namespace, workspace: ScaleWorkspace, result: dict,
                        build_nodes: list) -> None:
    """After a build, while its warehouse and target/ are there: the replay, the pandas reference and the
    RFM chain's share of the build, each checked against the warehouse dbt wrote."""
    manifest = replay.load_manifest(workspace.target)
    chain = rfm_chain.chain_nodes(manifest)
    node_seconds = {node.unique_id: node.seconds for node in build_nodes}

    if args.no_replay:
        result["replay"] = None
    else:
        measure_replay(scale, args, workspace, result, manifest, chain)
    measure_pandas(scale, args, workspace, result, manifest)
    result["rfm_chain"] = {"nodes": len(chain), "build_node_seconds": rfm_chain.chain_seconds(node_seconds, chain)}


def measure_replay(scale: Scale, args: argparse.Namespace, workspace: ScaleWorkspace, result: dict, manifest: dict,
                   chain: set[str]) -> None:
    log(f"[{scale.name}] replaying the compiled SQL of every model without dbt")
    steps = replay.plan(manifest, args.project_dir)
    replay_dir = workspace.root / "replay"
    cpu_start = time.process_time()  # includes DuckDB's threads
    replayed = replay.replay(steps, replay_dir / workspace.warehouse.name, workspace.warehouse)
    replay_cpu = time.process_time() - cpu_start
    check_start = time.perf_counter()
    comparison = replay.compare_with_build(steps, replay_dir / workspace.warehouse.name, workspace.warehouse)
    result["replay"] = {
        "seconds": replayed.seconds, "cpu_seconds": replay_cpu, "seed_seconds": replayed.seed_seconds,
        "models": replayed.models,
        "database_bytes": replayed.database_bytes,
        "rfm_chain_seconds": rfm_chain.chain_seconds(replayed.per_node_seconds, chain),
        "check": {"equal": comparison.equal, "models_compared": comparison.models_compared,
                  "marts_compared_in_full": comparison.marts_compared_in_full,
                  "count_mismatches": comparison.count_mismatches,
                  "content_mismatches": comparison.content_mismatches,
                  "seconds": time.perf_counter() - check_start},
        "slowest_models": [{"name": name, "resource_type": "model", "seconds": seconds} for name, seconds in
                           sorted(replayed.per_model_seconds.items(), key=lambda item: (-item[1], item[0]))[:10]],
    }
    if not args.keep:
        shutil.rmtree(replay_dir, ignore_errors=True)
    log(f"[{scale.name}]   replay {fmt_seconds(replayed.seconds)}; "
        + ("equal to dbt's tables" if comparison.equal else "DIFFERS from dbt's tables: "
           + json.dumps(comparison.count_mismatches + comparison.content_mismatches)[:2000]))


def pandas_memory_limit(args: argparse.Namespace) -> int | None:
    """Bytes the pandas reference may hold: --pandas-memory-limit GB, else 75 % of the machine's memory."""
    if args.pandas_memory_limit is not None:
        return int(args.pandas_memory_limit * GB)
    total = total_memory_bytes()
    return int(total * 0.75) if total else None


def measure_pandas(scale: Scale, args: argparse.Namespace, workspace: ScaleWorkspace, result: dict,
                   manifest: dict) -> None:
    """The pandas reference in a process of its own, capped in memory: a store too large for pandas on this
    machine is a figure of the report ("out of memory"), not a benchmark killed by the kernel."""
    log(f"[{scale.name}] pandas reference of the RFM chain")
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        found = rfm_chain.find_relation(manifest, con)
    compared_with = found[0] if found else None
    figures_path = workspace.root / "pandas_reference.json"
    figures_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "shopseg.bench.pandas_reference", str(workspace.raw),
               "--project-dir", str(args.project_dir), "--runs", str(max(1, args.runs)), "--json", str(figures_path)]
    if found:
        command += ["--database", str(workspace.warehouse), "--relation", found[1]]
    limit = pandas_memory_limit(args)
    measured = run_measured(command, log_path=workspace.root / "pandas_reference.log", env=package_env(),
                            cwd=args.project_dir, rss_limit_bytes=limit)
    if measured.stopped_at_rss_limit or measured.returncode not in (0, 1) or not figures_path.is_file():
        reason = (f"out of memory: stopped at {fmt_bytes(limit)}" if measured.stopped_at_rss_limit
                  else f"failed (exit code {measured.returncode})")
        result["pandas_rfm"] = {"failed": reason, "peak_rss_bytes": measured.peak_rss_bytes,
                                "seconds_until_stopped": measured.seconds, "compared_with": compared_with,
                                "equal": None}
        log(f"[{scale.name}]   pandas reference {reason} after {fmt_seconds(measured.seconds)}; "
            f"log: {measured.log_path}\n" + measured.log_tail(10))
        return
    figures = json.loads(figures_path.read_text())
    runs = figures["runs"]
    differences = figures["differences"]
    result["pandas_rfm"] = {
        "seconds": min(runs), "runs": runs, "cpu_seconds": figures["cpu_seconds"][runs.index(min(runs))],
        "peak_rss_bytes": measured.peak_rss_bytes,
        "customers": figures["customers"], "compared_with": compared_with,
        "equal": None if differences is None else not differences,
        "differences": differences,
        "first_differences": figures["first_differences"] or [],
    }
    if differences is None:
        log(f"[{scale.name}]   pandas {fmt_seconds(min(runs))}; no persisted relation with the RFM scores to "
            "compare with")
    else:
        log(f"[{scale.name}]   pandas {fmt_seconds(min(runs))}, {figures['customers']:,} customers, peak "
            f"{fmt_bytes(measured.peak_rss_bytes)}; "
            + (f"equal to {compared_with}" if not differences else
               f"{differences} rows DIFFER from {compared_with}, e.g. {figures['first_differences'][:3]}"))


def ratios(result: dict) -> dict:
    """The headline ratios; None where a figure is missing."""
    def divide(numerator, denominator):
        return numerator / denominator if numerator is not None and denominator else None

    builds = result.get("builds") or {}
    full = (builds.get("full") or {}).get("seconds")
    models_only = (builds.get("models_only") or {}).get("seconds")
    pandas = (result.get("pandas_rfm") or {}).get("seconds")
    return {
        "full_over_scan_floor": divide(full, (result.get("scan_floor") or {}).get("seconds")),
        "full_over_copy_floor": divide(full, (result.get("copy_floor") or {}).get("seconds")),
        "models_only_over_replay": divide(models_only, (result.get("replay") or {}).get("seconds")),
        "rfm_chain_build_over_pandas": divide((builds.get("rfm_chain") or {}).get("seconds"), pandas),
        "rfm_chain_replay_over_pandas": divide((result.get("replay") or {}).get("rfm_chain_seconds"), pandas),
        "incremental_day_over_models_only": divide((builds.get("incremental_day") or {}).get("seconds"),
                                                   models_only),
    }


def mismatches(results: list[dict]) -> list[str]:
    """Which references differ from the build they were checked against."""
    found = []
    for result in results:
        if not ((result.get("replay") or {}).get("check") or {}).get("equal", True):
            found.append(f"{result['scale']}: the replay differs from dbt's tables")
        if (result.get("pandas_rfm") or {}).get("equal") is False:
            found.append(f"{result['scale']}: the pandas reference differs from "
                         f"{result['pandas_rfm'].get('compared_with')}")
    return found


def finish_checks(result: dict) -> None:
    builds = result.get("builds") or {}
    metrics = {
        "full_build_seconds": (builds.get("full") or {}).get("seconds"),
        "full_over_scan_floor": result.get("full_over_scan_floor"),
        "full_over_copy_floor": result.get("full_over_copy_floor"),
        "rfm_chain_build_over_pandas": (result.get("ratios") or ratios(result)).get("rfm_chain_build_over_pandas"),
        "peak_rss_bytes": result.get("peak_rss_bytes"),
        "incremental_day_over_models_only": (result.get("ratios") or ratios(result)).get(
            "incremental_day_over_models_only"),
    }
    result["checks"] = [asdict(check) for check in check_targets(result["scale"], metrics)]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        scales = parse_scales(args.scales)
    except ValueError as error:
        parser.error(str(error))
    if args.threads < 1 or args.scan_threads < 1 or args.runs < 1:
        parser.error("--threads, --scan-threads and --runs must be at least 1")
    args.project_dir = args.project_dir.resolve()
    if not (args.project_dir / "dbt_project.yml").exists():
        parser.error(f"no dbt_project.yml in {args.project_dir} (use --project-dir)")
    args.out = (args.out or args.project_dir / "bench" / "results").resolve()
    args.work_dir = (args.work_dir or args.project_dir / "data" / "bench").resolve()

    machine = machine_info(args.project_dir)
    options = {"scales": [s.name for s in scales], "threads": args.threads, "scan_threads": args.scan_threads,
               "runs": args.runs,
               "seed": args.seed, "work_dir": str(args.work_dir), "project_dir": str(args.project_dir)}
    results: list[dict] = []
    failed = False
    for scale in scales:
        result = {"scale": scale.name, "customers": scale.customers, "seed": args.seed, "status": "running"}
        results.append(result)
        try:
            measure_scale(scale, args, result)
            result["status"] = "ok"
        except (BenchFailure, duckdb.Error, RuntimeError, OSError, ValueError) as failure:
            result["status"] = "failed"
            detail = "" if isinstance(failure, BenchFailure) else f"{type(failure).__name__}: "
            result["error"] = detail + str(failure)
            log(result["error"])
            failed = True
        finally:
            finish_checks(result)
            write_results(args.out, results, machine, options)
        if failed:
            log(f"Stopping after the failure at scale {scale.name}.")
            break

    markdown = write_results(args.out, results, machine, options)
    print(markdown)
    log(f"Wrote {args.out / 'results.json'} and {args.out / 'results.md'}")
    if failed:
        return EXIT_FAILED
    mismatched = mismatches(results)
    if mismatched:
        log("Not comparable: " + "; ".join(mismatched))
        return EXIT_MISMATCH
    missed = [check for result in results for check in result["checks"] if check["status"] == "MISS"]
    if missed:
        log("Missed: " + "; ".join(check["label"] for check in missed))
        if args.fail_on_miss:
            return EXIT_MISSED
    return 0
