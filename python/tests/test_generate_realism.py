"""Realism of the demo store: the properties the segments rely on (SEGMENTS.md), on 2000 clean customers.

Bounds come from the generator brief (e.g. top 20 % of customers make
60-80 % of revenue, ~70 % of checkouts abandoned, ~5 % B2B) with the
tolerance a sample of this size needs.
"""

from __future__ import annotations

EUR = "case currency when 'EUR' then 1.0 when 'USD' then 0.92 when 'GBP' then 1.17 when 'CHF' then 1.05 " \
      "when 'SEK' then 0.088 end"
VALID = "status in ('placed', 'completed', 'partially_refunded')"
NET_EUR = f"(subtotal_amount - line_discount - discount_amount - refunded_amount) * {EUR}"


def _with_lines(store):
    store.db.execute("""create or replace view order_net as select o.*, l.line_discount from orders o
        join (select order_id, sum(discount_amount) line_discount from order_items group by 1) l using (order_id)""")


def test_revenue_is_long_tailed(clean_store):
    _with_lines(clean_store)
    share = clean_store.value(f"""
        with spend as (select customer_id, sum({NET_EUR}) revenue from order_net
                       where {VALID} and customer_id is not null group by 1),
        ranked as (select revenue, row_number() over (order by revenue desc) r, count(*) over () n from spend)
        select sum(revenue) filter (where r <= 0.2 * n) / sum(revenue) from ranked""")
    assert 0.6 <= share <= 0.8


def test_order_volume_and_related_table_sizes(clean_store):
    rows = {t: e["rows"] for t, e in clean_store.manifest["tables"].items()}
    assert 8 <= rows["orders"] / 2000 <= 12  # ~10 orders per customer over 730 days
    assert 2 <= rows["order_items"] / rows["orders"] <= 3
    assert 3 <= rows["sessions"] / rows["orders"] <= 4
    assert 2.5 <= rows["page_views"] / rows["sessions"] <= 3.5
    assert rows["email_events"] <= 2 * rows["orders"]
    assert 2.9 <= rows["checkouts"] / rows["orders"] <= 3.7
    assert rows["products"] == 200  # 2000 / 20 clamped to the 200 minimum


def test_some_customers_never_order(clean_store):
    share = clean_store.value("""select avg((customer_id not in (select customer_id from orders
                                 where customer_id is not null))::int) from customers""")
    assert 0.2 <= share <= 0.3


def test_checkouts_are_mostly_abandoned_and_completed_ones_match_their_order(clean_store):
    s = clean_store
    assert 0.65 <= s.value("select avg((completed_order_id is null)::int) from checkouts") <= 0.75
    assert s.value("select count(distinct completed_order_id) from checkouts") == s.value("select count(*) from orders")
    mismatched = s.value("""select count(*) from checkouts c join orders o on o.order_id = c.completed_order_id
        where c.created_at > o.ordered_at or c.created_at < o.ordered_at - interval 1 hour
           or c.session_id <> o.session_id or c.customer_id is distinct from o.customer_id
           or c.email is distinct from lower(trim(o.email)) or c.currency <> o.currency""")
    assert mismatched == 0


def test_b2b_customers_belong_to_companies(clean_store):
    s = clean_store
    assert 0.03 <= s.value("select avg((company_id is not null)::int) from customers") <= 0.07
    assert s.value("select count(*) from customers where company_id not in (select company_id from companies)") == 0
    assert s.value("select min(employee_count) >= 1 and max(employee_count) <= 5000 from companies")
    assert s.value("select median(employee_count) < avg(employee_count) from companies")  # long tail


def test_guest_orders_partly_match_accounts(clean_store):
    s = clean_store
    assert 0.05 <= s.value("select avg((customer_id is null)::int) from orders") <= 0.11
    matching = s.value("""select avg((lower(trim(email)) in (select lower(trim(email)) from customers
                          where email is not null))::int) from orders where customer_id is null""")
    assert 0.3 <= matching <= 0.7  # about half use the e-mail of an account
    shared = s.value("select count(*) from (select lower(email) from customers where email is not null "
                     "group by 1 having count(*) > 1)")
    assert 1 <= shared <= 0.005 * 2000  # a few ambiguous pairs


def test_visitors_stitch_to_customers(clean_store):
    s = clean_store
    anonymous_first = s.value("""select count(*) from (select visitor_id,
            min(started_at) filter (where customer_id is null) first_anonymous,
            min(started_at) filter (where customer_id is not null) first_login
        from sessions group by 1) where first_anonymous < first_login""")
    assert anonymous_first >= 50
    assert s.value("select count(distinct visitor_id) from sessions where visitor_id not in "
                   "(select visitor_id from sessions where customer_id is not null)") > 2000
    devices = s.value("select max(n) from (select customer_id, count(distinct visitor_id) n from sessions "
                      "where customer_id is not null group by 1)")
    assert devices == 3
    assert s.value("select count(*) from (select visitor_id from sessions where customer_id is not null "
                   "group by 1 having count(distinct customer_id) > 1)") == 0


def test_activity_starts_after_registration(clean_store):
    s = clean_store
    assert s.value("""select count(*) from sessions s join customers c using (customer_id)
                      where s.started_at < c.created_at""") == 0
    assert s.value("""select count(*) from orders o join customers c using (customer_id)
                      where o.ordered_at < c.created_at""") == 0


