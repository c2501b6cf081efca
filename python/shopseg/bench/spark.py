"""Spark beside DuckDB on the benchmark's stores: `python -m shopseg.bench.spark --scales S`.

For each scale: reuse (or generate) the store of `make bench` in
data/bench/<scale>/raw, then time, each from empty:
- DuckDB: `dbt build`, models only (seeds and models, no tests);
- Spark: loading the raw tables (shopseg.warehouses.spark load), then the
  same models-only `dbt build` on dbt-spark's session method (local[2]);
- with --with-tests, the full Spark build too (every data and unit test).
Prints a Markdown table and writes spark.{json,md} beside the ladder's results.

This is local Spark on the benchmark machine: it shows Spark's fixed cost per
node (planning, scheduling, a Parquet commit per table), not a cluster's
throughput. See README, "Other warehouses", for what that means at scale.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from shopseg.bench.cli import DEFAULT_PROJECT_DIR, BenchFailure, log, prepare_raw
from shopseg.bench.dbt_runner import MODELS_ONLY_ARGS, ScaleWorkspace, dbt_executable, run_dbt
from shopseg.bench.process import run_measured
from shopseg.bench.report import fmt_seconds
from shopseg.bench.scales import parse_scales


def _spark_env(project_dir: Path, workspace: ScaleWorkspace, threads: int, driver_memory: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        # The session method starts the JVM in the dbt process; its heap (1 GB by
        # default) is set only at launch, so it goes through pyspark's submit args.
        PYSPARK_SUBMIT_ARGS=f"--driver-memory {driver_memory} pyspark-shell",
        DBT_PROFILES_DIR=str(project_dir), DBT_PROJECT_DIR=str(project_dir), DBT_TARGET="spark",
        DBT_THREADS=str(threads), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        SPARK_HOME_DIR=str(workspace.root / "spark"), RAW_DATA_PATH=str(workspace.raw),
        PYTHONPATH=os.pathsep.join(filter(None, [str(project_dir / "python"), env.get("PYTHONPATH")])),
    )
    return env


def _timed(label: str, command: list[str], workspace: ScaleWorkspace, env: dict, project_dir: Path,
           log_name: str) -> dict:
    log(f"[{workspace.root.name}] {label}")
    measured = run_measured(command, log_path=workspace.root / f"{log_name}.log", env=env, cwd=project_dir)
    if not measured.ok:
        raise BenchFailure(f"{label} failed (exit code {measured.returncode}); log: {measured.log_path}\n"
                           + measured.log_tail(40))
    share = measured.other_cpu_share
    log(f"[{workspace.root.name}]   {fmt_seconds(measured.seconds)} wall"
        + (f", other processes {share:.0%} of the machine" if share is not None else ""))
    return {"seconds": measured.seconds, "cpu_seconds": measured.cpu_seconds,
            "other_cpu_share": measured.other_cpu_share, "peak_rss_bytes": measured.peak_rss_bytes}


def measure(scale, args) -> dict:
    project_dir = args.project_dir
    workspace = ScaleWorkspace(args.work_dir / scale.name)
    workspace.root.mkdir(parents=True, exist_ok=True)
    result = {"scale": scale.name, "customers": scale.customers}
    result["generation"] = prepare_raw(scale, workspace, args.seed, False, project_dir)

    workspace.remove_warehouse()
    log(f"[{scale.name}] DuckDB: dbt build, models only")
    duck = run_dbt("build", project_dir, workspace, args.threads, "duckdb_models_only", *MODELS_ONLY_ARGS)
    if not duck.ok:
        raise BenchFailure(f"DuckDB build failed; log: {duck.log_path}\n" + duck.log_tail(40))
    result["duckdb_models_only"] = {"seconds": duck.seconds, "other_cpu_share": duck.other_cpu_share}
    workspace.remove_warehouse()

    shutil.rmtree(workspace.root / "spark", ignore_errors=True)
    env = _spark_env(project_dir, workspace, args.threads, args.driver_memory)
    result["spark_load"] = _timed(
        "Spark: load the raw tables", [sys.executable, "-m", "shopseg.warehouses.spark", "load", str(workspace.raw)],
        workspace, env, project_dir, "spark_load")
    dbt = [dbt_executable(), "--no-use-colors", "build", "--project-dir", str(project_dir), "--target", "spark",
           "--target-path", str(workspace.root / "spark-target"), "--log-path", str(workspace.logs)]
    result["spark_models_only"] = _timed("Spark: dbt build, models only", dbt + list(MODELS_ONLY_ARGS), workspace,
                                         env, project_dir, "spark_models_only")
    if args.with_tests:
        result["spark_full"] = _timed("Spark: dbt build, full with tests", dbt, workspace, env, project_dir,
                                      "spark_full")
    shutil.rmtree(workspace.root / "spark", ignore_errors=True)
    return result


def table(results: list[dict]) -> str:
    def cell(result, key):
        entry = result.get(key)
        return fmt_seconds(entry["seconds"]) if entry else "—"

    rows = [("customers", lambda r: f"{r['customers']:,}"),
            ("DuckDB `dbt build`, models only", lambda r: cell(r, "duckdb_models_only")),
            ("Spark: load raw tables", lambda r: cell(r, "spark_load")),
            ("Spark `dbt build`, models only", lambda r: cell(r, "spark_models_only")),
            ("Spark `dbt build`, with tests", lambda r: cell(r, "spark_full"))]
    lines = ["| | " + " | ".join(r["scale"] for r in results) + " |",
             "|:--|" + "--:|" * len(results)]
    lines += [f"| {label} | " + " | ".join(fn(r) for r in results) + " |" for label, fn in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopseg.bench.spark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="S", help="comma-separated scales (default: S)")
    parser.add_argument("--with-tests", action="store_true", help="also time the full Spark build with tests")
    parser.add_argument("--threads", type=int, default=2, help="dbt threads (default: 2)")
    parser.add_argument("--driver-memory", default="6g",
                        help="heap of the local Spark driver, which does all the work in local mode (default: 6g)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default: 42, as make bench)")
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_PROJECT_DIR / "data" / "bench")
    parser.add_argument("--out", type=Path, default=DEFAULT_PROJECT_DIR / "bench" / "results")
    parser.add_argument("--project-dir", type=Path, default=DEFAULT_PROJECT_DIR)
    args = parser.parse_args(argv)
    try:
        scales = parse_scales(args.scales)
    except ValueError as error:
        parser.error(str(error))
    results = []
    try:
        for scale in scales:
            results.append(measure(scale, args))
    except BenchFailure as failure:
        log(str(failure))
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    markdown = table(results)
    (args.out / "spark.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "spark.md").write_text(markdown + "\n")
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
