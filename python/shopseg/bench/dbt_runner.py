"""Run dbt for one scale without touching the user's target/ or warehouse; read run_results.json.

Every scale has its own work folder: raw/ (the store), warehouse.duckdb,
serving.duckdb and exports/ (what a passing full build publishes), target/
and logs/. dbt runs as a subprocess found next to sys.executable (the venv's
`dbt`), with DBT_PROFILES_DIR=<project>, RAW_DATA_PATH=<raw>,
DUCKDB_PATH=<warehouse>, SERVING_DUCKDB_PATH=<serving>, EXPORTS_PATH=<exports>
and --target duckdb, so the user's own settings never leak in.

"Models only" is `dbt build --exclude resource_type:test resource_type:unit_test`:
seeds and models in one process, the same parse cost as the full `dbt build`,
so full - models only is what the data tests cost. The full build is the production one (no unit
tests, as `make build`); the unit tests are timed on their own with `dbt test --select test_type:unit`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from shopseg.bench.process import Measured, run_measured

MODELS_ONLY_ARGS = ("--exclude", "resource_type:test", "resource_type:unit_test")
# The full build is the production one (`make build`): seeds, models and data tests. The unit tests check the
# SQL on fixed inputs, the same at every scale; CI runs them, and they are timed on their own.
FULL_ARGS = ("--exclude-resource-type", "unit_test")
UNIT_TEST_ARGS = ("--select", "test_type:unit")
OK_STATUSES = {"success", "pass"}
PROBLEM_STATUSES = {"error", "fail", "runtime error"}


def dbt_executable() -> str:
    """The `dbt` of the running interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError(f"no dbt next to {sys.executable} nor on PATH")
    return found


@dataclass
class ScaleWorkspace:
    root: Path  # <work-dir>/<scale>

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        return self.root / "serving.duckdb"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def target(self) -> Path:
        return self.root / "target"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def remove_warehouse(self) -> None:
        """Remove the build and serving databases and the exports: the next build starts from nothing."""
        for path in (self.warehouse, self.warehouse.with_name(self.warehouse.name + ".wal"), self.serving):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.exports, ignore_errors=True)

    def warehouse_bytes(self) -> int:
        wal = self.warehouse.with_name(self.warehouse.name + ".wal")
        return sum(path.stat().st_size for path in (self.warehouse, wal) if path.exists())


