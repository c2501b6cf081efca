"""No email or name of the store's customers in dbt's console output, logs/
or target/ (run_results.json, compiled SQL, manifest) after a full build of the
dirty test store, failures of data tests included, nor in the docs site built on
it (catalog.json). The CSV parse-error paths are checked in test_raw_csv_files.py,
the preview's output in test_segments_preview.py."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .side_project import side_project

SCANNED_SUFFIXES = {".log", ".json", ".sql", ".txt", ".html"}


def _personal_values(raw_path) -> set[str]:
    """Every raw email, and every 'first last' name with both parts present."""
    with duckdb.connect() as con:
        rows = con.execute(
            f"select email, first_name, last_name from read_parquet('{raw_path}/customers.parquet')"
        ).fetchall()
    values = set()
    for email, first_name, last_name in rows:
        if email and "@" in email:
            values.add(email.strip().lower())
        if first_name and last_name and first_name.strip() and last_name.strip():
            values.add(f"{first_name.strip()} {last_name.strip()}".lower())
    return values


def test_build_output_logs_and_artifacts_hold_no_email_or_name(built_test_store, test_store_raw):
    project, result = built_test_store
    values = _personal_values(test_store_raw)
    assert len(values) > 1000  # the scan has something to find
    texts = {"console": result.output, **_texts(project.work_dir / "logs", result.target_path)}
    assert any("run_results.json" in name for name in texts)
    assert_no_personal_values(texts, values)


def test_docs_site_holds_no_email_or_name(built_test_store, test_store_raw, tmp_path):
    """`dbt docs generate` reads the built warehouse for the catalog: column names and types only."""
    project, _ = built_test_store
    docs = side_project(project, tmp_path / "docs").run("docs", "generate")
    assert docs.returncode == 0, docs.output[-3000:]
    texts = {"console": docs.output, **_texts(tmp_path / "docs" / "logs", docs.target_path)}
    assert any(name.endswith("catalog.json") for name in texts)
    assert_no_personal_values(texts, _personal_values(test_store_raw))


def _texts(*folders: Path) -> dict[str, str]:
    return {
        str(path): path.read_text(errors="replace")
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in SCANNED_SUFFIXES
    }


def assert_no_personal_values(texts: dict[str, str], values: set[str]) -> None:
    leaks = sorted({(name, value) for name, text in texts.items() for value in values if value in text.lower()})
    assert not leaks, f"personal data found: {leaks[:5]}"
