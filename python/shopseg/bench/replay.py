"""The models' own SQL replayed without dbt: what the build costs DuckDB alone.

After a `dbt build` (or `dbt compile`), target/manifest.json holds every
model's compiled SQL (ephemeral models already inlined as CTEs), its
materialisation and the relation dbt wrote it to. The replay executes that SQL
with DuckDB's Python API, one model after the other in dependency order, into
a fresh database file whose name (the catalog the compiled SQL refers to) is
the build database's:

- `table` and `incremental` (a fresh database is a full refresh):
  `create table <relation> as <compiled sql>`; with an enforced contract, the
  table is created from the contract's columns and constraints first, then
  filled with `insert into ... by name`;
- `view`: `create view <relation> as <compiled sql>`;
- `ephemeral`: nothing of its own (already inlined in its children).

Seeds are copied, untimed, from the dbt build's database, which the replay
attaches read-only, so that their types are exactly dbt's. Hooks (statistics
refreshes, row-count assertions, the serving snapshot) are not replayed: the
figure is the models' SQL alone. Everything comes from the manifest; no model
name is known here.

`compare_with_build` then checks the replay against the dbt build: the row
count of every persisted model, and full equality (`except all` both ways) of
the marts.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from shopseg.bench.raw import apply_settings, profile_settings, quote_identifier, quote_literal

PERSISTED = ("table", "incremental")
REPLAYED = (*PERSISTED, "view")
BUILD_ALIAS = "dbt_build"


class ReplayError(RuntimeError):
    """The manifest cannot be replayed (not compiled, a Python model, a cycle) or a statement failed."""


@dataclass
class Step:
    unique_id: str
    name: str
    resource_type: str  # model or seed
    materialized: str
    database: str
    schema: str
    alias: str
    sql: str | None = None  # compiled SQL of a model
    contract_columns: list[str] = field(default_factory=list)  # column definitions of an enforced contract
    is_mart: bool = False

    @property
    def relation(self) -> str:
        return ".".join(quote_identifier(part) for part in (self.database, self.schema, self.alias))

    @property
    def persisted(self) -> bool:
        return self.resource_type == "seed" or self.materialized in PERSISTED


def _compiled_sql(node: dict, project_dir: Path | None) -> str | None:
    """The compiled SQL with ephemeral CTEs injected: the compiled file when there, else the manifest's."""
    path = node.get("compiled_path")
    if path and project_dir is not None:
        candidate = Path(path) if Path(path).is_absolute() else project_dir / path
        if candidate.is_file():
            return candidate.read_text()
    return node.get("compiled_code")


def _contract_columns(node: dict) -> list[str]:
    if not ((node.get("config") or {}).get("contract") or {}).get("enforced"):
        return []
    definitions = []
    for name, column in (node.get("columns") or {}).items():
        data_type = column.get("data_type")
        if not data_type:
            raise ReplayError(f"{node['unique_id']}: enforced contract without a data_type for {name}")
        parts = [quote_identifier(column.get("name") or name), data_type]
        for constraint in column.get("constraints") or []:
            kind = constraint.get("type")
            if kind == "not_null":
                parts.append("not null")
            elif kind == "primary_key":
                parts.append("primary key")
            elif kind == "unique":
                parts.append("unique")
            elif kind == "check" and constraint.get("expression"):
                parts.append(f"check ({constraint['expression']})")
        definitions.append(" ".join(parts))
    for constraint in node.get("constraints") or []:
        columns = ", ".join(quote_identifier(c) for c in constraint.get("columns") or [])
        if constraint.get("type") == "primary_key" and columns:
            definitions.append(f"primary key ({columns})")
        elif constraint.get("type") == "unique" and columns:
            definitions.append(f"unique ({columns})")
        elif constraint.get("type") == "check" and constraint.get("expression"):
            definitions.append(f"check ({constraint['expression']})")
    return definitions


