"""Preview a segment: how many customers match a predicate or a custom segment file, without building it.

The count runs in the warehouse through dbt itself (``dbt show --inline``), so it works on every
warehouse the project supports and reads ``dim_customers`` exactly as the segment models do:

- ``--where``: the predicate is SQL over the columns of dim_customers, Jinja included (e.g.
  ``{{ in_last_n_days('last_valid_order_date', 30, 'as_of_date') }}``), placed in
  ``select ... from dim_customers where (<predicate>)``, as the custom_segment macro does;
- a file: the model's own SQL (for a custom segment, a single custom_segment call) is wrapped as a
  subquery, so dbt renders and runs it without building it and its distinct customer_id are the
  members. The file does not need to be in the project yet.

Nothing is written to the warehouse; dbt only parses the project (partial parsing makes that quick)
and runs one select.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SAMPLE_SIZE = 10
MAX_SAMPLE_SIZE = 1000

# The profile columns shown for each sampled member; email is null when the customer must not be emailed.
SAMPLE_COLUMNS = (
    ("customer_id", "customers.customer_id"),
    ("email", "case when customers.is_email_suppressed then null else customers.email end"),
    ("first_name", "customers.first_name"),
    ("last_name", "customers.last_name"),
    ("country_code", "customers.country_code"),
    ("rfm_group", "customers.rfm_group"),
    ("recency_bucket", "customers.recency_bucket"),
    ("valid_order_count", "customers.valid_order_count"),
    ("lifetime_net_revenue", "customers.lifetime_net_revenue"),
    ("last_valid_order_date", "customers.last_valid_order_date"),
)
COUNT_COLUMNS = ("matching_customers", "total_customers", "as_of_date")

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOG_PREFIX = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?\s+")
_MISSING_MARKERS = ("does not exist", "not found", "cannot be found")


class PreviewError(Exception):
    """A problem to report to the user in one message, without a traceback."""


@dataclass
class PreviewResult:
    matching_customers: int
    total_customers: int
    as_of_date: str | None
    sample: list[dict] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.matching_customers / self.total_customers if self.total_customers else None

    def as_dict(self) -> dict:
        return {
            "matching_customers": self.matching_customers,
            "total_customers": self.total_customers,
            "share": self.share,
            "as_of_date": self.as_of_date,
            "sample": self.sample,
        }


# --- SQL ---------------------------------------------------------------------------------------

def clean_predicate(predicate: str) -> str:
    """The predicate as it goes between parentheses after `where`; rejects what cannot be one condition."""
    text = (predicate or "").strip()
    if not text:
        raise PreviewError("the predicate is empty: give a SQL condition over dim_customers columns, "
                           "e.g. --where \"lifetime_net_revenue > 500 and is_email_engaged\"")
    if ";" in text:
        raise PreviewError("the predicate must be a single SQL condition, without ';'")
    return text


def members_from_where(predicate: str) -> str:
    """SQL selecting the customer_id of the customers that match `predicate` (inside the preview query)."""
    return f"select customer_id\n    from customers\n    where (\n{clean_predicate(predicate)}\n    )"


def members_from_file(path: Path) -> str:
    """SQL selecting the distinct customer_id of the rows the model file returns, rendered by dbt."""
    path = Path(path)
    if not path.is_file():
        raise PreviewError(f"no such file: {path}")
    if path.suffix != ".sql":
        raise PreviewError(f"{path} is not a .sql model file")
    text = path.read_text(encoding="utf-8").strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    if not text:
        raise PreviewError(f"{path} is empty")
    return f"select distinct segment_rows.customer_id\n    from (\n{text}\n    ) as segment_rows"


def build_preview_sql(members_sql: str, sample_size: int = DEFAULT_SAMPLE_SIZE) -> str:
    """The one query dbt runs: match and store counts on every row, joined with up to `sample_size` members.

    With no match there is still one row (the counts, sample columns null), thanks to the left join.
    """
    if not 0 <= sample_size <= MAX_SAMPLE_SIZE:
        raise PreviewError(f"the sample size must be between 0 and {MAX_SAMPLE_SIZE}, got {sample_size}")
    sample_select = ",\n        ".join(f"{expression} as {name}" for name, expression in SAMPLE_COLUMNS)
    sample_names = ",\n    ".join(f"sample_members.{name}" for name, _ in SAMPLE_COLUMNS)
    return f"""with

customers as (
    select * from {{{{ ref('dim_customers') }}}}
),

members as (
    {members_sql}
),

counts as (
    select
        (select count(*) from members) as matching_customers,
        (select count(*) from customers) as total_customers,
        (select max(as_of_date) from customers) as as_of_date
),

sample_members as (
    select
        {sample_select}
    from customers
    inner join members
        on customers.customer_id = members.customer_id
    order by customers.customer_id
    limit {sample_size}
)

select
    counts.matching_customers,
    counts.total_customers,
    counts.as_of_date,
    {sample_names}
from counts
left join sample_members
    on 1 = 1
"""


# --- running dbt -------------------------------------------------------------------------------

def find_project_dir(start: Path | None = None) -> Path:
    """The dbt project: the first folder from `start` (default: cwd) upwards with a dbt_project.yml,
    else the repository this package lives in."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dbt_project.yml").is_file():
            return folder
    repository = Path(__file__).resolve().parents[3]
    if (repository / "dbt_project.yml").is_file():
        return repository
    raise PreviewError(f"no dbt_project.yml in {here} or above; run from the project folder or pass --project-dir")


