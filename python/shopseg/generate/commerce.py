"""Orders and order lines.

Each buying customer has a purchase rhythm: orders follow a renewal process
on the purchase clock (gamma-distributed gaps around the customer's own cycle)
from the first order until the churn point, so seasonality and weekdays shape
the calendar while each customer keeps a cycle. Cycle lengths are scaled so
the store gets about ten orders per customer per two years. Guest checkouts
come from account holders who did not log in (same e-mail) and from true
guests who have no account.

Amounts are integer cents in the order's currency (the customer's country):
``subtotal = sum(quantity * unit_price)``, ``total = subtotal - line discounts
- order discount + shipping + tax``; an order's ``discount_amount`` is its
coupon only (line discounts stay on the lines), shipping and tax follow the
destination (free shipping above a threshold, VAT of the country).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from . import reference as ref
from .catalog import CONSUMABLE, DEMAND_SHARES, Catalog
from .people import (COUNTRY_CURRENCY, CITY_NAMES, Population, personal_email_parts, sample_cities,
                     sample_countries, sample_names, unique_emails)
from .sampling import (categorical, categorical_by_row, exclusive_group_cumsum, group_starts,
                       lognormal_median, position_in_group)
from .timeline import SECONDS_PER_DAY, Timeline

ORDERS_PER_CUSTOMER = 10.0  # per 730 days of history
TRUE_GUEST_SHARE = 0.04  # of all orders
ACCOUNT_GUEST_SHARE = 0.043  # of account holders' orders placed without logging in
MIN_CYCLE_CLOCK_DAYS = 2.5
STATUSES = ("placed", "completed", "cancelled", "refunded", "partially_refunded")
PLACED, COMPLETED, CANCELLED, REFUNDED, PARTIALLY_REFUNDED = range(5)
EUR_PER_UNIT = np.array([ref.EUR_PER_UNIT[c] for c in ref.CURRENCIES])
VAT = np.array([c.vat for c in ref.COUNTRIES])
ZONE = np.array([c.shipping_zone for c in ref.COUNTRIES])
SHIPPING_FEE_EUR_CENTS = np.array([490, 990, 1990])
FREE_SHIPPING_EUR_CENTS = np.array([6000, 10000, 15000])

_SOURCE_CHANNEL = np.array([ref.CHANNELS.index(s[0]) for s in ref.TRAFFIC_SOURCES])
_SOURCE_TABLE = np.array([[s[5] if _SOURCE_CHANNEL[j] == c else 0.0 for j, s in enumerate(ref.TRAFFIC_SOURCES)]
                          for c in range(len(ref.CHANNELS))])


def sample_sources(rng: np.random.Generator, channel: np.ndarray) -> np.ndarray:
    """A traffic source (utm/referrer combination) of each given channel."""
    return categorical_by_row(rng, _SOURCE_TABLE, channel)


def attribution_columns(source: np.ndarray, at_s: np.ndarray, timeline: Timeline) -> dict[str, pa.Array]:
    """utm_source/medium/campaign and referrer; e-mail traffic names the latest newsletter."""
    sources = ref.TRAFFIC_SOURCES
    campaign = col.pick([s[3] for s in sources], source)
    latest = np.searchsorted(timeline.campaign_s, at_s, side="right") - 1
    is_email = _SOURCE_CHANNEL[source] == ref.EMAIL_CHANNEL
    # Before the first newsletter of the window, e-mail traffic comes from the welcome series.
    newsletters = [*timeline.campaign_ids, "welcome_series"]
    newsletter = col.pick(newsletters, np.where(latest < 0, len(newsletters) - 1, latest))
    return {
        "utm_source": col.pick([s[1] for s in sources], source),
        "utm_medium": col.pick([s[2] for s in sources], source),
        "utm_campaign": pc.if_else(pa.array(is_email), newsletter, campaign),
        "referrer": col.pick([s[4] for s in sources], source),
    }


@dataclass
class Guests:
    """Shoppers without an account."""

    country: np.ndarray
    city: np.ndarray
    email: pa.Array
    basket: np.ndarray
    fav_category: np.ndarray

    @property
    def size(self) -> int:
        return len(self.country)


@dataclass
class Orders:
    """Orders and their lines as numpy arrays; Arrow tables are made by ``tables``."""

    ordered_s: np.ndarray
    updated_s: np.ndarray
    status: np.ndarray
    account: np.ndarray  # customer index the order belongs to (also for guest checkouts), else -1
    guest: np.ndarray  # true guest index, else -1
    guest_checkout: np.ndarray  # placed without logging in (customer_id null)
    channel: np.ndarray
    source: np.ndarray
    country: np.ndarray
    city: np.ndarray
    currency: np.ndarray
    subtotal: np.ndarray
    discount: np.ndarray
    shipping: np.ndarray
    tax: np.ndarray
    total: np.ndarray
    refunded: np.ndarray
    email: pa.Array  # normalised
    order_id: pa.Array
    n_lines: np.ndarray
    line_order: np.ndarray  # per line: order index
    line_number: np.ndarray
    line_product: np.ndarray
    line_quantity: np.ndarray
    line_unit: np.ndarray
    line_discount: np.ndarray

    @property
    def size(self) -> int:
        return len(self.ordered_s)

    def customer_id(self, population: Population) -> pa.Array:
        """customer_id column: the account unless it is a guest checkout."""
        logged = (self.account >= 0) & ~self.guest_checkout
        return population.customer_id.take(pa.array(np.maximum(self.account, 0), mask=~logged))

    def tables(self, population: Population, catalog: Catalog, timeline: Timeline,
               session_id: pa.Array | None) -> tuple[pa.Table, pa.Table]:
        """The clean ``orders`` and ``order_items`` tables."""
        n = self.size
        orders = {
            "order_id": self.order_id,
            "customer_id": self.customer_id(population),
            "email": self.email,
            "session_id": session_id if session_id is not None else pa.nulls(n, pa.string()),
            "ordered_at": col.timestamps(self.ordered_s),
            "status": col.pick(STATUSES, self.status),
            "currency": col.pick(ref.CURRENCIES, self.currency),
            "subtotal_amount": col.money(self.subtotal),
            "discount_amount": col.money(self.discount),
            "shipping_amount": col.money(self.shipping),
            "tax_amount": col.money(self.tax),
            "total_amount": col.money(self.total),
            "refunded_amount": col.money(self.refunded),
            **attribution_columns(self.source, self.ordered_s, timeline),
            "shipping_city": col.pick(CITY_NAMES, self.city),
            "shipping_country": col.pick(ref.COUNTRY_CODES, self.country),
            "updated_at": col.timestamps(self.updated_s),
        }
        items = {
            "order_id": self.order_id.take(pa.array(self.line_order)),
            "line_number": col.integers(self.line_number),
            "product_id": catalog.product_id.take(pa.array(self.line_product)),
            "quantity": col.integers(self.line_quantity),
            "unit_price": col.money(self.line_unit),
            "discount_amount": col.money(self.line_discount),
        }
        return pa.table(orders), pa.table(items)


def _in_window(seconds: np.ndarray, timeline: Timeline) -> np.ndarray:
    """Order times inside the window, leaving the first hour for the session that placed them."""
    return np.clip(seconds, timeline.start_s + 3600, timeline.end_s)


def _cycle_scale(span: np.ndarray, rate: np.ndarray, target: float) -> float:
    """Scale s such that sum(1 + span / max(s / rate, MIN_CYCLE)) matches ``target``."""
    def expected(scale: float) -> float:
        return float(np.sum(1 + span / np.maximum(scale / rate, MIN_CYCLE_CLOCK_DAYS)))

    lo, hi = 1e-3, 1e7
    for _ in range(80):
        mid = np.sqrt(lo * hi)
        if expected(mid) > target:
            lo = mid
        else:
            hi = mid
    return float(np.sqrt(lo * hi))


def _customer_orders(rng: np.random.Generator, pop: Population, timeline: Timeline,
                     target: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Renewal process per buying customer: (customer index, epoch seconds, is first order)."""
    buyers = np.flatnonzero(pop.is_buyer)
    t1 = pop.first_order_s[buyers]
    t1_clock = timeline.day_to_clock(timeline.seconds_to_day(t1))
    limit = np.minimum(t1_clock + pop.lifetime_clock[buyers], timeline.purchase_clock[-1])
    span = np.maximum(limit - t1_clock, 0.0)
    rate = np.maximum(pop.rate[buyers], 1e-9)
    scale = _cycle_scale(span, rate, max(target, len(buyers)))
    cycle = np.maximum(scale / rate, MIN_CYCLE_CLOCK_DAYS)
    regularity = rng.uniform(1.5, 6.0, len(buyers))  # gamma shape: higher = steadier rhythm

    slots = np.minimum(np.ceil(span / cycle * 1.4 + 3), 4000).astype(np.int64)
    owner = np.repeat(np.arange(len(buyers)), slots)
    gaps = rng.gamma(regularity[owner]) / regularity[owner] * cycle[owner]
    clock = t1_clock[owner] + exclusive_group_cumsum(gaps, slots)
    first = position_in_group(slots) == 0
    keep = first | (clock < limit[owner])
    owner, clock, first = owner[keep], clock[keep], first[keep]

    day = np.minimum(timeline.clock_to_day(clock).astype(np.int64), timeline.n_days - 1)
    seconds = np.where(first, t1[owner], timeline.at_time_of_day(rng, day))
    # Same-day orders must not precede the customer's previous order.
    lifted = seconds + owner * (1 << 40)
    seconds = np.maximum.accumulate(lifted) - owner * (1 << 40)
    return buyers[owner], _in_window(seconds, timeline), first