def dbt_env(project_dir: Path, workspace: ScaleWorkspace, threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DBT_PROFILES_DIR=str(project_dir),
        DBT_PROJECT_DIR=str(project_dir),
        RAW_DATA_PATH=str(workspace.raw),
        DUCKDB_PATH=str(workspace.warehouse),
        SERVING_DUCKDB_PATH=str(workspace.serving),
        EXPORTS_PATH=str(workspace.exports),
        DBT_TARGET="duckdb",
        DBT_THREADS=str(threads),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return env


def dbt_command(command: str, project_dir: Path, workspace: ScaleWorkspace, threads: int,
                *extra: str) -> list[str]:
    args = [
        dbt_executable(), "--no-use-colors", command,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target", "duckdb",
        "--target-path", str(workspace.target),
        "--log-path", str(workspace.logs),
    ]
    if command != "parse":
        args += ["--threads", str(threads)]
    return args + list(extra)


def run_dbt(command: str, project_dir: Path, workspace: ScaleWorkspace, threads: int, log_name: str,
            *extra: str) -> Measured:
    return run_measured(
        dbt_command(command, project_dir, workspace, threads, *extra),
        log_path=workspace.root / f"{log_name}.log",
        env=dbt_env(project_dir, workspace, threads),
        cwd=project_dir,
    )


# --- run_results.json -------------------------------------------------------

@dataclass
class NodeTiming:
    unique_id: str
    name: str
    resource_type: str
    status: str
    seconds: float
    message: str | None = None


def node_name(unique_id: str) -> str:
    """`model.pkg.fct_orders` -> fct_orders; `unit_test.pkg.model.case` -> model::case."""
    parts = unique_id.split(".")
    if parts[0] == "unit_test" and len(parts) >= 4:
        return f"{parts[2]}::{parts[3]}"
    if parts[0] == "test" and len(parts) >= 4:
        return ".".join(parts[2:-1])  # drop the trailing hash of generic tests
    return ".".join(parts[2:]) if len(parts) > 2 else unique_id


def parse_run_results(data: dict) -> list[NodeTiming]:
    nodes = []
    for result in data.get("results", []):
        unique_id = result["unique_id"]
        nodes.append(NodeTiming(
            unique_id=unique_id,
            name=node_name(unique_id),
            resource_type=unique_id.split(".")[0],
            status=str(result.get("status")),
            seconds=float(result.get("execution_time") or 0.0),
            message=result.get("message"),
        ))
    return nodes


def load_run_results(target: Path) -> tuple[list[NodeTiming], float | None]:
    """Nodes and dbt's own elapsed_time from <target>/run_results.json ([] and None when absent)."""
    try:
        data = json.loads((target / "run_results.json").read_text())
    except (OSError, ValueError):
        return [], None
    return parse_run_results(data), data.get("elapsed_time")


def publish_seconds(nodes: list[NodeTiming]) -> float | None:
    """dbt's time for the on-run-end hook, which publishes the serving snapshot (None without the hook)."""
    hooks = [node.seconds for node in nodes if node.resource_type == "operation" and "on-run-end" in node.unique_id]
    return sum(hooks) if hooks else None


def slowest(nodes: list[NodeTiming], count: int = 10) -> list[NodeTiming]:
    return sorted(nodes, key=lambda node: (-node.seconds, node.unique_id))[:count]


def seconds_by_type(nodes: list[NodeTiming]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for node in nodes:
        totals[node.resource_type] = totals.get(node.resource_type, 0.0) + node.seconds
    return dict(sorted(totals.items()))


def tested_models(manifest: dict) -> dict[str, str]:
    """Data test unique_id -> unique_id of the model it tests, from target/manifest.json."""
    tested = {}
    for unique_id, node in (manifest.get("nodes") or {}).items():
        if node.get("resource_type") != "test":
            continue
        attached = node.get("attached_node")
        if not attached:
            parents = [parent for parent in (node.get("depends_on") or {}).get("nodes", [])
                       if parent.startswith(("model.", "seed.", "snapshot."))]
            attached = parents[0] if len(parents) == 1 else None
        if attached:
            tested[unique_id] = attached
    return tested


def load_tested_models(target: Path) -> dict[str, str]:
    try:
        return tested_models(json.loads((target / "manifest.json").read_text()))
    except (OSError, ValueError):
        return {}


def test_seconds_by_model(nodes: list[NodeTiming], tested: dict[str, str], count: int = 10) -> list[dict]:
    """Data-test time summed per tested model, slowest first: where the test suite spends its time."""
    totals: dict[str, list] = {}
    for node in nodes:
        if node.resource_type != "test":
            continue
        model = tested.get(node.unique_id, "(several models or none)")
        entry = totals.setdefault(model, [0, 0.0])
        entry[0] += 1
        entry[1] += node.seconds
    rows = [{"model": node_name(model) if "." in model else model, "tests": tests, "seconds": seconds}
            for model, (tests, seconds) in totals.items()]
    return sorted(rows, key=lambda row: (-row["seconds"], row["model"]))[:count]


def problems(nodes: list[NodeTiming]) -> list[NodeTiming]:
    return [node for node in nodes if node.status in PROBLEM_STATUSES]


def failure_report(label: str, measured: Measured, nodes: list[NodeTiming]) -> str:
    """What to print when a dbt command fails: the failing nodes, then the end of dbt's output."""
    lines = [f"{label} failed (exit code {measured.returncode}); dbt log: {measured.log_path}"]
    failing = problems(nodes)
    if failing:
        lines.append(f"{len(failing)} failing node(s):")
        for node in failing:
            message = (node.message or "").strip().replace("\n", "\n      ")
            lines.append(f"  - {node.unique_id}: {node.status}" + (f"\n      {message}" if message else ""))
        skipped = sum(1 for node in nodes if node.status == "skipped")
        if skipped:
            lines.append(f"  ({skipped} node(s) skipped because of them)")
    lines.append("--- end of dbt output ---")
    lines.append(measured.log_tail(30))
    return "\n".join(lines)
