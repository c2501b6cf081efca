"""Command line of ``python -m shopseg.generate``."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from tqdm import tqdm

from shopseg.progress import progress_enabled

from .options import (DEFAULT_CUSTOMERS, DEFAULT_DAYS, DEFAULT_END_DATE, DEFAULT_SEED, FORMATS, MAX_CUSTOMERS,
                      MAX_DAYS, MIN_CUSTOMERS, MIN_DAYS, OPTIONAL_TABLES, GenerateOptions, OptionError,
                      parse_table_list)
from .pipeline import Result, generate, steps

DESCRIPTION = """\
Generate a reproducible demo web shop (a Paris store selling across Europe) in
the raw-data contract of the shop_segments dbt project: one file per table plus
_manifest.json, which lists every kind of dirty row that was injected, how many,
and what the staging layer is expected to do with it (collapse, normalise or
reject with a reason). Same options and seed give byte-identical files.
"""

EPILOG = """\
examples:
  python -m shopseg.generate                                   # 5000 customers into $RAW_DATA_PATH or data/raw
  python -m shopseg.generate --customers 300 --out data/test --seed 7
  python -m shopseg.generate --format csv --skip-tables sessions,page_views --no-dirty

scale: about 10 orders per customer per 730 days, 2-3 lines per order, 3-4
sessions per order, 3 page views per session, ~3.3 checkouts per order.
"""


def _integer(lo: int, hi: int | None = None):
    """argparse type: an integer in [lo, hi]."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if value < lo or (hi is not None and value > hi):
            bound = f"between {lo} and {hi:,}" if hi is not None else f"at least {lo}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        return value
    return parse


def _date(text: str) -> date:
    """argparse type: an ISO date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its --help documents every option."""
    parser = argparse.ArgumentParser(
        prog="python -m shopseg.generate", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    default_out = os.environ.get("RAW_DATA_PATH") or "data/raw"
    parser.add_argument(
        "--out", metavar="DIR", type=Path, default=Path(default_out),
        help="output folder, created if missing (default: $RAW_DATA_PATH if set, else data/raw; now: "
             f"{default_out}). Table files of the other format or of skipped tables already in it are removed.")
    parser.add_argument(
        "--customers", metavar="N", type=_integer(MIN_CUSTOMERS, MAX_CUSTOMERS), default=DEFAULT_CUSTOMERS,
        help=f"registered customers to generate, {MIN_CUSTOMERS}..{MAX_CUSTOMERS:,} (default: {DEFAULT_CUSTOMERS}); "
             "products = customers/20 clamped to 200..5000")
    parser.add_argument(
        "--days", metavar="N", type=_integer(MIN_DAYS, MAX_DAYS), default=DEFAULT_DAYS,
        help=f"days of history ending on --end-date, {MIN_DAYS}..{MAX_DAYS} (default: {DEFAULT_DAYS})")
    parser.add_argument(
        "--end-date", metavar="YYYY-MM-DD", type=_date, default=DEFAULT_END_DATE,
        help=f"last day with data; fixed, never today's date (default: {DEFAULT_END_DATE.isoformat()})")
    parser.add_argument(
        "--seed", metavar="N", type=_integer(0), default=DEFAULT_SEED,
        help=f"random seed; the same options and seed give byte-identical files (default: {DEFAULT_SEED})")
    parser.add_argument(
        "--format", dest="fmt", choices=FORMATS, default="parquet",
        help="file format: parquet (zstd) or csv with a header row, ISO timestamps and empty fields for null "
             "(default: parquet)")
    parser.add_argument(
        "--skip-tables", metavar="T1,T2", type=parse_table_list, default=(),
        help=f"comma-separated optional tables not to write: {', '.join(OPTIONAL_TABLES)}. Without sessions, "
             "orders and checkouts have no session_id (and page_views must be skipped too); without companies, "
             "customers have no company_id. Other tables are unchanged.")
    parser.add_argument(
        "--no-dirty", dest="dirty", action="store_false",
        help="write clean data only: no duplicates, old versions, padded e-mails or bad rows; the manifest "
             "then lists no injections")
    parser.add_argument(
        "--quiet", action="store_true",
        help="no progress bar and no summary (the progress bar is also off when stderr is not a terminal)")
    parser.add_argument(
        "--progress", action="store_true",
        help="show the progress bar (tables done, elapsed, estimate) on stderr even when it is not a terminal "
             "or with --quiet")
    return parser


def _summary(result: Result, options: GenerateOptions) -> str:
    """Rows per table and run time, for the end of a run."""
    width = max(len(name) for name in result.rows)
    lines = [f"wrote {len(result.rows)} tables to {options.out_dir} ({options.fmt}) in {result.seconds:.1f} s"]
    for name, rows in result.rows.items():
        clean = result.manifest["tables"][name]["clean_rows"]
        lines.append(f"  {name:<{width}}  {rows:>12,} rows  ({clean:,} clean)")
    injected = sum(i["rows"] for i in result.manifest["injected"])
    lines.append(f"  dirty rows/values injected: {injected:,} in {len(result.manifest['injected'])} kinds "
                 "(see _manifest.json)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line; returns the exit code (bad input exits with 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    options = GenerateOptions(out_dir=args.out, customers=args.customers, days=args.days, end_date=args.end_date,
                              seed=args.seed, fmt=args.fmt, skip_tables=args.skip_tables, dirty=args.dirty)
    try:
        options.validate()
    except OptionError as error:
        parser.error(str(error))

    show_bar = progress_enabled(args.progress, args.quiet)
    with tqdm(total=len(steps(options)), file=sys.stderr, disable=not show_bar, unit="step",
              bar_format="{desc:<22} {bar} {n_fmt}/{total_fmt} [{elapsed}<{remaining}]") as bar:
        steps_started = 0

        def progress(step: str) -> None:
            """A step starts, so the previous one (if any) is done."""
            nonlocal steps_started
            if steps_started:
                bar.update(1)
            steps_started += 1
            bar.set_description_str(step)

        try:
            result = generate(options, progress)
        except OSError as error:
            parser.exit(1, f"{parser.prog}: error: cannot write {options.out_dir}: {error.strerror or error}\n")
        bar.update(1)
    if not args.quiet:
        print(_summary(result, options))
    return 0
