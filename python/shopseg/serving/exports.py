"""Activation exports: one audience file per segment, written from a published snapshot.

For every segment of ``main_marts.dim_segments`` that is a mart of its own
(family ``named`` or ``custom``) and whose ``activation_channel`` is ``email``
or ``ads``, the members of ``fct_segment_memberships`` are written to
``<exports>/<as_of_date>/<channel>__<segment_key>.csv`` and ``.parquet``, with
``manifest.json`` listing every file with its row count and sha256.

What leaves the warehouse is decided here and nowhere else:

- ``EXPORT_COLUMNS`` is the column allow-list of each channel. An export has
  exactly these columns, in this order; the writer refuses a query that
  returns any other column.
- A member is exported only when the account has an email address and that
  address is not suppressed. Suppression is per address (SEGMENTS.md,
  "consent is always current"): an address is suppressed when any account of
  ``dim_customers`` with it has ``is_email_suppressed`` (unsubscribed,
  bounced, marked as spam or consent not ``subscribed``; a null flag counts
  as suppressed), so an account sharing the address of an unsubscribed one is
  left out too. This holds for ads as well: the catalog's rule for suppressed
  customers is "exclude from every email send and email-based audience
  upload". The manifest counts the members left out, per reason.
- Ads exports carry the address only as ``email_sha256``: SHA-256 (lower-case
  hex) of the address trimmed and in lower case, the normalisation the
  customer-match uploads of ad platforms expect. Two accounts sharing an
  address give one row.

Segment families (rfm_group, country_code, ...) are dimensions with many
values, not audiences, and are not exported: a BI tool filters
``fct_segment_memberships`` for them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .files import sha256_of

# The column allow-list of the activation exports (README, "Serving the marts").
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("customer_id", "email", "first_name", "language", "segment", "as_of_date"),
    "ads": ("email_sha256", "segment", "as_of_date"),
}
EXPORT_FORMATS = ("csv", "parquet")
MANIFEST = "manifest.json"
EXPORTED_FAMILIES = ("named", "custom")
SAFE_KEY = re.compile(r"^[a-z0-9_]+$")

# Members of one segment with what decides whether they may be exported.
# `?` = family, segment. Reads only the snapshot's marts.
SUPPRESSED_ADDRESSES_SQL = """
select distinct lower(trim(email)) as address
from snapshot.main_marts.dim_customers
where email is not null and coalesce(is_email_suppressed, true)
"""
MEMBERS_SQL = """
select
    memberships.customer_id,
    customers.email,
    customers.first_name,
    customers.language_code,
    memberships.segment,
    memberships.as_of_date,
    customers.customer_id is not null and customers.email is not null as has_email,
    coalesce(customers.is_email_suppressed, true) or suppressed.address is not null as is_suppressed
from snapshot.main_marts.fct_segment_memberships as memberships
left join snapshot.main_marts.dim_customers as customers
    on memberships.customer_id = customers.customer_id
left join suppressed_addresses as suppressed
    on lower(trim(customers.email)) = suppressed.address
where memberships.family = ? and memberships.segment = ?
"""

CHANNEL_SQL: dict[str, str] = {
    "email": """
        select customer_id, email, first_name, language_code as language, segment, as_of_date
        from members
        where has_email and not is_suppressed
        order by customer_id
    """,
    "ads": """
        select distinct sha256(lower(trim(email))) as email_sha256, segment, as_of_date
        from members
        where has_email and not is_suppressed
        order by email_sha256
    """,
}


class ExportError(RuntimeError):
    """An export that cannot be written as the rules above require."""


@dataclass(frozen=True)
class ExportSegment:
    segment_key: str
    family: str
    activation_channel: str


def export_segments(con: duckdb.DuckDBPyConnection) -> list[ExportSegment]:
    rows = con.execute(
        f"""
        select segment_key, family, activation_channel
        from snapshot.main_marts.dim_segments
        where family in ({", ".join("?" for _ in EXPORTED_FAMILIES)})
            and activation_channel in ({", ".join("?" for _ in EXPORT_COLUMNS)})
        order by segment_key
        """,
        [*EXPORTED_FAMILIES, *EXPORT_COLUMNS],
    ).fetchall()
    segments = [ExportSegment(*row) for row in rows]
    for segment in segments:
        if not SAFE_KEY.match(segment.segment_key):
            raise ExportError(f"segment key {segment.segment_key!r} cannot be a file name (use a-z, 0-9 and _)")
    return segments


def write_exports(snapshot_path: Path, folder: Path, build_id: str) -> dict:
    """Write every export of the snapshot at `snapshot_path` into the new folder `folder`; return the manifest."""
    folder.mkdir(parents=True)
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_sql_path(snapshot_path)}' as snapshot (read_only)")
        as_of_date = con.execute("select as_of_date from snapshot.main_marts.build_metadata").fetchone()[0]
        manifest: dict = {
            "build_id": build_id,
            "as_of_date": str(as_of_date),
            "columns": {channel: list(columns) for channel, columns in EXPORT_COLUMNS.items()},
            "segments": [],
            "files": [],
        }
        con.execute("create temp table suppressed_addresses as " + SUPPRESSED_ADDRESSES_SQL)
        for segment in export_segments(con):
            con.execute("create or replace temp table members as " + MEMBERS_SQL,
                        [segment.family, segment.segment_key])
            members, no_email, suppressed = con.execute(
                "select count(*), count(*) filter (where not has_email),"
                " count(*) filter (where has_email and is_suppressed) from members"
            ).fetchone()
            channel_sql = CHANNEL_SQL[segment.activation_channel]
            columns = [column[0] for column in con.execute(f"select * from ({channel_sql}) limit 0").description]
            if tuple(columns) != EXPORT_COLUMNS[segment.activation_channel]:
                raise ExportError(f"{segment.activation_channel} export columns {columns} are not the allow-list "
                                  f"{list(EXPORT_COLUMNS[segment.activation_channel])}")
            manifest["segments"].append({
                "segment_key": segment.segment_key,
                "family": segment.family,
                "activation_channel": segment.activation_channel,
                "members": members,
                "left_out_no_email": no_email,
                "left_out_suppressed": suppressed,
            })
            for file_format in EXPORT_FORMATS:
                name = f"{segment.activation_channel}__{segment.segment_key}.{file_format}"
                options = "format csv, header true" if file_format == "csv" else "format parquet"
                rows = con.execute(f"copy ({channel_sql}) to '{_sql_path(folder / name)}' ({options})").fetchone()[0]
                manifest["files"].append({
                    "file": name,
                    "segment_key": segment.segment_key,
                    "activation_channel": segment.activation_channel,
                    "format": file_format,
                    "rows": rows,
                    "bytes": (folder / name).stat().st_size,
                    "sha256": sha256_of(folder / name),
                })
    finally:
        con.close()
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
