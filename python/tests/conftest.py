"""Shared fixtures: small generated demo stores, built once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from shopseg.generate import GenerateOptions, generate


class Store:
    """A generated folder: its manifest and a DuckDB connection with one view per table file."""

    def __init__(self, path: Path):
        self.path = path
        self.manifest = json.loads((path / "_manifest.json").read_text())
        self.db = duckdb.connect()
        for name, entry in self.manifest["tables"].items():
            reader = "read_parquet" if entry["file"].endswith(".parquet") else "read_csv_auto"
            self.db.execute(f"create view {name} as select * from {reader}('{path / entry['file']}')")

    def value(self, sql: str):
        return self.db.execute(sql).fetchone()[0]

    def injected(self, table: str, kind: str) -> int:
        rows = [i["rows"] for i in self.manifest["injected"] if i["table"] == table and i["kind"] == kind]
        assert len(rows) <= 1, f"{table}/{kind} listed twice"
        return rows[0] if rows else 0


@pytest.fixture(scope="session")
def dirty_store(tmp_path_factory) -> Store:
    """800 customers with the default dirty data."""
    out = tmp_path_factory.mktemp("dirty")
    generate(GenerateOptions(out_dir=out, customers=800, seed=11))
    return Store(out)


@pytest.fixture(scope="session")
def clean_store(tmp_path_factory) -> Store:
    """2000 customers, clean data only, for the realism checks."""
    out = tmp_path_factory.mktemp("clean")
    generate(GenerateOptions(out_dir=out, customers=2000, seed=5, dirty=False))
    return Store(out)
