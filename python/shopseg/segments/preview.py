"""Preview a segment query, like Shopify's "run query": how many customers match, their share of all
customers, as_of_date, the SQL the query compiled to, and a sample of members with non-personal
columns only.

The query is compiled by the same compiler as the custom segment models (compiler.py), to plain
DuckDB SQL over the marts. No dbt and no Jinja are involved. The database is the published serving
snapshot SERVING_DUCKDB_PATH (default serving.duckdb in the project folder) when it exists, else the
build database DUCKDB_PATH (default warehouse.duckdb), opened read-only with external access
(files, URLs, extensions) switched off and the configuration locked before any query runs. So a
preview can neither write nor read anything outside that database, whatever the query says (and
the compiler only lets allow-listed columns and typed literals through in the first place).
Nothing is logged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from .compiler import CUSTOMERS, CompiledQuery, DuckDBDialect, compile_query
from .errors import SegmentQueryError

DEFAULT_SAMPLE_SIZE = 10
MAX_SAMPLE_SIZE = 100
MARTS_SCHEMA = "main_marts"

# Sampled members show these columns only: no email, name, address, postal code or birth date.
SAMPLE_COLUMNS = (
    "customer_id", "country_code", "language_code", "rfm_group", "recency_bucket", "engagement_level",
    "valid_order_count", "lifetime_net_revenue", "last_valid_order_date",
)
PERSONAL_COLUMNS = frozenset({
    "email", "first_name", "last_name", "city", "postal_code", "latitude", "longitude", "birth_date",
    "next_birthday_date", "age_years", "days_until_birthday", "email_domain",
})

# DuckDB settings of the preview connection, fixed when it opens: no file, URL or extension access,
# and no query may change them back.
CONNECTION_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


class PreviewError(Exception):
    """A problem to report in one message (exit status 1), never a traceback."""


@dataclass
class PreviewResult:
    query: str
    compiled_sql: str
    database: str
    matching_customers: int
    total_customers: int
    as_of_date: str | None
    sample: list[dict] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.matching_customers / self.total_customers if self.total_customers else None

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "matching_customers": self.matching_customers,
            "total_customers": self.total_customers,
            "share": self.share,
            "as_of_date": self.as_of_date,
            "database": self.database,
            "compiled_sql": self.compiled_sql,
            "sample": self.sample,
        }


def find_project_dir(start: Path | None = None) -> Path:
    """The first folder from `start` (default: cwd) upwards with a dbt_project.yml, else the repository
    this package lives in."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dbt_project.yml").is_file():
            return folder
    repository = Path(__file__).resolve().parents[3]
    if (repository / "dbt_project.yml").is_file():
        return repository
    raise PreviewError(f"no dbt_project.yml in {here} or above; run from the project folder or pass --project-dir")


def database_path(project_dir: Path, env: dict | None = None, cwd: Path | None = None) -> Path:
    """SERVING_DUCKDB_PATH (default <project>/serving.duckdb) when that file exists, else DUCKDB_PATH
    (default warehouse.duckdb). Relative paths are taken from the current folder, as the Makefile does."""
    env = os.environ if env is None else env
    caller = Path(cwd or Path.cwd())

    def resolve(value: str | None, default: Path) -> Path:
        if not value:
            return default
        path = Path(value)
        return path if path.is_absolute() else caller / path

    serving = resolve(env.get("SERVING_DUCKDB_PATH"), project_dir / "serving.duckdb")
    if serving.is_file():
        return serving
    build = resolve(env.get("DUCKDB_PATH"), project_dir / "warehouse.duckdb")
    if build.is_file():
        return build
    raise PreviewError(f"no database to preview: neither {serving} (SERVING_DUCKDB_PATH) nor {build} "
                       "(DUCKDB_PATH) exists. Run `make build` first.")


