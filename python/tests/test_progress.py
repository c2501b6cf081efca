"""Progress display (shopseg.progress): on a terminal or when asked, never into a pipe."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from shopseg.progress import DbtNodes, GeneratorSteps, LogProgress, progress_enabled

PYTHON_DIR = Path(__file__).resolve().parents[1]

# Lines as dbt 1.11 prints them (with --no-use-colors) while `dbt build` runs.
DBT_LINES = [
    "10:00:00  Running with dbt=1.11.16",
    "10:00:01  1 of 5 START sql table model main_staging.base_shop__orders ............ [RUN]",
    "10:00:02  1 of 5 OK created sql table model main_staging.base_shop__orders ....... [OK in 1.02s]",
    "10:00:02  2 of 5 START test not_null_fct_orders_order_id ......................... [RUN]",
    "10:00:02  2 of 5 PASS not_null_fct_orders_order_id ............................... [PASS in 0.10s]",
    "10:00:03  3 of 5 ERROR creating sql table model main_marts.dim_customers ......... [ERROR in 0.20s]",
    "10:00:03  4 of 5 SKIP relation main_marts.rpt_segment_summary .................... [SKIP]",
]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_or_when_asked_only():
    assert progress_enabled(stream=FakeTerminal())
    assert not progress_enabled(stream=io.StringIO())
    assert not progress_enabled(quiet=True, stream=FakeTerminal())
    assert progress_enabled(forced=True, quiet=True, stream=io.StringIO())


def test_dbt_reader_counts_finished_nodes_not_started_ones():
    reader = DbtNodes()
    readings = [reading for reading in map(reader, DBT_LINES) if reading]
    assert readings == [
        (1, 5, "main_staging.base_shop__orders"),
        (2, 5, "not_null_fct_orders_order_id"),
        (3, 5, "main_marts.dim_customers"),
        (4, 5, "main_marts.rpt_segment_summary"),
    ]


def test_generator_reader_follows_the_generators_own_bar():
    # tqdm redraws the line after a carriage return; the reader sees one redraw at a time.
    assert GeneratorSteps()("orders                 ████▍      4/9 [00:03<00:04]") == (4, 9, "orders")
    assert GeneratorSteps()("wrote 9 tables to data/test (parquet) in 2.1 s") is None


def test_log_progress_follows_a_growing_log(tmp_path, capsys):
    log = tmp_path / "dbt.log"
    log.write_text("")

    def write_slowly():
        with log.open("a") as handle:
            for line in DBT_LINES:
                handle.write(line + "\n")
                handle.flush()
                time.sleep(0.02)

    with LogProgress(log, "dbt build", True, DbtNodes(), interval=0.01) as progress:
        writer = threading.Thread(target=write_slowly)
        writer.start()
        writer.join()
    assert (progress.done, progress.total) == (4, 5)
    assert "4/5 nodes" in capsys.readouterr().err


def test_log_progress_draws_nothing_when_disabled(tmp_path, capsys):
    log = tmp_path / "dbt.log"
    log.write_text("\n".join(DBT_LINES) + "\n")
    with LogProgress(log, "dbt build", False, DbtNodes(), interval=0.01):
        pass
    assert capsys.readouterr().err == ""


def test_generator_cli_draws_its_bar_into_a_pipe_only_when_asked(tmp_path):
    def run(*extra):
        return subprocess.run(
            [sys.executable, "-m", "shopseg.generate", "--out", str(tmp_path / "store"), "--customers", "200",
             *extra], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": str(PYTHON_DIR)})

    assert run().stderr == ""  # stdout and stderr are pipes here, not terminals
    asked = run("--quiet", "--progress").stderr
    redraws = [line for line in re.split(r"[\r\n]", asked) if line.strip()]
    assert redraws and all(re.search(r"\d+/\d+ \[\d\d:\d\d<", line) for line in redraws), asked
