"""Command line of ``python -m shopseg.report``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from shopseg.progress import progress_enabled

from .page import CHARTS, build_report
from .source import ReportError, Snapshot, locate_database

DEFAULT_OUT = Path("target/report/segments_report.html")

DESCRIPTION = """\
Write the segment report: one self-contained HTML file (Plotly's JavaScript
inline, no network needed) with segment sizes and shares, the RFM grid, the
Pareto curve, channels, recency buckets over time, popular products per
segment and segment overlap, from the latest snapshot's marts.

The database is the serving database (SERVING_DUCKDB_PATH, default
serving.duckdb) when it exists, else the build database (DUCKDB_PATH, default
warehouse.duckdb), opened read-only; --database picks one explicitly.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shopseg.report", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the HTML file to write (default {DEFAULT_OUT})")
    parser.add_argument("--database", help="the DuckDB file to read (default: serving, else build database)")
    parser.add_argument("--currency", help="the reporting currency label (default: the snapshot's build metadata, "
                                           "else var reporting_currency of dbt_project.yml)")
    parser.add_argument("--progress", action="store_true",
                        help="show the progress bar (charts done, elapsed) on stderr even when it is not a terminal")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        path = locate_database(args.database)
        snapshot = Snapshot.open(path)
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 1
    show_bar = progress_enabled(args.progress, args.quiet)
    try:
        with tqdm(total=len(CHARTS), unit="chart", file=sys.stderr, disable=not show_bar,
                  desc="report") as bar:
            out = build_report(snapshot, args.out, args.currency,
                               progress=lambda key: (bar.set_postfix_str(key), bar.update()))
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 1
    finally:
        snapshot.close()
    if not args.quiet:
        print(f"Wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(CHARTS)} charts) from {path} "
              f"in {time.monotonic() - started:.1f} s")
    return 0
