"""A tiny hand-made marts database for the segment language tests: four customers whose every value
is chosen to sit on an edge of some attribute, so that the members of a query can be worked out by
hand (the expectations are in the tests, each with its reasoning).

as_of_date 2026-06-30, so -30d = 2026-05-31, -1y = 2025-06-30, -2y = 2024-06-30, -7d = 2026-06-23.

| id | lifetime | orders | first       | last        | country | city     | tags          | consent      |
|----|----------|--------|-------------|-------------|---------|----------|---------------|--------------|
| c1 | 600.00   | 3      | 2025-01-10  | 2026-06-20  | FR      | Paris    | vip,wholesale | subscribed   |
| c2 | 500.00   | 1      | 2026-05-31  | 2026-05-31  | FR      | Lyon     | trail_vip     | unsubscribed |
| c3 | 0.00     | 0      | -           | -           | DE      | -        | -             | -            |
| c4 | 500.01   | 2      | 2024-06-30  | 2026-06-01  | US      | New York | VIP           | pending      |

c1 Paris (48.8566, 2.3522), c2 Lyon (45.7640, 4.8357: 391.5 km from Paris), c3 no coordinates,
c4 New York. Birthdays: c1 03-15 (next 2027-03-15), c4 07-10 (next 2026-07-10, 10 days ahead), c2 and
c3 none. c1 engaged by email (seg_email_engaged: c1, c4). c2 unsubscribed, B2B (company CO1),
abandoned a checkout on 2026-06-28 and registered 2026-06-29 22:30 UTC (2026-06-30 in Paris);
c3 registered 2026-06-30 23:59 UTC (2026-07-01 in Paris), account disabled, prospect. c4 bounced.
Orders: o1 c1 2026-06-20 P1 (Coffee), o2 c1 2025-01-10 P2 (Machines), o3 c2 2026-05-31 P2,
o4 c4 2026-06-10 P1 CANCELLED, o5 c4 2024-06-30 P3 (Tea), o6 guest 2026-06-15 P1.
Email events: c1 opened CMP6 06-10 and clicked CMP7 06-11, c2 unsubscribed (CMP1) 05-01, c4 bounced
(CMP1) 06-01 and opened CMP6 on 03-01.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

CUSTOMERS = {"c1", "c2", "c3", "c4"}

DIM_CUSTOMERS = """
create table main_marts.dim_customers as
select * from (values
    ('c1', 'chloe@example.com', 'Chloé', 'Durand', 'example.com', 'fr', 'Paris', 'Île-de-France', 'FR',
     'vip,wholesale', 'subscribed', 'enabled', 'champions', 'active', 'engaged', cast(null as varchar),
     48.8566, 2.3522, 3, 600.00, false, false, false, false, date '1988-03-15', date '2027-03-15', date '2025-01-10',
     date '2026-06-20', timestamp '2025-01-01 10:00:00', cast(null as timestamp), date '2026-06-30'),
    ('c2', 'bruno@corp.fr', 'Bruno', 'Lefèvre', 'corp.fr', 'fr', 'Lyon', 'Auvergne-Rhône-Alpes', 'FR',
     'trail_vip', 'unsubscribed', 'enabled', 'about_to_sleep', 'lapsing', 'dormant', 'CO1',
     45.7640, 4.8357, 1, 500.00, true, true, false, false, null, null, date '2026-05-31',
     date '2026-05-31', timestamp '2026-06-29 22:30:00', timestamp '2026-06-28 10:00:00', date '2026-06-30'),
    ('c3', null, 'Lucie', 'Moreau', null, 'de', null, null, 'DE',
     null, null, 'disabled', 'prospects', 'never_ordered', 'never_engaged', null,
     null, null, 0, 0.00, true, false, false, false, null, null, null,
     null, timestamp '2026-06-30 23:59:00', null, date '2026-06-30'),
    ('c4', 'hugo@example.com', 'Hugo', 'Roux', 'example.com', 'en', 'New York', 'NY', 'US',
     'VIP', 'pending', 'enabled', 'loyal', 'active', 'engaged', null,
     40.7128, -74.0060, 2, 500.01, true, false, true, false, date '1995-07-10', date '2026-07-10', date '2024-06-30',
     date '2026-06-01', timestamp '2024-01-01 10:00:00', null, date '2026-06-30')
) as t(customer_id, email, first_name, last_name, email_domain, language_code, city, region, country_code,
       tags, email_marketing_consent, account_status, rfm_group, recency_bucket, engagement_level, company_id,
       latitude, longitude, valid_order_count, lifetime_net_revenue, is_email_suppressed, has_unsubscribed,
       has_bounced, has_marked_as_spam, birth_date, next_birthday_date, first_valid_order_date,
       last_valid_order_date, created_at, latest_abandoned_checkout_at, as_of_date)
"""

OTHER_TABLES = """
create table main_marts.fct_email_events as
select * from (values
    ('e1', 'c1', 'CMP6', 'opened', date '2026-06-10'),
    ('e2', 'c1', 'CMP7', 'clicked', date '2026-06-11'),
    ('e3', 'c2', 'CMP1', 'unsubscribed', date '2026-05-01'),
    ('e4', 'c4', 'CMP1', 'bounced', date '2026-06-01'),
    ('e5', 'c4', 'CMP6', 'opened', date '2026-03-01')
) as t(email_event_id, customer_id, campaign_id, event_type, occurred_date);
create table main_marts.seg_email_engaged as
select * from (values ('c1'), ('c4')) as t(customer_id);
create table main_marts.fct_orders as
select * from (values
    ('o1', 'c1', true, date '2026-06-20'),
    ('o2', 'c1', true, date '2025-01-10'),
    ('o3', 'c2', true, date '2026-05-31'),
    ('o4', 'c4', false, date '2026-06-10'),
    ('o5', 'c4', true, date '2024-06-30'),
    ('o6', null, true, date '2026-06-15')
) as t(order_id, customer_id, is_valid_order, ordered_date);
create table main_marts.fct_order_lines as
select * from (values
    ('o1', 'P1', 'Coffee'), ('o2', 'P2', 'Machines'), ('o3', 'P2', 'Machines'),
    ('o4', 'P1', 'Coffee'), ('o5', 'P3', 'Tea'), ('o6', 'P1', 'Coffee')
) as t(order_id, product_id, category);
"""


def build_marts(path: Path) -> Path:
    """Write the tiny marts database to path and return it."""
    connection = duckdb.connect(str(path))
    try:
        connection.execute("create schema main_marts")
        connection.execute(DIM_CUSTOMERS)
        for statement in OTHER_TABLES.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute("checkpoint")
    finally:
        connection.close()
    return path
