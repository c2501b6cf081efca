"""Progress display for the long-running tools (generator, benchmark, report), with tqdm.

Progress goes to stderr, and only when stderr is a terminal, unless the user asks for it
(``--progress``): a pipe, a CI log or a test capture gets no progress bars, only the results.
"""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path
from typing import Callable, TextIO

from tqdm import tqdm

# dbt's console line for a finished node: "12:00:01  3 of 120 OK created sql table model ... [OK in 0.5s]"
_DBT_NODE_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP)\b(.*)$")
# The generator's own bar, as written with --progress: "<step> <bar> 3/9 [00:04]"
_GENERATOR_STEP = re.compile(r"^\s*(\w+)\s.*?\b(\d+)/(\d+) \[")

# A reading of one log line: (units done, total units, what is running), or None for no news.
Reading = tuple[int, int, str] | None


def progress_enabled(forced: bool = False, quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether to draw progress: asked for explicitly, or (not quiet and) the stream is a terminal."""
    if forced:
        return True
    if quiet:
        return False
    stream = sys.stderr if stream is None else stream
    return bool(getattr(stream, "isatty", lambda: False)())


class DbtNodes:
    """Reads dbt's "<i> of <n> <STATUS>" lines: one unit per finished node."""

    unit = "node"

    def __init__(self):
        self.done = 0

    def __call__(self, line: str) -> Reading:
        match = _DBT_NODE_DONE.search(line)
        if not match:
            return None
        self.done += 1
        words = match.group(4).split(" ..")[0].split()
        return self.done, int(match.group(2)), (words[-1] if words else "")


class GeneratorSteps:
    """Reads the generator's progress bar (python -m shopseg.generate --progress): one unit per table step."""

    unit = "step"

    def __call__(self, line: str) -> Reading:
        match = _GENERATOR_STEP.search(line)
        return (int(match.group(2)), int(match.group(3)), match.group(1)) if match else None


class LogProgress:
    """A bar over the work of a running command, read from the log file it writes.

    A thread follows the log (lines end with a newline or tqdm's carriage return), hands each line
    to `reader`, and moves the bar: units done of total, elapsed time, tqdm's estimate of the time
    left and what is running now.
    """

    def __init__(self, log_path: Path, label: str, enabled: bool, reader: Callable[[str], Reading],
                 interval: float = 0.5):
        self.log_path, self.label, self.enabled, self.reader = log_path, label, enabled, reader
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: tqdm | None = None
        self.done = 0
        self.total: int | None = None

    def __enter__(self) -> "LogProgress":
        if self.enabled:
            unit = getattr(self.reader, "unit", "it")
            self._bar = tqdm(desc=self.label, file=sys.stderr, dynamic_ncols=True, leave=False,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt} " + unit
                             + "s [{elapsed}<{remaining}] {postfix}")
            self._thread = threading.Thread(target=self._follow, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.close()

    def feed(self, line: str) -> None:
        reading = self.reader(line)
        if reading is None:
            return
        done, total, running = reading
        self.done, self.total = done, total
        if self._bar is not None:
            self._bar.total = total
            self._bar.n = done
            self._bar.set_postfix_str(running[-48:], refresh=False)
            self._bar.refresh()

    def _follow(self) -> None:
        position, pending = 0, ""
        while True:
            stopping = self._stop.is_set()
            try:
                with open(self.log_path, "r", errors="replace", newline="") as handle:
                    handle.seek(position)
                    chunk = handle.read()
                    position = handle.tell()
            except OSError:
                chunk = ""
            lines = re.split(r"[\r\n]", pending + chunk)
            pending = lines.pop()
            for line in lines:
                self.feed(line)
            if stopping:
                if pending:
                    self.feed(pending)
                return
            self._stop.wait(self.interval)