def store_timezone(project_dir: Path) -> str:
    """The project's var store_timezone (dbt_project.yml), which defines calendar dates."""
    try:
        project = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return "UTC"
    value = (project.get("vars") or {}).get("store_timezone") or "UTC"
    return str(value)


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot reach files, URLs or extensions, with its settings locked."""
    try:
        connection = duckdb.connect(str(path), read_only=True, config=dict(CONNECTION_CONFIG))
    except duckdb.Error as error:
        raise PreviewError(f"cannot open {path} read-only: {error}") from None
    external = connection.execute("select current_setting('enable_external_access')").fetchone()[0]
    if external not in (False, "false"):  # pragma: no cover - a DuckDB that ignores the setting
        connection.close()
        raise PreviewError("this DuckDB cannot switch external access off; refusing to preview")
    return connection


def preview_sql(compiled: CompiledQuery, dialect: DuckDBDialect, sample_size: int) -> tuple[str, str]:
    """The counting query and the sample query (both read only the marts)."""
    customers = dialect.relation("dim_customers")
    condition = "\n".join("        " + line for line in compiled.sql.splitlines())
    members = f"with\n\n{CUSTOMERS} as (\n    select * from {customers}\n)\n\n"
    count_sql = (members + "select\n    count(*) filter (where\n" + condition + "\n    ) as matching_customers,\n"
                 "    count(*) as total_customers,\n    max(as_of_date) as as_of_date\nfrom customers")
    columns = ",\n    ".join(f"{CUSTOMERS}.{column}" for column in SAMPLE_COLUMNS)
    sample_sql = (members + f"select\n    {columns}\nfrom customers\nwhere\n"
                  + "\n".join("    " + line for line in compiled.sql.splitlines())
                  + f"\norder by {CUSTOMERS}.customer_id\nlimit {int(sample_size)}")
    return count_sql, sample_sql


def run_preview(query: str, *, database: Path, sample_size: int = DEFAULT_SAMPLE_SIZE,
                timezone: str = "UTC", named_segments: dict[str, str] | None = None) -> PreviewResult:
    """Compile the query (segment_membership() over named_segments, default: this package's project's) and
    run it on the database, read-only. SegmentQueryError for a wrong query, PreviewError for a database
    problem."""
    if not 0 <= sample_size <= MAX_SAMPLE_SIZE:
        raise PreviewError(f"the sample size must be between 0 and {MAX_SAMPLE_SIZE}, got {sample_size}")
    dialect = DuckDBDialect(MARTS_SCHEMA, timezone)
    compiled = compile_query(query, dialect, named_segments=named_segments)
    count_sql, sample_sql = preview_sql(compiled, dialect, sample_size)
    connection = open_read_only(database)
    try:
        present = {row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = ?", [MARTS_SCHEMA]).fetchall()}
        missing = [name for name in ["dim_customers", *compiled.relations] if name not in present]
        if missing:
            raise PreviewError(f"{database} has no {', '.join(MARTS_SCHEMA + '.' + name for name in missing)} "
                               "yet: build the project first (`make build`)")
        try:
            matching, total, as_of = connection.execute(count_sql).fetchone()
            cursor = connection.execute(sample_sql)
            names = [description[0] for description in cursor.description]
            rows = cursor.fetchall()
        except duckdb.Error as error:
            raise PreviewError(f"the preview query failed on {database}: {error}") from None
    finally:
        connection.close()
    assert not PERSONAL_COLUMNS & set(names)
    sample = [dict(zip(names, (None if value is None else str(value) if not isinstance(value, (int, float))
                               else value for value in row))) for row in rows]
    return PreviewResult(query, compiled.sql, str(database), int(matching or 0), int(total or 0),
                         None if as_of is None else str(as_of), sample)


# --- output ------------------------------------------------------------------------------------

def _cell(value, width: int = 24) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[dict], columns: list[str]) -> str:
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def format_result(result: PreviewResult) -> str:
    share = f" ({result.share:.1%})" if result.share is not None else ""
    as_of = f" as of {result.as_of_date}" if result.as_of_date else ""
    lines = [
        f"Segment preview of: {' '.join(result.query.split())}",
        f"{result.matching_customers:,} of {result.total_customers:,} customers match{as_of}{share}.",
        f"Database (read-only): {result.database}",
        "",
        "Compiled to (over main_marts.dim_customers as customers):",
        *("    " + line for line in result.compiled_sql.splitlines()),
    ]
    if result.sample:
        count = len(result.sample)
        lines += ["", f"Sample of {count} member{'s' if count != 1 else ''} (by customer_id, non-personal columns):",
                  format_table(result.sample, list(SAMPLE_COLUMNS))]
    return "\n".join(lines)


__all__ = ["PreviewError", "PreviewResult", "SegmentQueryError", "run_preview", "format_result", "database_path"]
