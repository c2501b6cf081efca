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
ORDERS_NOT_IN_FCT = {"O0802", "OBAD1", "OBAD2", "OBAD3"}

# Net revenue of a few orders (reporting currency EUR), by hand.
EXPECTED_NET_REVENUE: dict[str, float] = {
    "O0601": 92.00,  # 1 × 100 USD × 0.92; shipping 10 USD excluded
    "O0201": 600.00,  # 400 + 2 × 100; tax 120 excluded
    "O0401": 20.00,  # 3 × 10 − order discount 10
    "O0501": 20.00,  # 3 × 10 − line discount 10
    "O0502": 40.00,  # 3 × 20 − refunded 20 (latest version, partially_refunded)
    "O0106": 20.00,  # the exact duplicate row and line collapse to one
    "O1505": 50.00,  # the rejected lines (quantity −1, quantity 2.5) are not part of the order
}

# The 90th percentile of net revenue over the 23 valid orders of the last 365 days.
EXPECTED_BIG_CART_THRESHOLD = 138.4

# stg_shop__rejected_rows: (source_table, record_key, rejection_reason).
EXPECTED_REJECTED_ROWS = {
    ("orders", "OBAD1", "unknown_currency"),
    ("orders", "OBAD2", "invalid_number"),  # discount "1,50": a comma decimal is not 1.50, nor null
    ("orders", "OBAD3", "invalid_number"),  # refunded "5,00"
    ("order_items", "OBAD1-1", "parent_order_rejected"),
    ("order_items", "OBAD2-1", "parent_order_rejected"),
    ("order_items", "O1505-2", "negative_quantity"),
    ("order_items", "O1505-3", "invalid_number"),  # quantity 2.5 is not rounded to 3
    ("order_items", "O9999-1", "orphan_order_line"),
}

# The column each rejection names (record_key -> rejection_column; None for whole-row reasons).
EXPECTED_REJECTION_COLUMNS = {
    "OBAD1": "currency",
    "OBAD2": "discount_amount",
    "OBAD3": "refunded_amount",
    "OBAD1-1": None,
    "OBAD2-1": None,
    "O1505-2": "quantity",
    "O1505-3": "quantity",
    "O9999-1": None,
}

# stg_shop__data_quality_issues: unreadable descriptive values, kept as null, shown by shape only.
EXPECTED_DATA_QUALITY_ISSUES = {
    ("customers", "C11", "birth_date", "unreadable_value", "99/99/9999"),  # raw 31/12/1990
}
