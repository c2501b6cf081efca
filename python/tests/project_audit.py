"""The rules of dbt-project-evaluator, reproduced over dbt's manifest.json.

dbt-labs/dbt-project-evaluator (models/marts/**) checks a project's graph with
SQL over tables unpacked from the manifest. The same rules are written here in
Python over `target/manifest.json` from `dbt parse`, so the audit needs no
warehouse and no package: `test_project_audit.py` runs it, and

    python python/tests/project_audit.py target/manifest.json

prints the findings per rule. Each function below names the evaluator model it
reproduces, and keeps its quirks (e.g. a model's type comes from its prefix
first, then from its nearest layer folder; exposures and metrics have no
`is_excluded` flag, so rules that filter on it ignore them).

The evaluator's variables, set for this project's layers:
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path, PurePosixPath

import yaml

PROJECT = "shop_segments"

# model_types, <type>_folder_name and <type>_prefixes (the evaluator's vars),
# with this project's prefixes: seg_ (one table per segment) and rpt_
# (aggregated reports) are marts.
FOLDER_NAMES = {"base": "base", "staging": "staging", "intermediate": "intermediate", "marts": "marts"}
PREFIXES = {
    "base": ["base_"],
    "staging": ["stg_"],
    "intermediate": ["int_"],
    "marts": ["fct_", "dim_", "seg_", "rpt_"],
    "other": [],
}
# primary_key_test_macros: unique + not_null on one column, or the project's
# own unique_combination_of_columns (dbt_utils' test of the same name).
PRIMARY_KEY_TEST_MACROS = [
    ["dbt.test_unique", "dbt.test_not_null"],
    [f"{PROJECT}.test_unique_combination_of_columns"],
]
MODELS_FANOUT_THRESHOLD = 3
TOO_MANY_JOINS_THRESHOLD = 7
CHAINED_VIEWS_THRESHOLD = 5
DOCUMENTATION_COVERAGE_TARGET = 100
TEST_COVERAGE_TARGET = 100


class Graph:
    """The evaluator's int_all_graph_resources and int_all_dag_relationships."""

    def __init__(self, manifest: dict):
        self.manifest = manifest
        # stg_nodes (every node but tests, which only count for coverage),
        # stg_sources, stg_exposures, stg_metrics.
        self.resources: dict[str, dict] = {}
        for uid, node in manifest["nodes"].items():
            if node.get("config", {}).get("enabled", True) is False:
                continue
            self.resources[uid] = node
        for key in ("sources", "exposures", "metrics"):
            self.resources.update(manifest.get(key, {}))
        self.tests = {uid: n for uid, n in self.resources.items() if n["resource_type"] == "test"}
        # Direct parents of every resource except tests (recursive_dag drops tests).
        self.parents: dict[str, list[str]] = {}
        for uid, node in self.resources.items():
            if node["resource_type"] == "test":
                continue
            self.parents[uid] = [p for p in node.get("depends_on", {}).get("nodes", []) if p in self.resources]
        self.children: dict[str, list[str]] = defaultdict(list)
        for uid, parents in self.parents.items():
            for parent in parents:
                self.children[parent].append(uid)

    # --- int_all_graph_resources ------------------------------------------------
    def type(self, uid: str) -> str:
        return self.resources[uid]["resource_type"]

    def name(self, uid: str) -> str:
        node = self.resources[uid]
        if node["resource_type"] == "source":
            return f"{node['source_name']}.{node['name']}"
        if node.get("version"):
            return f"{node['name']}.v{node['version']}"
        return node["name"]

    def is_excluded(self, uid: str) -> bool | None:
        """False for nodes and sources of the project; None (unknown) for exposures
        and metrics, which the evaluator's `is_excluded = false` filters then drop."""
        if self.type(uid) in ("exposure", "metric"):
            return None
        return self.resources[uid]["package_name"] != PROJECT

    def included(self, uid: str) -> bool:
        return self.is_excluded(uid) is False

    def models(self) -> list[str]:
        return sorted(u for u in self.resources if self.type(u) == "model" and self.included(u))

    def prefix(self, uid: str) -> str:
        return self.resources[uid]["name"].split("_")[0] + "_"

    def folder_type(self, uid: str) -> str | None:
        """The layer folder nearest to the file (the evaluator's position_folder)."""
        path = "/" + str(PurePosixPath(self.resources[uid]["original_file_path"]).parent) + "/"
        best, best_position = None, 0
        for model_type, folder in FOLDER_NAMES.items():
            position = path.find(f"/{folder}/") + 1
            if position > best_position:
                best, best_position = model_type, position
        return best

    def model_type(self, uid: str) -> str | None:
        if self.type(uid) in ("test", "source", "metric", "exposure", "seed"):
            return None
        by_prefix = next((t for t, prefixes in PREFIXES.items() if self.prefix(uid) in prefixes), None)
        return by_prefix or self.folder_type(uid) or "other"

    def is_time_spine(self, uid: str) -> bool:
        return bool(self.resources[uid].get("time_spine"))

    def directory(self, uid: str) -> str:
        return str(PurePosixPath(self.resources[uid]["original_file_path"]).parent)

    # --- int_all_dag_relationships -----------------------------------------------
    def paths_from(self, parent: str, max_depth: int = 50):
        """Every path downstream of `parent` (recursive_dag), as (child, distance, path)."""
        stack = [(parent, 0, (parent,))]
        while stack:
            child, distance, path = stack.pop()
            yield child, distance, path
            if distance < max_depth:
                for grandchild in self.children.get(child, []):
                    stack.append((grandchild, distance + 1, path + (grandchild,)))

    def direct_edges(self):
        for child, parents in self.parents.items():
            for parent in parents:
                yield parent, child


