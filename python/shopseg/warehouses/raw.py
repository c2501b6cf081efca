"""Read a raw folder (RAW_CONTRACT.md) the way the DuckDB target reads it.

Parquet files keep their column types; CSV files are read with every column
as text (`all_varchar`), exactly as the DuckDB staging layer sees them, so
that the same staging casts run on every engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# The tables of RAW_CONTRACT.md; the last five are optional.
TABLES = (
    "customers", "orders", "order_items", "products",
    "sessions", "page_views", "checkouts", "email_events", "companies",
)


@dataclass(frozen=True)
class RawTable:
    name: str
    path: Path
    columns: list[tuple[str, str]]   # (name, DuckDB type)

    def select_sql(self) -> str:
        if self.path.suffix == ".csv":
            return f"select * from read_csv('{self.path}', header = true, all_varchar = true)"
        return f"select * from read_parquet('{self.path}')"


def raw_tables(raw_path: Path, file_format: str, con: duckdb.DuckDBPyConnection) -> list[RawTable]:
    """The raw tables present in `raw_path`, with their columns, in contract order."""
    if file_format not in ("parquet", "csv"):
        raise SystemExit(f"raw file format must be parquet or csv, not {file_format!r}")
    if not raw_path.is_dir():
        raise SystemExit(f"raw folder {raw_path} not found (set RAW_DATA_PATH, or run `make data`)")
    found = []
    for name in TABLES:
        path = (raw_path / f"{name}.{file_format}").resolve()
        if not path.exists():
            continue
        table = RawTable(name, path, [])
        described = con.execute(f"describe {table.select_sql()}").fetchall()
        found.append(RawTable(name, path, [(row[0], row[1]) for row in described]))
    missing = [t for t in TABLES[:4] if t not in {f.name for f in found}]
    if missing:
        raise SystemExit(
            f"raw folder {raw_path} has no {', '.join(f'{m}.{file_format}' for m in missing)}; "
            "RAW_CONTRACT.md requires customers, orders, order_items and products"
        )
    return found

