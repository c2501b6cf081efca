"""The scenario store (python/tests/scenario/STORIES.md) built as of an earlier date, with one
order added whose unit price is below a cent. Expectations by hand:

- Versions as they were known: O0502 (C05, placed 2026-04-02, 3 × P4 at 20 €) was loaded as
  `completed` (updated 04-02) and re-loaded as `partially_refunded` with 20 € refunded, updated
  04-10. As of 2026-04-05 the refund was not known yet: completed, nothing refunded, 60 €.
  (As of 06-30 the scenario build shows 40 €.)
- Precision: OSUB1 (C04, 2026-04-03, USD) has one line of 1,000 × 0.001 USD = 1.00 USD, at
  0.92 € per USD = 0.92 €. A unit price cast to cents, before or after conversion, gives 0.00.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from .dbt_project_runner import DbtProject

SCENARIO_STORE = Path(__file__).resolve().parents[1] / "scenario" / "store"
AS_OF = "2026-04-05"
SUB_CENT_ORDER = "OSUB1,C04,marc.petit@example.com,,2026-04-03 10:00:00,completed,USD,1.00,0,0,0,1.00,0,,,,,Meaux,FR,"
SUB_CENT_LINE = "OSUB1,1,P3,1000,0.001,0"


def _append(path: Path, line: str) -> None:
    text = path.read_text()
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n")


@pytest.fixture(scope="module")
def early_build(tmp_path_factory) -> DbtProject:
    work = tmp_path_factory.mktemp("scenario_as_of")
    raw = work / "raw"
    shutil.copytree(SCENARIO_STORE, raw)
    header = (raw / "orders.csv").read_text().splitlines()[0]
    assert header.count(",") == SUB_CENT_ORDER.count(","), "orders.csv changed its columns"
    _append(raw / "orders.csv", SUB_CENT_ORDER)
    _append(raw / "order_items.csv", SUB_CENT_LINE)
    project = DbtProject(raw, work / "build", vars={"as_of_date": AS_OF}, raw_file_format="csv")
    result = project.build("--select", "+fct_orders", "+fct_order_lines",
                           "--exclude", "test_type:data", "test_type:unit")
    assert result.returncode == 0, result.output[-3000:]
    return project


def test_the_added_order_belongs_to_c04(early_build):
    """The added order really belongs to an account (otherwise it would be a guest order)."""
    assert early_build.scalar("select customer_id from main_marts.fct_orders where order_id = 'OSUB1'") == "C04"


def test_an_order_refunded_after_the_as_of_date_shows_as_it_was(early_build):
    row = early_build.query(
        "select status, refunded_amount, net_revenue from main_marts.fct_orders where order_id = 'O0502'"
    )
    assert row == [("completed", Decimal("0.00"), Decimal("60.00"))]
    collapsed = early_build.query(
        "select status, collapse_reason from main_staging.base_shop__orders "
        "where order_id = 'O0502' and row_disposition = 'collapsed'"
    )
    assert collapsed == [("partially_refunded", "known_after_as_of_date")]


def test_a_sub_cent_unit_price_keeps_its_precision_through_conversion(early_build):
    line = early_build.query(
        "select quantity, gross_amount, net_line_amount from main_marts.fct_order_lines where order_id = 'OSUB1'"
    )
    assert line == [(1000, Decimal("0.92"), Decimal("0.92"))]
    assert early_build.scalar("select net_revenue from main_marts.fct_orders where order_id = 'OSUB1'") == Decimal(
        "0.92"
    )
