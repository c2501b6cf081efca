"""Custom segment files (segments/custom/<key>.yml) and the dbt files generated from them.

A custom segment is one small YAML file at the project root:

    name: Recent buyers in France
    description: Placed a valid order in the last 30 days and lives in France.
    recommended_action: French-language cross-sell email of the categories they just bought.
    activation_channel: email        # email, ads, onsite, sales or none
    query: last_order_date > -30d AND customer_countries CONTAINS 'FR'

`python -m shopseg.segments compile` turns every file into
- models/marts/segments/custom/seg_<key>.sql (the members, compiled from the query),
- its entry in models/marts/segments/custom/_custom__models.yml (docs, meta.segment, contract, tests),
exactly what a named segment is by hand: the membership table, the summary and the catalog find both kinds
in the graph (macro segment_marts). It also rewrites the `-- depends_on:` lines of fct_segment_memberships
from every segment mart, named and custom (marts.py), since dbt needs those before the graph exists.
Generated files are committed; `compile --check` fails when one of them is stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import marts as segment_marts
from .compiler import CompiledQuery, DbtDialect, compile_query
from .errors import SegmentQueryError
from .language import check_text

SEGMENTS_DIR = Path("segments") / "custom"
MODELS_DIR = Path("models") / "marts" / "segments" / "custom"
MODELS_YAML = MODELS_DIR / "_custom__models.yml"

ACTIVATION_CHANNELS = ("email", "ads", "onsite", "sales", "none")
FIELDS = ("key", "name", "description", "recommended_action", "activation_channel", "query")
REQUIRED = ("name", "description", "recommended_action", "query")
MAX_FILE_BYTES = 20_000
MAX_TEXT = {"name": 100, "description": 1000, "recommended_action": 1000}
GENERATED_MARK = "GENERATED from"
KEY = re.compile(r"[a-z][a-z0-9_]{0,58}")

# The columns of a custom segment mart: (name, data type, SQL over dim_customers, description).
MART_COLUMNS = (
    ("customer_id", "varchar", "customers.customer_id",
     "The member: a customer registered on or before as_of_date (dim_customers), the key."),
    ("email", "varchar", "case when customers.is_email_suppressed then null else customers.email end",
     "The customer's email for activation; null when dim_customers.is_email_suppressed (never hand the address "
     "of a suppressed customer to an activation tool) or when the account has none."),
    ("first_name", "varchar", "customers.first_name", "First name, for the activation tool."),
    ("last_name", "varchar", "customers.last_name", "Last name, for the activation tool."),
    ("language_code", "varchar", "customers.language_code", "Two-letter language code."),
    ("city", "varchar", "customers.city", "City."),
    ("country_code", "varchar", "customers.country_code", "Country, ISO two-letter code."),
    ("rfm_group", "varchar", "customers.rfm_group", "RFM group (prospects without a valid order)."),
    ("recency_bucket", "varchar", "customers.recency_bucket", "Recency bucket."),
    ("engagement_level", "varchar", "customers.engagement_level", "Engagement level."),
    ("valid_order_count", "integer", "customers.valid_order_count", "Valid orders up to as_of_date."),
    ("lifetime_net_revenue", "decimal(18,2)", "customers.lifetime_net_revenue",
     "Net revenue of all valid orders up to as_of_date, reporting currency."),
    ("is_email_suppressed", "boolean", "customers.is_email_suppressed", "Never to be emailed."),
    ("last_valid_order_date", "date", "customers.last_valid_order_date", "Date of the last valid order."),
    ("as_of_date", "date", "customers.as_of_date", "The date the segment is computed as of (int_as_of_date)."),
)


@dataclass
class CustomSegment:
    key: str
    name: str
    description: str
    recommended_action: str
    activation_channel: str
    query: str
    source: str                 # the file, relative to the project
    compiled: CompiledQuery


def _fail(source: str, message: str) -> SegmentQueryError:
    return SegmentQueryError(message, source=source)


def _text_field(source: str, data: dict, field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, f"`{field}` must be a non-empty text")
    try:
        check_text(value, f"the field `{field}`", MAX_TEXT.get(field, 4000))
    except SegmentQueryError as error:
        raise error.with_source(source) from None
    if "\\" in value:
        raise _fail(source, f"`{field}` contains a backslash, which not every warehouse reads the same in SQL text")
    # One line in the docs and the catalog: runs of blanks and line breaks become one space.
    return " ".join(value.split())


def load_segment(path: Path, project_dir: Path) -> CustomSegment:
    """Read and check one segment file and compile its query against the project's named segments;
    SegmentQueryError names the file."""
    path = Path(path)
    try:
        source = str(path.resolve().relative_to(project_dir.resolve()))
    except ValueError:
        source = str(path)
    if path.suffix not in (".yml", ".yaml"):
        raise _fail(source, "a custom segment file is a .yml file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(source, f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(source, f"the file is {len(raw):,} bytes; a segment file holds at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(source, "the file is not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _fail(source, f"not valid YAML{where}: {getattr(error, 'problem', None) or error}") from None
    if not isinstance(data, dict):
        raise _fail(source, "a custom segment file is a mapping of " + ", ".join(FIELDS))
    unknown = [str(name) for name in data if name not in FIELDS]
    if unknown:
        raise _fail(source, f"unknown field(s) {', '.join(unknown)}; the fields are " + ", ".join(FIELDS))
    for field in REQUIRED:
        if field not in data:
            raise _fail(source, f"the field `{field}` is missing")
    key = path.stem
    if data.get("key") is not None and data.get("key") != key:
        raise _fail(source, f"key `{data.get('key')}` differs from the file name `{key}`: they must be equal")
    if not KEY.fullmatch(key):
        raise _fail(source, f"the file name `{key}` is not a segment key: lower-case letters, digits and _, "
                            "starting with a letter, at most 59 characters")
    named = segment_marts.named_segments(project_dir)
    if key in named:
        raise _fail(source, f"`{key}` is already a named segment; choose another key")
    channel = data.get("activation_channel", "none")
    if channel not in ACTIVATION_CHANNELS:
        raise _fail(source, f"activation_channel must be one of {', '.join(ACTIVATION_CHANNELS)}; got {channel!r}")
    fields = {field: _text_field(source, data, field) for field in ("name", "description", "recommended_action")}
    query = data["query"]
    if not isinstance(query, str):
        raise _fail(source, "`query` must be a text (quote it in YAML if needed)")
    try:
        compiled = compile_query(query.strip(), DbtDialect(), named_segments=named)
    except SegmentQueryError as error:
        raise error.with_source(source + " (query)") from None
    return CustomSegment(key, fields["name"], fields["description"], fields["recommended_action"], channel,
                         " ".join(query.split()) if "\n" not in query.strip() else query.strip(), source, compiled)


def load_segments(project_dir: Path) -> list[CustomSegment]:
    folder = project_dir / SEGMENTS_DIR
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    segments, errors = [], []
    for path in paths:
        try:
            segments.append(load_segment(path, project_dir))
        except SegmentQueryError as error:
            errors.append(str(error))
    keys = [segment.key for segment in segments]
    for key in sorted({key for key in keys if keys.count(key) > 1}):
        errors.append(f"segments/custom: two files define the key `{key}` (.yml and .yaml)")
    if errors:
        raise SegmentQueryError("\n".join(errors))
    return sorted(segments, key=lambda segment: segment.key)


# --- generation ---------------------------------------------------------------------------------

def _header(lines: list[str]) -> str:
    return "{#- " + "\n    ".join(lines) + " -#}\n"


def render_model(segment: CustomSegment) -> str:
    columns = ",\n".join(f"        {expression}" + ("" if expression.endswith("." + name) else f" as {name}")
                         for name, _, expression, _ in MART_COLUMNS)
    imports = "".join(f"{relation} as (\n    select * from {{{{ ref('{relation}') }}}}\n),\n\n"
                      for relation in segment.compiled.relations)
    condition = "\n".join("        " + line for line in segment.compiled.sql.splitlines())
    header = _header([
        f"Custom segment {segment.key}, {GENERATED_MARK}",
        f"{segment.source}",
        "by `python -m shopseg.segments compile` (make segments-compile). Do not",
        "edit: edit the .yml file and compile again. Its query, description and",
        "recommended action are in _custom__models.yml (meta.segment).",
    ])
    return (f"{header}\nwith\n\ncustomers as (\n    select * from {{{{ ref('dim_customers') }}}}\n),\n\n{imports}"
            f"final as (\n    select\n{columns}\n    from customers\n    where\n{condition}\n)\n\nselect * from final\n")


# A column with an enforced not_null constraint needs no not_null test where
# the engine enforces the constraint (a null fails the build); Spark's Parquet
# tables do not, so the test runs there (README, "What is stored, and why").
NOT_NULL_UNLESS_ENFORCED = "{{ target.type not in ['duckdb', 'postgres'] }}"


def render_models_yaml(segments: list[CustomSegment]) -> str:
    models = []
    for segment in segments:
        columns = []
        for name, data_type, _, description in MART_COLUMNS:
            column: dict = {"name": name, "description": description, "data_type": data_type}
            if name == "customer_id":
                column["constraints"] = [{"type": "not_null"}]
                column["data_tests"] = [
                    "unique",
                    {"not_null": {"config": {"enabled": NOT_NULL_UNLESS_ENFORCED}}},
                    {"relationships": {"arguments": {"to": "ref('dim_customers')", "field": "customer_id"}}},
                ]
            elif name == "email":
                column["data_tests"] = [{"expression_is_true": {"arguments": {"expression": (
                    "email is null or customer_id in (select customer_id from {{ ref('dim_customers') }} "
                    "where not is_email_suppressed)")}}}]
            elif name == "as_of_date":
                column["constraints"] = [{"type": "not_null"}]
                column["data_tests"] = [{"not_null": {"config": {"enabled": NOT_NULL_UNLESS_ENFORCED}}}]
            columns.append(column)
        models.append({
            "name": f"seg_{segment.key}",
            "description": (f"Custom segment {segment.key} ({segment.name}): {segment.description} "
                            f"Query (segment query language, docs/segment_query_language.md): "
                            f"`{' '.join(segment.query.split())}`. Recommended action: {segment.recommended_action} "
                            f"Generated from {segment.source}."),
            # materialized, access, contract and tags come from dbt_project.yml (marts/segments/custom).
            "config": {
                "meta": {"segment": {
                    "key": segment.key,
                    "name": segment.name,
                    "family": "custom",
                    "members": "customers",
                    "description": segment.description,
                    "query": segment.query,
                    "recommended_action": segment.recommended_action,
                    "activation_channel": segment.activation_channel,
                    "source": segment.source,
                }},
            },
            "columns": columns,
        })
    body = yaml.safe_dump({"version": 2, "models": models}, sort_keys=False, allow_unicode=True, width=110)
    return ("# GENERATED by `python -m shopseg.segments compile` from segments/custom/*.yml: do not edit.\n"
            + body)


def generated_files(project_dir: Path) -> dict[Path, str]:
    """Every generated file (relative path -> content) for the segment files of the project."""
    segments = load_segments(project_dir)
    files = {MODELS_DIR / f"seg_{segment.key}.sql": render_model(segment) for segment in segments}
    files[MODELS_YAML] = render_models_yaml(segments)
    memberships = project_dir / segment_marts.MEMBERSHIPS_MODEL
    if memberships.is_file():
        # The custom marts as they will be once written, the others as they are.
        marts = [mart for mart in segment_marts.load_segment_marts(project_dir, skip=(MODELS_YAML,))]
        marts += [segment_marts.SegmentMart(f"seg_{segment.key}", "custom", "customers",
                                            segment.activation_channel, str(MODELS_YAML)) for segment in segments]
        names = [mart.model for mart in marts]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise SegmentQueryError("segments/custom: " + ", ".join(duplicated) + " is also defined by hand in "
                                    "models/marts/segments; choose another key")
        files[segment_marts.MEMBERSHIPS_MODEL] = segment_marts.render_depends_on(
            memberships.read_text(encoding="utf-8"), sorted(marts, key=lambda mart: mart.model))
    return files


def stale_files(project_dir: Path) -> tuple[dict[Path, str], list[Path]]:
    """(files to write because missing or different, generated models to delete: seg_*.sql in the custom
    models folder without a segment file)."""
    wanted = generated_files(project_dir)
    to_write = {path: content for path, content in wanted.items()
                if not (project_dir / path).is_file() or (project_dir / path).read_text(encoding="utf-8") != content}
    existing = sorted((project_dir / MODELS_DIR).glob("seg_*.sql"))
    # Only files this command generated: a segment model a developer writes by hand stays.
    to_delete = [path.relative_to(project_dir) for path in existing
                 if path.relative_to(project_dir) not in wanted and GENERATED_MARK in path.read_text(encoding="utf-8")]
    return to_write, to_delete


def compile_project(project_dir: Path, check: bool = False) -> tuple[list[Path], list[Path]]:
    """Write (or, with check, only list) the stale generated files; returns (written, deleted)."""
    to_write, to_delete = stale_files(project_dir)
    if not check:
        for path, content in to_write.items():
            target = project_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        for path in to_delete:
            (project_dir / path).unlink()
    return sorted(to_write), to_delete
