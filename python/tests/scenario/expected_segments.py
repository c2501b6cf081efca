"""What the scenario store must produce, worked out BY HAND from SEGMENTS.md.

Every value here is derived in STORIES.md (next to this file), with the
arithmetic written out. Nothing was copied from what the models printed.
Customers: C01 Chloé .. C17 Zoé; anonymous visitors: VA1, VZ, ...
"""

from __future__ import annotations

AS_OF_DATE = "2026-06-30"

# The build's vars: the point in time, CSV files, every optional table on, and
# one scenario setting: min_channel_customers 2 (the default 30 would leave
# every channel of a 16-customer store unranked; see STORIES.md, "Channels").
BUILD_VARS = {
    "as_of_date": AS_OF_DATE,
    "enable_sessions": True,
    "enable_page_views": True,
    "enable_checkouts": True,
    "enable_email_events": True,
    "enable_companies": True,
    "min_channel_customers": 2,
}

# Accounts registered on or before as_of_date (C17 Zoé registers on 2026-07-05).
REGISTERED_CUSTOMERS = {f"C{number:02d}" for number in range(1, 17)}

# Named segment -> exact members (customer_id; anonymous_visitors: visitor_id).
EXPECTED_MEMBERS: dict[str, set[str]] = {
    "registered_never_ordered": {"C08", "C10", "C11", "C12", "C13", "C14"},
    "new_customers": {"C06", "C09"},
    "repeat_customers": {"C01", "C04", "C05", "C15", "C16"},
    "recent_buyers": {"C01", "C06", "C09"},
    "lapsing_customers": {"C02", "C03", "C04", "C05", "C07", "C15", "C16"},
    "win_back": {"C04", "C07", "C16"},
    "engaged_frequent_buyers": {"C01", "C15"},
    "frequent_visitors_not_buying": {"C13"},
    "anonymous_visitors": {"VA1", "VZ"},
    "top_customers_pareto": {"C02", "C15", "C01", "C06", "C04"},
    "big_spenders": {"C02"},
    "high_lifetime_spend": {"C02", "C03"},
    "champions": {"C01"},
    "loyal": {"C15"},
    "at_risk": {"C04"},
    "cant_lose_them": {"C16"},
    "hibernating": {"C03", "C07"},
    "best_channel_customers": {"C02", "C06", "C05", "C07", "C09", "C15", "C16"},
    "abandoned_checkout": {"C08", "C14"},
    "hesitant_browsers": {"C12"},
    "email_engaged": {"C01", "C05", "C07"},
    # C05 unsubscribes on 07-03, after as_of (consent is current); C10 shares C11's address.
    "email_suppressed": {"C03", "C05", "C07", "C08", "C10", "C11", "C12", "C13", "C14"},
    "nearby_customers": {"C01", "C02", "C04"},
    "birthday_upcoming": {"C06", "C14"},
    "b2b_customers": {"C15"},
}

# Every ordering customer: (recency_days, frequency, monetary, rfm_code, rfm_group).
EXPECTED_RFM: dict[str, tuple[int, int, float, str, str]] = {
    "C03": (400, 1, 500, "115", "hibernating"),
    "C16": (300, 7, 170, "154", "cant_lose_them"),
    "C07": (200, 1, 50, "211", "hibernating"),
    "C04": (90, 3, 60, "241", "at_risk"),
    "C05": (89, 2, 60, "331", "need_attention"),
    "C15": (60, 5, 250, "344", "loyal"),
    "C02": (60, 1, 600, "315", "about_to_sleep"),
    "C06": (10, 1, 92, "413", "promising"),
    "C09": (5, 1, 60, "511", "new_customers"),
    "C01": (1, 6, 120, "553", "champions"),
}

# Customers without a valid order: rfm_group prospects, no rfm_code.
EXPECTED_PROSPECTS = {"C08", "C10", "C11", "C12", "C13", "C14"}

EXPECTED_RECENCY_BUCKETS: dict[str, str] = {
    "C01": "active",
    "C06": "active",
    "C09": "active",
    "C02": "lapsing",
    "C05": "lapsing",
    "C15": "lapsing",
    "C04": "win_back",
    "C07": "dormant",
    "C16": "dormant",
    "C03": "lost",
    "C08": "never_ordered",
    "C10": "never_ordered",
    "C11": "never_ordered",
    "C12": "never_ordered",
    "C13": "never_ordered",
    "C14": "never_ordered",
}