def _guests(rng: np.random.Generator, n: int, population: Population) -> Guests:
    country = sample_countries(rng, n)
    names = sample_names(rng, country, categorical(rng, (0.52, 0.47, 0.01), n))
    local, domain = personal_email_parts(rng, country, names)
    email = unique_emails(local, domain, np.arange(n) + 50_000_000, taken=population.email.drop_null())
    return Guests(country=country, city=sample_cities(rng, country), email=email,
                  basket=lognormal_median(rng, 1.0, 0.45, n), fav_category=categorical(rng, DEMAND_SHARES, n))


def _guest_orders(rng: np.random.Generator, guests: Guests, timeline: Timeline) -> tuple[np.ndarray, np.ndarray]:
    """(guest index, epoch seconds) of true guests' orders: one, sometimes a few."""
    n = guests.size
    extra = np.where(rng.random(n) < 0.2, 1 + rng.poisson(0.5, n), 0)
    counts = 1 + extra
    owner = np.repeat(np.arange(n), counts)
    first_day = timeline.sample_acquisition_days(rng, n).astype(np.float64)
    gaps = rng.exponential(60.0, len(owner))
    offset = exclusive_group_cumsum(gaps, counts)
    day = first_day[owner] + offset
    keep = day < timeline.n_days
    owner, day = owner[keep], day[keep].astype(np.int64)
    return owner, _in_window(timeline.at_time_of_day(rng, day), timeline)


