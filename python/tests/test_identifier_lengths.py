"""Names that become relations fit PostgreSQL's 63-character identifiers.

dbt creates a relation named after every model, seed and unit test; on
PostgreSQL a longer name is an error at build time ("Relation name ... is
longer than 63 characters"), which DuckDB never raises. Checked here from the
project files, without building.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
POSTGRES_MAX_IDENTIFIER = 63


def relation_names() -> list[tuple[str, str]]:
    names = []
    for folder, suffix in (("models", ".sql"), ("seeds", ".csv")):
        names += [(path.stem, str(path.relative_to(PROJECT_DIR))) for path in (PROJECT_DIR / folder).rglob(f"*{suffix}")]
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        for unit_test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests") or []:
            names.append((unit_test["name"], str(path.relative_to(PROJECT_DIR))))
    return names


def test_the_project_has_names_to_check():
    kinds = relation_names()
    assert any(name == "dim_customers" for name, _ in kinds)
    assert sum(1 for _, where in kinds if where.endswith(".yml")) >= 40  # the unit tests


def test_every_relation_name_fits_postgres():
    too_long = [f"{name} ({len(name)} characters, {where})" for name, where in relation_names()
                if len(name) > POSTGRES_MAX_IDENTIFIER]
    assert not too_long, "longer than PostgreSQL's 63-character identifiers:\n  " + "\n  ".join(too_long)
