"""Write-audit-publish of the marts (README, "Serving the marts to BI tools").

Builds shared by the tests of this file:
- the session's test-store build (conftest.built_test_store) is the first
  build: its published serving.duckdb and exports are the "before";
- `serving_run` copies that snapshot into a new folder and runs a second full
  `dbt build` there, without unit tests as `make dbt-build` runs it, as of
  an earlier date (so the two snapshots differ in as_of_date and row
  counts), while two BI readers query the serving file
  every 0.2 s: one opening a fresh read-only connection per question, one
  keeping its connection open from before the build to after it;
- `failed_build` then builds a copy of the store with an unreadable optional
  file into the same folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from shopseg.segments.marts import load_segment_marts

from .dbt_project_runner import PROJECT_DIR, DbtProject, assert_build_ok

READER = Path(__file__).with_name("serving_reader.py")
EARLIER_AS_OF = "2026-02-28"
PUBLISHED_LINE = "Published the serving snapshot"
NOT_PUBLISHED_LINE = "Did not publish the serving snapshot"
# The allow-list as the feature promises it (README), written out here rather than imported.
ALLOWED_COLUMNS = {
    "email": ["customer_id", "email", "first_name", "language", "segment", "as_of_date"],
    "ads": ["email_sha256", "segment", "as_of_date"],
}
SUPPRESSING_EVENTS = ("unsubscribed", "bounced", "marked_as_spam")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): sha256_file(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def snapshot_build_id(serving: Path) -> str:
    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute("select build_id from main_marts.build_metadata").fetchone()[0]


def invocation_id(project: DbtProject) -> str:
    return json.loads((project.work_dir / "target" / "run_results.json").read_text())["metadata"]["invocation_id"]


@pytest.fixture(scope="module")
def first_build(built_test_store) -> DbtProject:
    project, result = built_test_store
    assert_build_ok(result)
    assert PUBLISHED_LINE in result.output
    assert project.serving.exists()
    return project


@pytest.fixture(scope="module")
def serving_run(first_build, test_store_raw, tmp_path_factory):
    work = tmp_path_factory.mktemp("serving")
    project = DbtProject(test_store_raw, work)
    shutil.copy2(first_build.serving, project.serving)
    shutil.copytree(first_build.exports, project.exports)
    stop = work / "stop-readers"
    readers = {}
    for mode in ("fresh", "kept"):
        out = work / f"reader-{mode}.json"
        process = subprocess.Popen([sys.executable, str(READER), str(project.serving), mode, str(stop), str(out)])
        readers[mode] = (process, out)
    time.sleep(3)  # both readers are connected and answering before the build starts
    started = time.time()
    # As production runs it (`make dbt-build`): without the unit tests, which the first build ran.
    result = project.build("--exclude-resource-type", "unit_test", extra_vars={"as_of_date": EARLIER_AS_OF})
    finished = time.time()
    time.sleep(2)  # the fresh reader's next questions open the new snapshot
    stop.touch()
    answers = {}
    for mode, (process, out) in readers.items():
        assert process.wait(timeout=60) == 0, f"the {mode} reader crashed"
        answers[mode] = json.loads(out.read_text())
    return SimpleNamespace(project=project, result=result, started=started, finished=finished, readers=answers,
                           first_build_id=snapshot_build_id(first_build.serving))


def check_answer(answer: dict) -> None:
    """One answer is one build: every mart has the row count and as_of_date that build recorded."""
    assert answer["metadata_builds"] == [answer["build_id"]], answer
    for mart, read in answer["marts"].items():
        assert read["rows"] == answer["recorded_rows"][mart], (mart, answer)
        if read["as_of_dates"] is not None and read["rows"]:
            assert read["as_of_dates"] == [answer["as_of_date"]], (mart, answer)


def assert_earlier_build_ok(result) -> None:
    """The build as of EARLIER_AS_OF passes; its only warnings may be staging's relationship tests.

    Versions are used as they were known on as_of_date (SEGMENTS.md): an account whose only exported
    version was written after that date is not known then, so orders, sessions and checkouts of that
    time that name it warn (severity warn), as they should, and the build still publishes.
    """
    assert result.returncode == 0, "\n".join(result.failures()) + result.output[-4000:]
    unexpected = [failure for failure in result.failures()
                  if not (failure.startswith("test.shop_segments.relationships_stg_shop__") and ": warn " in failure)]
    assert unexpected == [], unexpected


def test_bi_readers_get_no_error_and_one_build_per_answer(serving_run, first_build):
    assert_earlier_build_ok(serving_run.result)
    new_build_id = invocation_id(serving_run.project)
    assert snapshot_build_id(serving_run.project.serving) == new_build_id
    with duckdb.connect(str(first_build.serving), read_only=True) as con:
        first_as_of = con.execute("select cast(as_of_date as varchar) from main_marts.build_metadata").fetchone()[0]
    expected_as_of = {serving_run.first_build_id: first_as_of, new_build_id: EARLIER_AS_OF}
    assert first_as_of != EARLIER_AS_OF

    for mode, report in serving_run.readers.items():
        answers = report["answers"]
        errors = [answer["error"] for answer in answers if "error" in answer]
        assert errors == [], f"{mode} reader: {len(errors)} errors, first: {errors[0]}"
        during = [answer for answer in answers if serving_run.started <= answer["at"] <= serving_run.finished]
        assert len(during) >= 20, f"{mode} reader asked only {len(during)} questions during the build"
        for answer in answers:
            check_answer(answer)
            assert expected_as_of[answer["build_id"]] == answer["as_of_date"]

    fresh = [answer["build_id"] for answer in serving_run.readers["fresh"]["answers"]]
    switch = fresh.index(new_build_id)
    assert switch > 0 and set(fresh[:switch]) == {serving_run.first_build_id}
    assert set(fresh[switch:]) == {new_build_id}, "a fresh connection went back to the old snapshot"


def test_a_reader_holding_a_connection_does_not_block_the_build(serving_run):
    kept = serving_run.readers["kept"]
    assert kept["opened_at"] < serving_run.started and kept["closed_at"] > serving_run.finished
    assert serving_run.result.returncode == 0, serving_run.result.output[-3000:]
    assert PUBLISHED_LINE in serving_run.result.output
    assert snapshot_build_id(serving_run.project.serving) == invocation_id(serving_run.project)
    # The open connection kept reading the snapshot it opened, whole, through the switch.
    assert {answer["build_id"] for answer in kept["answers"]} == {serving_run.first_build_id}
    assert kept["answers"][-1]["at"] > serving_run.finished


def test_build_metadata_describes_the_snapshot(serving_run):
    project = serving_run.project
    results = json.loads((project.work_dir / "target" / "run_results.json").read_text())["results"]
    manifest = json.loads((project.work_dir / "target" / "manifest.json").read_text())
    marts = sorted(node["alias"] for node in manifest["nodes"].values()
                   if node["resource_type"] == "model" and node["fqn"][1] == "marts")
    with duckdb.connect(str(project.serving), read_only=True) as con:
        row = con.execute("select * from main_marts.build_metadata").fetchall()
        columns = [column[0] for column in con.description]
        tables = con.execute("select table_schema, table_name, table_type from information_schema.tables "
                             "order by all").fetchall()
        recorded = dict(con.execute("select mart_name, row_count from main_marts.build_metadata_marts").fetchall())
    assert len(row) == 1
    meta = dict(zip(columns, row[0]))
    assert meta["build_id"] == invocation_id(project)
    assert str(meta["as_of_date"]) == EARLIER_AS_OF
    assert meta["build_started_at"] < meta["build_finished_at"]
    assert meta["dbt_version"] == metadata.version("dbt-core")
    assert meta["adapter_type"] == "duckdb" and meta["adapter_version"] == metadata.version("dbt-duckdb")
    commit = subprocess.run(["git", "-C", str(PROJECT_DIR), "rev-parse", "HEAD"], capture_output=True, text=True)
    if commit.returncode == 0:
        assert meta["git_commit"] == commit.stdout.strip()

    def count(resource_type: str, *statuses: str) -> int:
        return sum(1 for result in results
                   if result["unique_id"].split(".")[0] == resource_type and result["status"] in statuses)

    # Every enabled data test of the project ran (a full build), and the counts are the run's.
    data_tests = sum(1 for node in manifest["nodes"].values()
                     if node["resource_type"] == "test" and node["config"]["enabled"])
    assert meta["data_tests_pass"] == count("test", "pass")
    # ... and it is the whole project's: every model has at least one data test (test_coverage in the audit).
    models = sum(1 for node in manifest["nodes"].values() if node["resource_type"] == "model")
    assert meta["data_tests_pass"] + meta["data_tests_warn"] == data_tests >= models > 0
    assert meta["data_tests_warn"] == count("test", "warn")
    assert meta["data_tests_error"] == meta["data_tests_skip"] == 0
    # A build without unit tests (dbt's advice for production) still publishes.
    assert meta["unit_tests_pass"] == count("unit_test", "pass") == 0
    assert meta["models_pass"] == count("model", "success")
    assert meta["seeds_pass"] == count("seed", "success")

    # Every mart, as a table (views included), with the row count it has in the build database.
    assert {(schema, name) for schema, name, _ in tables} == {
        ("main_marts", name) for name in [*marts, "build_metadata", "build_metadata_marts"]}
    assert {kind for _, _, kind in tables} == {"BASE TABLE"}
    assert sorted(recorded) == marts
    for mart in marts:
        assert recorded[mart] == project.scalar(f"select count(*) from main_marts.{mart}"), mart


def test_a_partial_build_does_not_publish(serving_run):
    before = sha256_file(serving_run.project.serving)
    result = serving_run.project.build("--select", "int_as_of_date", extra_vars={"as_of_date": EARLIER_AS_OF})
    assert result.returncode == 0, result.output[-3000:]
    lines = [line for line in result.output.splitlines() if NOT_PUBLISHED_LINE in line]
    assert len(lines) == 1 and "a partial build" in lines[0], result.output[-3000:]
    assert sha256_file(serving_run.project.serving) == before


@pytest.fixture(scope="module")
def failed_build(serving_run, test_store_raw, tmp_path_factory):
    """A full build of the store with one optional file made unreadable, into the serving run's folder."""
    project = serving_run.project
    broken_raw = tmp_path_factory.mktemp("broken_raw")
    for path in test_store_raw.iterdir():
        shutil.copy2(path, broken_raw / path.name)
    events = broken_raw / "email_events.parquet"
    # The page header that opens the first column chunk: the footer still reads, the rows do not. (Bytes
    # inside a page's data may instead decode into other values without an error, as the pages carry no
    # checksum, and where the middle of the file falls depends on its columns.)
    with duckdb.connect() as con:
        first_page = con.execute(
            f"select min(data_page_offset) from parquet_metadata('{events}')").fetchone()[0]
    data = bytearray(events.read_bytes())
    data[first_page:first_page + 64] = b"\xff" * 64
    events.write_bytes(bytes(data))
    serving_before, exports_before = sha256_file(project.serving), tree_hashes(project.exports)
    broken = DbtProject(broken_raw, project.work_dir)
    result = broken.build()
    return SimpleNamespace(result=result, serving_before=serving_before, exports_before=exports_before,
                           project=project)


