"""When each event row reached the warehouse: the optional ``_loaded_at`` column.

RAW_CONTRACT.md lets every table carry ``_loaded_at``; the event tables (the
large, append-only ones that var ``incremental_events`` builds incrementally)
get it here. A row is loaded a short, random lag after its event: most within
a few minutes, none later than an hour. A row whose event time is missing or
outside the store's data window (dirty data: a clock in 2099) is loaded as if
it had arrived at the end of the window, because a load time is never in the
future. Added dirty rows (a re-delivered duplicate) get their own lag, so a
copy of a row is usually loaded at another time than the original.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from .timeline import Timeline

# The event time each table's load time follows.
EVENT_TIME_COLUMNS = {"sessions": "started_at", "page_views": "viewed_at", "checkouts": "created_at",
                      "email_events": "occurred_at"}
MEAN_LAG_S = 300.0
MAX_LAG_S = 3600


def with_loaded_at(rng: np.random.Generator, name: str, table: pa.Table, timeline: Timeline) -> pa.Table:
    """``table`` with a ``_loaded_at`` column appended (``table`` itself for a non-event table)."""
    time_column = EVENT_TIME_COLUMNS.get(name)
    if time_column is None:
        return table
    event = table.column(time_column)
    if pa.types.is_timestamp(event.type):
        micros = pc.fill_null(pc.cast(event, pa.int64()), -1).to_numpy(zero_copy_only=False)
        seconds = np.where(micros < 0, -1, micros // 1_000_000)
    else:  # a time written as text in a CSV-only dirty variant: load it at the end of the window
        seconds = np.full(table.num_rows, -1, dtype=np.int64)
    inside = (seconds >= timeline.start_s) & (seconds <= timeline.end_s)
    seconds = np.where(inside, seconds, timeline.end_s)
    lag = np.minimum(1 + rng.exponential(MEAN_LAG_S, size=table.num_rows).astype(np.int64), MAX_LAG_S)
    return table.append_column("_loaded_at", col.timestamps(seconds + lag))
