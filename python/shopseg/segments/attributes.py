"""The allow-list of the segment query language: every attribute and function a query may use, what
it compiles to over the customer profile (main_marts.dim_customers), and the Shopify attributes this
project cannot compute, with the reason.

This module is the single source of truth: the compiler accepts nothing else, and the reference page
docs/segment_query_language.md is generated from it (`python -m shopseg.segments docs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPARISONS = ("=", "!=", ">", ">=", "<", "<=")
RANGE = COMPARISONS + ("BETWEEN", "NOT BETWEEN")
PRESENCE = ("IS NULL", "IS NOT NULL")
LIST_OPERATORS = ("CONTAINS", "NOT CONTAINS") + PRESENCE
EQUALITY = ("=", "!=")

EMAIL_EVENTS = ("opened", "clicked", "delivered", "bounced", "marked_as_spam", "unsubscribed")


@dataclass(frozen=True)
class Attribute:
    """One attribute: `type` decides which values it compares with (see TYPES)."""
    name: str
    type: str
    column: str                  # the dim_customers column it reads
    description: str
    example: str
    operators: tuple[str, ...]
    # enum: the value a query writes -> the value stored in the column
    values: dict[str, str] = field(default_factory=dict)
    # date attributes over a UTC timestamp column: converted to the store-timezone calendar date
    from_timestamp: bool = False
    # list attributes: 'single' (one value per customer, e.g. the country) or 'comma' (a comma list)
    list_kind: str = ""
    # how list items / strings are compared: 'upper', 'lower' or '' (exactly)
    fold: str = ""
    note: str = ""


TYPES = {
    "integer": "whole number: 3, 10",
    "money": "amount in the reporting currency, a number with `.` as decimal separator: 500, 10.99",
    "date": "calendar date in the store timezone: 2026-05-01, -30d / -12w / -3m / -1y (before as_of_date), "
            "+30d (after), today (= as_of_date), yesterday",
    "string": "'text' between single quotes",
    "list": "a list of values; CONTAINS 'value' is true when one of them is the value",
    "enum": "one of a fixed set of 'VALUES'",
    "id": "an id, 'quoted' or a bare number",
    "boolean": "a function that is true or false: = true, = false, != true",
}

_STATUS = "email_marketing_consent"

ATTRIBUTES: dict[str, Attribute] = {a.name: a for a in (
    Attribute(
        "amount_spent", "money", "lifetime_net_revenue",
        "Lifetime net revenue of the customer's valid orders up to as_of_date (reporting currency).",
        "amount_spent >= 500", RANGE),
    Attribute(
        "number_of_orders", "integer", "valid_order_count",
        "Valid orders up to as_of_date (cancelled and fully refunded orders do not count).",
        "number_of_orders >= 2", RANGE),
    Attribute(
        "first_order_date", "date", "first_valid_order_date",
        "Date of the customer's first valid order; missing (IS NULL) without a valid order.",
        "first_order_date > -30d", RANGE + PRESENCE),
    Attribute(
        "last_order_date", "date", "last_valid_order_date",
        "Date of the customer's last valid order; missing (IS NULL) without a valid order.",
        "last_order_date > -30d", RANGE + PRESENCE),
    Attribute(
        "customer_added_date", "date", "created_at",
        "Registration date (created_at converted to the store-timezone date).",
        "customer_added_date >= 2026-01-01", RANGE + PRESENCE, from_timestamp=True),
    Attribute(
        "abandoned_checkout_date", "date", "latest_abandoned_checkout_at",
        "Date of the latest abandoned checkout (store timezone). The profile keeps abandoned checkouts of "
        "the last abandon_lookback_days (7) only: older ones are missing.",
        "abandoned_checkout_date >= -7d", RANGE + PRESENCE, from_timestamp=True),
    Attribute(
        "customer_birth_date", "date", "birth_date",
        "Date of birth. Not a Shopify attribute (Shopify uses anniversary() on a metafield).",
        "customer_birth_date < 1980-01-01", RANGE + PRESENCE),
    Attribute(
        "customer_email_domain", "string", "email_domain",
        "The part of the email after the @, in lower case (the value is compared in lower case too).",
        "customer_email_domain = 'example.com'", EQUALITY + PRESENCE, fold="lower"),
    Attribute(
        "customer_language", "string", "language_code",
        "Two-letter language code of the customer, lower case (the value is compared in lower case too).",
        "customer_language = 'fr'", EQUALITY + PRESENCE, fold="lower"),
    Attribute(
        "customer_cities", "list", "city",
        "The customer's city, as a one-item list, compared without regard to case. Shopify writes "
        "'US-NY-NewYorkCity'; here write the city name: 'Paris'.",
        "customer_cities CONTAINS 'Paris'", LIST_OPERATORS, list_kind="single", fold="lower"),
    Attribute(
        "customer_countries", "list", "country_code",
        "The customer's country, ISO two-letter code, as a one-item list (compared in upper case).",
        "customer_countries CONTAINS 'FR'", LIST_OPERATORS, list_kind="single", fold="upper"),
    Attribute(
        "customer_regions", "list", "region",
        "The customer's region or state as stored in the profile ('Île-de-France', 'NY'), as a one-item "
        "list, compared without regard to case.",
        "customer_regions CONTAINS 'Bretagne'", LIST_OPERATORS, list_kind="single", fold="lower"),
    Attribute(
        "customer_tags", "list", "tags",
        "Merchant tags (a comma list); CONTAINS matches one whole tag, without regard to case.",
        "customer_tags CONTAINS 'vip'", LIST_OPERATORS, list_kind="comma", fold="lower"),
    Attribute(
        "email_subscription_status", "enum", _STATUS,
        "Email marketing consent of the account. SUBSCRIBED alone does not make a customer mailable: "
        "unsubscribe, bounce and spam events suppress too (segment_membership('email_suppressed')).",
        "email_subscription_status = 'SUBSCRIBED'", EQUALITY + PRESENCE,
        values={"SUBSCRIBED": "subscribed", "NOT_SUBSCRIBED": "not_subscribed",
                "UNSUBSCRIBED": "unsubscribed", "PENDING": "pending"}),
    Attribute(
        "customer_account_status", "enum", "account_status",
        "Status of the customer account.",
        "customer_account_status = 'ENABLED'", EQUALITY + PRESENCE,
        values={"ENABLED": "enabled", "DISABLED": "disabled", "INVITED": "invited", "DECLINED": "declined"}),
    Attribute(
        "rfm_group", "enum", "rfm_group",
        "RFM group of this project's 5x5 grid (SEGMENTS.md, \"RFM\"); PROSPECTS without a valid order. "
        "Shopify's NEW and NEEDS_ATTENTION are accepted for NEW_CUSTOMERS and NEED_ATTENTION.",
        "rfm_group = 'CHAMPIONS'", EQUALITY,
        values={"CHAMPIONS": "champions", "LOYAL": "loyal", "POTENTIAL_LOYALISTS": "potential_loyalists",
                "NEW_CUSTOMERS": "new_customers", "NEW": "new_customers", "PROMISING": "promising",
                "NEED_ATTENTION": "need_attention", "NEEDS_ATTENTION": "need_attention",
                "ABOUT_TO_SLEEP": "about_to_sleep", "AT_RISK": "at_risk", "CANT_LOSE_THEM": "cant_lose_them",
                "HIBERNATING": "hibernating", "PROSPECTS": "prospects"},
        note="Shopify's ACTIVE, ALMOST_LOST, PREVIOUSLY_LOYAL and DORMANT cells are drawn differently from "
             "this project's grid and have no equal here."),
    Attribute(
        "companies", "id", "company_id",
        "The B2B company the customer is linked to; IS NOT NULL for every B2B customer.",
        "companies IS NOT NULL", EQUALITY + PRESENCE),
)}


@dataclass(frozen=True)
class Function:
    """A function attribute. `forms` lists how it is written; `params` its named parameters."""
    name: str
    description: str
    examples: tuple[str, ...]
    params: dict[str, str]
    compiles_to: str
    # call: f(args) = true; matches: f MATCHES (params); date: f(args) compared with dates
    forms: tuple[str, ...] = ("call",)


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function(
        "segment_membership",
        "True for the members of a named segment of customers (its mart seg_<key>): the keys of "
        "dim_segments where family = 'named', except the visitor segment anonymous_visitors.",
        ("segment_membership('champions') = true", "segment_membership(key: 'email_suppressed') = false"),
        {"key": "the named segment key, a 'string'"},
        "exists (select 1 from seg_<key> where customer_id = dim_customers.customer_id)"),
    Function(
        "anniversary",
        "The customer's next birthday (profile next_birthday_date: the first birthday on or after as_of_date; "
        "29 February counts as 28 February in other years), for dates from today up to one year ahead: "
        "= today / +Nd, or BETWEEN two of them. The argument names the date: Shopify's "
        "'metafields.facts.birth_date', or 'birth_date'.",
        ("anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +30d",
         "anniversary('birth_date') = today"),
        {"date": "'metafields.facts.birth_date' or 'birth_date' (also without the name date:)"},
        "next_birthday_date compared with the dates", forms=("date",)),
    Function(
        "products_purchased",
        "True when the customer bought a product in a valid order (up to as_of_date). Both Shopify forms: "
        "the call form (where date: -90d means on or after that date) and MATCHES with typed parameters.",
        ("products_purchased(id: 'P1', date: -90d) = true",
         "products_purchased MATCHES (id IN ('P1', 'P2'), date BETWEEN -12m AND today)",
         "products_purchased NOT MATCHES (category = 'Coffee')"),
        {"id": "product id, or id IN (...) / id NOT IN (...)",
         "category": "product category (compared without regard to case)",
         "date": "order date: = > >= < <= BETWEEN with a date value"},
        "exists (select 1 from fct_order_lines join fct_orders ... where the order is valid and its "
        "customer_id is the customer's)", forms=("call", "matches")),
    Function(
        "customer_within_distance",
        "True when the customer's address (latitude, longitude of the profile) is within the distance of "
        "the coordinates, by the great-circle (haversine) distance.",
        ("customer_within_distance(coordinates: (48.8566, 2.3522), distance_km: 50) = true",),
        {"coordinates": "(latitude, longitude) in degrees", "distance_km": "a distance in km",
         "distance_mi": "a distance in miles (instead of distance_km)"},
        "haversine distance over latitude, longitude <= the distance"),
*(Function(
        f"shopify_email.{event}",
        f"True when the customer has a `{event}` email event on or before as_of_date (fct_email_events: the "
        "event's customer, else the one account its email identifies), optionally of given campaigns and dates.",
        (f"shopify_email.{event} MATCHES ()", f"shopify_email.{event} MATCHES (activity_id = 'CMP6', date > -30d)",
         f"shopify_email.{event} NOT MATCHES (date BETWEEN -12m AND today)"),
        {"activity_id": "campaign id: = / != a value, IN / NOT IN (values)",
         "date": "event date: = != > >= < <= BETWEEN with a date value"},
        "exists (select 1 from fct_email_events where the event belongs to the customer ...)",
        forms=("matches",)) for event in EMAIL_EVENTS),
)}

# Shopify attributes that this project cannot compute, and why.
UNSUPPORTED: dict[str, str] = {
    "predicted_spend_tier": "no spend prediction in the customer profile yet",
    "created_by_app_id": "the raw data holds the creating app's name (created_by_app), not an app id",
    "orders_placed": "not implemented; use number_of_orders, amount_spent, first_order_date and "
                     "last_order_date",
    "product_subscription_status": "the shop data has no product subscriptions",
    "sms_subscription_status": "the shop data has no SMS consent",
    "store_credit_accounts": "the shop data has no store credit",
    "storefront_event.product_viewed": "not implemented yet (page views are in the data, not in a public mart)",
    "storefront_event.collection_viewed": "the shop data has no collections",
    "storefront.product_viewed": "not implemented yet (page views are in the data, not in a public mart)",
    "storefront.collection_viewed": "the shop data has no collections",
}


def known_names() -> list[str]:
    """Every name a query may start a clause with (for 'did you mean')."""
    return sorted(set(ATTRIBUTES) | set(FUNCTIONS))
