"""Write the tables (Parquet or CSV) and the manifest into the output folder.

Files are written under a temporary name and renamed into place. Table files
of the other format, and of tables this run does not produce, are removed so
a folder never holds a mix of runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .options import ALL_TABLES, FORMATS

MANIFEST = "_manifest.json"
ROW_GROUP_SIZE = 1_000_000
HIGH_CARDINALITY = {"order_id", "session_id", "visitor_id", "page_view_id", "checkout_id", "event_id",
                    "completed_order_id", "email"}


def _csv_ready(table: pa.Table) -> pa.Table:
    """Timestamps at whole seconds so CSV shows ``2026-01-31 13:45:00``."""
    columns = []
    for column in table.columns:
        if pa.types.is_timestamp(column.type):
            column = pc.cast(column, pa.timestamp("s"))
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _dictionary_columns(table: pa.Table) -> list[str]:
    """String columns worth dictionary-encoding: everything but unique ids and e-mails."""
    return [f.name for f in table.schema
            if pa.types.is_string(f.type) and f.name not in HIGH_CARDINALITY]


class TableFile:
    """One output table file, written piece by piece under a temporary name, renamed on close."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.fmt = fmt
        self.tmp = path.with_name(path.name + ".tmp")
        self._writer: pq.ParquetWriter | pacsv.CSVWriter | None = None

    def write(self, table: pa.Table) -> None:
        if self.fmt == "parquet":
            if self._writer is None:
                self._writer = pq.ParquetWriter(self.tmp, table.schema, compression="zstd",
                                                use_dictionary=_dictionary_columns(table))
            self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
        else:
            table = _csv_ready(table)
            if self._writer is None:
                self._writer = pacsv.CSVWriter(self.tmp, table.schema)
            self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            os.replace(self.tmp, self.path)


def remove_stale(out_dir: Path, written: set[str]) -> None:
    """Delete table files of this folder that the current run did not write."""
    for table in ALL_TABLES:
        for fmt in FORMATS:
            name = f"{table}.{fmt}"
            if name not in written:
                (out_dir / name).unlink(missing_ok=True)


def write_manifest(out_dir: Path, manifest: dict) -> None:
    """``_manifest.json`` with sorted keys, so equal runs give equal bytes."""
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / MANIFEST)
