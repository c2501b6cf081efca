"""Command line of ``python -m shopseg.segments``: compile, preview, docs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import custom_files, marts, reference
from .compiler import DuckDBDialect, compile_query
from .errors import SegmentQueryError
from .preview import (DEFAULT_SAMPLE_SIZE, MAX_SAMPLE_SIZE, PreviewError, database_path, find_project_dir,
                      format_result, run_preview, store_timezone)

DESCRIPTION = """\
Segment tools of the shop_segments dbt project. Segments are written in the
segment query language (Shopify's customer segment query language), see
docs/segment_query_language.md.

  compile   generate the dbt models of the custom segments (segments/custom/*.yml)
  preview   count and sample the customers a query matches, read-only
  docs      generate docs/segment_query_language.md from the attribute list
"""

PREVIEW_EPILOG = """\
examples (from the project folder, after `make build`):
  .venv/bin/python -m shopseg.segments preview --query "amount_spent > 500 AND last_order_date > -30d"
  .venv/bin/python -m shopseg.segments preview segments/custom/recent_buyers_in_france.yml
  .venv/bin/python -m shopseg.segments preview --json -n 5 --query "customer_tags CONTAINS 'vip'"

database: SERVING_DUCKDB_PATH (default serving.duckdb in the project) when it
exists, else DUCKDB_PATH (default warehouse.duckdb), opened read-only with
external access off. The sample shows customer_id and non-personal columns.

exit status: 0 preview printed, 1 wrong query or no database (message on
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
    parser = argparse.ArgumentParser(prog="python -m shopseg.segments", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compile_command = commands.add_parser(
        "compile", help="generate the dbt files of the custom segments",
        description="Compile every segments/custom/<key>.yml into models/marts/segments/custom/seg_<key>.sql and\n"
                    "its entry in models/marts/segments/custom/_custom__models.yml, and write the depends_on\n"
                    "lines of fct_segment_memberships from every segment mart (named and custom).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    compile_command.add_argument("--check", action="store_true",
                                 help="write nothing; exit 1 when a generated file is missing or stale")
    compile_command.add_argument("--project-dir", metavar="DIR", type=Path)

    preview = commands.add_parser(
        "preview", help="count and sample the customers a segment query matches",
        description="How many customers a segment query (or a custom segment file) matches, their share,\n"
                    "as_of_date, the compiled SQL and a sample, without building anything.",
        epilog=PREVIEW_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    preview.add_argument("file", nargs="?", metavar="FILE", type=Path,
                         help="a custom segment file (segments/custom/<key>.yml), saved in the project or not")
    preview.add_argument("--query", "-q", metavar="QUERY", help="a segment query; use instead of FILE")
    preview.add_argument("--sample", "-n", metavar="N", type=_sample_size, default=DEFAULT_SAMPLE_SIZE,
                         help=f"members to show, by customer_id, 0..{MAX_SAMPLE_SIZE} (default {DEFAULT_SAMPLE_SIZE})")
    preview.add_argument("--database", metavar="PATH", type=Path,
                         help="the DuckDB file to read (default: SERVING_DUCKDB_PATH, else DUCKDB_PATH)")
    preview.add_argument("--project-dir", metavar="DIR", type=Path)
    preview.add_argument("--json", action="store_true", help="print the result as JSON")
    preview.set_defaults(subparser=preview)

    docs = commands.add_parser("docs", help="generate docs/segment_query_language.md")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 when the page is stale")
    docs.add_argument("--project-dir", metavar="DIR", type=Path)
    return parser


def _compile(args) -> int:
    project = (args.project_dir or find_project_dir()).resolve()
    written, deleted = custom_files.compile_project(project, check=args.check)
    if args.check:
        if written or deleted:
            print("python -m shopseg.segments compile --check: generated files are stale; run "
                  "`make segments-compile` and commit:\n" + "\n".join(f"  {path}" for path in written + deleted),
                  file=sys.stderr)
            return 1
        print("Segment files are up to date.")
        return 0
    for path in written:
        print(f"wrote {path}")
    for path in deleted:
        print(f"deleted {path} (its segment file is gone)")
    if not written and not deleted:
        print("Segment files are up to date.")
    return 0


def _docs(args) -> int:
    project = (args.project_dir or find_project_dir()).resolve()
    target = project / reference.PAGE
    content = reference.render_reference()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != content:
            print(f"{reference.PAGE} is stale: run `python -m shopseg.segments docs` and commit", file=sys.stderr)
            return 1
        return 0
    if current != content:
        target.write_text(content, encoding="utf-8")
        print(f"wrote {reference.PAGE}")
    return 0


def _preview(args) -> int:
    if (args.file is None) == (args.query is None):
        args.subparser.error("give either FILE or --query QUERY (exactly one)")
    project = (args.project_dir or find_project_dir()).resolve()
    if args.file is not None:
        query = custom_files.load_segment(args.file, project).query
    else:
        query = args.query
    named = marts.named_segments(project)
    compile_query(query, DuckDBDialect(), named_segments=named)  # reported before any database is looked for
    database = args.database or database_path(project)
    if args.database is not None and not Path(args.database).is_file():
        raise PreviewError(f"no such database: {args.database}")
    result = run_preview(query, database=Path(database), sample_size=args.sample,
                         timezone=store_timezone(project), named_segments=named)
    print(json.dumps(result.as_dict(), indent=2) if args.json else format_result(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "compile":
            return _compile(args)
        if args.command == "docs":
            return _docs(args)
        return _preview(args)
    except (SegmentQueryError, PreviewError) as error:
        print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
        return 1