# --- the rules --------------------------------------------------------------------
# Each returns its findings as sorted strings; an allow-list entry in the test
# matches one of these strings exactly.

def model_naming_conventions(g: Graph) -> list[str]:
    """structure/fct_model_naming_conventions: a model whose prefix is not one of its type's."""
    return sorted(
        g.name(u) for u in g.models()
        if not g.is_time_spine(u) and g.prefix(u) not in PREFIXES[g.model_type(u)]
    )


def model_directories(g: Graph) -> list[str]:
    """structure/fct_model_directories: a staging model outside a folder named after its
    source, or a model whose type (from its prefix) is not that of its nearest layer folder."""
    findings = set()
    for parent, child in g.direct_edges():
        if (g.type(parent) == "source" and g.type(child) == "model" and g.included(child)
                and g.model_type(child) == "staging"
                and g.resources[parent]["source_name"] not in g.directory(child)):
            findings.add(f"{g.name(child)} (not under a folder named {g.resources[parent]['source_name']})")
    for u in g.models():
        folder = g.folder_type(u)
        if folder is not None and g.model_type(u) != folder:
            findings.add(f"{g.name(u)} ({g.model_type(u)} model in a {folder} folder)")
    return sorted(findings)


def source_directories(g: Graph) -> list[str]:
    """structure/fct_source_directories: a source defined outside a folder named after it."""
    return sorted(
        g.name(u) for u in g.resources
        if g.type(u) == "source" and g.included(u) and g.resources[u]["source_name"] not in g.directory(u)
    )


def test_directories(g: Graph) -> list[str]:
    """structure/fct_test_directories: a generic test defined in another folder than its model."""
    findings = []
    for uid, test in g.tests.items():
        attached = test.get("attached_node")
        if not test.get("test_metadata") or attached not in g.resources or g.type(attached) != "model":
            continue
        if g.included(uid) and g.included(attached) and g.directory(uid) != g.directory(attached):
            findings.append(f"{test['name']} ({g.directory(uid)}, model in {g.directory(attached)})")
    return sorted(findings)


def direct_join_to_source(g: Graph) -> list[str]:
    """dag/fct_direct_join_to_source: a model that reads both a model and a source."""
    findings = []
    for u in g.models():
        kinds = {g.type(p) for p in g.parents[u] if g.included(p)}
        if {"model", "source"} <= kinds:
            findings.append(g.name(u))
    return findings


def duplicate_sources(g: Graph) -> list[str]:
    """dag/fct_duplicate_sources: two source tables for one database relation."""
    locations = defaultdict(list)
    for u in g.resources:
        if g.type(u) == "source" and g.included(u):
            s = g.resources[u]
            locations[(s.get("database"), s["schema"], s["identifier"])].append(g.name(u))
    return sorted(", ".join(sorted(names)) for names in locations.values() if len(names) > 1)


