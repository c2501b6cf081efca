"""Run the dbt project from tests: generate a store, build it, query the result.

Each build gets its own DuckDB files (build and serving), exports folder and
target folder, so tests never share state and can run against several stores
in one session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[3]
BIN_DIR = Path(sys.executable).parent


def generate_store(out: Path, *extra_args: str, customers: int = 1500, seed: int = 7) -> Path:
    """Write a generated store into `out` with the project's generator CLI."""
    subprocess.run(
        [sys.executable, "-m", "shopseg.generate", "--out", str(out), "--customers", str(customers),
         "--seed", str(seed), "--quiet", *extra_args],
        check=True,
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "python")},
    )
    return out


@dataclass
class DbtResult:
    returncode: int
    output: str
    warehouse: Path
    target_path: Path

    def run_results(self) -> list[dict]:
        path = self.target_path / "run_results.json"
        return json.loads(path.read_text())["results"] if path.exists() else []

    def failures(self) -> list[str]:
        return [
            f"{result['unique_id']}: {result['status']} {result.get('message') or ''}"
            for result in self.run_results()
            # Exposures build nothing and report no-op.
            if result["status"] not in ("success", "pass", "no-op")
        ]


@dataclass
class DbtProject:
    """One isolated build of the project: its raw folder, warehouse and target."""

    raw_path: Path
    work_dir: Path
    vars: dict = field(default_factory=dict)
    raw_file_format: str = "parquet"

    @property
    def warehouse(self) -> Path:
        return self.work_dir / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        """The serving database a passing full build publishes to."""
        return self.work_dir / "serving.duckdb"

    @property
    def exports(self) -> Path:
        return self.work_dir / "exports"

    def run(self, *args: str, extra_vars: dict | None = None, extra_env: dict | None = None) -> DbtResult:
        env = dict(os.environ)
        env.update(extra_env or {})
        env.update(
            RAW_DATA_PATH=str(self.raw_path),
            DUCKDB_PATH=str(self.warehouse),
            SERVING_DUCKDB_PATH=str(self.serving),
            EXPORTS_PATH=str(self.exports),
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        all_vars = {"raw_file_format": self.raw_file_format, **self.vars, **(extra_vars or {})}
        target_path = self.work_dir / "target"
        command = [
            str(BIN_DIR / "dbt"), *args,
            "--project-dir", str(PROJECT_DIR),
            "--target-path", str(target_path),
            "--log-path", str(self.work_dir / "logs"),
            "--vars", json.dumps(all_vars),
        ]
        completed = subprocess.run(command, env=env, cwd=PROJECT_DIR, capture_output=True, text=True)
        return DbtResult(completed.returncode, completed.stdout + completed.stderr, self.warehouse, target_path)

    def build(self, *args: str, extra_vars: dict | None = None) -> DbtResult:
        return self.run("build", *args, extra_vars=extra_vars)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


def assert_build_ok(result: DbtResult) -> None:
    """Fail with dbt's own account of what broke."""
    assert result.returncode == 0, (
        "dbt build failed:\n" + "\n".join(result.failures()) + "\n--- output tail ---\n" + result.output[-4000:]
    )
    assert "[WARNING]" not in result.output and " WARN " not in result.output, (
        "dbt build printed a warning:\n" + result.output[-4000:]
    )
