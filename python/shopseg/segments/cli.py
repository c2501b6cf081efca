"""Command line of ``python -m shopseg.segments``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .preview import (DEFAULT_SAMPLE_SIZE, MAX_SAMPLE_SIZE, PreviewError, format_result, members_from_file,
                      members_from_where, run_preview)

DESCRIPTION = """\
Segment tools of the shop_segments dbt project.

preview: how many customers a segment would hold, and a sample of them, BEFORE
the segment is built (like the Shopify segment editor). Give either a predicate
over the columns of dim_customers (--where) or a custom segment file
(models/marts/segments/custom/seg_<name>.sql, saved in the project or not).
The count runs in the warehouse through `dbt show`, so it works on every
warehouse the project runs on, and nothing is written. dim_customers must be
built (`make build`).
"""

PREVIEW_EPILOG = """\
predicates: SQL over dim_customers columns (docs/segments.md lists them), with
AND / OR / NOT, comparisons, date windows and list membership through the
project's macros:
  --where "lifetime_net_revenue > 500 and is_email_engaged"
  --where "{{ in_last_n_days('last_valid_order_date', 30, 'as_of_date') }} and country_code = 'FR'"
  --where "{{ list_contains('interests', 'running') }} and not is_email_suppressed"

examples (from the project folder, after `make build`):
  .venv/bin/python -m shopseg.segments preview --where "rfm_group = 'at_risk' and lifetime_net_revenue > 300"
  .venv/bin/python -m shopseg.segments preview models/marts/segments/custom/seg_recent_buyers_in_france.sql
  .venv/bin/python -m shopseg.segments preview --sample 25 --json --where "is_b2b"

environment: the same as the Makefile's. DUCKDB_PATH (default warehouse.duckdb)
and RAW_DATA_PATH select the warehouse; DBT_TARGET selects another profile
target; DBT_PROFILES_DIR defaults to the project folder.

exit status: 0 preview printed, 1 dbt or the preview failed (message on
stderr), 2 wrong arguments.
"""


def _sample_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if not 0 <= value <= MAX_SAMPLE_SIZE:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_SAMPLE_SIZE}, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shopseg.segments", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    preview = commands.add_parser(
        "preview", help="count and sample the customers a predicate or custom segment file matches",
        description="Count the customers that a predicate over dim_customers, or a custom segment file,\n"
                    "matches (out of all registered customers, with the share) and print a sample of\n"
                    "them, without building the segment.",
        epilog=PREVIEW_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    preview.add_argument(
        "file", nargs="?", metavar="FILE", type=Path,
        help="a segment model file (.sql), e.g. a custom segment written with the custom_segment macro; its "
             "rows' distinct customer_id are the members")
    preview.add_argument(
        "--where", metavar="PREDICATE",
        help="a SQL condition over the columns of dim_customers (Jinja macros allowed); use instead of FILE")
    preview.add_argument(
        "--sample", "-n", metavar="N", type=_sample_size, default=DEFAULT_SAMPLE_SIZE,
        help=f"members to print, ordered by customer_id, 0..{MAX_SAMPLE_SIZE} (default: {DEFAULT_SAMPLE_SIZE})")
    preview.add_argument(
        "--project-dir", metavar="DIR", type=Path,
        help="the dbt project (default: the folder with dbt_project.yml at or above the current folder)")
    preview.add_argument("--target", metavar="NAME", help="dbt target of profiles.yml (default: the profile's)")
    preview.add_argument(
        "--vars", dest="dbt_vars", metavar="YAML",
        help="dbt vars, as for dbt --vars, e.g. \"{as_of_date: '2026-01-31'}\" (makes dbt re-parse the project)")
    preview.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    preview.set_defaults(subparser=preview)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.file is None) == (args.where is None):
        args.subparser.error("give either FILE or --where PREDICATE (exactly one)")
    try:
        if args.where is not None:
            members_sql, label = members_from_where(args.where), f"where {args.where.strip()}"
        else:
            members_sql, label = members_from_file(args.file), str(args.file)
        result = run_preview(members_sql, sample_size=args.sample, project_dir=args.project_dir,
                             target=args.target, dbt_vars=args.dbt_vars)
    except PreviewError as error:
        print(f"{parser.prog} preview: error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, default=str))
    else:
        print(format_result(result, label))
    return 0
