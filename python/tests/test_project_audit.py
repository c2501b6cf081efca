"""The project passes dbt-project-evaluator's rules, and documents every macro.

`project_audit.py` reproduces the evaluator's rules over the manifest of
`dbt parse` (no build, no warehouse: about 20 s). A finding either gets fixed
or is listed below as a deliberate exception, with the reason; an exception
that no longer matches any finding fails too, so the list cannot rot.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import project_audit  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"

# rule -> {fnmatch pattern of a finding: why it stays}
EXCEPTIONS: dict[str, dict[str, str]] = {
    "direct_join_to_source": {
        "base_shop__order_items": "an order line takes its exchange rate and its point-in-time visibility from "
        "its order's validated versions (base_shop__orders), which its raw table cannot tell",
    },
    "model_fanout": {
        "base_shop__* -> * leaf models": "a base model validates a raw table once; its accepted rows, its "
        "rejected rows and the data-quality report are three views of that one result",
        "int_as_of_date -> * leaf models": "every point-in-time model reads the one as_of date",
        "fct_segment_memberships -> * leaf models": "the membership table is what the catalog, the summary "
        "and the BI member values are computed from",
        "fct_orders -> * leaf models": "the orders are what the segment summary, the BI member values and "
        "the popular products are computed from",
    },
    "rejoining_of_upstream_concepts": {
        "seg_* -> seg_* -> fct_segment_memberships": "a custom segment may be defined on a named one, and "
        "the membership table unions both",
        "int_*_aggregated_to_customers -> int_customers_scored_* -> dim_customers": "a score is computed "
        "from aggregates that dim_customers also shows, and is tested as its own unit",
        "* -> int_customer_interests_combined -> int_interests_aggregated_to_customers": "declared interests "
        "(of the registered customers) and affinity categories are combined per (customer, interest) before "
        "the per-customer list, which keeps one row per registered customer, with its declared list as given "
        "and its top affinity category",
    },
    "too_many_joins": {
        "dim_customers (* parents)": "the wide customer profile joins one model per attribute family",
        "fct_segment_memberships (* parents)": "it unions one mart per segment",
        "stg_shop__rejected_rows (* parents)": "it unions the rejected rows of every raw table",
        "stg_shop__data_quality_issues (* parents)": "it lists the unreadable descriptive values (dates, "
        "countries, dwell times, load times) of every raw table that has such columns",
        "int_categories_aggregated_to_customers (* parents)": "category affinity reads both page views "
        "(through sessions) and order lines (through orders), each with its product",
    },
    "missing_primary_key_tests": {
        "base_shop__*": "a base model keeps every raw row, duplicates and rejects included, with its "
        "disposition; the key is tested on the stg_ model of accepted rows, and raw_rows_reconcile counts "
        "every row",
        "stg_shop__*_rejected": "rejected rows are raw rows as they came, keys repeated or missing",
        "stg_shop__rejected_rows": "the union of the rejected rows, keys repeated or missing by design",
        "stg_shop__data_quality_issues": "one row per issue found, several per raw row",
        "int_as_of_date": "one row by construction (an aggregate without group by): a unique test could not fail",
    },
    "sources_without_freshness": {
        "shop.order_items": "RAW_CONTRACT.md gives it no timestamp; lines arrive with their orders, whose "
        "freshness is checked",
        "shop.products": "RAW_CONTRACT.md gives the catalogue no timestamp",
        "shop.companies": "RAW_CONTRACT.md gives it no timestamp",
    },
}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    """The manifest of a fresh `dbt parse` of the working tree."""
    target = tmp_path_factory.mktemp("parse")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DUCKDB_PATH": str(target / "parse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.setdefault("RAW_DATA_PATH", "data/raw")  # parsing reads no raw file
    completed = subprocess.run(
        [str(DBT), "parse", "--quiet", "--target-path", str(target), "--log-path", str(target / "logs")],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads((target / "manifest.json").read_text())


@pytest.fixture(scope="module")
def findings(manifest) -> dict[str, list[str]]:
    return project_audit.audit(manifest)


def _excused(rule: str, finding: str) -> bool:
    return any(fnmatch.fnmatchcase(finding, pattern) for pattern in EXCEPTIONS.get(rule, {}))


@pytest.mark.parametrize("rule", sorted(project_audit.RULES))
def test_no_unexcused_finding(rule, findings):
    unexcused = [f for f in findings[rule] if not _excused(rule, f)]
    assert not unexcused, (
        f"dbt-project-evaluator rule {rule} ({project_audit.RULES[rule].__doc__.strip().splitlines()[0]}):\n  "
        + "\n  ".join(unexcused)
        + "\nFix it, or add a pattern with its reason to EXCEPTIONS in this file."
    )


def test_every_exception_still_matches_a_finding(findings):
    stale = [f"{rule}: {pattern}" for rule, patterns in EXCEPTIONS.items() for pattern in patterns
             if not any(fnmatch.fnmatchcase(f, pattern) for f in findings[rule])]
    assert not stale, "exceptions that match no finding any more (remove them):\n  " + "\n  ".join(stale)


def test_every_exception_names_a_rule_and_a_reason():
    for rule, patterns in EXCEPTIONS.items():
        assert rule in project_audit.RULES, rule
        for pattern, reason in patterns.items():
            assert len(reason.split()) >= 5, f"{rule}: {pattern} needs a reason"


def test_the_audit_sees_the_project(manifest):
    graph = project_audit.Graph(manifest)
    assert len(graph.models()) >= 60
    assert {"dim_customers", "fct_orders", "stg_shop__orders"} <= {graph.name(u) for u in graph.models()}


def test_models_leave_folder_settings_to_dbt_project_yml(manifest):
    repeated = project_audit.repeated_folder_config(PROJECT_DIR, manifest)
    assert not repeated, ("a model repeats what its folder sets in dbt_project.yml (remove it from the model's "
                          "SQL config() or YAML):\n  " + "\n  ".join(repeated))


# --- every macro is documented ------------------------------------------------------

def _signature(macro: dict) -> list[str]:
    match = re.search(r"\{%-?\s*(?:macro|test)\s+\w+\s*\((.*?)\)\s*-?%\}", macro["macro_sql"], re.DOTALL)
    assert match, macro["unique_id"]
    # Jinja's argument list reads as Python's (defaults such as none or ',' included).
    function = ast.parse(f"def macro({match.group(1)}): pass").body[0]
    return [argument.arg for argument in function.args.args]


def _project_macros(manifest) -> list[dict]:
    return sorted((m for m in manifest["macros"].values() if m["package_name"] == project_audit.PROJECT),
                  key=lambda m: m["unique_id"])


def test_every_macro_has_a_description_in_its_folders_yaml(manifest):
    problems = []
    for macro in _project_macros(manifest):
        where = macro["original_file_path"]
        if not (macro.get("description") or "").strip():
            problems.append(f"{macro['name']} ({where}): no description")
            continue
        documented_in = (macro.get("patch_path") or "").split("://")[-1]
        if Path(documented_in).parent != Path(where).parent:
            problems.append(f"{macro['name']} ({where}): documented in {documented_in}, not in its folder's YAML")
    assert not problems, "\n  ".join(["macros without documentation:"] + problems)


def test_every_macro_documents_exactly_its_arguments(manifest):
    problems = []
    for macro in _project_macros(manifest):
        signature = _signature(macro)
        documented = [a["name"] for a in macro.get("arguments") or []]
        if documented != signature:
            problems.append(f"{macro['name']}: signature {signature}, documented {documented}")
        problems += [f"{macro['name']}.{a['name']}: no description"
                     for a in macro.get("arguments") or [] if not (a.get("description") or "").strip()]
    assert not problems, "\n  ".join(["macro arguments out of step with their YAML:"] + problems)


def test_every_documented_macro_exists(manifest):
    names = {m["name"] for m in _project_macros(manifest)}
    orphans = []
    for path in sorted([*PROJECT_DIR.glob("macros/**/*.yml"), *PROJECT_DIR.glob("tests/**/*.yml")]):
        for entry in (yaml.safe_load(path.read_text()) or {}).get("macros") or []:
            if entry["name"] not in names:
                orphans.append(f"{entry['name']} ({path.relative_to(PROJECT_DIR)})")
    assert not orphans, "YAML documents macros that do not exist:\n  " + "\n  ".join(orphans)


# --- the rules find what they should, on a small hand-made graph -------------------

def _node(name, path, parents=(), resource_type="model", **extra):
    node = {
        "unique_id": f"{resource_type}.{project_audit.PROJECT}.{name}", "name": name, "resource_type": resource_type,
        "package_name": project_audit.PROJECT, "original_file_path": path, "description": f"The {name} model.",
        "depends_on": {"nodes": list(parents), "macros": []}, "config": {"materialized": "table", "enabled": True},
        "columns": {}, "access": "protected", "contract": {"enforced": False}, "raw_code": "select 1",
        "language": "sql",
    }
    node.update(extra)
    return node


def _test(name, model_id, column, macro, path="models/x/_x__models.yml"):
    node = _node(name, path, parents=[model_id], resource_type="test",
                 attached_node=model_id, column_name=column, test_metadata={"name": macro})
    node["depends_on"]["macros"] = [f"macro.dbt.{macro}"]
    return node


def _small_manifest() -> dict:
    p = f"model.{project_audit.PROJECT}."
    source = {
        "unique_id": f"source.{project_audit.PROJECT}.shop.orders", "name": "orders", "source_name": "shop",
        "resource_type": "source", "package_name": project_audit.PROJECT,
        "original_file_path": "models/staging/shop/_shop__sources.yml", "description": "Orders.",
        "source_description": "The shop.", "database": "db", "schema": "raw", "identifier": "orders",
        "freshness": {"warn_after": {"count": 1, "period": "day"}}, "loaded_at_field": "ordered_at",
    }
    nodes = [
        _node("stg_shop__orders", "models/staging/shop/stg_shop__orders.sql", [source["unique_id"]]),
        # an intermediate model that reads the source directly, and names a table in its SQL
        _node("int_orders_enriched", "models/intermediate/int_orders_enriched.sql",
              [p + "stg_shop__orders", source["unique_id"]], raw_code="select * from raw.customers"),
        # no prefix: type from its folder (marts), and undocumented
        _node("orders_report", "models/marts/orders_report.sql", [p + "int_orders_enriched"], description=""),
        # public without contract, leaf
        _node("fct_orders", "models/marts/fct_orders.sql", [p + "int_orders_enriched"], access="public",
              columns={"order_id": {"name": "order_id", "description": "Id."}}),
        # a triad: int_orders_enriched -> int_single_use -> dim_orders, and dim_orders reads int_orders_enriched too
        _node("int_single_use", "models/intermediate/int_single_use.sql", [p + "int_orders_enriched"]),
        _node("dim_orders", "models/marts/dim_orders.sql", [p + "int_single_use", p + "int_orders_enriched"]),
        # an intermediate model in the marts folder, with no parent
        _node("int_misplaced", "models/marts/int_misplaced.sql", []),
    ]
    tests = [
        _test("unique_fct_orders_order_id", p + "fct_orders", "order_id", "test_unique"),
        _test("not_null_fct_orders_order_id", p + "fct_orders", "order_id", "test_not_null"),
        _test("unique_dim_orders_id", p + "dim_orders", "id", "test_unique"),  # unique alone is no primary key
    ]
    exposure = {
        "unique_id": f"exposure.{project_audit.PROJECT}.report", "name": "report", "resource_type": "exposure",
        "package_name": project_audit.PROJECT, "original_file_path": "models/exposures.yml",
        "depends_on": {"nodes": [p + "dim_orders", p + "fct_orders"]},
    }
    return {
        "nodes": {n["unique_id"]: n for n in nodes + tests},
        "sources": {source["unique_id"]: source},
        "exposures": {exposure["unique_id"]: exposure},
        "metrics": {},
    }


def test_the_rules_find_the_faults_of_a_small_graph():
    found = project_audit.audit(_small_manifest())
    assert found["model_naming_conventions"] == ["orders_report"]
    assert found["model_directories"] == ["int_misplaced (intermediate model in a marts folder)"]
    assert found["direct_join_to_source"] == ["int_orders_enriched"]
    assert found["marts_or_intermediate_dependent_on_source"] == ["int_orders_enriched <- shop.orders"]
    assert found["hard_coded_references"] == ["int_orders_enriched: raw.customers"]
    assert found["source_fanout"] == ["shop.orders"]
    assert found["root_models"] == ["int_misplaced"]
    assert found["undocumented_models"] == ["orders_report"]
    assert found["documentation_coverage"] == ["85.7% of models documented"]  # 6 of 7
    assert found["public_models_without_contract"] == ["fct_orders"]
    assert found["exposures_dependent_on_private_models"] == ["report <- dim_orders"]
    # The triad, and one more: the source feeds stg_shop__orders (whose one child is int_orders_enriched)
    # and int_orders_enriched directly.
    assert found["rejoining_of_upstream_concepts"] == [
        "int_orders_enriched -> int_single_use -> dim_orders",
        "shop.orders -> stg_shop__orders -> int_orders_enriched",
    ]
    # int_orders_enriched feeds four models; the leaves (no child but an exposure, which the evaluator
    # does not count) are orders_report, fct_orders and dim_orders.
    assert found["model_fanout"] == ["int_orders_enriched -> 3 leaf models"]
    assert found["missing_primary_key_tests"] == [
        "dim_orders", "int_misplaced", "int_orders_enriched", "int_single_use", "orders_report", "stg_shop__orders",
    ]
    assert found["test_coverage"] == [
        "int_misplaced", "int_orders_enriched", "int_single_use", "orders_report", "stg_shop__orders",
    ]
    assert found["staging_dependent_on_staging"] == []
    assert found["sources_without_freshness"] == []


def test_hard_coded_references_follow_the_evaluator():
    find = project_audit.find_hard_coded_references
    assert find("select * from {{ ref('orders') }}") == []
    assert find("select * from analytics.orders as o join \"raw\".\"customers\" c on true") == [
        '"raw"."customers"', "analytics.orders",
    ]
    assert find("select * from {{ var('orders_table') }}") == ["{{ var('orders_table') }}"]
    assert find("-- from raw.orders\nselect 1") == []
    assert find("select count(distinct from_date) from {{ ref('x') }}") == []
