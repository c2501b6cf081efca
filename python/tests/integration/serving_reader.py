"""A BI tool in miniature, run as its own process by test_serving.py.

    python serving_reader.py <serving.duckdb> <fresh|kept> <stop file> <answers.json>

Every 0.2 s until the stop file exists it asks the serving database one
question in one read transaction: which build the snapshot is
(build_metadata), and the row count and as_of_date of several marts. `fresh`
opens a new read-only connection for each question, as a dashboard does;
`kept` opens one read-only connection at start and keeps it to the end.
Every answer, or the error it got instead, goes to answers.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

INTERVAL_SECONDS = 0.2
# Marts read by every question, with a column that holds the snapshot's as_of_date.
MARTS = {
    "dim_customers": None,
    "fct_orders": None,
    "dim_segments": "as_of_date",
    "fct_segment_memberships": "as_of_date",
    "seg_champions": "as_of_date",
    "rpt_segment_summary": "as_of_date",
}


def ask(con: duckdb.DuckDBPyConnection) -> dict:
    con.execute("begin transaction")
    try:
        build_id, as_of_date = con.execute(
            "select build_id, cast(as_of_date as varchar) from main_marts.build_metadata").fetchone()
        recorded = dict(con.execute(
            "select mart_name, row_count from main_marts.build_metadata_marts").fetchall())
        metadata_builds = [row[0] for row in con.execute(
            "select distinct build_id from main_marts.build_metadata_marts").fetchall()]
        marts = {}
        for mart, as_of_column in MARTS.items():
            dates = (f", list(distinct cast({as_of_column} as varchar))" if as_of_column else ", null")
            count, as_of_dates = con.execute(f"select count(*){dates} from main_marts.{mart}").fetchone()
            marts[mart] = {"rows": count, "as_of_dates": as_of_dates}
    finally:
        con.execute("commit")
    return {"build_id": build_id, "as_of_date": as_of_date, "metadata_builds": metadata_builds,
            "recorded_rows": {mart: recorded.get(mart) for mart in MARTS}, "marts": marts}


def main(serving: str, mode: str, stop_file: str, out: str) -> None:
    answers: list[dict] = []
    kept = duckdb.connect(serving, read_only=True) if mode == "kept" else None
    opened_at = time.time()
    try:
        while not Path(stop_file).exists():
            started = time.time()
            try:
                if kept is not None:
                    answer = ask(kept)
                else:
                    with duckdb.connect(serving, read_only=True) as con:
                        answer = ask(con)
                answers.append({"at": started, **answer})
            except Exception as error:  # noqa: BLE001 - every error is an answer the test must see
                answers.append({"at": started, "error": f"{type(error).__name__}: {error}"})
            time.sleep(max(0.0, INTERVAL_SECONDS - (time.time() - started)))
    finally:
        closed_at = time.time()
        if kept is not None:
            kept.close()
        Path(out).write_text(json.dumps({"opened_at": opened_at, "closed_at": closed_at, "answers": answers}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
