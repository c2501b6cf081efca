"""The addresses that must never be handed out, computed from the raw files alone
(SEGMENTS.md, "consent is always current"), independently of the dbt models.

An address is suppressed when any email event, at any date, unsubscribes, bounces or
reports it as spam (the event's own address, or any address of the event's account), or
when an account that ever had it has a latest consent other than ``subscribed``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

OPT_OUTS = ("unsubscribed", "bounced", "marked_as_spam")


def suppressed_addresses(raw_path: Path) -> set[str]:
    customers = raw_path / "customers.parquet"
    events = raw_path / "email_events.parquet"
    opt_outs = ", ".join(f"'{kind}'" for kind in OPT_OUTS)
    sql = f"""
        with accounts as (
            select trim(customer_id) as customer_id, lower(trim(email)) as email,
                   lower(trim(email_marketing_consent)) as consent, updated_at
            from read_parquet('{customers}') where trim(customer_id) <> ''
        ),
        latest as (
            select customer_id, consent from (
                select *, row_number() over (partition by customer_id order by updated_at desc nulls last) as n
                from accounts
            ) where n = 1
        ),
        opt_outs as (
            select trim(customer_id) as customer_id, lower(trim(email)) as email
            from read_parquet('{events}') where lower(trim(event_type)) in ({opt_outs})
        )
        select email from opt_outs
        union select accounts.email from opt_outs join accounts using (customer_id)
        union select accounts.email from accounts join latest using (customer_id)
            where coalesce(latest.consent, '') <> 'subscribed'
    """
    with duckdb.connect() as con:
        return {row[0] for row in con.execute(sql).fetchall() if row[0]}


def segment_tables(project) -> list[str]:
    """Every mart that hands out addresses for activation: the segment tables with an email column."""
    return [row[0] for row in project.query(
        "select table_name from information_schema.columns "
        "where table_schema = 'main_marts' and column_name = 'email' and table_name like 'seg\\_%' escape '\\' "
        "order by 1"
    )]
