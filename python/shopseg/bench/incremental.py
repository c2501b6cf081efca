"""The incremental day: what a daily run costs with var ``incremental_events``.

On the scale's store, the warehouse is first built (models only, not timed)
from the store as it was one day earlier: the event tables without the rows
loaded in the last 24 hours of ``_loaded_at``, the other tables whole. Then the
full store is put in its place and the models-only build runs again on that
warehouse, timed: the four event base models take only the keys the last day
touched (delete+insert), everything downstream rebuilds as usual. The
incremental build is checked: each event base model holds exactly one row per
raw row of the full store, as ``raw_rows_reconcile`` requires.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The tables the incremental models read, with their load time.
EVENT_TABLES = ("sessions", "page_views", "checkouts", "email_events")
VARS = '{"incremental_events": true}'
LAST_DAY = "interval 24 hours"


@dataclass(frozen=True)
class DaySplit:
    cut: str  # rows loaded at or after this time are the last day
    rows_before: int  # event rows of the day-earlier store
    rows_last_day: int  # event rows the last day adds


def _link_or_copy(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_day_before(raw: Path, day_before: Path) -> DaySplit:
    """Write into ``day_before`` the store ``raw`` as it was before its last day of loads."""
    shutil.rmtree(day_before, ignore_errors=True)
    day_before.mkdir(parents=True)
    events = [table for table in EVENT_TABLES if (raw / f"{table}.parquet").exists()]
    with duckdb.connect() as con:
        loads = " union all ".join(f"select _loaded_at from read_parquet('{raw / t}.parquet')" for t in events)
        cut, before, last = con.execute(f"""
            with loads as ({loads}), bounds as (select max(_loaded_at) - {LAST_DAY} as cut from loads)
            select bounds.cut, count(*) filter (where _loaded_at < bounds.cut),
                   count(*) filter (where not _loaded_at < bounds.cut or _loaded_at is null)
            from loads, bounds group by bounds.cut""").fetchone()
        for table in events:
            con.execute(f"copy (select * from read_parquet('{raw / table}.parquet') "
                        f"where _loaded_at < timestamp '{cut}') "
                        f"to '{day_before / table}.parquet' (format parquet, compression zstd)")
    for path in raw.glob("*.parquet"):
        if path.stem not in events:
            _link_or_copy(path, day_before / path.name)
    return DaySplit(cut=str(cut), rows_before=before, rows_last_day=last)


def put_full_store(raw: Path, folder: Path) -> None:
    """Replace the day-earlier event files in ``folder`` by the full store's."""
    for path in raw.glob("*.parquet"):
        _link_or_copy(path, folder / path.name)


def base_rows_match_raw(warehouse: Path, raw: Path) -> list[str]:
    """The event base models whose row count differs from their raw table's (empty when all match)."""
    wrong = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in EVENT_TABLES:
            if not (raw / f"{table}.parquet").exists():
                continue
            stored = con.execute(f"select count(*) from main_staging.base_shop__{table}").fetchone()[0]
            expected = con.execute(f"select count(*) from read_parquet('{raw / table}.parquet')").fetchone()[0]
            if stored != expected:
                wrong.append(f"base_shop__{table}: {stored} rows, raw {expected}")
    return wrong