def dbt_executable() -> str:
    """The `dbt` of the running interpreter's environment (.venv/bin/dbt), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise PreviewError(f"dbt is not installed next to {sys.executable} nor on PATH: run `make install`")
    return found


def dbt_environment(project_dir: Path, base: dict | None = None, cwd: Path | None = None) -> dict:
    """The environment of the project's Makefile: profiles in the project folder, relative
    RAW_DATA_PATH / DUCKDB_PATH taken from the caller's folder (dbt runs in the project folder)."""
    env = dict(os.environ if base is None else base)
    caller = Path(cwd or Path.cwd())
    if "DBT_PROFILES_DIR" not in env and (project_dir / "profiles.yml").is_file():
        env["DBT_PROFILES_DIR"] = str(project_dir)
    for name in ("RAW_DATA_PATH", "DUCKDB_PATH"):
        if env.get(name) and not Path(env[name]).is_absolute():
            env[name] = str((caller / env[name]).resolve())
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def dbt_show_command(dbt: str, project_dir: Path, sql: str, sample_size: int,
                     target: str | None = None, dbt_vars: str | None = None) -> list[str]:
    command = [dbt, "--quiet", "show", "--project-dir", str(project_dir), "--inline", sql,
               "--limit", str(max(sample_size, 1)), "--output", "json"]
    if target:
        command += ["--target", target]
    if dbt_vars:
        command += ["--vars", dbt_vars]
    return command


def strip_log_noise(output: str) -> str:
    lines = []
    for line in _ANSI.sub("", output).splitlines():
        lines.append(_LOG_PREFIX.sub("", line).rstrip())
    return "\n".join(lines).strip()


def explain_failure(output: str) -> str:
    """dbt's own account of the failure, with a hint when dim_customers is not built yet."""
    text = strip_log_noise(output)
    for line in text.splitlines():
        lowered = line.lower()
        if "dim_customers" in lowered and any(marker in lowered for marker in _MISSING_MARKERS):
            return ("dim_customers is not built in this warehouse yet, so there is nothing to preview.\n"
                    "Run `make build` first (or `.venv/bin/dbt build --select +dim_customers`).\n"
                    f"dbt said: {line.strip()}")
    marker = "Encountered an error:"
    if marker in text:
        text = text.split(marker, 1)[1].strip()
    return text or "dbt failed without a message"


def parse_show_output(stdout: str) -> list[dict]:
    """The rows of `dbt --quiet show --output json`: a JSON object {"show": [...]}, possibly after log lines."""
    text = _ANSI.sub("", stdout)
    start = text.find("{")
    if start < 0:
        raise PreviewError("dbt printed no result:\n" + strip_log_noise(stdout))
    try:
        payload, _ = json.JSONDecoder().raw_decode(text[start:])
    except json.JSONDecodeError as error:
        raise PreviewError(f"cannot read dbt's output ({error}):\n" + strip_log_noise(stdout)) from None
    rows = payload.get("show") if isinstance(payload, dict) else None
    if not isinstance(rows, list):
        raise PreviewError("unexpected dbt output:\n" + strip_log_noise(stdout))
    return rows


def result_from_rows(rows: list[dict]) -> PreviewResult:
    if not rows:
        raise PreviewError("the preview query returned no row")
    first = rows[0]
    sample = [
        {name: row.get(name) for name, _ in SAMPLE_COLUMNS}
        for row in rows
        if row.get("customer_id") is not None
    ]
    sample.sort(key=lambda row: str(row["customer_id"]))
    return PreviewResult(
        matching_customers=int(first.get("matching_customers") or 0),
        total_customers=int(first.get("total_customers") or 0),
        as_of_date=None if first.get("as_of_date") is None else str(first["as_of_date"]),
        sample=sample,
    )


def run_preview(members_sql: str, *, sample_size: int = DEFAULT_SAMPLE_SIZE, project_dir: Path | None = None,
                target: str | None = None, dbt_vars: str | None = None, dbt: str | None = None,
                env: dict | None = None) -> PreviewResult:
    """Run the preview query through `dbt show` and return the counts and the sample."""
    project = Path(project_dir).resolve() if project_dir else find_project_dir()
    sql = build_preview_sql(members_sql, sample_size)
    command = dbt_show_command(dbt or dbt_executable(), project, sql, sample_size, target, dbt_vars)
    try:
        completed = subprocess.run(command, cwd=project, env=dbt_environment(project, env),
                                   capture_output=True, text=True, check=False)
    except OSError as error:
        raise PreviewError(f"cannot run dbt ({command[0]}): {error.strerror or error}") from None
    if completed.returncode != 0:
        raise PreviewError(explain_failure(completed.stdout + "\n" + completed.stderr))
    return result_from_rows(parse_show_output(completed.stdout))


# --- output ------------------------------------------------------------------------------------

def _cell(value, width: int = 32) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[dict], columns: list[str]) -> str:
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def format_result(result: PreviewResult, label: str) -> str:
    as_of = f" as of {result.as_of_date}" if result.as_of_date else ""
    if result.share is None:
        headline = f"{result.matching_customers:,} of {result.total_customers:,} customers match{as_of}."
    else:
        headline = (f"{result.matching_customers:,} of {result.total_customers:,} customers match{as_of} "
                    f"({result.share:.1%}).")
    lines = [f"Segment preview: {label}", headline]
    if result.sample:
        lines += ["", f"Sample of {len(result.sample)} member{'s' if len(result.sample) != 1 else ''} "
                      "(by customer_id; email '-' = none or suppressed, never to be emailed):",
                  format_table(result.sample, [name for name, _ in SAMPLE_COLUMNS])]
    return "\n".join(lines)