# Segment -> top product by units in the last 365 days (ties: revenue, product_id).
EXPECTED_TOP_PRODUCT: dict[str, str] = {
    "champions": "P1",  # Chloé: 12 × P1, nothing else
    "big_spenders": "P5",  # Bruno: 2 × P5 (200 €) beats 1 × P2 (400 €): units first
    "cant_lose_them": "P4",  # Gérard in window: 2 × P4 (40 €) ties 2 × P3 (10 €): revenue breaks it
    "new_customers": "P4",  # Sophie 3 × P4 beats Hugo 1 × P5
}

# Orders placed without an account: order_id -> (customer_id after matching, identity_method).
EXPECTED_GUEST_ORDERS: dict[str, tuple[str | None, str]] = {
    "G01": ("C09", "email_match"),  # '  Sophie.MARTIN@Example.com ' -> sophie.martin@example.com, one account
    "G02": (None, "ambiguous_email"),  # family.dupont@example.com is shared by C10 and C11
    "G03": (None, "guest"),  # zoe@example.com belongs to C17, registered only on 2026-07-05
}

# Orders in the raw files that must not reach fct_orders (dated after as_of, or rejected).
ORDERS_NOT_IN_FCT = {"O0802", "OBAD1", "OBAD2", "OBAD3", "OBAD4"}

# Net revenue of a few orders (reporting currency EUR), by hand.
EXPECTED_NET_REVENUE: dict[str, float] = {
    "O0601": 92.00,  # 1 × 100 USD × 0.92; shipping 10 USD excluded
    "O0201": 600.00,  # 400 + 2 × 100; tax 120 excluded
    "O0401": 20.00,  # 3 × 10 − order discount 10
    "O0501": 20.00,  # 3 × 10 − line discount 10
    "O0502": 40.00,  # 3 × 20 − refunded 20 (latest version, partially_refunded)
    "O0106": 20.00,  # the exact duplicate row and line collapse to one
    "O1505": 50.00,  # the rejected lines (quantity −1, quantity 2.5, discount "0,50") are not part of the order
}

# The 90th percentile of net revenue over the 23 valid orders of the last 365 days.
EXPECTED_BIG_CART_THRESHOLD = 138.4

# stg_shop__rejected_rows: (source_table, record_key, rejection_reason).
EXPECTED_REJECTED_ROWS = {
    ("orders", "OBAD1", "unknown_currency"),
    ("orders", "OBAD2", "invalid_number"),  # discount "1,50": a comma decimal is not 1.50, nor null
    ("orders", "OBAD3", "invalid_number"),  # refunded "5,00"
    ("orders", "OBAD4", "invalid_number"),  # total "60,00"
    ("order_items", "OBAD1-1", "parent_order_rejected"),
    ("order_items", "OBAD2-1", "parent_order_rejected"),
    ("order_items", "O1505-2", "negative_quantity"),
    ("order_items", "O1505-3", "invalid_number"),  # quantity 2.5 is not rounded to 3
    ("order_items", "O1505-4", "invalid_number"),  # line discount "0,50" is not 0.50, nor null
    ("order_items", "O9999-1", "orphan_order_line"),
}

# The two custom segments (segments/custom/*.yml), by hand (STORIES.md, "Custom segments and the
# segment query language").
EXPECTED_CUSTOM_MEMBERS: dict[str, set[str]] = {
    # amount_spent > 500: only C02 (600; C03's 500 is not > 500); C02 is not email_engaged.
    "big_spenders_engaged_by_email": set(),
    # a valid order after 05-31 = recent_buyers {C01, C06, C09}; C06 lives in the US.
    "recent_buyers_in_france": {"C01", "C09"},
}

ORDERING = {"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C09", "C15", "C16"}

