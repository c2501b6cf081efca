"""Unit tests of the publish file work (shopseg.serving): a hand-made snapshot of four customers, no dbt.

Customers (all members of every segment below):
  C1  ann@example.com   not suppressed            -> exported
  C2  bob@example.com   suppressed                -> left out
  C3  bob@example.com   not suppressed, but shares C2's address -> left out (suppression is per address)
  C4  no email                                    -> left out
Segments: champions (named, email), lookalikes (custom, ads), on_site (named, onsite) and the family
country_code (email): only the first two are exported.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from shopseg.serving import exports, publish
from shopseg.serving.files import replace_dir

AS_OF = "2026-06-30"


def make_snapshot(path: Path, build_id: str = "build-1") -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_marts")
        con.execute("""
            create table main_marts.dim_customers as
            select * from (values
                ('C1', 'ann@example.com', 'Ann', 'en', false, 'Smith'),
                ('C2', 'bob@example.com', 'Bob', 'fr', true, 'Jones'),
                ('C3', 'bob@example.com', 'Rob', 'de', false, 'Jones'),
                ('C4', null, 'Cy', 'en', false, 'Doe')
            ) as t(customer_id, email, first_name, language_code, is_email_suppressed, last_name)
        """)
        con.execute("""
            create table main_marts.dim_segments as
            select * from (values
                ('champions', 'named', 'email'),
                ('lookalikes', 'custom', 'ads'),
                ('on_site', 'named', 'onsite'),
                ('country_code', 'family', 'email')
            ) as t(segment_key, family, activation_channel)
        """)
        con.execute(f"""
            create table main_marts.fct_segment_memberships as
            select customers.customer_id, segments.family, segments.segment_key as segment,
                   date '{AS_OF}' as as_of_date
            from main_marts.dim_customers as customers
            cross join (select * from main_marts.dim_segments where family <> 'family') as segments
        """)
        con.execute(f"create table main_marts.build_metadata as select '{build_id}' as build_id, "
                    f"date '{AS_OF}' as as_of_date")
    return path


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_exports_only_allowed_columns_of_unsuppressed_addresses(tmp_path):
    snapshot = make_snapshot(tmp_path / "snapshot.duckdb")
    manifest = exports.write_exports(snapshot, tmp_path / "out", "build-1")

    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "ads__lookalikes.csv", "ads__lookalikes.parquet",
        "email__champions.csv", "email__champions.parquet", "manifest.json"]
    assert read_csv(tmp_path / "out" / "email__champions.csv") == [{
        "customer_id": "C1", "email": "ann@example.com", "first_name": "Ann", "language": "en",
        "segment": "champions", "as_of_date": AS_OF}]
    ann_hash = hashlib.sha256(b"ann@example.com").hexdigest()
    assert read_csv(tmp_path / "out" / "ads__lookalikes.csv") == [
        {"email_sha256": ann_hash, "segment": "lookalikes", "as_of_date": AS_OF}]
    with duckdb.connect() as con:
        parquet = con.execute(f"select * from read_parquet('{tmp_path / 'out' / 'ads__lookalikes.parquet'}')")
        assert [column[0] for column in parquet.description] == ["email_sha256", "segment", "as_of_date"]

    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == manifest
    assert manifest["build_id"] == "build-1" and manifest["as_of_date"] == AS_OF
    champions = next(s for s in manifest["segments"] if s["segment_key"] == "champions")
    assert (champions["members"], champions["left_out_no_email"], champions["left_out_suppressed"]) == (4, 1, 2)
    for entry in manifest["files"]:
        file = tmp_path / "out" / entry["file"]
        assert entry["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
        assert entry["rows"] == 1 and entry["bytes"] == file.stat().st_size


def test_ads_hash_normalises_the_address(tmp_path):
    snapshot = make_snapshot(tmp_path / "snapshot.duckdb")
    with duckdb.connect(str(snapshot)) as con:
        con.execute("update main_marts.dim_customers set email = '  Ann@Example.COM ' where customer_id = 'C1'")
    exports.write_exports(snapshot, tmp_path / "out", "build-1")
    rows = read_csv(tmp_path / "out" / "ads__lookalikes.csv")
    assert [row["email_sha256"] for row in rows] == [hashlib.sha256(b"ann@example.com").hexdigest()]


def test_a_segment_key_that_is_no_file_name_is_refused(tmp_path):
    snapshot = make_snapshot(tmp_path / "snapshot.duckdb")
    with duckdb.connect(str(snapshot)) as con:
        con.execute("update main_marts.dim_segments set segment_key = '../x' where segment_key = 'champions'")
    with pytest.raises(exports.ExportError, match="cannot be a file name"):
        exports.write_exports(snapshot, tmp_path / "out", "build-1")


def test_publish_replaces_the_serving_file_and_the_exports_folder(tmp_path):
    settings = publish.ServingSettings(tmp_path / "serving.duckdb", tmp_path / "exports")
    make_snapshot(publish.prepare(settings, "build-1"), "build-1")
    publish.publish(settings, "build-1")
    make_snapshot(publish.prepare(settings, "build-2"), "build-2")
    summary = publish.publish(settings, "build-2")

    with duckdb.connect(str(settings.serving_path), read_only=True) as con:
        assert con.execute("select build_id from main_marts.build_metadata").fetchone()[0] == "build-2"
    manifest = json.loads((settings.exports_path / AS_OF / "manifest.json").read_text())
    assert manifest["build_id"] == "build-2" and summary["export_files"] == 4
    assert sorted(path.name for path in tmp_path.iterdir()) == ["exports", "serving.duckdb"]
    assert [path.name for path in settings.exports_path.iterdir()] == [AS_OF]


def test_a_failing_publish_leaves_serving_and_exports_as_they_were(tmp_path, monkeypatch):
    settings = publish.ServingSettings(tmp_path / "serving.duckdb", tmp_path / "exports")
    make_snapshot(publish.prepare(settings, "build-1"), "build-1")
    publish.publish(settings, "build-1")
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}

    make_snapshot(publish.prepare(settings, "build-2"), "build-2")

    def broken(snapshot, folder, build_id):
        folder.mkdir()
        (folder / "half-written.csv").write_text("customer_id\n")
        raise OSError("disk full")

    monkeypatch.setattr(publish, "write_exports", broken)
    with pytest.raises(OSError, match="disk full"):
        publish.publish(settings, "build-2")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_prepare_removes_leftovers_of_an_interrupted_publish(tmp_path):
    settings = publish.ServingSettings(tmp_path / "serving.duckdb", tmp_path / "exports")
    leftover = settings.temporary_snapshot("killed-build")
    leftover.write_bytes(b"half a database")
    assert publish.prepare(settings, "next") == tmp_path / "serving.duckdb.next.tmp"
    assert not leftover.exists()


def test_replace_dir_swaps_a_folder_for_a_new_one(tmp_path):
    (tmp_path / "final").mkdir()
    (tmp_path / "final" / "old.csv").write_text("old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "new.csv").write_text("new")
    replace_dir(tmp_path / "new", tmp_path / "final", tmp_path / "trash")
    assert [path.name for path in (tmp_path / "final").iterdir()] == ["new.csv"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["final"]
