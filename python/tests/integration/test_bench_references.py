"""The benchmark's two references checked on the generated test store (dirty data included), against
the shared full `dbt build` of it:

- the pandas reference of the RFM chain, written from the rules, equals int_customers_scored_rfm row for
  row (or the nearest persisted model with the scores, should that model not be persisted);
- the replay of the models' compiled SQL without dbt equals dbt's tables.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import duckdb
import pytest

from shopseg.bench import cli, pandas_reference, replay, rfm_chain

from .dbt_project_runner import PROJECT_DIR, DbtProject


def build_manifest(project: DbtProject) -> dict:
    return json.loads((project.work_dir / "target" / "manifest.json").read_text())


def dbt_rfm_rows(project: DbtProject):
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        found = rfm_chain.find_relation(build_manifest(project), con)
        assert found is not None, "no persisted model carries the RFM scores"
        return found[0], pandas_reference.read_dbt_rfm(con, found[1])


def test_the_test_store_exercises_the_rules_of_the_chain(manifest):
    injected = {(item["table"], item["kind"]) for item in manifest["injected"] if item["rows"] > 0}
    for kind in [("orders", "duplicate_key_conflict"), ("orders", "latest_version_rejected"),
                 ("orders", "superseded_version"), ("orders", "float_style_id"), ("orders", "unknown_currency"),
                 ("order_items", "parent_order_rejected"), ("order_items", "duplicate_key_conflict"),
                 ("customers", "padded_mixed_case_email"), ("customers", "superseded_version")]:
        assert kind in injected, f"the test store no longer injects {kind}"


def test_pandas_reference_equals_the_build_row_for_row(warehouse, test_store_raw):
    ours = pandas_reference.compute_rfm(test_store_raw)
    compared_with, theirs = dbt_rfm_rows(warehouse)
    assert len(ours) > 1000
    differences = pandas_reference.compare(ours, theirs)
    assert differences == [], f"{len(differences)} rows differ from {compared_with}: {differences[:10]}"


def test_the_equality_depends_on_the_staging_rules(warehouse, test_store_raw, monkeypatch):
    """With the rows' own validation but without the per-key rules (latest version, a rejected latest
    version or two different latest rows rejecting the key), the last copy of a key winning, the reference
    no longer matches: the comparison above has teeth on this store."""
    def naive(frame, keys, error, signature, version=None):
        return frame[~error.to_numpy()].drop_duplicates(keys, keep="last")

    monkeypatch.setattr(pandas_reference, "accepted", naive)
    _, theirs = dbt_rfm_rows(warehouse)
    assert pandas_reference.compare(pandas_reference.compute_rfm(test_store_raw), theirs) != []


def test_bench_runs_the_pandas_reference_in_a_capped_process(warehouse, test_store_raw, tmp_path):
    """The benchmark's step: a child process computes and compares the chain and reports its figures; a
    store too large for the memory the child may take is reported as out of memory, not a killed bench."""
    workspace = SimpleNamespace(raw=test_store_raw, warehouse=warehouse.warehouse, root=tmp_path)
    manifest = build_manifest(warehouse)
    result = {}
    cli.measure_pandas(cli.SCALES["S"], cli.build_parser().parse_args(["--runs", "1"]), workspace, result, manifest)
    figures = result["pandas_rfm"]
    assert figures["equal"] is True and figures["differences"] == 0
    assert figures["compared_with"] == dbt_rfm_rows(warehouse)[0]
    assert figures["customers"] == len(pandas_reference.compute_rfm(test_store_raw))
    assert figures["seconds"] > 0 and figures["peak_rss_bytes"] > 0
    # Python with pandas and pyarrow imported alone holds more than 20 MB.
    capped = {}
    cli.measure_pandas(cli.SCALES["S"], cli.build_parser().parse_args(["--pandas-memory-limit", "0.02"]),
                       workspace, capped, manifest)
    assert capped["pandas_rfm"]["failed"] == "out of memory: stopped at 20.0 MB"
    assert capped["pandas_rfm"]["peak_rss_bytes"] > 20_000_000 and capped["pandas_rfm"]["equal"] is None
    assert cli.mismatches([{"scale": "S", **capped}]) == []


def test_replay_without_dbt_equals_the_build(warehouse, tmp_path):
    manifest = build_manifest(warehouse)
    steps = replay.plan(manifest, PROJECT_DIR)
    persisted = [step for step in steps if step.resource_type == "model" and step.persisted]
    assert persisted and any(step.is_mart for step in persisted)
    target = tmp_path / warehouse.warehouse.name
    result = replay.replay(steps, target, warehouse.warehouse)
    assert sum(result.models.values()) == sum(1 for step in steps if step.resource_type == "model")
    comparison = replay.compare_with_build(steps, target, warehouse.warehouse)
    assert comparison.models_compared == len(persisted)
    assert comparison.marts_compared_in_full == sum(1 for step in persisted if step.is_mart)
    assert comparison.equal, comparison


@pytest.mark.parametrize("name", [rfm_chain.RFM_MODEL])
def test_rfm_chain_is_found_in_the_manifest(warehouse, name):
    chain = rfm_chain.chain_nodes(build_manifest(warehouse), name)
    assert f"model.shop_segments.{name}" in chain
    assert any(uid.startswith("seed.") for uid in chain) and any("stg_shop__orders" in uid for uid in chain)
