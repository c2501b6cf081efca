"""The project's RFM chain, as the manifest describes it: the nodes up to `int_customers_scored_rfm`.

The pandas reference (shopseg.bench.pandas_reference) computes what that model
holds. Here: which dbt nodes the chain is (the model and all its ancestors,
seeds included), what they cost in a build's run_results.json or in the
replay, and which warehouse relation to compare the reference with: the model
itself when it is persisted, else (ephemeral, or a view is fine too) the
nearest persisted descendant that carries the RFM scores, e.g. dim_customers.
"""

from __future__ import annotations

import duckdb

RFM_MODEL = "int_customers_scored_rfm"
SCORE_COLUMNS = {"customer_id", "recency_score", "frequency_score", "monetary_score"}


def find_model(manifest: dict, name: str = RFM_MODEL) -> str | None:
    for unique_id, node in (manifest.get("nodes") or {}).items():
        if node.get("resource_type") == "model" and node.get("name") == name:
            return unique_id
    return None


def chain_nodes(manifest: dict, name: str = RFM_MODEL) -> set[str]:
    """unique_ids of the model and every model or seed it depends on, directly or not."""
    nodes = manifest.get("nodes") or {}
    start = find_model(manifest, name)
    if start is None:
        return set()
    found: set[str] = set()
    pending = [start]
    while pending:
        unique_id = pending.pop()
        if unique_id in found or unique_id not in nodes:
            continue
        found.add(unique_id)
        pending.extend((nodes[unique_id].get("depends_on") or {}).get("nodes", []))
    return {uid for uid in found if uid.split(".")[0] in ("model", "seed")}


def chain_seconds(seconds_by_node: dict[str, float], chain: set[str]) -> float | None:
    """Summed seconds of the chain's nodes (None when none of them was timed)."""
    timed = [seconds for unique_id, seconds in seconds_by_node.items() if unique_id in chain]
    return sum(timed) if timed else None


def _descendants_by_distance(manifest: dict, start: str) -> list[str]:
    children: dict[str, list[str]] = {}
    for unique_id, node in (manifest.get("nodes") or {}).items():
        for parent in (node.get("depends_on") or {}).get("nodes", []):
            children.setdefault(parent, []).append(unique_id)
    ordered, seen, frontier = [], {start}, [start]
    while frontier:
        following = []
        for unique_id in frontier:
            for child in sorted(children.get(unique_id, [])):
                if child not in seen:
                    seen.add(child)
                    ordered.append(child)
                    following.append(child)
        frontier = following
    return ordered


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> set[str] | None:
    try:
        return {row[0] for row in con.execute(f"describe select * from {relation}").fetchall()}
    except duckdb.Error:
        return None


def find_relation(manifest: dict, con: duckdb.DuckDBPyConnection, name: str = RFM_MODEL) -> tuple[str, str] | None:
    """(model name, relation) holding the RFM rows in the warehouse `con` is connected to, or None."""
    nodes = manifest.get("nodes") or {}
    start = find_model(manifest, name)
    if start is None:
        return None
    candidates = [start, *_descendants_by_distance(manifest, start)]
    for unique_id in candidates:
        node = nodes.get(unique_id) or {}
        if node.get("resource_type") != "model" or (node.get("config") or {}).get("materialized") == "ephemeral":
            continue
        relation = node.get("relation_name")
        columns = relation_columns(con, relation) if relation else None
        if columns and SCORE_COLUMNS <= columns:
            return node["name"], relation
    return None