# Examples of Shopify's segment query language reference and customer segment reference guide that
# map to this project's attributes (a few adapted to this store's ids), with their members by hand.
SHOPIFY_EXAMPLE_MEMBERS: dict[str, set[str]] = {
    # consent subscribed: all but C03 (unsubscribed), C08 (not_subscribed), C12 (none), C14 (pending)
    "email_subscription_status = 'SUBSCRIBED'":
        REGISTERED_CUSTOMERS - {"C03", "C08", "C12", "C14"},
    "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA'": set(),  # no Canadian
    "email_subscription_status = 'SUBSCRIBED' OR customer_countries CONTAINS 'CA'":
        REGISTERED_CUSTOMERS - {"C03", "C08", "C12", "C14"},
    # nobody has spent more than 999.99 (C08's 1 000 € order is after as_of)
    "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA' OR amount_spent > 999.99": set(),
    # C02 is subscribed and in France ('France' in the raw file is FR)
    "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'FR' AND amount_spent > 500)": {"C02"},
    "amount_spent BETWEEN 1 AND 999.99": ORDERING,  # lifetimes 50 … 600
    "amount_spent >= 10.99": ORDERING,
    # the profile's abandoned checkouts: C14 06-28, C08 06-29 (C13's 06-23 is not abandoned as of 06-30)
    "abandoned_checkout_date >= -7d": {"C08", "C14"},
    "abandoned_checkout_date > -8m": {"C08", "C14"},
    "customer_tags CONTAINS 'vip'": {"C01"},
    "customer_tags NOT CONTAINS 'vip'": REGISTERED_CUSTOMERS - {"C01"},
    "last_order_date > -7d": {"C01", "C09"},  # after 06-23: 06-29, 06-25
    "last_order_date >= -2w": {"C01", "C06", "C09"},  # on or after 06-16: + C06's 06-20
    "last_order_date < -1y": {"C03"},  # before 2025-06-30: C03's 2025-05-26 (C16's last is 2025-09-03)
    "last_order_date = -1m": set(),  # 2026-05-30: nobody
    "last_order_date BETWEEN 2021-01-01 AND today": ORDERING,
    "last_order_date BETWEEN 2020-01-01 AND -7d": ORDERING - {"C01", "C09"},  # last order on or before 06-23
    "number_of_orders != 10": REGISTERED_CUSTOMERS,
    "customer_account_status != 'DISABLED'": REGISTERED_CUSTOMERS,  # every account is enabled
    "customer_email_domain = 'example.com'": REGISTERED_CUSTOMERS - {"C15"},  # jules@bistro-lyonnais.fr
    "products_purchased MATCHES (id = 2012162031638)": set(),
    "products_purchased NOT MATCHES ()": EXPECTED_PROSPECTS,  # C09's matched guest order counts as hers
    "products_purchased MATCHES (id = 'P2', date >= -12m)": {"C02"},  # C03's P2 is 2025-05-26
    # P4 on or after 2025-06-30: C05 (04-02), C09 (G01 06-25), C16 (2025-09-03)
    "products_purchased MATCHES (id IN ('P4'), date BETWEEN -12m AND today)": {"C05", "C09", "C16"},
    "shopify_email.bounced NOT MATCHES ()": REGISTERED_CUSTOMERS - {"C13"},
    "customer_within_distance(coordinates: (48.8566, 2.3522), distance_km: 50) = true": {"C01", "C02", "C04"},
    # Shopify's template writes miles: 6.2 mi = 9.98 km -> Bruno (0 km); Chloé is 17.9 km away
    "customer_within_distance(coordinates: (48.8566, 2.3522), distance_mi: 6.2) = true": {"C02"},
    "segment_membership('champions') = true OR rfm_group = 'LOYAL'": {"C01", "C15"},
    # birthdays from today to 30 days ahead, both included: C14 (06-30), C06 (07-10), C13 (07-30, day 30);
    # birthday_upcoming stops at day 29, so C13 is the difference. C15's 08-09 is 40 days ahead.
    "anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +30d": {"C06", "C13", "C14"},
    # email events (email_events.csv; E10 has the shared Dupont address: nobody's; E09 is after as_of)
    "shopify_email.opened MATCHES (activity_id = 'CMP6')": {"C01"},  # E01
    "shopify_email.clicked MATCHES (date > -30d)": {"C05"},  # E02 06-01, matched by email
    # -90d = 04-01, BETWEEN includes it: E01 C01 06-10, E03 C04 04-01, E05 C07 05-01
    "shopify_email.opened MATCHES (date BETWEEN -90d AND today)": {"C01", "C04", "C07"},
    "shopify_email.delivered MATCHES (activity_id IN ('CMP6', 'CMP7'))": {"C02"},  # E04
    "shopify_email.marked_as_spam MATCHES ()": {"C11"},  # E08
    "shopify_email.unsubscribed MATCHES (activity_id = 'CMP5')": {"C07"},  # E06
}

# The column each rejection names (record_key -> rejection_column; None for whole-row reasons).
EXPECTED_REJECTION_COLUMNS = {
    "OBAD1": "currency",
    "OBAD2": "discount_amount",
    "OBAD3": "refunded_amount",
    "OBAD4": "total_amount",
    "OBAD1-1": None,
    "OBAD2-1": None,
    "O1505-2": "quantity",
    "O1505-3": "quantity",
    "O1505-4": "discount_amount",
    "O9999-1": None,
}

# stg_shop__data_quality_issues: unreadable descriptive values, kept as null, shown by shape only.
EXPECTED_DATA_QUALITY_ISSUES = {
    ("customers", "C11", "birth_date", "unreadable_value", "99/99/9999"),  # raw 31/12/1990
    ("products", "P4", "created_at", "unreadable_value", "9999-99-99 99:99:99"),  # raw 2024-02-30: no such day
}
