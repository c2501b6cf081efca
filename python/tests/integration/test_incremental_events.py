"""Incremental event tables (var ``incremental_events``) give the same warehouse as a full build.

The test store is built twice with ``incremental_events: true``: once in one go
(a fresh database, so a full build), and once in three loads into another
database, as a store that receives its event rows day by day would be. The
loads are cumulative snapshots of the raw event files cut by ``_loaded_at``
(the first 60 % of the load times, then 85 %, then all); the other tables are
whole in every snapshot. The first load builds fresh, the next two are
incremental runs.

The later loads carry what makes an incremental run hard, for each of the
four event tables: an exact copy and a conflicting copy (its event time one
second later) of rows loaded in the first load, which must turn those
accepted rows into a collapsed duplicate and into a key conflict; a row
without a key (always rejected, and not matched by key on delete); and, in
the second load, a row without a key and a new row with a key, both without
``_loaded_at``.

After the last load every mart (every model in models/marts) and the four
event base models are compared with the full build, in full, and every data
test passes, ``raw_rows_reconcile`` included (no raw row lost or counted
twice). The expected dispositions of the injected rows are also checked
directly, as worked out from the classification rules, so a fault shared by
both builds shows too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from .dbt_project_runner import DbtProject, assert_build_ok

# raw table -> (raw key column, base model key column, event time column)
EVENT_TABLES = {
    "sessions": ("session_id", "session_id", "started_at"),
    "page_views": ("page_view_id", "page_view_id", "viewed_at"),
    "checkouts": ("checkout_id", "checkout_id", "created_at"),
    "email_events": ("event_id", "email_event_id", "occurred_at"),
}
CUTS = (0.60, 0.85)  # share of the load times in the first and in the first two loads
LOADS = 3
INCREMENTAL = {"incremental_events": True}
MODELS_ONLY = ("--exclude", "resource_type:test", "resource_type:unit_test")


def _prepare_loads(source: Path, work: Path) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """Write the cumulative snapshots ``load_1`` .. ``load_3`` of ``source`` into ``work``.

    Returns the snapshot folders and, per event table, the keys of the
    injected rows: ``exact`` (copied late), ``conflict`` (a late copy with
    another event time) and ``late_no_load_time`` (a new key without ``_loaded_at``).
    """
    folders = [work / f"load_{n}" for n in range(1, LOADS + 1)]
    for folder in folders:
        folder.mkdir(parents=True)
    injected: dict[str, dict[str, str]] = {}
    with duckdb.connect() as con:
        union = " union all ".join(f"select _loaded_at from read_parquet('{source / t}.parquet')"
                                   for t in EVENT_TABLES)
        first_cut, second_cut, last = con.execute(
            f"select quantile_disc(_loaded_at, {CUTS[0]}), quantile_disc(_loaded_at, {CUTS[1]}), "
            f"max(_loaded_at) from ({union})").fetchone()
        late = f"timestamp '{last}' + interval 1 hour"
        conflict_session_views = ""
        for table, (key, _, event_time) in EVENT_TABLES.items():
            con.execute(f"""
                create table {table} as
                select *, case when _loaded_at < timestamp '{first_cut}' then 1
                               when _loaded_at < timestamp '{second_cut}' then 2 else 3 end as _load
                from read_parquet('{source / table}.parquet')
                -- Page views must point at a known session (a relationships test): the session turned into a
                -- key conflict below has none in this store.
                {conflict_session_views if table == "page_views" else ""}""")
            # Two rows of the first load whose key has no other row and whose event time is ordinary.
            exact, conflict = [row[0] for row in con.execute(f"""
                select {key} from {table}
                where _load = 1 and {key} is not null and trim({key}) <> ''
                    and {event_time} between timestamp '2025-01-01' and timestamp '2026-01-01'
                    and {key} in (select {key} from {table} group by {key} having count(*) = 1)
                order by {key} limit 2""").fetchall()]
            new_key = f"late-{table}"
            con.execute(f"""
                insert into {table}
                -- the same event delivered again, in the last load
                select * replace ({late} as _loaded_at, 3 as _load) from {table} where {key} = '{exact}'
                union all
                -- another row for the same key, in the last load: a conflict
                select * replace ({event_time} + interval 1 second as {event_time}, {late} as _loaded_at, 3 as _load)
                from {table} where {key} = '{conflict}'
                union all
                -- a row without a key, in the last load
                select * replace (null as {key}, {late} as _loaded_at, 3 as _load)
                from {table} where {key} = '{exact}'
                union all
                -- a row without a key and without a load time, in the second load
                select * replace (null as {key}, null as _loaded_at, 2 as _load)
                from {table} where {key} = '{conflict}'
                union all
                -- a new key without a load time, in the second load
                select * replace ('{new_key}' as {key}, null as _loaded_at, 2 as _load)
                from {table} where {key} = '{exact}'""")
            injected[table] = {"exact": exact, "conflict": conflict, "late_no_load_time": new_key}
            if table == "sessions":
                conflict_session_views = f"where coalesce(trim(session_id), '') <> '{conflict}'"
            for n, folder in enumerate(folders, start=1):
                con.execute(f"copy (select * exclude (_load) from {table} where _load <= {n}) "
                            f"to '{folder / table}.parquet' (format parquet)")
    for path in source.glob("*.parquet"):
        if path.stem not in EVENT_TABLES:
            for folder in folders:
                shutil.copy(path, folder / path.name)
    return folders, injected


def _mart_relations(target_path: Path) -> list[str]:
    """``schema.name`` of every model under models/marts, and of the four event base models."""
    nodes = json.loads((target_path / "manifest.json").read_text())["nodes"].values()
    names = [f"{n['schema']}.{n['alias']}" for n in nodes
             if n["resource_type"] == "model" and n["original_file_path"].startswith("models/marts/")]
    assert len(names) > 10, names
    return sorted(names) + [f"main_staging.base_shop__{table}" for table in EVENT_TABLES]


@pytest.fixture(scope="module")
def incremental_builds(test_store_raw, tmp_path_factory):
    """The full build and the build in loads, both with incremental_events: true."""
    work = tmp_path_factory.mktemp("incremental")
    folders, injected = _prepare_loads(test_store_raw, work / "raw")
    full = DbtProject(folders[-1], work / "full", vars=INCREMENTAL)
    assert_build_ok(full.build(*MODELS_ONLY))
    loaded = DbtProject(folders[0], work / "loaded", vars=INCREMENTAL)
    assert_build_ok(loaded.build(*MODELS_ONLY))
    runs = []
    for folder in folders[1:]:
        loaded.raw_path = folder
        last = folder == folders[-1]
        # The last load runs the data tests too: raw_rows_reconcile counts the raw rows of the last snapshot.
        # Its result is checked by test_every_data_test_passes_after_the_last_load, so that a failing test
        # there does not hide what the comparison with the full build shows.
        if last:
            result = loaded.build("--exclude", "resource_type:unit_test")
            assert result.run_results(), result.output[-4000:]
        else:
            result = loaded.build(*MODELS_ONLY)
            assert_build_ok(result)
        runs.append(result)
    return full, loaded, runs, injected


def test_later_loads_are_incremental_runs(incremental_builds):
    _, loaded, runs, _ = incremental_builds
    for table in EVENT_TABLES:
        model = f"model.shop_segments.base_shop__{table}"
        compiled = (loaded.work_dir / "target" / "run" / "shop_segments" / "models" / "staging" / "shop" / "base"
                    / f"base_shop__{table}.sql").read_text()
        assert "delete from" in compiled, f"{model} was not built incrementally"
        for result in runs:
            assert [r["status"] for r in result.run_results() if r["unique_id"] == model] == ["success"]


def test_loaded_build_equals_the_full_build_in_every_mart(incremental_builds):
    full, loaded, _, _ = incremental_builds
    relations = _mart_relations(full.work_dir / "target")
    different = []
    with duckdb.connect() as con:
        con.execute(f"attach '{full.warehouse}' as full_build (read_only)")
        con.execute(f"attach '{loaded.warehouse}' as loaded_build (read_only)")
        for relation in relations:
            rows = con.execute(f"select count(*) from full_build.{relation}").fetchone()[0]
            only_full, only_loaded = (
                con.execute(f"select count(*) from (select * from {a}.{relation} except all "
                            f"select * from {b}.{relation})").fetchone()[0]
                for a, b in (("full_build", "loaded_build"), ("loaded_build", "full_build")))
            if only_full or only_loaded:
                different.append(f"{relation}: {rows} rows, {only_full} only in the full build, "
                                 f"{only_loaded} only in the loaded one")
    assert not different, "\n".join(different)


def test_every_data_test_passes_after_the_last_load(incremental_builds):
    _, _, runs, _ = incremental_builds
    assert_build_ok(runs[-1])
    reconciled = [r for r in runs[-1].run_results() if r["unique_id"].startswith("test.shop_segments.raw_rows_reconcile")
                  and any(f"base_shop__{table}_" in r["unique_id"] for table in EVENT_TABLES)]
    assert len(reconciled) == len(EVENT_TABLES)
    assert {r["status"] for r in reconciled} == {"pass"}


def test_late_rows_reclassify_the_rows_loaded_before(incremental_builds):
    """Worked out from the rules (classify_raw_rows), not from either build."""
    _, loaded, _, injected = incremental_builds
    for table, (_, key, _) in EVENT_TABLES.items():
        model = f"main_staging.base_shop__{table}"

        def rows(where: str) -> list[tuple]:
            return loaded.query(f"select row_disposition, rejection_reason, collapse_reason from {model} "
                                f"where {where} order by _loaded_at")

        keys = injected[table]
        # The first-loaded copy stays accepted, the late copy is its exact duplicate.
        assert rows(f"{key} = '{keys['exact']}'") == [("accepted", None, None),
                                                      ("collapsed", None, "exact_duplicate")], table
        # Two different rows for one key: both rejected, the one loaded first included.
        assert rows(f"{key} = '{keys['conflict']}'") == [("rejected", "duplicate_key_conflict", None)] * 2, table
        assert rows(f"{key} = '{keys['late_no_load_time']}'") == [("accepted", None, None)], table
        # The generator's rows without a key, plus the two injected ones: each exactly once.
        missing = loaded.query(f"select count(*), count(_loaded_at) from {model} where {key} is null")[0]
        generated = loaded.query(
            f"select count(*) from read_parquet('{loaded.raw_path / table}.parquet') "
            f"where {EVENT_TABLES[table][0]} is null or trim({EVENT_TABLES[table][0]}) = ''")[0][0]
        assert missing == (generated, generated - 1), table


def test_without_the_var_the_event_models_are_tables(test_store_raw, tmp_path):
    """The default build does not change: every base model is a table; with the var, the four event ones are
    incremental (delete+insert)."""
    def materializations(extra_vars: dict) -> dict[str, tuple]:
        result = DbtProject(test_store_raw, tmp_path / ("with_var" if extra_vars else "default")).run(
            "ls", "--resource-type", "model", "--select", "staging.shop.base", "--output", "json",
            "--output-keys", "name config", "--quiet", extra_vars=extra_vars)
        assert result.returncode == 0, result.output[-2000:]
        nodes = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
        return {n["name"]: (n["config"]["materialized"], n["config"].get("incremental_strategy")) for n in nodes}

    default = materializations({})
    assert len(default) == 9
    assert {materialized for materialized, _ in default.values()} == {"table"}
    switched = materializations(INCREMENTAL)
    events = {f"base_shop__{table}" for table in EVENT_TABLES}
    assert {name: switched[name] for name in events} == {name: ("incremental", "delete+insert") for name in events}
    assert {switched[name][0] for name in set(switched) - events} == {"table"}