def plan(manifest: dict, project_dir: Path | None = None) -> list[Step]:
    """Seeds, then every enabled model in dependency order (ties by unique_id), from a manifest."""
    nodes = {uid: node for uid, node in (manifest.get("nodes") or {}).items()
             if node.get("resource_type") in ("model", "seed") and (node.get("config") or {}).get("enabled", True)}
    steps: dict[str, Step] = {}
    for uid, node in nodes.items():
        config = node.get("config") or {}
        materialized = config.get("materialized") or ("seed" if node["resource_type"] == "seed" else "view")
        step = Step(uid, node["name"], node["resource_type"], materialized, node.get("database") or "",
                    node["schema"], node.get("alias") or node["name"],
                    is_mart=len(node.get("fqn") or []) > 1 and node["fqn"][1] == "marts")
        if node["resource_type"] == "model":
            if node.get("language", "sql") != "sql":
                raise ReplayError(f"{uid} is a {node.get('language')} model: the replay runs SQL only")
            if materialized in REPLAYED:
                step.sql = _compiled_sql(node, project_dir)
                if not step.sql:
                    raise ReplayError(f"{uid} has no compiled SQL: run `dbt compile` or `dbt build` first")
                step.contract_columns = _contract_columns(node)
            elif materialized != "ephemeral":
                raise ReplayError(f"{uid}: materialization {materialized!r} is not replayed")
        steps[uid] = step

    parents = {uid: sorted(p for p in (nodes[uid].get("depends_on") or {}).get("nodes", []) if p in nodes)
               for uid in nodes}
    ordered: list[Step] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(uid: str) -> None:
        if uid in done:
            return
        if uid in visiting:
            raise ReplayError(f"dependency cycle through {uid}")
        visiting.add(uid)
        for parent in parents[uid]:
            visit(parent)
        visiting.discard(uid)
        done.add(uid)
        ordered.append(steps[uid])

    for uid in sorted(uid for uid in steps if steps[uid].resource_type == "seed"):
        visit(uid)
    for uid in sorted(steps):
        visit(uid)
    return ordered


def statements(step: Step) -> list[str]:
    """The SQL that materialises one model (nothing for a seed or an ephemeral model)."""
    if step.resource_type != "model" or step.sql is None:
        return []
    body = step.sql.strip().rstrip(";")
    if step.materialized == "view":
        return [f"create view {step.relation} as (\n{body}\n)"]
    if step.contract_columns:
        return [f"create table {step.relation} (" + ", ".join(step.contract_columns) + ")",
                f"insert into {step.relation} by name (\n{body}\n)"]
    return [f"create table {step.relation} as (\n{body}\n)"]


@dataclass
class Replay:
    seconds: float  # the models' SQL and the final checkpoint; seeds excluded
    seed_seconds: float
    per_model_seconds: dict[str, float]  # model name -> seconds
    models: dict[str, int]  # materialization -> count of models
    database: str
    database_bytes: int
    per_node_seconds: dict[str, float] = field(default_factory=dict)  # unique_id -> seconds


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def replay(steps: list[Step], database: Path, build_database: Path,
           settings: dict[str, str] | None = None) -> Replay:
    """Execute the plan into a fresh `database`; seeds come from the dbt build's `build_database`.

    `database` must have the build database's file name (stem): the compiled
    SQL names its catalog. The replayed file is left in place for comparison.
    """
    if database.resolve() == build_database.resolve():
        raise ReplayError("the replay must not write into the dbt build's database")
    catalogs = {step.database for step in steps if step.database}
    if catalogs and catalogs != {database.stem}:
        raise ReplayError(f"the compiled SQL refers to catalog(s) {sorted(catalogs)}, so the replay "
                          f"database must be named {sorted(catalogs)[0]}.duckdb, not {database.name}")
    database.parent.mkdir(parents=True, exist_ok=True)
    _remove(database)
    con = duckdb.connect(str(database))
    try:
        apply_settings(con, settings if settings is not None else profile_settings())
        seed_start = time.perf_counter()
        seeds = [step for step in steps if step.resource_type == "seed"]
        if seeds:
            con.execute(f"attach {quote_literal(str(build_database))} as {BUILD_ALIAS} (read_only)")
            for step in seeds:
                con.execute(f"create schema if not exists {quote_identifier(step.database)}."
                            f"{quote_identifier(step.schema)}")
                source = ".".join(quote_identifier(p) for p in (BUILD_ALIAS, step.schema, step.alias))
                con.execute(f"create table {step.relation} as select * from {source}")
            con.execute("checkpoint")
            con.execute(f"detach {BUILD_ALIAS}")
        seed_seconds = time.perf_counter() - seed_start

        per_model: dict[str, float] = {}
        per_node: dict[str, float] = {}
        models: dict[str, int] = {}
        schemas: set[tuple[str, str]] = {(step.database, step.schema) for step in seeds}
        start = time.perf_counter()
        for step in steps:
            if step.resource_type != "model":
                continue
            models[step.materialized] = models.get(step.materialized, 0) + 1
            sql = statements(step)
            if not sql:
                continue
            model_start = time.perf_counter()
            if (step.database, step.schema) not in schemas:
                con.execute(f"create schema if not exists {quote_identifier(step.database)}."
                            f"{quote_identifier(step.schema)}")
                schemas.add((step.database, step.schema))
            for statement in sql:
                try:
                    con.execute(statement)
                except duckdb.Error as error:
                    raise ReplayError(f"replaying {step.unique_id} failed: {error}") from error
            per_node[step.unique_id] = time.perf_counter() - model_start
            per_model[step.name] = per_node[step.unique_id]
        con.execute("checkpoint")
        seconds = time.perf_counter() - start
    finally:
        con.close()
    return Replay(seconds, seed_seconds, per_model, dict(sorted(models.items())), str(database),
                  database.stat().st_size, per_node)


