"""Run the generator: build every table, inject dirty rows, write files and manifest.

Tables are built one after the other (page views, the largest, in pieces of
whole sessions); each is final, dirty rows included, as soon as it is built
and is written by a background thread while the next one is generated, so
numpy work and Parquet encoding use both cores.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pyarrow as pa

from . import dirty
from .catalog import build_catalog
from .checkouts import build_checkouts
from .commerce import build_orders
from .loading import EVENT_TIME_COLUMNS, with_loaded_at
from .mailing import build_email_events
from .options import ALL_TABLES, GenerateOptions
from .people import build_population
from .timeline import build_timeline
from .traffic import build_page_views, build_sessions, page_vocabulary
from .writer import TableFile, remove_stale, write_manifest

GENERATOR = "shopseg.generate"
# 2: the event tables carry _loaded_at, so make bench does not reuse a store of format 1.
FORMAT_VERSION = 2
# One independent random stream per step, so skipping a table leaves the others unchanged.
STREAMS = ("catalog", "customers", "orders", "sessions", "page_views", "checkouts", "email_events",
           *(f"dirty_{t}" for t in ALL_TABLES),
           *(f"loaded_{t}" for t in EVENT_TIME_COLUMNS))

MAX_PENDING_WRITES = 2  # pieces waiting for the writer thread
Progress = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class Result:
    """What a run wrote."""

    manifest: dict
    rows: dict[str, int]
    seconds: float


def steps(options: GenerateOptions) -> list[str]:
    """Names of the progress steps of a run, in order."""
    build = ["products", "customers", "orders", "sessions"]
    build += [t for t in ("page_views", "checkouts", "email_events") if t not in options.skip_tables]
    return build + ["writing files", "manifest"]


def _tables(options: GenerateOptions, rng: dict[str, np.random.Generator], progress: Progress,
            injections: list[dirty.Injection]) -> Iterator[tuple[str, pa.Table]]:
    """Yield each final table (dirty rows included) as soon as it is built.

    A large table may come in several consecutive pieces under the same name.
    """
    skip = set(options.skip_tables)

    def final(*dirt: dirty.TableDirt) -> Iterator[tuple[str, pa.Table]]:
        for table_dirt in dirt:
            injections.extend(table_dirt.injections)
            yield table_dirt.name, table_dirt.finish()

    def keyed(name: str, table: pa.Table, key: str | None) -> Iterator[tuple[str, pa.Table]]:
        """A table (or piece) whose only dirt is exact duplicates (and rows without ``key``)."""
        if options.dirty:
            yield from final(dirty.dirty_simple(rng[f"dirty_{name}"].spawn(1)[0], name, table, key))
        else:
            yield name, table

    timeline = build_timeline(options.end_date, options.days)
    progress("products")
    catalog = build_catalog(rng["catalog"], options.customers, timeline)
    yield from keyed("products", catalog.table, None)

    progress("customers")
    pop = build_population(rng["customers"], options.customers, timeline, with_companies="companies" not in skip)
    if options.dirty:
        yield from final(dirty.dirty_customers(rng["dirty_customers"], pop.table, pop, options.fmt == "csv"))
    else:
        yield "customers", pop.table
    if pop.companies is not None:
        yield "companies", pop.companies

    progress("orders")
    orders, guests = build_orders(rng["orders"], pop, catalog, timeline)
    progress("sessions")
    # Sessions are always simulated: orders and checkouts take their times from them.
    sessions, visitors = build_sessions(rng["sessions"], pop, guests, orders, catalog, timeline)
    with_sessions = "sessions" not in skip
    session_of_order = sessions.order_session_id(orders.size) if with_sessions else None
    orders_table, items_table = orders.tables(pop, catalog, timeline, session_of_order)
    if options.dirty:
        yield from final(*dirty.dirty_orders(rng["dirty_orders"], orders_table, items_table, orders,
                                             options.fmt == "csv"))
    else:
        yield "orders", orders_table
        yield "order_items", items_table
    del orders_table, items_table, session_of_order  # written: let the memory go
    paths, kinds = page_vocabulary(catalog)
    if with_sessions:
        sessions_table = sessions.table(visitors, pop, paths, timeline)
        if options.dirty:
            yield from final(dirty.dirty_sessions(rng["dirty_sessions"], sessions_table))
        else:
            yield "sessions", sessions_table
        del sessions_table

    if "page_views" not in skip:
        progress("page_views")
        for piece in build_page_views(rng["page_views"], sessions, pop, catalog, kinds, paths):
            yield from keyed("page_views", piece, "page_view_id")
    if "checkouts" not in skip:
        progress("checkouts")
        yield "checkouts", build_checkouts(rng["checkouts"], sessions, visitors, orders, pop, guests, with_sessions)
    if "email_events" not in skip:
        progress("email_events")
        email_events = build_email_events(rng["email_events"], pop, timeline, orders.size)
        yield from keyed("email_events", email_events, "event_id")


def _loaded_tables(options: GenerateOptions, rng: dict[str, np.random.Generator], progress: Progress,
                   injections: list[dirty.Injection]) -> Iterator[tuple[str, pa.Table]]:
    """Each final table (or piece), the event tables with their ``_loaded_at`` column."""
    timeline = build_timeline(options.end_date, options.days)
    for name, piece in _tables(options, rng, progress, injections):
        yield name, with_loaded_at(rng.get(f"loaded_{name}"), name, piece, timeline)


def manifest(options: GenerateOptions, rows: dict[str, int], injections: list[dirty.Injection]) -> dict:
    """The ``_manifest.json`` content: options, rows per table and the injected dirt."""
    merged: dict[tuple[str, str], dirty.Injection] = {}
    for table in ALL_TABLES:  # one entry per (table, kind), summed over the pieces of a table
        for i in injections:
            if i.table == table:
                seen = merged.get((table, i.kind))
                merged[(table, i.kind)] = i if seen is None else dataclasses.replace(seen, rows=seen.rows + i.rows)
    entries = {}
    for name, count in rows.items():
        bad = sum(i.rows for i in merged.values() if i.table == name and i.expect in ("collapsed", "rejected"))
        entries[name] = {"file": f"{name}.{options.fmt}", "rows": count, "clean_rows": count - bad}
    return {
        "generator": GENERATOR,
        "format_version": FORMAT_VERSION,
        "seed": options.seed,
        "options": {
            "customers": options.customers,
            "days": options.days,
            "end_date": options.end_date.isoformat(),
            "format": options.fmt,
            "skip_tables": list(options.skip_tables),
            "dirty": options.dirty,
        },
        "tables": entries,
        "injected": [i.as_dict() for i in merged.values()],
    }


def generate(options: GenerateOptions, progress: Progress | None = None) -> Result:
    """Generate the demo store described by ``options`` into ``options.out_dir``."""
    options.validate()
    report = progress or (lambda step: None)
    began = time.perf_counter()
    streams = dict(zip(STREAMS, np.random.default_rng(options.seed).spawn(len(STREAMS))))
    out_dir = options.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)

    rows: dict[str, int] = {}
    injections: list[dirty.Injection] = []
    pending: deque[Future] = deque()
    files: dict[str, TableFile] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shopseg-writer") as writer:
        for name, piece in _loaded_tables(options, streams, report, injections):
            if name not in files:
                if files:  # the previous table is complete
                    pending.append(writer.submit(files[next(reversed(files))].close))
                files[name] = TableFile(out_dir / f"{name}.{options.fmt}", options.fmt)
                rows[name] = 0
            rows[name] += piece.num_rows
            pending.append(writer.submit(files[name].write, piece))
            del piece
            while len(pending) > MAX_PENDING_WRITES:  # bound the memory held by queued pieces
                pending.popleft().result()
        if files:
            pending.append(writer.submit(files[next(reversed(files))].close))
        report("writing files")
        while pending:
            pending.popleft().result()
    remove_stale(out_dir, {f"{name}.{options.fmt}" for name in rows})
    report("manifest")
    ordered_rows = {name: rows[name] for name in ALL_TABLES if name in rows}
    content = manifest(options, ordered_rows, injections)
    write_manifest(out_dir, content)
    return Result(manifest=content, rows=ordered_rows, seconds=time.perf_counter() - began)
