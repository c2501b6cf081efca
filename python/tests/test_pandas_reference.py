"""The pandas reference of the RFM chain (shopseg.bench.pandas_reference): its building blocks on
hand-made input, and the whole chain on the hand-written scenario store, whose RFM figures were worked
out by hand (scenario/STORIES.md). Its equality with the dbt build is in integration/test_bench_references.py."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from shopseg.bench import pandas_reference as reference

TESTS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS_DIR / "scenario"))

import expected_segments as expected  # noqa: E402


def test_division_rounds_half_away_from_zero_like_decimal_casts():
    assert reference.div_round(np.array([5, -5, 4, -4, 15, 14, 0]), 10).tolist() == [1, -1, 0, 0, 2, 1, 0]


def test_product_too_large_for_int64_stays_exact():
    # (10^10 + 5) × 10^9 = 10^19 + 5·10^9 > 2^63: computed with Python integers; / 10^10 = 10^9 + 0.5 -> up.
    assert reference.mul_div_round([10 ** 10 + 5], [10 ** 9], 10 ** 10).tolist() == [1_000_000_001]
    assert reference.mul_div_round([-25, 25], [1, 1], 10).tolist() == [-3, 3]
    # Millionths times a rate × 10^10, products above 2^63, through the split int64 path:
    # 100,000.000007 × 0.92 = 92,000.00000644 -> 92,000.000006; −100,000 × 1.0000000005 = −100,000.00005;
    # 500,000.000005 × 0.1 = 50,000.0000005 -> 50,000.000001 (half away from zero).
    assert reference.mul_div_round([10 ** 11 + 7, -(10 ** 11), 5 * 10 ** 11 + 5],
                                   [9_200_000_000, 10 ** 10 + 5, 10 ** 9], 10 ** 10).tolist() == [
        92_000_000_006, -100_000_000_050, 50_000_000_001]


def test_accepted_rows_follow_the_classification_rules():
    frame = pd.DataFrame({
        "k": ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", None],
        "v": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-02",
                             "2024-01-01", "2024-01-01", None, "2024-01-01", None, "2024-01-01"]),
        "x": [1, 2, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1],
    })
    error = pd.Series([False] * 5 + [True] + [False] * 5 + [True])
    kept = reference.accepted(frame, ["k"], error, reference.row_signature(frame, ["x"]), "v")
    # a: the newer version; b: one of two exact copies; c: its latest version is rejected, the older one does
    # not come back; d: two different latest rows, no basis to pick; e: a row without version is older than a
    # dated one; f: the only row, undated; the row without a key is rejected.
    assert kept.index.tolist() == [1, 2, 9, 10]


def test_text_cleaning():
    clean = reference.Cleaner(reference.project_vars(), pd.Timestamp("2026-01-01").to_pydatetime())
    raw = pd.Series(["  17850.0 ", "N/A", "", " Partially Refunded", "nulls", None], dtype="string")
    assert clean.ident(raw).tolist() == ["17850", pd.NA, pd.NA, "Partially Refunded", "nulls", pd.NA]
    assert clean.label(raw).tolist()[3] == "partially_refunded"
    assert clean.listing(pd.Series(["Running , YOGA", " , "], dtype="string")).tolist() == ["running,yoga", ","]


def test_compare_reports_every_difference():
    ours = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "monetary_cents": [100, 250, 300],
                         "rfm_group": ["loyal", "champions", None]})
    theirs = pd.DataFrame({"customer_id": ["C1", "C2", "C4"], "monetary_cents": [100, 251, 5],
                           "rfm_group": ["loyal", "champions", "loyal"]})
    assert reference.compare(ours, theirs) == [
        {"customer_id": "C2", "columns": {"monetary_cents": {"pandas": "250", "dbt": "251"}}},
        {"customer_id": "C3", "only_in": "pandas"},
        {"customer_id": "C4", "only_in": "dbt"},
    ]
    assert reference.compare(ours, ours.copy()) == []


def test_scenario_store_gives_the_hand_worked_rfm():
    rfm = reference.compute_rfm(TESTS_DIR / "scenario" / "store", as_of_date=expected.AS_OF_DATE)
    got = {row.customer_id: (row.recency_days, row.frequency, row.monetary_cents, row.rfm_code, row.rfm_group)
           for row in rfm.itertuples()}
    assert got == {key: (recency, frequency, round(monetary * 100), code, group)
                   for key, (recency, frequency, monetary, code, group) in expected.EXPECTED_RFM.items()}
    assert not set(got) & expected.EXPECTED_PROSPECTS