_NOT_AFTER_DISTINCT = r"(?<!distinct\s)"
_QUOTE_OPEN, _QUOTE_CLOSE = r"([\[`\"']?)", r"([\]`\"']?)"
_WORD = r"(\w+-?\w*)"
HARD_CODED_REFERENCE_PATTERNS = {
    "from_var_1": _NOT_AFTER_DISTINCT + r"(from|join)\s+({{\s*var\s*\(\s*['\"]?)([^)'\"]+)(['\"]?\s*)(\)\s*}})",
    "from_var_2": _NOT_AFTER_DISTINCT
    + r"(from|join)\s+({{\s*var\s*\(\s*['\"]?)([^)'\"]+)(['\"]?\s*)(,)(\s*['\"]?)([^)'\"]+)(['\"]?\s*)(\)\s*}})",
    "from_table_1": _NOT_AFTER_DISTINCT + r"(from|join)\s+" + _QUOTE_OPEN + _WORD + _QUOTE_CLOSE + r"(\.)"
    + _QUOTE_OPEN + _WORD + _QUOTE_CLOSE + r"(?=\s|$)",
    "from_table_2": _NOT_AFTER_DISTINCT + r"(from|join)\s+" + _QUOTE_OPEN + _WORD + _QUOTE_CLOSE + r"(\.)"
    + _QUOTE_OPEN + _WORD + _QUOTE_CLOSE + r"(\.)" + _QUOTE_OPEN + _WORD + _QUOTE_CLOSE + r"(?=\s|$)",
    "from_table_3": _NOT_AFTER_DISTINCT + r"(from|join)\s+([\[`\"'])(\w+-?\w+)([\]`\"'])(?=\s|$)",
}


def find_hard_coded_references(raw_code: str) -> list[str]:
    """macros/find_all_hard_coded_references.sql: `from`/`join` followed by a literal
    relation name or a var, once `--` comments are removed."""
    code = re.sub(r"(--).*", "", raw_code)
    found = set()
    for pattern in HARD_CODED_REFERENCE_PATTERNS.values():
        for match in re.findall(pattern, code, flags=re.IGNORECASE):
            found.add("".join(match[1:]).strip())
    return sorted(found)


def hard_coded_references(g: Graph) -> list[str]:
    """dag/fct_hard_coded_references: a model that names a relation instead of ref()/source()."""
    findings = []
    for u in g.models():
        node = g.resources[u]
        if node.get("language", "sql") == "sql":
            references = find_hard_coded_references(node.get("raw_code") or "")
            if references:
                findings.append(f"{g.name(u)}: {', '.join(references)}")
    return findings


def marts_or_intermediate_dependent_on_source(g: Graph) -> list[str]:
    """dag/fct_marts_or_intermediate_dependent_on_source."""
    return sorted(
        f"{g.name(c)} <- {g.name(p)}" for p, c in g.direct_edges()
        if g.included(p) and g.included(c) and g.type(p) == "source"
        and g.model_type(c) in ("marts", "intermediate")
    )


def model_fanout(g: Graph) -> list[str]:
    """dag/fct_model_fanout: a model with 3 or more direct children that are leaf models."""
    def is_leaf(u):
        return not [c for c in g.children.get(u, []) if g.included(c)]
    findings = []
    for u in g.models():
        leaves = sorted({g.name(c) for c in g.children.get(u, [])
                         if g.included(c) and g.type(c) == "model" and is_leaf(c)})
        if len(leaves) >= MODELS_FANOUT_THRESHOLD:
            findings.append(f"{g.name(u)} -> {len(leaves)} leaf models")
    return findings


def multiple_sources_joined(g: Graph) -> list[str]:
    """dag/fct_multiple_sources_joined: a resource reading more than one source."""
    findings = []
    for child, parents in g.parents.items():
        sources = {p for p in parents if g.type(p) == "source" and g.included(p)}
        if g.included(child) and len(sources) > 1:
            findings.append(g.name(child))
    return sorted(findings)


def rejoining_of_upstream_concepts(g: Graph) -> list[str]:
    """dag/fct_rejoining_of_upstream_concepts: A feeds B and C, B feeds only C, and C reads
    A directly too: B could be folded into C (or C read A through B)."""
    def direct_children(u):
        return [c for c in g.children.get(u, []) if g.included(c)]
    findings = []
    for parent in g.resources:
        if not g.included(parent) or g.type(parent) == "test":
            continue
        for middle in direct_children(parent):
            middle_children = direct_children(middle)
            if len(middle_children) != 1:
                continue
            child = middle_children[0]
            if child in direct_children(parent):
                findings.append(f"{g.name(parent)} -> {g.name(middle)} -> {g.name(child)}")
    return sorted(findings)


def root_models(g: Graph) -> list[str]:
    """dag/fct_root_models: a model with no parent (no ref() or source()), time spine aside."""
    return [g.name(u) for u in g.models() if not g.parents[u] and not g.is_time_spine(u)]


