"""What the benchmark ran on: CPU, cores, memory, OS and tool versions."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from shopseg.bench.process import usable_cores


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except OSError:
        return None


def cpu_model() -> str:
    for line in (_read("/proc/cpuinfo") or "").splitlines():
        if line.lower().startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def cgroup_limits() -> dict[str, str]:
    """CPU quota and memory limit of the cgroup (v2), when one is set."""
    limits = {}
    cpu = (_read("/sys/fs/cgroup/cpu.max") or "").split()
    if len(cpu) == 2 and cpu[0] != "max":
        limits["cpu_quota_cores"] = f"{int(cpu[0]) / int(cpu[1]):g}"
    memory = (_read("/sys/fs/cgroup/memory.max") or "").strip()
    if memory and memory != "max":
        limits["memory_limit_bytes"] = memory
    return limits


def total_memory_bytes() -> int | None:
    for line in (_read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def git_revision(project_dir: Path) -> str | None:
    try:
        head = subprocess.run(["git", "-C", str(project_dir), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(project_dir), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("-dirty" if dirty else "")


def machine_info(project_dir: Path) -> dict:
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpu_model": cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": usable_cores(),
        "memory_bytes": total_memory_bytes(),
        **cgroup_limits(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": _version("duckdb"),
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
        "git_revision": git_revision(project_dir),
    }