def test_a_failed_build_changes_nothing_and_says_why_in_one_line(failed_build):
    result = failed_build.result
    assert result.returncode != 0
    assert sha256_file(failed_build.project.serving) == failed_build.serving_before
    assert tree_hashes(failed_build.project.exports) == failed_build.exports_before
    assert not list(failed_build.project.work_dir.glob("serving.duckdb.*.tmp"))
    lines = [line for line in result.output.splitlines() if NOT_PUBLISHED_LINE in line]
    assert len(lines) == 1, result.output[-3000:]
    failing = [item.split(":")[0] for item in result.failures() if ": error" in item or ": fail" in item]
    assert failing == ["model.shop_segments.base_shop__email_events"]
    assert "model base_shop__email_events (error)" in lines[0]
    assert PUBLISHED_LINE not in result.output


# --- activation exports -------------------------------------------------------------------------------

def suppressed_addresses(raw: Path) -> set[str]:
    """Addresses that must never be handed out, worked out from the raw files alone (SEGMENTS.md,
    "consent is always current"): the latest known consent of an account is not `subscribed`, or any
    unsubscribe, bounce or spam report, whatever its date, on the address or on an account with it.
    Suppression is per address: it covers every account sharing it."""
    with duckdb.connect() as con:
        con.execute(f"create view customers as select * from read_parquet('{raw / 'customers.parquet'}')")
        con.execute(f"create view events as select * from read_parquet('{raw / 'email_events.parquet'}')")
        rows = con.execute(f"""
            with latest as (
                select * from customers
                qualify updated_at is null
                    or updated_at = max(updated_at) over (partition by trim(customer_id))
            ),
            suppressing as (
                select * from events where lower(trim(event_type)) in {SUPPRESSING_EVENTS}
            )
            select lower(trim(email)) from latest
            where coalesce(lower(trim(email_marketing_consent)), '') <> 'subscribed'
            union
            select lower(trim(email)) from suppressing
            union
            select lower(trim(customers.email))
            from suppressing join customers on trim(suppressing.customer_id) = trim(customers.customer_id)
        """).fetchall()
    return {address for (address,) in rows if address}


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        with open(path, newline="") as handle:
            return list(csv.DictReader(handle))
    with duckdb.connect() as con:
        result = con.execute(f"select * from read_parquet('{path}')")
        names = [column[0] for column in result.description]
        return [dict(zip(names, (None if value is None else str(value) for value in row)))
                for row in result.fetchall()]


