"""Adding a named segment touches one folder: a copy of the project gets one seg_ SQL file and its YAML
entry in models/marts/segments/named/ and nothing else by hand; `python -m shopseg.segments compile` (what
`make build` runs first) rewrites only the generated depends_on lines of fct_segment_memberships; the
new segment is then in the lineage of dim_segments and in the catalog, the membership table and the
summary, with the members worked out by hand from its rule on the scenario store.

The rule: repeat buyers with at most three valid orders (valid_order_count between 2 and 3). STORIES.md,
"repeat_customers", lists the valid orders of every customer with two or more: C01 6, C04 3, C05 2, C15 5,
C16 7, so the members are C04 and C05.

Only the seeds and models the new segment needs are built (`-s +dim_segments +rpt_segment_summary`, about a
minute), on a copy of the project in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

SCENARIO_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(SCENARIO_DIR))

import expected_segments as expected  # noqa: E402

PROJECT_DIR = SCENARIO_DIR.parents[2]
STORE_DIR = SCENARIO_DIR / "store"
BIN_DIR = Path(sys.executable).parent
NAMED = Path("models") / "marts" / "segments" / "named"
MEMBERSHIPS = Path("models") / "marts" / "segments" / "fct_segment_memberships.sql"
KEY = "occasional_repeat_buyers"
HAND_WORKED_MEMBERS = {"C04", "C05"}

SEGMENT_SQL = """\
{#- Segment occasional_repeat_buyers: two or three valid orders. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        cast(valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        as_of_date
    from customers
    where valid_order_count between 2 and 3
)

select * from final
"""

SEGMENT_YAML = """\
version: 2
models:
  - name: seg_occasional_repeat_buyers
    description: Customers with two or three valid orders on or before as_of_date.
    config:
      meta:
        segment:
          family: named
          members: customers
          description: Bought again, but only once or twice more.
          recommended_action: A "third order" coupon by email.
          activation_channel: {channel}
    columns:
      - name: customer_id
        data_type: varchar
        data_tests: [unique, not_null]
      - name: valid_order_count
        data_type: bigint
      - name: as_of_date
        data_type: date
"""


def project_files(root: Path) -> dict[Path, bytes]:
    """The project's files as git sees them (tracked, plus new files not ignored), relative to root."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, check=True).stdout.decode().split("\0")
    return {Path(name): (root / name).read_bytes() for name in listed if name and (root / name).is_file()}


def copy_project(destination: Path) -> Path:
    for path, content in project_files(PROJECT_DIR).items():
        target = destination / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return destination


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*")
            if path.is_file() and not {"target", "logs"} & set(path.relative_to(root).parts)}


