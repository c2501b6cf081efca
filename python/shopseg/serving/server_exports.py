"""Activation exports of a snapshot published on a server warehouse (PostgreSQL, Spark).

A dbt hook on a server engine runs SQL in the server; it cannot write files
on the machine that runs dbt. So after a build has published its snapshot to
the serving schema, this command writes the same exports as a DuckDB build
does: it copies the four tables the exports read (build_metadata,
dim_segments, fct_segment_memberships, dim_customers) from the serving schema
(Spark: the serving database's views) into a temporary DuckDB file laid out
like a DuckDB serving snapshot, and hands that file to
``exports.write_exports``. The column allow-list and the suppression
rule therefore stay in one place (``exports.py``). The folder
``<exports>/<as_of_date>`` is then replaced whole, as on DuckDB.

``make dbt-build-postgres`` and ``make dbt-build-spark`` run it after a build
that published; by hand::

    python -m shopseg.serving.server_exports --engine postgres --schema analytics_marts_serving --out exports

Only the serving schema is read: a build that failed, and so did not publish,
leaves the previous snapshot there, and exporting again gives the previous
build's files.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pyarrow as pa

from .exports import ExportError, write_exports
from .files import remove_quietly, replace_dir

# What write_exports reads from a snapshot (all under main_marts).
EXPORT_INPUTS = ("build_metadata", "dim_segments", "fct_segment_memberships", "dim_customers")
SNAPSHOT_SCHEMA = "main_marts"

ReadTable = Callable[[str], tuple[list[str], list[tuple]]]


def _arrow_table(columns: list[str], rows: list[tuple]) -> pa.Table:
    arrays = {}
    for index, name in enumerate(columns):
        array = pa.array([row[index] for row in rows])
        # A column that is null in every row has no type to infer: keep it as text.
        arrays[name] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
    return pa.table(arrays)


def write_snapshot(path: Path, read_table: ReadTable, tables: Iterable[str] = EXPORT_INPUTS) -> None:
    """A DuckDB file at `path` with each of `tables`, as `read_table` returns it, under main_marts."""
    with duckdb.connect(str(path)) as con:
        con.execute(f"create schema {SNAPSHOT_SCHEMA}")
        for name in tables:
            columns, rows = read_table(name)
            data = _arrow_table(columns, rows)  # noqa: F841 (read by name by DuckDB below)
            con.execute(f'create table {SNAPSHOT_SCHEMA}."{name}" as select * from data')


def export_snapshot(read_table: ReadTable, exports_path: Path) -> dict:
    """Write the exports of the snapshot `read_table` reads into `<exports_path>/<as_of_date>`; the manifest."""
    with tempfile.TemporaryDirectory(prefix="shopseg-exports-") as work:
        snapshot = Path(work) / "snapshot.duckdb"
        write_snapshot(snapshot, read_table)
        with duckdb.connect(str(snapshot), read_only=True) as con:
            build_id, as_of_date = con.execute(
                f"select build_id, cast(as_of_date as varchar) from {SNAPSHOT_SCHEMA}.build_metadata"
            ).fetchone()
        exports_path.mkdir(parents=True, exist_ok=True)
        final = exports_path / as_of_date
        temporary = exports_path / f".{as_of_date}.{build_id}.tmp"
        try:
            manifest = write_exports(snapshot, temporary, build_id)
            replace_dir(temporary, final, exports_path / f".{as_of_date}.{build_id}.old")
        except BaseException:
            remove_quietly(temporary)
            raise
    return {"exports_path": str(final), "export_files": len(manifest["files"]), "as_of_date": as_of_date,
            "build_id": build_id}


def postgres_reader(schema: str) -> tuple[ReadTable, Callable[[], None]]:
    """A table reader on the PostgreSQL serving schema `schema` (PG* variables), and its close."""
    from shopseg.warehouses.postgres import connect

    con = connect()

    def read(name: str) -> tuple[list[str], list[tuple]]:
        with con.cursor() as cur:
            cur.execute(f'select * from "{schema}"."{name}"')
            return [d[0] for d in cur.description], cur.fetchall()

    return read, con.close


def spark_reader(schema: str, spark) -> ReadTable:
    """A table reader on the Spark serving database `schema`, through the session `spark`."""

    def read(name: str) -> tuple[list[str], list[tuple]]:
        frame = spark.table(f"`{schema}`.`{name}`")
        return frame.columns, [tuple(row) for row in frame.collect()]

    return read


def default_serving_schema() -> str:
    """SERVING_SCHEMA, else what publish_serving_snapshot uses: the marts schema + `_serving`."""
    return os.environ.get("SERVING_SCHEMA") or os.environ.get("DBT_SCHEMA", "analytics") + "_marts_serving"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shopseg.serving.server_exports",
        description="Write the activation exports of the snapshot published to a PostgreSQL serving schema.")
    parser.add_argument("--engine", choices=("postgres", "spark"), default="postgres",
                        help="postgres (the PG* variables) or spark (the local session of shopseg.warehouses.spark)")
    parser.add_argument("--schema", default=default_serving_schema(),
                        help="serving schema (default: SERVING_SCHEMA, else DBT_SCHEMA + '_marts_serving')")
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("EXPORTS_PATH", "exports")),
                        help="exports folder (default: EXPORTS_PATH, else exports)")
    args = parser.parse_args(argv)
    try:
        if args.engine == "spark":
            from shopseg.warehouses.spark import session

            spark = session()
            read, close = spark_reader(args.schema, spark), spark.stop
        else:
            read, close = postgres_reader(args.schema)
    except Exception as error:  # noqa: BLE001 (a connection problem is a user's setting, not a bug)
        print(f"Cannot connect to {args.engine}: {error.__class__.__name__}. Check the settings in the README "
              "(\"Other warehouses\").", file=sys.stderr)
        return 2
    try:
        result = export_snapshot(read, args.out)
    except ExportError as error:
        print(f"Did not write the exports: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001
        if error.__class__.__module__.startswith(("psycopg2", "pyspark")):
            print(f"Did not write the exports: cannot read schema {args.schema} "
                  f"({error.__class__.__name__}; has a build published a snapshot there?).", file=sys.stderr)
            return 1
        raise
    finally:
        close()
    print(f"Wrote {result['export_files']} export files of build {result['build_id']} "
          f"(as of {result['as_of_date']}) to {result['exports_path']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
