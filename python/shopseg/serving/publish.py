"""The file side of publishing a snapshot: exports, then the atomic switch of the serving file.

The SQL side (macro publish_serving_snapshot) has already written a complete
snapshot of the marts, build_metadata and build_metadata_marts to a temporary
DuckDB file beside the serving file, checkpointed and detached it. Here:

1. the activation exports are written from that temporary file into a
   temporary folder, which then takes the place of ``<exports>/<as_of_date>``;
2. the temporary file is flushed and renamed over the serving file
   (``os.replace``: atomic on one filesystem). A reader that has the old file
   open keeps reading the old snapshot; a new connection opens the new one.

If anything fails, the temporaries are removed and the serving file and the
exports are left as they were.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import duckdb

from .exports import write_exports
from .files import remove_quietly, replace_dir, replace_file

SOURCE_DIR = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class ServingSettings:
    """Where a build publishes to (profiles.yml, plugin shopseg.serving.dbt_plugin)."""

    serving_path: Path
    exports_path: Path

    @classmethod
    def from_config(cls, config: dict) -> "ServingSettings":
        return cls(
            serving_path=Path(config.get("serving_path") or "serving.duckdb").resolve(),
            exports_path=Path(config.get("exports_path") or "exports").resolve(),
        )

    def temporary_snapshot(self, build_id: str) -> Path:
        return self.serving_path.with_name(f"{self.serving_path.name}.{build_id}.tmp")

    def leftover_snapshots(self) -> list[Path]:
        """Temporary snapshots of publishes that were interrupted (a killed build)."""
        return sorted(self.serving_path.parent.glob(f"{self.serving_path.name}.*.tmp"))


def git_state(directory: Path = SOURCE_DIR) -> tuple[str | None, bool | None]:
    """(commit, work tree has uncommitted changes) of the checkout, (None, None) outside git."""
    try:
        commit = subprocess.run(["git", "-C", str(directory), "rev-parse", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "-C", str(directory), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    return commit or None, bool(status.strip())


def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def build_environment() -> dict:
    commit, dirty = git_state()
    return {
        "git_commit": commit,
        "git_worktree_dirty": dirty,
        "adapter_version": package_version("dbt-duckdb"),
        "duckdb_version": duckdb.__version__ if hasattr(duckdb, "__version__") else package_version("duckdb"),
    }


def prepare(settings: ServingSettings, build_id: str) -> Path:
    """The temporary snapshot path for this build, after removing leftovers of interrupted publishes."""
    for leftover in settings.leftover_snapshots():
        remove_quietly(leftover)
    settings.serving_path.parent.mkdir(parents=True, exist_ok=True)
    return settings.temporary_snapshot(build_id)


def publish(settings: ServingSettings, build_id: str) -> dict:
    """Write the exports of the temporary snapshot of `build_id`, then switch the serving file to it."""
    snapshot = settings.temporary_snapshot(build_id)
    exports_tmp = None
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            as_of_date = str(con.execute("select as_of_date from main_marts.build_metadata").fetchone()[0])
        exports_final = settings.exports_path / as_of_date
        exports_tmp = settings.exports_path / f".{as_of_date}.{build_id}.tmp"
        settings.exports_path.mkdir(parents=True, exist_ok=True)
        manifest = write_exports(snapshot, exports_tmp, build_id)
        replace_dir(exports_tmp, exports_final, settings.exports_path / f".{as_of_date}.{build_id}.old")
        replace_file(snapshot, settings.serving_path)
    except BaseException:
        remove_quietly(snapshot)
        if exports_tmp is not None:
            remove_quietly(exports_tmp)
        raise
    return {
        "serving_path": str(settings.serving_path),
        "exports_path": str(exports_final),
        "export_files": len(manifest["files"]),
        "as_of_date": as_of_date,
    }