def test_each_order_is_placed_by_a_session_of_its_visitor(clean_store):
    s = clean_store
    assert s.value("select count(*) from orders where session_id is null "
                   "or session_id not in (select session_id from sessions)") == 0
    bad = s.value("""select count(*) from orders o join sessions x using (session_id)
        where o.ordered_at < x.started_at or o.ordered_at > x.started_at + interval 60 minute
           or x.ended_at < o.ordered_at or (x.customer_id is not null and x.customer_id <> o.customer_id)
           or o.utm_source is distinct from x.utm_source or o.utm_medium is distinct from x.utm_medium
           or o.referrer is distinct from x.referrer or o.utm_campaign is distinct from x.utm_campaign""")
    assert bad == 0
    assert s.value("select count(*) from sessions where ended_at < started_at") == 0
    assert s.value("""select count(*) from page_views p join sessions x using (session_id)
                      where p.viewed_at < x.started_at or p.viewed_at > x.ended_at""") == 0


def test_channels_convert_differently(clean_store):
    conversions = clean_store.db.execute("""
        with s as (select session_id, coalesce(utm_medium, case when referrer is null then 'direct'
                   else 'referrer' end) medium from sessions)
        select medium, count(o.order_id) / count(*) from s left join orders o using (session_id)
        group by 1 having count(*) > 500""").fetchall()
    rates = dict(conversions)
    assert {"cpc", "paid_social", "email", "affiliate", "display", "direct", "referrer"} <= set(rates)
    assert max(rates.values()) > 2 * min(rates.values())


def test_seasonality_peaks_in_november_december(clean_store):
    s = clean_store
    winter = s.value("select count(*) / 61 from orders where ordered_at >= '2025-11-01' and ordered_at < '2026-01-01'")
    summer = s.value("select count(*) / 62 from orders where ordered_at >= '2025-07-01' and ordered_at < '2025-09-01'")
    assert winter > 1.4 * summer
    black_friday = s.value("select count(*) from orders where ordered_at::date = '2025-11-28'")
    a_week_before = s.value("select count(*) from orders where ordered_at::date = '2025-11-14'")
    assert black_friday > 2 * a_week_before


def test_order_statuses(clean_store):
    s = clean_store
    share = dict(s.db.execute("select status, count(*) / sum(count(*)) over () from orders group by 1").fetchall())
    assert set(share) == {"placed", "completed", "cancelled", "refunded", "partially_refunded"}
    assert 0.8 <= share["completed"] <= 0.95
    for status in ("cancelled", "refunded", "partially_refunded"):
        assert 0.015 <= share[status] <= 0.06, status
    assert s.value("select min(ordered_at) from orders where status = 'placed'").date().isoformat() >= "2026-06-24"
    assert s.value("""select count(*) from orders where (status = 'refunded' and refunded_amount <> total_amount)
        or (status = 'partially_refunded' and (refunded_amount <= 0 or refunded_amount >= total_amount))
        or (status not in ('refunded', 'partially_refunded') and refunded_amount <> 0)""") == 0


def test_geography_and_currency(clean_store):
    s = clean_store
    assert 0.4 <= s.value("select avg((country = 'FR')::int) from customers") <= 0.5
    assert s.value("select count(distinct country) from customers") >= 10
    wrong = s.value("""select count(*) from orders where currency <> case shipping_country
        when 'GB' then 'GBP' when 'US' then 'USD' when 'CH' then 'CHF' when 'SE' then 'SEK' else 'EUR' end""")
    assert wrong == 0
    # Paris customers sit near Paris (real coordinates, small jitter).
    assert s.value("""select max(abs(latitude - 48.8566) + abs(longitude - 2.3522)) from customers
                      where city = 'Paris'""") < 0.3


def test_devices_and_dwell_times(clean_store):
    s = clean_store
    mobile = s.value("""select avg((lower(trim(device_type)) in ('mobile', 'smartphone'))::int) from sessions""")
    assert 0.5 <= mobile <= 0.6
    assert s.value("select count(distinct device_type) from sessions") > 3  # free-text variants
    assert 30 <= s.value("select median(time_on_page_seconds) from page_views") <= 50
    assert 0.01 <= s.value("select avg((time_on_page_seconds >= 300)::int) from page_views") <= 0.06
    assert s.value("select count(*) from page_views where (page_type = 'product') <> (product_id is not null)") == 0


def test_email_engagement_rates(clean_store):
    rates = dict(clean_store.db.execute("select event_type, count(*) from email_events group by 1").fetchall())
    delivered = rates["delivered"]
    assert 0.18 <= rates["opened"] / delivered <= 0.32
    assert 0.08 <= rates["clicked"] / rates["opened"] <= 0.22
    assert 0.005 <= rates["bounced"] / (delivered + rates["bounced"]) <= 0.03
    assert rates.get("marked_as_spam", 0) / delivered <= 0.005
    assert 0 < rates["unsubscribed"] / delivered <= 0.01
    consent = clean_store.value("""select count(*) from email_events e join customers c using (customer_id)
        where c.email_marketing_consent not in ('subscribed', 'unsubscribed')""")
    assert consent == 0


def test_customer_attributes(clean_store):
    s = clean_store
    assert 0.05 <= s.value("select avg((birth_date is null)::int) from customers") <= 0.15
    assert 0.3 <= s.value("select avg((interests is not null)::int) from customers") <= 0.5
    assert 0.5 <= s.value("select avg((email_marketing_consent = 'subscribed')::int) from customers") <= 0.6
    assert s.value("select count(distinct gender) from customers") >= 8  # free text
    assert s.value("select count(*) from customers where gender = ''") > 0
    assert s.value("select avg((account_status = 'enabled')::int) from customers") >= 0.8
    assert s.value("select count(distinct created_by_app) from customers") == 5