def columns_of(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with open(path, newline="") as handle:
            return next(csv.reader(handle))
    with duckdb.connect() as con:
        return [column[0] for column in con.execute(f"select * from read_parquet('{path}') limit 0").description]


def expected_exports(serving: Path) -> set[tuple[str, str]]:
    """(channel, segment key) of every named segment of the models' YAML meta and every custom segment
    of the snapshot whose activation channel is email or ads."""
    named = {(mart.activation_channel, mart.key) for mart in load_segment_marts(PROJECT_DIR)
             if mart.family == "named" and mart.activation_channel in ALLOWED_COLUMNS}
    with duckdb.connect(str(serving), read_only=True) as con:
        custom = set(con.execute("select activation_channel, segment_key from main_marts.dim_segments "
                                 "where family = 'custom' and activation_channel in ('email', 'ads')").fetchall())
    return named | custom


def check_exports(project: DbtProject, raw: Path, *, suppression: bool = True) -> None:
    """The exports of the project's published snapshot: the manifest matches the files, every expected
    segment has its files, no column is outside the allow-list, rows are members of their segment, ads
    rows are hashes of real addresses and (with `suppression`) no suppressed address is in any file."""
    with duckdb.connect(str(project.serving), read_only=True) as con:
        as_of_date, build_id = con.execute(
            "select cast(as_of_date as varchar), build_id from main_marts.build_metadata").fetchone()
        members = set(con.execute("select segment, customer_id from main_marts.fct_segment_memberships "
                                  "where family in ('named', 'custom')").fetchall())
    folder = project.exports / as_of_date
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["build_id"] == build_id and manifest["as_of_date"] == as_of_date

    # The manifest lists exactly the files of the folder, with their true row counts and hashes.
    listed = {entry["file"]: entry for entry in manifest["files"]}
    assert set(listed) | {"manifest.json"} == {path.name for path in folder.iterdir()}
    for name, entry in listed.items():
        assert entry["sha256"] == sha256_file(folder / name), name
        assert entry["rows"] == len(read_rows(folder / name)), name

    expected = expected_exports(project.serving)
    assert {("email", "champions"), ("ads", "best_channel_customers")} <= expected
    assert set(listed) == {f"{channel}__{key}.{fmt}" for channel, key in expected for fmt in ("csv", "parquet")}

    suppressed = suppressed_addresses(raw) if suppression else set()
    suppressed_hashes = {hashlib.sha256(address.encode()).hexdigest() for address in suppressed}
    with duckdb.connect() as con:
        raw_addresses = {row[0] for row in con.execute(
            f"select distinct lower(trim(email)) from read_parquet('{raw / 'customers.parquet'}') "
            "where email is not null").fetchall()}
    known_hashes = {hashlib.sha256(address.encode()).hexdigest() for address in raw_addresses}
    exported = {"email": 0, "ads": 0}
    for channel, key in expected:
        for fmt in ("csv", "parquet"):
            path = folder / f"{channel}__{key}.{fmt}"
            assert columns_of(path) == ALLOWED_COLUMNS[channel], path.name
            rows = read_rows(path)
            exported[channel] += len(rows)
            assert {row["segment"] for row in rows} <= {key} and {row["as_of_date"] for row in rows} <= {as_of_date}
            if channel == "email":
                leaked = [row["customer_id"] for row in rows if row["email"].strip().lower() in suppressed]
                assert leaked == [], f"{path.name}: suppressed addresses of customers {leaked}"
                assert all((key, row["customer_id"]) in members for row in rows), path.name
            else:
                hashes = [row["email_sha256"] for row in rows]
                assert all(re.fullmatch("[0-9a-f]{64}", value) for value in hashes), path.name
                assert set(hashes) <= known_hashes, f"{path.name}: a hash of no customer's normalised email"
                assert not set(hashes) & suppressed_hashes, f"{path.name}: a suppressed address, hashed"
                assert len(hashes) == len(set(hashes))
    assert exported["email"] > 500 and exported["ads"] > 50  # the checks above read real audiences


def test_exports_of_the_latest_date_hold_only_allowed_unsuppressed_data(first_build, test_store_raw):
    check_exports(first_build, test_store_raw)


def test_exports_of_an_earlier_date_match_their_manifest_and_allow_list(serving_run, test_store_raw):
    check_exports(serving_run.project, test_store_raw, suppression=False)


def test_exports_of_an_earlier_date_leave_out_addresses_suppressed_since(serving_run, test_store_raw):
    check_exports(serving_run.project, test_store_raw)
