"""The segment report on the built test store: its figures, its command line, no personal data."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from shopseg.report import Snapshot

from .dbt_project_runner import PROJECT_DIR, DbtProject

ENV = {**os.environ, "PYTHONPATH": str(PROJECT_DIR / "python")}


def run_report(*args: str, cwd=PROJECT_DIR, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shopseg.report", *args], cwd=cwd, capture_output=True, text=True,
                          env=env or ENV)


@pytest.fixture(scope="module")
def report_html(warehouse: DbtProject, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = run_report("--database", str(warehouse.warehouse), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no progress bar into a pipe"
    return out.read_text()


@pytest.fixture(scope="module")
def snapshot(warehouse: DbtProject):
    opened = Snapshot.open(warehouse.warehouse)
    yield opened
    opened.close()


def test_report_holds_no_personal_data(warehouse, report_html):
    emails = [email for (email,) in warehouse.query(
        "select email from main_marts.dim_customers where email is not null")]
    assert len(emails) > 1000
    assert [email for email in emails if email in report_html] == []
    names = warehouse.query(
        "select first_name || ' ' || last_name from main_marts.dim_customers"
        " where first_name is not null and last_name is not null")
    assert [name for (name,) in names if name in report_html] == []


def test_report_is_self_contained(report_html):
    # plotly.js is inline; nothing is fetched from a network address.
    assert re.findall(r"""<script[^>]+src=|<link[^>]+href=["']https?:""", report_html) == []
    assert "Plotly.newPlot" in report_html


def test_pareto_curve_meets_the_pareto_segment_at_its_size(snapshot, warehouse):
    # The curve is computed from dim_customers, the marker from seg_top_customers_pareto: the point of
    # the curve at the segment's size is the share the segment reached.
    data = snapshot.pareto_curve(points=10**9)  # every customer, no thinning
    members = warehouse.scalar("select count(*) from main_marts.seg_top_customers_pareto")
    reached = warehouse.scalar("select max(cumulative_share) from main_marts.seg_top_customers_pareto")
    at_size = next(row for row in data["curve"] if row["customer_rank"] == members)
    assert float(at_size["revenue_share"]) == pytest.approx(reached, abs=1e-9)
    before = next(row for row in data["curve"] if row["customer_rank"] == members - 1)
    assert float(before["revenue_share"]) < 0.8 <= float(at_size["revenue_share"])


def test_rfm_grid_covers_every_scored_customer(snapshot, warehouse):
    grid = snapshot.rfm_grid()
    ordered, revenue = warehouse.query(
        "select count(*), sum(lifetime_net_revenue) from main_marts.dim_customers where has_ordered")[0]
    assert sum(cell["customers"] for cell in grid) == ordered
    assert sum(cell["revenue"] for cell in grid) == revenue
    assert len({(cell["recency_score"], cell["frequency_score"]) for cell in grid}) == len(grid) <= 25


def test_report_cli_progress_only_when_asked(warehouse, tmp_path):
    asked = run_report("--database", str(warehouse.warehouse), "--out", str(tmp_path / "r.html"), "--progress")
    assert asked.returncode == 0 and "chart" in asked.stderr, asked.stderr


def test_report_cli_without_a_database_says_so(tmp_path):
    env = {**ENV, "SERVING_DUCKDB_PATH": str(tmp_path / "none.duckdb"), "DUCKDB_PATH": str(tmp_path / "no.duckdb")}
    done = run_report("--out", str(tmp_path / "r.html"), cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "does not exist" in done.stderr and "make build" in done.stderr
