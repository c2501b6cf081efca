"""Options of one generator run, their limits, and the tables the generator knows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REQUIRED_TABLES = ("customers", "orders", "order_items", "products")
OPTIONAL_TABLES = ("sessions", "page_views", "checkouts", "email_events", "companies")
ALL_TABLES = REQUIRED_TABLES + OPTIONAL_TABLES
FORMATS = ("parquet", "csv")

DEFAULT_CUSTOMERS = 5000
DEFAULT_DAYS = 730
DEFAULT_END_DATE = date(2026, 6, 30)
DEFAULT_SEED = 42
MIN_CUSTOMERS = 100
MAX_CUSTOMERS = 1_000_000
MIN_DAYS = 30
MAX_DAYS = 3650
# Dirty rows use 1970 and 2099 timestamps; clean data must stay well inside.
EARLIEST_START = date(1980, 1, 1)
LATEST_END = date(2090, 12, 31)


class OptionError(ValueError):
    """An invalid option value; the message is one line meant for the user."""


@dataclass(frozen=True)
class GenerateOptions:
    """Everything that determines the generated files (same options -> same bytes)."""

    out_dir: Path
    customers: int = DEFAULT_CUSTOMERS
    days: int = DEFAULT_DAYS
    end_date: date = DEFAULT_END_DATE
    seed: int = DEFAULT_SEED
    fmt: str = "parquet"
    skip_tables: tuple[str, ...] = field(default=())
    dirty: bool = True

    def __post_init__(self) -> None:
        # Canonical order, so that equal sets of skipped tables are equal options.
        given = set(self.skip_tables)
        canonical = tuple(t for t in ALL_TABLES if t in given) + tuple(sorted(given - set(ALL_TABLES)))
        object.__setattr__(self, "skip_tables", canonical)

    @property
    def start_date(self) -> date:
        """First day with data."""
        return self.end_date - timedelta(days=self.days - 1)

    def tables(self) -> tuple[str, ...]:
        """Tables this run writes, in canonical order."""
        return tuple(t for t in ALL_TABLES if t not in self.skip_tables)

    def validate(self) -> None:
        """Raise OptionError for values the generator cannot honour."""
        if not MIN_CUSTOMERS <= self.customers <= MAX_CUSTOMERS:
            raise OptionError(f"--customers must be between {MIN_CUSTOMERS} and {MAX_CUSTOMERS:,}, "
                              f"got {self.customers}")
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            raise OptionError(f"--days must be between {MIN_DAYS} and {MAX_DAYS}, got {self.days}")
        if self.seed < 0:
            raise OptionError(f"--seed must be a non-negative integer, got {self.seed}")
        if self.fmt not in FORMATS:
            raise OptionError(f"--format must be one of {', '.join(FORMATS)}, got {self.fmt!r}")
        if self.end_date > LATEST_END or self.start_date < EARLIEST_START:
            raise OptionError(f"the data window {self.start_date}..{self.end_date} must lie between "
                              f"{EARLIEST_START} and {LATEST_END}")
        for table in self.skip_tables:
            if table not in ALL_TABLES:
                raise OptionError(f"--skip-tables: unknown table {table!r} "
                                  f"(optional tables: {', '.join(OPTIONAL_TABLES)})")
            if table in REQUIRED_TABLES:
                raise OptionError(f"--skip-tables: {table} is required and cannot be skipped")
        if "sessions" in self.skip_tables and "page_views" not in self.skip_tables:
            raise OptionError("--skip-tables: page_views belong to sessions; skip page_views too")


def parse_table_list(text: str) -> tuple[str, ...]:
    """Comma-separated table names (validated by GenerateOptions.validate)."""
    return tuple(t.strip() for t in text.split(",") if t.strip())