def source_fanout(g: Graph) -> list[str]:
    """dag/fct_source_fanout: a source read by more than one model."""
    findings = []
    for u in g.resources:
        if g.type(u) == "source" and g.included(u):
            readers = [c for c in g.children.get(u, []) if g.type(c) == "model" and g.included(c)]
            if len(readers) > 1:
                findings.append(g.name(u))
    return sorted(findings)


def staging_dependent_on_marts_or_intermediate(g: Graph) -> list[str]:
    """dag/fct_staging_dependent_on_marts_or_intermediate."""
    return sorted(
        f"{g.name(c)} <- {g.name(p)}" for p, c in g.direct_edges()
        if g.type(p) == "model" and g.type(c) == "model" and g.included(p) and g.included(c)
        and g.model_type(c) == "staging" and g.model_type(p) in ("marts", "intermediate")
    )


def staging_dependent_on_staging(g: Graph) -> list[str]:
    """dag/fct_staging_dependent_on_staging (base_ models are their own type)."""
    return sorted(
        f"{g.name(c)} <- {g.name(p)}" for p, c in g.direct_edges()
        if g.type(p) in ("model", "snapshot") and g.type(c) in ("model", "snapshot")
        and g.included(p) and g.included(c)
        and g.model_type(c) == "staging" and g.model_type(p) == "staging"
    )


def too_many_joins(g: Graph) -> list[str]:
    """dag/fct_too_many_joins: a model with 7 or more direct parents."""
    return [f"{g.name(u)} ({len(set(g.parents[u]))} parents)" for u in g.models()
            if len(set(g.parents[u])) >= TOO_MANY_JOINS_THRESHOLD]


def unused_sources(g: Graph) -> list[str]:
    """dag/fct_unused_sources: a source nothing reads."""
    return sorted(g.name(u) for u in g.resources if g.type(u) == "source" and g.included(u)
                  and not [c for c in g.children.get(u, []) if g.included(c)])


def _described(node: dict) -> bool:
    return bool((node.get("description") or "").strip())


def undocumented_models(g: Graph) -> list[str]:
    """documentation/fct_undocumented_models."""
    return [g.name(u) for u in g.models() if not _described(g.resources[u])]


def documentation_coverage(g: Graph) -> list[str]:
    """documentation/fct_documentation_coverage: the share of documented models is below
    the target (one finding, with the share)."""
    models = g.models()
    documented = sum(_described(g.resources[u]) for u in models)
    share = 100.0 * documented / len(models) if models else 100.0
    return [] if share >= DOCUMENTATION_COVERAGE_TARGET else [f"{share:.1f}% of models documented"]


def undocumented_sources(g: Graph) -> list[str]:
    """documentation/fct_undocumented_sources: a source without a source-level description."""
    return sorted({g.resources[u]["source_name"] for u in g.resources if g.type(u) == "source"
                   and g.included(u) and not (g.resources[u].get("source_description") or "").strip()})


def undocumented_source_tables(g: Graph) -> list[str]:
    """documentation/fct_undocumented_source_tables."""
    return sorted(g.name(u) for u in g.resources if g.type(u) == "source" and g.included(u)
                  and not _described(g.resources[u]))


def _is_public(node: dict) -> bool:
    return node.get("access") == "public"


def exposures_dependent_on_private_models(g: Graph) -> list[str]:
    """governance/fct_exposures_dependent_on_private_models: an exposure reading anything
    but a public model."""
    return sorted(
        f"{g.name(c)} <- {g.name(p)}" for p, c in g.direct_edges()
        if g.type(c) == "exposure" and g.included(p)
        and not (g.type(p) == "model" and _is_public(g.resources[p]))
    )


def public_models_without_contract(g: Graph) -> list[str]:
    """governance/fct_public_models_without_contract."""
    return [g.name(u) for u in g.models() if _is_public(g.resources[u])
            and not (g.resources[u].get("contract") or {}).get("enforced")]


def undocumented_public_models(g: Graph) -> list[str]:
    """governance/fct_undocumented_public_models: no description, no columns, or a column
    without a description."""
    findings = []
    for u in g.models():
        node = g.resources[u]
        if not _is_public(node):
            continue
        columns = list(node.get("columns", {}).values())
        if not _described(node) or not columns or any(not _described(c) for c in columns):
            findings.append(g.name(u))
    return findings


