"""No email or name of the store's customers in dbt's console output, logs/
or target/ (run_results.json, compiled SQL, manifest) after a full build of the
dirty test store, failures of data tests included."""

from __future__ import annotations

import duckdb


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
    texts = {"console": result.output}
    for folder in (project.work_dir / "logs", result.target_path):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".log", ".json", ".sql", ".txt", ".html"}:
                texts[str(path)] = path.read_text(errors="replace")
    assert any("run_results.json" in name for name in texts)
    leaks = sorted({(name, value) for name, text in texts.items() for value in values if value in text.lower()})
    assert not leaks, f"personal data found: {leaks[:5]}"
