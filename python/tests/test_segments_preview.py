"""Tests of ``python -m shopseg.segments`` (preview, compile, docs) without dbt: the preview on the tiny
hand-made marts database of segments_fixture.py, which database it picks, what it prints, and that
the generated custom segment files and the reference page are up to date."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from segments_fixture import build_marts
from shopseg.segments import cli, custom_files, reference
from shopseg.segments import preview as preview_module
from shopseg.segments.preview import PreviewError

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def marts(tmp_path_factory) -> Path:
    return build_marts(tmp_path_factory.mktemp("preview") / "serving.duckdb")


# --- which database --------------------------------------------------------------------------------

def test_serving_database_first_then_the_build_database(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "build.duckdb").write_bytes(b"")
    env = {"DUCKDB_PATH": "build.duckdb"}
    assert preview_module.database_path(project, env, cwd=tmp_path) == tmp_path / "build.duckdb"
    (project / "serving.duckdb").write_bytes(b"")
    assert preview_module.database_path(project, env, cwd=tmp_path) == project / "serving.duckdb"
    (tmp_path / "published.duckdb").write_bytes(b"")
    env["SERVING_DUCKDB_PATH"] = str(tmp_path / "published.duckdb")
    assert preview_module.database_path(project, env, cwd=tmp_path) == tmp_path / "published.duckdb"


def test_no_database_asks_for_a_build(tmp_path):
    with pytest.raises(PreviewError, match="make build"):
        preview_module.database_path(tmp_path, {}, cwd=tmp_path)


def test_a_database_without_marts_asks_for_a_build(tmp_path):
    import duckdb
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PreviewError, match="no main_marts.dim_customers yet"):
        preview_module.run_preview("amount_spent > 1", database=empty)


# --- what it prints ----------------------------------------------------------------------------

def test_cli_prints_count_share_as_of_sql_and_a_sample_without_personal_data(marts, capsys):
    code = cli.main(["preview", "--database", str(marts), "--query", "amount_spent > 500"])
    out = capsys.readouterr().out
    assert code == 0
    # c1 (600) and c4 (500.01) of the 4 customers: 50.0 %.
    assert "2 of 4 customers match as of 2026-06-30 (50.0%)." in out
    assert "coalesce(customers.lifetime_net_revenue > 500, false)" in out
    assert "customer_id" in out and "c1" in out and "c4" in out and "c2 " not in out
    for personal in ("chloe@example.com", "Chloé", "Durand", "Paris", "1988-03-15", "48.8566", "example.com"):
        assert personal not in out


def test_json_output(marts, capsys):
    assert cli.main(["preview", "--json", "-n", "1", "--database", str(marts), "--query",
                     "customer_countries CONTAINS 'FR'"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["matching_customers"] == 2 and payload["total_customers"] == 4 and payload["share"] == 0.5
    assert payload["as_of_date"] == "2026-06-30" and payload["query"] == "customer_countries CONTAINS 'FR'"
    assert [row["customer_id"] for row in payload["sample"]] == ["c1"]
    assert set(payload["sample"][0]) == set(preview_module.SAMPLE_COLUMNS)
    assert not set(preview_module.SAMPLE_COLUMNS) & preview_module.PERSONAL_COLUMNS


def test_preview_of_a_segment_file(marts, capsys, tmp_path):
    path = tmp_path / "big_fr.yml"
    path.write_text("name: Big in France\ndescription: d.\nrecommended_action: a.\n"
                    "query: amount_spent > 500 AND customer_countries CONTAINS 'FR'\n", encoding="utf-8")
    assert cli.main(["preview", str(path), "--database", str(marts)]) == 0
    assert "1 of 4 customers match" in capsys.readouterr().out  # c1 only: c4 is in the US


def test_a_wrong_query_is_reported_before_any_database_is_needed(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["preview", "--project-dir", str(PROJECT_DIR), "--query", "amount_spend > 3"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("python -m shopseg.segments preview: error: unknown attribute `amount_spend` at 1:1; "
                          "did you mean `amount_spent`?")


@pytest.mark.parametrize("argv", [
    ["preview"],
    ["preview", "seg.yml", "--query", "amount_spent > 1"],
    ["preview", "--query", "amount_spent > 1", "--sample", "-1"],
    ["preview", "--query", "amount_spent > 1", "--sample", "many"],
])
def test_wrong_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)
    assert raised.value.code == 2


def test_module_help_runs():
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR / "python")}
    completed = subprocess.run([sys.executable, "-m", "shopseg.segments", "preview", "--help"],
                               capture_output=True, text=True, cwd=PROJECT_DIR, env=env)
    assert completed.returncode == 0 and "--query" in completed.stdout


# --- generated files ---------------------------------------------------------------------------

def test_generated_custom_segment_files_are_up_to_date():
    """A commit that changes segments/custom/*.yml without `make segments-compile` fails here."""
    written, deleted = custom_files.compile_project(PROJECT_DIR, check=True)
    assert (written, deleted) == ([], []), "run `make segments-compile` and commit the generated files"


def test_reference_page_is_up_to_date():
    page = PROJECT_DIR / reference.PAGE
    assert page.read_text(encoding="utf-8") == reference.render_reference(), \
        "run `python -m shopseg.segments docs` and commit docs/segment_query_language.md"


def test_compile_writes_checks_and_removes_generated_files(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "segments" / "custom").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    (project / "segments" / "custom" / "vip_fr.yml").write_text(
        "name: VIP in France\ndescription: Tagged vip, in France.\nrecommended_action: Call them.\n"
        "activation_channel: sales\nquery: customer_tags CONTAINS 'vip' AND customer_countries CONTAINS 'FR'\n")
    hand_written = project / custom_files.MODELS_DIR / "seg_hand_written.sql"
    hand_written.parent.mkdir(parents=True)
    hand_written.write_text("select 1 as customer_id\n")
    assert cli.main(["compile", "--check", "--project-dir", str(project)]) == 1
    assert cli.main(["compile", "--project-dir", str(project)]) == 0
    model = (project / custom_files.MODELS_DIR / "seg_vip_fr.sql").read_text()
    assert "GENERATED from\n    segments/custom/vip_fr.yml" in model
    assert "position(',vip,' in (',' || lower(customers.tags) || ',')) > 0" in model
    meta = (project / custom_files.MODELS_YAML).read_text()
    assert "activation_channel: sales" in meta and "family: custom" in meta
    assert "description: Tagged vip, in France." in meta and "members: customers" in meta
    assert cli.main(["compile", "--check", "--project-dir", str(project)]) == 0
    (project / "segments" / "custom" / "vip_fr.yml").unlink()
    assert cli.main(["compile", "--project-dir", str(project)]) == 0
    assert not (project / custom_files.MODELS_DIR / "seg_vip_fr.sql").exists()
    assert hand_written.exists(), "a model written by hand is not the generator's to delete"
    assert "seg_vip_fr" not in (project / custom_files.MODELS_YAML).read_text()
    capsys.readouterr()


def test_compile_reports_a_wrong_query_with_its_file(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "segments", project / "segments")
    (project / "dbt_project.yml").write_text("name: x\n")
    (project / "segments" / "custom" / "broken.yml").write_text(
        "name: B\ndescription: d\nrecommended_action: a\nquery: last_order_date > 'abc'\n")
    assert cli.main(["compile", "--project-dir", str(project)]) == 1
    err = capsys.readouterr().err
    assert "segments/custom/broken.yml (query): type mismatch at 1:19" in err
    assert not (project / custom_files.MODELS_DIR).exists(), "nothing is written when a file is wrong"
