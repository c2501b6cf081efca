"""Where the report reads from, and the aggregate queries it runs on the marts."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

MARTS = "main_marts"
DEFAULT_CURRENCY = "EUR"
# The families shown as "segments": the named segments of SEGMENTS.md and the custom ones.
SEGMENT_FAMILIES = ("named", "custom")
PARETO_CURVE_POINTS = 400
PROJECT_FILE = Path(__file__).resolve().parents[3] / "dbt_project.yml"


class ReportError(Exception):
    """A problem to tell the user in one sentence (no traceback)."""


def locate_database(explicit: str | None = None, environ: dict | None = None) -> Path:
    """The serving database when it exists, else the build database (SERVING_DUCKDB_PATH, DUCKDB_PATH)."""
    env = os.environ if environ is None else environ
    if explicit:
        candidates = [Path(explicit)]
    else:
        candidates = [Path(env.get("SERVING_DUCKDB_PATH") or "serving.duckdb"),
                      Path(env.get("DUCKDB_PATH") or "warehouse.duckdb")]
    for path in candidates:
        if path.is_file():
            return path
    raise ReportError(
        "no database to report on: " + " or ".join(str(path) for path in candidates)
        + " does not exist (run `make build` first, or pass --database)")


def project_currency(project_file: Path = PROJECT_FILE) -> str:
    """The default of var reporting_currency in dbt_project.yml (EUR when it cannot be read)."""
    try:
        match = re.search(r"^\s*reporting_currency:\s*['\"]?([A-Za-z]{3})", project_file.read_text(), re.MULTILINE)
    except OSError:
        return DEFAULT_CURRENCY
    return match.group(1).upper() if match else DEFAULT_CURRENCY


@dataclass
class Snapshot:
    """A read-only connection to one snapshot's marts."""

    path: Path
    con: duckdb.DuckDBPyConnection

    @classmethod
    def open(cls, path: Path) -> "Snapshot":
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as error:
            raise ReportError(f"cannot open {path} read-only: {error}") from None
        snapshot = cls(path, con)
        missing = [table for table in REQUIRED_TABLES if not snapshot.has_table(table)]
        if missing:
            con.close()
            raise ReportError(f"{path} has no {MARTS}.{', '.join(missing)}: build the marts first (`make build`)")
        return snapshot

    def close(self) -> None:
        self.con.close()

    def has_table(self, name: str) -> bool:
        return self.con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [MARTS, name]).fetchone()[0] > 0

    def columns(self, table: str) -> set[str]:
        return {row[0] for row in self.con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [MARTS, table]).fetchall()}

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql.replace("{marts}", MARTS), params or [])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    # --- snapshot facts ------------------------------------------------------------------------

    def as_of_date(self) -> str:
        value = self.con.execute(f"select max(as_of_date) from {MARTS}.rpt_segment_summary").fetchone()[0]
        if value is None:
            raise ReportError(f"{self.path}: {MARTS}.rpt_segment_summary is empty")
        return value.isoformat()

    def build_metadata(self) -> dict:
        """The newest row of build_metadata when the snapshot has one (a published snapshot), else {}."""
        if not self.has_table("build_metadata"):
            return {}
        columns = self.columns("build_metadata")
        order = next((column for column in ("build_finished_at", "published_at", "as_of_date")
                      if column in columns), None)
        rows = self.rows("select * from {marts}.build_metadata"
                         + (f" order by {order} desc nulls last" if order else "") + " limit 1")
        return rows[0] if rows else {}

    def currency(self, override: str | None = None) -> str:
        if override:
            return override.upper()
        metadata_currency = self.build_metadata().get("reporting_currency")
        return str(metadata_currency).upper() if metadata_currency else project_currency()

    # --- chart data (aggregates only) ----------------------------------------------------------

    def segment_summary(self) -> list[dict]:
        return self.rows(
            "select family, segment, members, share_of_customers, revenue, share_of_revenue, aov"
            " from {marts}.rpt_segment_summary where family in ('named', 'custom')"
            " order by members desc, family, segment")

    def rfm_grid(self) -> list[dict]:
        return self.rows(
            "select recency_score, frequency_score, rfm_group, count(*) as customers,"
            " sum(lifetime_net_revenue) as revenue"
            " from {marts}.dim_customers where recency_score is not null and frequency_score is not null"
            " group by recency_score, frequency_score, rfm_group order by recency_score, frequency_score")

    def pareto_curve(self, points: int = PARETO_CURVE_POINTS) -> dict:
        """Cumulative share of window revenue by share of customers (best first), thinned to ~points."""
        ranked = self.rows(
            """
            with ranked as (
                select
                    row_number() over (order by net_revenue_long_window desc, customer_id) as customer_rank,
                    sum(net_revenue_long_window) over (
                        order by net_revenue_long_window desc, customer_id rows unbounded preceding
                    ) as cumulative_revenue,
                    count(*) over () as customers,
                    sum(net_revenue_long_window) over () as total_revenue
                from {marts}.dim_customers
                where net_revenue_long_window > 0
            )
            select customer_rank, customers,
                1.0 * customer_rank / customers as customer_share,
                1.0 * cumulative_revenue / total_revenue as revenue_share,
                total_revenue
            from ranked
            where customer_rank % greatest(1, customers // ?) = 0 or customer_rank in (1, customers)
            order by customer_rank
            """, [points])
        marker = self.rows(
            "select count(*) as members, max(cumulative_share) as reached_share,"
            " max(total_net_revenue) as total_revenue from {marts}.seg_top_customers_pareto")[0]
        return {"curve": ranked, "marker": marker}

    def channels(self) -> list[dict]:
        return self.rows(
            """
            select
                channels.channel,
                channels.customers_acquired,
                channels.acquired_customer_valid_orders,
                channels.acquired_customer_net_revenue,
                channels.orders_per_acquired_customer,
                channels.revenue_per_acquired_customer,
                case when channels.acquired_customer_valid_orders > 0
                    then channels.acquired_customer_net_revenue / channels.acquired_customer_valid_orders
                end as acquired_customer_aov,
                channels.channel in (
                    select distinct customers.acquisition_channel
                    from {marts}.seg_best_channel_customers as best
                    inner join {marts}.dim_customers as customers on best.customer_id = customers.customer_id
                ) as is_best_channel
            from {marts}.fct_channel_performance as channels
            where channels.customers_acquired > 0
            order by channels.revenue_per_acquired_customer desc
            """)

    def recency_history(self) -> list[dict]:
        """Customers per recency bucket for every as_of_date the snapshot holds (one until history exists)."""
        return self.rows(
            "select as_of_date, segment as recency_bucket, count(*) as customers"
            " from {marts}.fct_segment_memberships where family = 'recency_bucket'"
            " group by as_of_date, segment order by as_of_date, segment")

    def popular_products(self) -> list[dict]:
        return self.rows(
            "select family, segment, product_rank, product_name, category, units, revenue, buyers"
            " from {marts}.rpt_popular_products_by_segment where family in ('named', 'custom')"
            " order by family, segment, product_rank")

    def overlap(self) -> list[dict]:
        """Members shared by every ordered pair of customer segments (named and custom)."""
        return self.rows(
            """
            with members as (
                select customer_id, segment
                from {marts}.fct_segment_memberships
                where family in ('named', 'custom') and customer_id is not null
            ),
            sizes as (
                select segment, count(*) as members from members group by segment
            ),
            shared as (
                select segment_a.segment as segment_a, segment_b.segment as segment_b, count(*) as shared_members
                from members as segment_a
                inner join members as segment_b on segment_a.customer_id = segment_b.customer_id
                group by segment_a.segment, segment_b.segment
            )
            select shared.segment_a, shared.segment_b, sizes.members as members_a, shared.shared_members,
                1.0 * shared.shared_members / sizes.members as share_of_a_in_b
            from shared
            inner join sizes on shared.segment_a = sizes.segment
            order by shared.segment_a, shared.segment_b
            """)


REQUIRED_TABLES = (
    "rpt_segment_summary", "dim_customers", "seg_top_customers_pareto", "seg_best_channel_customers",
    "fct_channel_performance", "fct_segment_memberships", "rpt_popular_products_by_segment",
)
