"""Run a command, timing it and recording the peak memory of its process tree.

Besides wall time, the CPU time (user + system) of the child is kept: on a
machine other jobs are using, wall time inflates while CPU time barely moves.
The busy time of the whole machine (/proc/stat) over the same interval, minus
the child's CPU time, gives the share of the machine other processes took:
a high share means the wall times are not representative.

Peak memory is the larger of two readings, both without extra dependencies:
- `os.wait4` rusage of the child: ru_maxrss, the peak resident set of the
  largest single process in the tree (the kernel folds in the child's own
  reaped children), sampled by the kernel so no spike is missed;
- a sampler thread summing the resident memory (/proc/<pid>/statm) of the
  child and all its descendants every `interval` seconds, which counts
  several processes alive at once (dbt itself is one process; DuckDB runs
  inside it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy_seconds() -> float | None:
    """CPU seconds all cores have spent busy (not idle or waiting on I/O) since boot; None without /proc."""
    try:
        with open("/proc/stat") as handle:
            fields = [int(value) for value in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    # user nice system idle iowait irq softirq steal; guest time is already inside user.
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def other_cpu_share(busy_before: float | None, busy_after: float | None, own_cpu_seconds: float,
                    wall_seconds: float, cores: int) -> float | None:
    """Share of the machine's CPU capacity used by other processes during an interval (0..1)."""
    if busy_before is None or busy_after is None or wall_seconds <= 0:
        return None
    others = busy_after - busy_before - own_cpu_seconds
    return min(1.0, max(0.0, others / (wall_seconds * cores)))


@dataclass
class Measured:
    returncode: int
    seconds: float
    peak_rss_bytes: int
    log_path: Path
    cpu_seconds: float = 0.0  # user + system time of the process and its reaped children
    other_cpu_share: float | None = None  # share of the machine other processes used meanwhile
    stopped_at_rss_limit: bool = False  # killed by run_measured because its tree exceeded rss_limit_bytes

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids.extend(int(kid) for kid in handle.read().split())
        except OSError:
            continue
    return kids


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of `pid` and all its descendants now (0 where /proc is unavailable)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_bytes(current)
        todo.extend(_children(current))
    return total


class _TreeSampler(threading.Thread):
    """Samples the tree's resident memory; above `limit` bytes it kills the tree's root process."""

    def __init__(self, pid: int, interval: float, limit: int | None = None):
        super().__init__(daemon=True)
        self.pid, self.interval, self.limit, self.peak = pid, interval, limit, 0
        self.stopped_at_limit = False
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            current = tree_rss_bytes(self.pid)
            self.peak = max(self.peak, current)
            if self.limit is not None and current > self.limit and not self.stopped_at_limit:
                self.stopped_at_limit = True
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except OSError:
                    pass
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def maxrss_bytes(ru_maxrss: int) -> int:
    """ru_maxrss is in kilobytes on Linux and in bytes on macOS."""
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_measured(command: list[str], *, log_path: Path, env: dict[str, str] | None = None,
                 cwd: Path | None = None, interval: float = 0.05, rss_limit_bytes: int | None = None) -> Measured:
    """Run `command` with stdout+stderr into `log_path`; wall time and peak RSS of its tree.

    With `rss_limit_bytes`, the process is killed as soon as its tree's sampled resident memory exceeds
    it (`stopped_at_rss_limit`), before the machine itself runs out and its kernel picks a victim."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        busy_before = machine_busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT)
        sampler = _TreeSampler(process.pid, interval, rss_limit_bytes)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            sampler.stop()
            raise
        seconds = time.perf_counter() - start
        busy_after = machine_busy_seconds()
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = max(maxrss_bytes(usage.ru_maxrss), sampler.peak)
    cpu = usage.ru_utime + usage.ru_stime
    share = other_cpu_share(busy_before, busy_after, cpu, seconds, usable_cores())
    return Measured(process.returncode, seconds, peak, log_path, cpu, share, sampler.stopped_at_limit)
