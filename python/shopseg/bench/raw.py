"""The raw side of a scale: generate or reuse the store, count it, time the scan and copy floors.

The scan floor is what it costs DuckDB just to read every raw column once from
the same Parquet files: per table one
`select count(*), bit_xor(hash(col_1)), ..., bit_xor(hash(col_n)) from read_parquet(...)`.
A hash is used because it forces every value to be decoded: DuckDB answers
`count(col)` from Parquet statistics when a column has no nulls, and `min`/`max`
of a single column from the row-group metadata, so those can read nothing.
Before timing, `EXPLAIN` confirms the Parquet scan projects every column.

The copy floor is what it costs DuckDB to store every raw table once, untouched:
into a fresh database file, per table `create table ... as select * from
read_parquet(...)`, then `checkpoint`, so the data is on disk and not only in
the write-ahead log. A build that writes each raw row to a table at least once
cannot be faster than this.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from shopseg.bench.process import machine_busy_seconds, other_cpu_share, usable_cores

MANIFEST = "_manifest.json"


def profile_settings() -> dict[str, str]:
    """The DuckDB settings of the `duckdb` output of profiles.yml: the floors and the replay work under
    the same memory cap and write order as the build."""
    return {
        "memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB"),
        "preserve_insertion_order": "false",
        "TimeZone": "UTC",
    }


def apply_settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> None:
    for name, value in settings.items():
        con.execute(f"set {name} = {quote_literal(str(value))}")


# --- generation -------------------------------------------------------------

def read_manifest(raw_dir: Path) -> dict | None:
    try:
        return json.loads((raw_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def expected_manifest(customers: int, seed: int) -> dict:
    """What `_manifest.json` records for `--customers N --seed SEED` and the generator's other defaults.

    The generator's version stamp is included, so a store written by an older
    generator format is not reused.
    """
    expected: dict = {"seed": seed, "options": {"customers": customers, "format": "parquet", "skip_tables": [],
                                                "dirty": True}}
    try:
        from shopseg.generate import options as generator_options
        from shopseg.generate import pipeline as generator_pipeline
    except ImportError:
        return expected
    expected["options"]["days"] = generator_options.DEFAULT_DAYS
    expected["options"]["end_date"] = generator_options.DEFAULT_END_DATE.isoformat()
    expected["generator"] = generator_pipeline.GENERATOR
    expected["format_version"] = generator_pipeline.FORMAT_VERSION
    return expected


def manifest_matches(manifest, expected) -> bool:
    """Every key of `expected` is in `manifest` with the same value (nested dicts compared the same way)."""
    if isinstance(expected, dict):
        return isinstance(manifest, dict) and all(
            key in manifest and manifest_matches(manifest[key], value) for key, value in expected.items())
    return manifest == expected


def raw_files(raw_dir: Path) -> dict[str, Path]:
    """table name -> Parquet file of a raw folder (one `<table>.parquet` per table)."""
    return {path.stem: path for path in sorted(raw_dir.glob("*.parquet")) if path.is_file()}


def reusable(raw_dir: Path, expected: dict) -> bool:
    """The folder holds a complete store generated as `expected`: the manifest (written last) matches
    and every table file it lists is there."""
    manifest = read_manifest(raw_dir)
    if not manifest_matches(manifest, expected) or not raw_files(raw_dir):
        return False
    tables = manifest.get("tables") or {}
    return all((raw_dir / str(entry.get("file", f"{name}.parquet"))).is_file()
               for name, entry in tables.items() if isinstance(entry, dict))


def clear_dir(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


# --- sizes and counts -------------------------------------------------------

@dataclass
class RawTable:
    name: str
    path: str
    rows: int
    bytes: int
    columns: list[str] = field(default_factory=list)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def reader(path: Path | str) -> str:
    return f"read_parquet({quote_literal(str(path))})"


def describe_raw(raw_dir: Path, con: duckdb.DuckDBPyConnection | None = None) -> list[RawTable]:
    """Row count (from the Parquet footers), size on disk and columns of every raw table."""
    con = con or duckdb.connect()
    tables = []
    for name, path in raw_files(raw_dir).items():
        rows = con.execute(f"select count(*) from {reader(path)}").fetchone()[0]
        columns = [row[0] for row in con.execute(f"describe select * from {reader(path)}").fetchall()]
        tables.append(RawTable(name, str(path), int(rows), path.stat().st_size, columns))
    return tables


# --- scan floor -------------------------------------------------------------

def scan_floor_sql(path: Path | str, columns: list[str]) -> str:
    """One query that decodes every value of every column of one Parquet file."""
    aggregates = ["count(*)"] + [f"bit_xor(hash({quote_identifier(column)}))" for column in columns]
    return "select " + ", ".join(aggregates) + " from " + reader(path)


def _walk(node):
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        yield from _walk(node.get("children", []))


def scanned_columns(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    """Columns the physical plan of `sql` reads from its table scans (EXPLAIN, JSON format)."""
    plan_json = con.execute("explain (format json) " + sql).fetchall()[0][1]
    columns: set[str] = set()
    for node in _walk(json.loads(plan_json)):
        if node.get("name") not in ("READ_PARQUET", "TABLE_SCAN", "PARQUET_SCAN"):
            continue
        projections = node.get("extra_info", {}).get("Projections", [])
        if isinstance(projections, str):
            projections = projections.split("\n")
        for projection in projections:
            projection = projection.strip()
            if projection.startswith('"') and projection.endswith('"'):
                projection = projection[1:-1].replace('""', '"')
            columns.add(projection)
    return columns


@dataclass
class ScanFloor:
    seconds: float  # best total over the runs
    runs: list[float]
    per_table_seconds: dict[str, float]  # best per table
    threads: int
    sql: dict[str, str]
    cpu_seconds: float = 0.0  # CPU time of the best run (this process: all DuckDB threads)
    other_cpu_share: float | None = None  # share of the machine other processes used during the best run


def measure_scan_floor(tables: list[RawTable], *, threads: int = 2, runs: int = 2) -> ScanFloor:
    """Time reading every column of every raw table; best total of `runs` runs, `threads` DuckDB threads."""
    con = duckdb.connect()
    con.execute(f"set threads = {int(threads)}")
    queries = {table.name: scan_floor_sql(table.path, table.columns) for table in tables}
    for table in tables:
        missing = set(table.columns) - scanned_columns(con, queries[table.name])
        if missing:
            raise RuntimeError(f"scan floor query of {table.name} would not read {sorted(missing)}")
    totals: list[float] = []
    cpu: list[float] = []
    shares: list[float | None] = []
    best: dict[str, float] = {}
    for _ in range(runs):
        total = 0.0
        busy_before = machine_busy_seconds()
        cpu_start = time.process_time()
        for name, sql in queries.items():
            start = time.perf_counter()
            con.execute(sql).fetchall()
            elapsed = time.perf_counter() - start
            total += elapsed
            best[name] = min(best.get(name, elapsed), elapsed)
        cpu.append(time.process_time() - cpu_start)
        totals.append(total)
        shares.append(other_cpu_share(busy_before, machine_busy_seconds(), cpu[-1], total, usable_cores()))
    con.close()
    if not totals:
        return ScanFloor(0.0, [], {}, threads, queries)
    fastest = totals.index(min(totals))
    return ScanFloor(totals[fastest], totals, best, threads, queries, cpu[fastest], shares[fastest])


# --- copy floor -------------------------------------------------------------

def copy_floor_sql(table: RawTable) -> str:
    return f"create table {quote_identifier(table.name)} as select * from {reader(table.path)}"


@dataclass
class CopyFloor:
    seconds: float  # best total over the runs: every table copied, then checkpoint
    runs: list[float]
    per_table_seconds: dict[str, float]  # best per table (the checkpoint is not in these)
    threads: int
    database_bytes: int = 0  # size of the database file of the best run
    cpu_seconds: float = 0.0
    other_cpu_share: float | None = None


def _remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def measure_copy_floor(tables: list[RawTable], database: Path, *, threads: int = 2, runs: int = 2,
                       settings: dict[str, str] | None = None) -> CopyFloor:
    """Time copying every raw table into a fresh DuckDB file `database`, then a checkpoint; best of `runs`.

    The file is deleted before each run and after the last one. `settings`
    (default: the profile's, see profile_settings) apply to the copy as to the build.
    """
    totals: list[float] = []
    cpu: list[float] = []
    shares: list[float | None] = []
    sizes: list[int] = []
    best: dict[str, float] = {}
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        for _ in range(runs):
            _remove_database(database)
            busy_before = machine_busy_seconds()
            cpu_start = time.process_time()
            start = time.perf_counter()
            con = duckdb.connect(str(database))
            con.execute(f"set threads = {int(threads)}")
            apply_settings(con, profile_settings() if settings is None else settings)
            for table in tables:
                table_start = time.perf_counter()
                con.execute(copy_floor_sql(table))
                elapsed = time.perf_counter() - table_start
                best[table.name] = min(best.get(table.name, elapsed), elapsed)
            con.execute("checkpoint")
            con.close()
            total = time.perf_counter() - start
            cpu.append(time.process_time() - cpu_start)
            totals.append(total)
            shares.append(other_cpu_share(busy_before, machine_busy_seconds(), cpu[-1], total, usable_cores()))
            sizes.append(database.stat().st_size)
    finally:
        _remove_database(database)
    if not totals:
        return CopyFloor(0.0, [], {}, threads)
    fastest = totals.index(min(totals))
    return CopyFloor(totals[fastest], totals, best, threads, sizes[fastest], cpu[fastest], shares[fastest])