def chained_views_dependencies(g: Graph) -> list[str]:
    """performance/fct_chained_views_dependencies: a model more than 5 steps below a
    resource with only views or ephemeral models in between."""
    findings = set()
    for parent in g.resources:
        if not g.included(parent) or g.type(parent) == "test":
            continue
        for child, distance, path in g.paths_from(parent, max_depth=CHAINED_VIEWS_THRESHOLD + 10):
            if distance <= CHAINED_VIEWS_THRESHOLD or not g.included(child) or g.type(child) != "model":
                continue
            if all(g.resources[u].get("config", {}).get("materialized") in ("view", "ephemeral")
                   for u in path[:-1]):
                findings.add(f"{g.name(child)} ({distance} steps below {g.name(parent)})")
    return sorted(findings)


def exposure_parents_materializations(g: Graph) -> list[str]:
    """performance/fct_exposure_parents_materializations: an exposure reading a source, a
    view or an ephemeral model."""
    return sorted(
        f"{g.name(c)} <- {g.name(p)}" for p, c in g.direct_edges()
        if g.type(c) == "exposure" and g.included(p)
        and (g.type(p) == "source" or (g.type(p) == "model" and g.resources[p].get("config", {})
                                        .get("materialized") in ("view", "ephemeral")))
    )


def _test_macros(test: dict) -> set[str]:
    return {m.removeprefix("macro.") for m in test.get("depends_on", {}).get("macros", [])}


def missing_primary_key_tests(g: Graph) -> list[str]:
    """tests/fct_missing_primary_key_tests (via int_model_test_summary): no column with both
    a unique and a not_null test (or unique test plus not_null constraint, or plus the
    column in the not_null list of the project's column_values test), and no
    unique_combination_of_columns test."""
    per_column = defaultdict(lambda: defaultdict(set))  # model -> column -> {test ids per method}
    unique_per_column = defaultdict(lambda: defaultdict(int))
    not_null_checked = defaultdict(set)  # model -> columns whose not_null is part of a column_values test
    for uid, test in g.tests.items():
        attached = test.get("attached_node")
        if attached is None or not g.included(uid):
            continue
        macros = _test_macros(test)
        column = test.get("column_name")
        for index, method in enumerate(PRIMARY_KEY_TEST_MACROS):
            if macros & set(method):
                per_column[attached][(column, index)].add(uid)
        if "dbt.test_unique" in macros:
            unique_per_column[attached][column] += 1
        # The project's column_values test checks not_null for each column it lists.
        if f"{PROJECT}.test_column_values" in macros:
            kwargs = (test.get("test_metadata") or {}).get("kwargs") or {}
            for listed in kwargs.get("not_null") or []:
                not_null_checked[attached].add(listed)
    findings = []
    for u in g.models():
        node = g.resources[u]
        tested = any(len(ids) >= len(PRIMARY_KEY_TEST_MACROS[index])
                     for (column, index), ids in per_column[u].items())
        for column, count in unique_per_column[u].items():
            constraint = node.get("columns", {}).get(column, {}).get("constraints", [])
            if count + any(c.get("type") == "not_null" for c in constraint) >= 2:
                tested = True
            if count and column in not_null_checked[u]:
                tested = True
        if not tested:
            findings.append(g.name(u))
    return findings


def test_coverage(g: Graph) -> list[str]:
    """tests/fct_test_coverage: models without any test (the evaluator fails when the
    share of tested models is below its target, 100%)."""
    tested = {t.get("attached_node") for t in g.tests.values()}
    for test in g.tests.values():
        tested.update(test.get("depends_on", {}).get("nodes", []) if not test.get("attached_node") else [])
    untested = [g.name(u) for u in g.models() if u not in tested]
    models = g.models()
    share = 100.0 * (len(models) - len(untested)) / len(models) if models else 100.0
    return [] if share >= TEST_COVERAGE_TARGET else untested


def sources_without_freshness(g: Graph) -> list[str]:
    """tests/fct_sources_without_freshness: a source table with no freshness check (no
    loaded_at_field or no warn/error threshold)."""
    findings = []
    for u in g.resources:
        if g.type(u) != "source" or not g.included(u):
            continue
        s = g.resources[u]
        freshness = s.get("freshness") or {}
        has_threshold = any((freshness.get(k) or {}).get("count") for k in ("warn_after", "error_after"))
        if not (has_threshold and (s.get("loaded_at_field") or s.get("loaded_at_query"))):
            findings.append(g.name(u))
    return sorted(findings)