@dataclass
class Comparison:
    models_compared: int = 0
    marts_compared_in_full: int = 0
    count_mismatches: list[dict] = field(default_factory=list)  # {model, dbt_rows, replay_rows}
    content_mismatches: list[dict] = field(default_factory=list)  # {model, only_in_dbt, only_in_replay}

    @property
    def equal(self) -> bool:
        return not self.count_mismatches and not self.content_mismatches


def compare_with_build(steps: list[Step], database: Path, build_database: Path, *,
                       full_equality: bool = True) -> Comparison:
    """Row counts of every persisted model, and the marts' full content (as multisets), replay vs dbt.

    Views are not compared: their SQL names the catalog, which inside this
    connection is the replay's own database, so the build's view would read
    the replay's tables and could never differ."""
    con = duckdb.connect(str(database), read_only=True)
    result = Comparison()
    try:
        con.execute(f"attach {quote_literal(str(build_database))} as {BUILD_ALIAS} (read_only)")
        for step in steps:
            if step.resource_type != "model" or not step.persisted:
                continue
            theirs = ".".join(quote_identifier(p) for p in (BUILD_ALIAS, step.schema, step.alias))
            ours = step.relation
            dbt_rows = con.execute(f"select count(*) from {theirs}").fetchone()[0]
            replay_rows = con.execute(f"select count(*) from {ours}").fetchone()[0]
            result.models_compared += 1
            if dbt_rows != replay_rows:
                result.count_mismatches.append({"model": step.name, "dbt_rows": dbt_rows, "replay_rows": replay_rows})
                continue
            if full_equality and step.is_mart:
                only_dbt = con.execute(
                    f"select count(*) from (select * from {theirs} except all select * from {ours})").fetchone()[0]
                only_replay = con.execute(
                    f"select count(*) from (select * from {ours} except all select * from {theirs})").fetchone()[0]
                result.marts_compared_in_full += 1
                if only_dbt or only_replay:
                    result.content_mismatches.append(
                        {"model": step.name, "only_in_dbt": only_dbt, "only_in_replay": only_replay})
    finally:
        con.close()
    return result


def load_manifest(target: Path) -> dict:
    try:
        return json.loads((target / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise ReplayError(f"no readable manifest.json in {target}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m shopseg.bench.replay",
        description="Replay the compiled SQL of every model of a dbt build without dbt, into a fresh DuckDB "
                    "file named like the build's, and compare the result with the build.")
    parser.add_argument("--target", type=Path, default=Path("target"), help="dbt's target folder (manifest.json)")
    parser.add_argument("--build-database", type=Path, required=True, help="the DuckDB file dbt built")
    parser.add_argument("--out-dir", type=Path, required=True,
                        help="folder for the replayed database (<out-dir>/<build file name>)")
    parser.add_argument("--project-dir", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    try:
        steps = plan(load_manifest(args.target), args.project_dir)
        database = args.out_dir / args.build_database.name
        result = replay(steps, database, args.build_database)
        comparison = compare_with_build(steps, database, args.build_database)
    except (ReplayError, duckdb.Error) as error:
        print(f"replay failed: {error}", file=sys.stderr)
        return 1
    print(f"replayed {sum(result.models.values())} models {result.models} in {result.seconds:.2f} s "
          f"(seeds copied in {result.seed_seconds:.2f} s) into {database}")
    print(f"compared {comparison.models_compared} tables' row counts and {comparison.marts_compared_in_full} "
          "marts in full: " + ("equal" if comparison.equal else
                               f"DIFFERENT {comparison.count_mismatches + comparison.content_mismatches}"))
    return 0 if comparison.equal else 1


if __name__ == "__main__":
    sys.exit(main())