def build_orders(rng: np.random.Generator, pop: Population, catalog: Catalog,
                 timeline: Timeline) -> tuple[Orders, Guests]:
    """Generate all clean orders and lines, sorted by time."""
    total_target = ORDERS_PER_CUSTOMER * pop.size * timeline.n_days / 730
    reg_customer, reg_seconds, reg_first = _customer_orders(rng, pop, timeline, total_target * (1 - TRUE_GUEST_SHARE))
    n_guests = max(1, round(total_target * TRUE_GUEST_SHARE / 1.3))
    guests = _guests(rng, n_guests, pop)
    guest_owner, guest_seconds = _guest_orders(rng, guests, timeline)

    account = np.concatenate([reg_customer, np.full(len(guest_owner), -1)])
    guest = np.concatenate([np.full(len(reg_customer), -1), guest_owner])
    seconds = np.concatenate([reg_seconds, guest_seconds])
    first = np.concatenate([reg_first, np.zeros(len(guest_owner), dtype=bool)])
    order = np.lexsort((np.arange(len(seconds)), seconds))
    account, guest, seconds, first = account[order], guest[order], seconds[order], first[order]
    n = len(seconds)
    is_reg = account >= 0
    acc = np.maximum(account, 0)
    gst = np.maximum(guest, 0)

    guest_checkout = is_reg & pop.has_email[acc] & (rng.random(n) < ACCOUNT_GUEST_SHARE)
    repeat_channel = np.where(rng.random(n) < 0.3, pop.acquisition_channel[acc], categorical(rng, ref.REPEAT_MIX, n))
    channel = np.where(is_reg, np.where(first, pop.acquisition_channel[acc], repeat_channel),
                       categorical(rng, ref.GUEST_MIX, n))
    source = sample_sources(rng, channel)
    country = np.where(is_reg, pop.country[acc], guests.country[gst])
    home_city = np.where(is_reg, pop.city[acc], guests.city[gst])
    city = np.where(rng.random(n) < 0.05, sample_cities(rng, country), home_city)  # gifts
    currency = COUNTRY_CURRENCY[country]
    b2b = is_reg & pop.is_b2b[acc]

    # Lines.
    size = np.clip(np.where(is_reg, pop.basket[acc], guests.basket[gst]) * np.array(ref.CHANNEL_BASKET)[channel],
                   0.3, 4.0)
    n_lines = np.minimum(1 + rng.poisson(1.35 * size) + np.where(b2b, rng.poisson(1.5, n), 0), 15)
    line_order = np.repeat(np.arange(n), n_lines)
    line_number = position_in_group(n_lines) + 1
    m = len(line_order)
    fav = np.where(is_reg, pop.fav_category[acc], guests.fav_category[gst])[line_order]
    second = np.where(is_reg, pop.second_category[acc], guests.fav_category[gst])[line_order]
    u = rng.random(m)
    category = np.where(u < 0.55, fav, np.where(u < 0.70, second, categorical(rng, DEMAND_SHARES, m)))
    product = catalog.sample(rng, category, seconds[line_order])
    quantity = 1 + rng.poisson(0.12 * size[line_order]) + CONSUMABLE[catalog.category[product]] * rng.poisson(0.5, m)
    bulk = np.clip(np.round(lognormal_median(rng, 2.5, 0.5, m)), 1, 40).astype(np.int64)
    quantity = np.where(b2b[line_order], quantity * bulk, quantity)
    rate = EUR_PER_UNIT[currency[line_order]]
    unit = np.round(catalog.price_cents[product] / rate).astype(np.int64)
    line_gross = quantity * unit
    discounted = rng.random(m) < 0.10
    line_pct = np.where(discounted, np.array([10, 15, 20, 30])[categorical(rng, (.4, .3, .2, .1), m)], 0)
    line_discount = np.round(line_gross * line_pct / 100).astype(np.int64)

    starts = group_starts(n_lines)
    subtotal = np.add.reduceat(line_gross, starts)
    line_discounts = np.add.reduceat(line_discount, starts)
    coupon_pct = np.where(rng.random(n) < 0.20, np.array([5, 10, 15, 20])[categorical(rng, (.3, .35, .2, .15), n)], 0)
    discount = np.round((subtotal - line_discounts) * coupon_pct / 100).astype(np.int64)
    merchandise = subtotal - line_discounts - discount
    order_rate = EUR_PER_UNIT[currency]
    zone = ZONE[country]
    free = merchandise * order_rate >= FREE_SHIPPING_EUR_CENTS[zone]
    shipping = np.where(free, 0, np.round(SHIPPING_FEE_EUR_CENTS[zone] / order_rate)).astype(np.int64)
    tax = np.round(VAT[country] * (merchandise + shipping)).astype(np.int64)
    total = merchandise + shipping + tax

    # Status: recent orders are still being processed.
    age_days = (timeline.end_s - seconds) / SECONDS_PER_DAY
    settled = categorical(rng, (0, 0.90, 0.04, 0.03, 0.03), n)
    placed_p = np.where(age_days < 2, 0.9, np.where(age_days < 5, 0.5, 0.0))
    status = np.where(rng.random(n) < placed_p, PLACED, settled)
    refunded = np.where(status == REFUNDED, total,
                        np.where(status == PARTIALLY_REFUNDED,
                                 np.round(merchandise * rng.uniform(0.15, 0.6, n)), 0)).astype(np.int64)
    delay_days = np.select(
        [status == PLACED, status == COMPLETED, status == CANCELLED],
        [rng.uniform(0, 0.004, n), rng.uniform(1, 6, n), rng.uniform(0.05, 2, n)],
        rng.uniform(5, 40, n))
    updated = np.minimum(seconds + (delay_days * SECONDS_PER_DAY).astype(np.int64), timeline.end_s)
    updated = np.maximum(updated, seconds)

    email = pc.if_else(pa.array(is_reg), pop.email.take(pa.array(acc)), guests.email.take(pa.array(gst)))
    orders = Orders(
        ordered_s=seconds, updated_s=updated, status=status, account=account, guest=guest,
        guest_checkout=guest_checkout, channel=channel, source=source, country=country, city=city,
        currency=currency, subtotal=subtotal, discount=discount, shipping=shipping, tax=tax, total=total,
        refunded=refunded, email=email, order_id=col.id_strings("O", np.arange(1, n + 1), 7), n_lines=n_lines,
        line_order=line_order, line_number=line_number, line_product=product, line_quantity=quantity,
        line_unit=unit, line_discount=line_discount,
    )
    return orders, guests