RULES = {
    "model_naming_conventions": model_naming_conventions,
    "model_directories": model_directories,
    "source_directories": source_directories,
    "test_directories": test_directories,
    "direct_join_to_source": direct_join_to_source,
    "duplicate_sources": duplicate_sources,
    "hard_coded_references": hard_coded_references,
    "marts_or_intermediate_dependent_on_source": marts_or_intermediate_dependent_on_source,
    "model_fanout": model_fanout,
    "multiple_sources_joined": multiple_sources_joined,
    "rejoining_of_upstream_concepts": rejoining_of_upstream_concepts,
    "root_models": root_models,
    "source_fanout": source_fanout,
    "staging_dependent_on_marts_or_intermediate": staging_dependent_on_marts_or_intermediate,
    "staging_dependent_on_staging": staging_dependent_on_staging,
    "too_many_joins": too_many_joins,
    "unused_sources": unused_sources,
    "undocumented_models": undocumented_models,
    "documentation_coverage": documentation_coverage,
    "undocumented_sources": undocumented_sources,
    "undocumented_source_tables": undocumented_source_tables,
    "exposures_dependent_on_private_models": exposures_dependent_on_private_models,
    "public_models_without_contract": public_models_without_contract,
    "undocumented_public_models": undocumented_public_models,
    "chained_views_dependencies": chained_views_dependencies,
    "exposure_parents_materializations": exposure_parents_materializations,
    "missing_primary_key_tests": missing_primary_key_tests,
    "test_coverage": test_coverage,
    "sources_without_freshness": sources_without_freshness,
}


# --- folder-level configuration (not an evaluator rule) ---------------------------
FOLDER_CONFIG_KEYS = ("materialized", "tags", "access", "contract", "schema")


def folder_config(project: dict, original_file_path: str) -> dict:
    """What dbt_project.yml's `models:` block sets for a model file's folder."""
    settings: dict = {}
    block = (project.get("models") or {}).get(project["name"]) or {}
    parts = list(PurePosixPath(original_file_path).parts[1:-1])  # below models/
    def take(level):
        for key, value in level.items():
            if key.startswith("+"):
                settings[key[1:]] = value
    take(block)
    for part in parts:
        block = block.get(part) if isinstance(block, dict) else None
        if not isinstance(block, dict):
            break
        take(block)
    return settings


def _normalise(key, value):
    if key == "tags":
        return sorted([value] if isinstance(value, str) else list(value or []))
    if key == "contract" and isinstance(value, dict):
        return bool(value.get("enforced"))
    return value


def repeated_folder_config(project_dir: Path, manifest: dict) -> list[str]:
    """A model's SQL config() or YAML entry setting materialized, tags, access, contract or
    schema to the value its folder already has in dbt_project.yml."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    yaml_config: dict[str, dict] = {}
    for path in (project_dir / "models").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            entry = dict(model.get("config") or {})
            for key in ("access",):
                if key in model:
                    entry[key] = model[key]
            yaml_config[model["name"]] = entry
    config_call = re.compile(r"config\s*\((.*?)\)\s*}}", re.DOTALL)
    findings = []
    for uid, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "model" or node["package_name"] != PROJECT:
            continue
        folder = folder_config(project, node["original_file_path"])
        declared = dict(yaml_config.get(node["name"], {}))
        for call in config_call.findall(node.get("raw_code") or ""):
            for key in FOLDER_CONFIG_KEYS:
                match = re.search(rf"\b{key}\s*=\s*['\"]([^'\"]+)['\"]", call)
                if match:
                    declared[key] = match.group(1)
        for key in FOLDER_CONFIG_KEYS:
            if key in declared and key in folder and _normalise(key, declared[key]) == _normalise(key, folder[key]):
                findings.append(f"{node['name']}: {key}")
    return findings


def audit(manifest: dict) -> dict[str, list[str]]:
    graph = Graph(manifest)
    return {name: rule(graph) for name, rule in RULES.items()}


if __name__ == "__main__":
    manifest_path = Path(sys.argv[1] if len(sys.argv) > 1 else "target/manifest.json")
    manifest = json.loads(manifest_path.read_text())
    results = audit(manifest)
    results["repeated_folder_config"] = repeated_folder_config(Path.cwd(), manifest)
    total = 0
    for rule, findings in results.items():
        total += len(findings)
        print(f"{len(findings):4d}  {rule}")
        for finding in findings:
            print(f"        {finding}")
    print(f"{total:4d}  findings in {sum(1 for f in results.values() if f)} rules")