def changed(before: dict[Path, bytes], after: dict[Path, bytes]) -> set[Path]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def dbt(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAW_DATA_PATH": str(STORE_DIR), "DUCKDB_PATH": str(project / "warehouse.duckdb"),
           "SERVING_DUCKDB_PATH": str(project / "serving.duckdb"), "DBT_PROFILES_DIR": str(project),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PYTHONPATH": str(project / "python")}
    variables = {"raw_file_format": "csv", **expected.BUILD_VARS}
    return subprocess.run([str(BIN_DIR / "dbt"), *args, "--project-dir", str(project),
                           "--vars", json.dumps(variables)], cwd=project, env=env, capture_output=True, text=True)


def compile_segments(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shopseg.segments", "compile", "--project-dir", str(project)],
                          cwd=project, env={**os.environ, "PYTHONPATH": str(project / "python")},
                          capture_output=True, text=True)


def add_segment(project: Path, channel: str = "email") -> None:
    (project / NAMED / f"seg_{KEY}.sql").write_text(SEGMENT_SQL, encoding="utf-8")
    (project / NAMED / f"_seg_{KEY}.yml").write_text(SEGMENT_YAML.format(channel=channel), encoding="utf-8")


@pytest.fixture(scope="module")
def project_with_a_new_segment(tmp_path_factory) -> tuple[Path, set[Path], set[Path]]:
    """(the project copy with the new segment built, files changed by hand, files changed by compile)."""
    project = copy_project(tmp_path_factory.mktemp("new_segment") / "project")
    before = snapshot(project)
    add_segment(project)
    by_hand = snapshot(project)
    compiled = compile_segments(project)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    after = snapshot(project)
    run = dbt(project, "build", "-s", "+dim_segments", "+rpt_segment_summary", "--resource-type", "seed",
              "--resource-type", "model")
    assert run.returncode == 0, run.stdout[-4000:]
    return project, changed(before, by_hand), changed(by_hand, after)


def query(project: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(project / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_new_segment_is_two_files_in_one_folder(project_with_a_new_segment):
    _, by_hand, by_compile = project_with_a_new_segment
    assert {path.parent for path in by_hand} == {NAMED} and len(by_hand) == 2
    assert by_compile == {MEMBERSHIPS}, "compile writes only the depends_on lines of the membership table"


def test_the_new_segment_is_upstream_of_the_catalog(project_with_a_new_segment):
    project, _, _ = project_with_a_new_segment
    listed = dbt(project, "ls", "-s", "+dim_segments", "--resource-type", "model", "--output", "name", "--quiet")
    assert listed.returncode == 0, listed.stdout[-2000:]
    assert f"seg_{KEY}" in listed.stdout.split()


def test_the_new_segment_has_its_hand_worked_members_everywhere(project_with_a_new_segment):
    project, _, _ = project_with_a_new_segment
    assert {row[0] for row in query(project, f"select customer_id from main_marts.seg_{KEY}")} == HAND_WORKED_MEMBERS
    memberships = query(project, "select customer_id, visitor_id from main_marts.fct_segment_memberships "
                                 f"where family = 'named' and segment = '{KEY}'")
    assert sorted(memberships) == [(member, None) for member in sorted(HAND_WORKED_MEMBERS)]
    assert query(project, "select model_name, description, recommended_action, activation_channel, member_count "
                          f"from main_marts.dim_segments where family = 'named' and segment_key = '{KEY}'") == [
        (f"seg_{KEY}", "Bought again, but only once or twice more.", 'A "third order" coupon by email.',
         "email", 2)]
    # 2 of the 16 registered customers.
    assert query(project, "select members, share_of_customers from main_marts.rpt_segment_summary "
                          f"where family = 'named' and segment = '{KEY}'") == [(2, 2 / 16)]
    # The other named segments are all still there.
    assert {row[0] for row in query(project, "select segment_key from main_marts.dim_segments where family = 'named'")
            } == set(expected.EXPECTED_MEMBERS) | {KEY}


def test_the_reconciliation_test_counts_the_new_segment(project_with_a_new_segment):
    project, _, _ = project_with_a_new_segment
    tested = dbt(project, "test", "-s", "fct_segment_memberships,test_name:segment_memberships_reconcile",
                 f"seg_{KEY}")
    assert tested.returncode == 0, tested.stdout[-3000:]
    compiled = [path.read_text() for path in (project / "target" / "compiled").rglob("*.sql")
                if path.name.startswith("segment_memberships_reconcile")]
    assert len(compiled) == 1 and f"'{KEY}' as segment" in compiled[0], "the reconciliation counts the new mart"


def test_a_forgotten_compile_names_the_missing_dependency(tmp_path):
    project = copy_project(tmp_path / "project")
    add_segment(project)
    compiled = dbt(project, "compile", "-s", "fct_segment_memberships")
    assert compiled.returncode != 0
    assert f"-- depends_on: {{{{ ref('seg_{KEY}') }}}}" in compiled.stdout


def test_a_segment_with_wrong_meta_stops_the_build_with_its_name(tmp_path):
    project = copy_project(tmp_path / "project")
    add_segment(project, channel="fax")
    assert compile_segments(project).returncode == 0
    compiled = dbt(project, "compile", "-s", "dim_segments")
    assert compiled.returncode != 0
    assert f"Segment mart seg_{KEY}" in compiled.stdout and "activation_channel must be one of" in compiled.stdout
