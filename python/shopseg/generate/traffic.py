"""Web visitors, sessions and page views.

Visitors are devices/cookies (``visitor_id``): a registered customer has one
to three, a true guest one, and a large pool of anonymous visitors never
logs in. Sessions come from five sources: the session that placed each order
(started 0-60 minutes before it), customers browsing (logged in or not;
"window shoppers" browse a lot and rarely buy), anonymous browsing before an
account existed, guests browsing around their orders and anonymous traffic.
A session carries ``customer_id`` only when the visitor was logged in, which
is impossible before the account was created - so some visitors are
anonymous first and logged in later.

Every session has a page plan (number of pages and log-normal dwell times)
that fixes its duration; sessions that reach checkout end on the cart and
checkout pages, and the order is placed on the checkout page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .catalog import CATEGORIES, CATEGORY_NAMES, DEMAND_SHARES, EXTRA_COLLECTIONS, Catalog
from .commerce import Guests, Orders, attribution_columns, sample_sources
from .people import CITY_NAMES, Population, sample_cities, sample_countries
from .sampling import (categorical, categorical_by_row, choose_text, exclusive_group_cumsum, group_starts,
                       text_vocabulary)
from .timeline import SECONDS_PER_DAY, Timeline

BROWSE_SESSIONS_PER_ORDER = 1.45  # customers' sessions without an order
ANONYMOUS_SESSIONS_PER_ORDER = 0.9
FREQUENT_ANONYMOUS_SHARE = 0.08  # anonymous visitors who come back often without logging in
FREQUENT_ANONYMOUS_VISITS = 12  # their mean number of visits
OCCASIONAL_ANONYMOUS_VISITS = 1 / 0.6  # mean visits of the others (geometric)
ABANDONED_PER_COMPLETED = 0.7 / 0.3  # checkouts: ~70 % abandoned
PRIOR_ABANDONED_PER_ORDER = 0.4
REACH_CHECKOUT_KNOWN = 0.55  # browsing sessions of known visitors that reach checkout
REACH_CHECKOUT_ANONYMOUS = 0.3
MEDIAN_DWELL_SECONDS = 40.0
DWELL_SIGMA = 1.07  # a few per cent of page views last five minutes or more
MAX_ORDER_SESSION_LEAD = 3500  # seconds from session start to the order
PAGE_VIEW_CHUNK_SESSIONS = 1_000_000  # page views are built and written this many sessions at a time

# Page vocabulary: home, cart, checkout, collections, other pages, then one path per product.
HOME, CART, CHECKOUT = 0, 1, 2
_COLLECTIONS = [f"/collections/{c.name.lower()}" for c in CATEGORIES] + [f"/collections/{c}" for c in EXTRA_COLLECTIONS]
_OTHER_PAGES = ["/search", "/pages/about-us", "/pages/shipping-returns", "/pages/contact", "/account/login",
                "/blogs/journal/how-to-brew-pour-over", "/blogs/journal/paris-coffee-guide",
                "/blogs/journal/running-in-the-rain"]
COLLECTION_START = 3
OTHER_START = COLLECTION_START + len(_COLLECTIONS)
PRODUCT_START = OTHER_START + len(_OTHER_PAGES)
PAGE_TYPES = ("home", "category", "product", "cart", "checkout", "other")
_LANDING_KIND = np.array([ref.LANDING_MIX[c] for c in ref.CHANNELS])  # home, category, product, other
_MIDDLE_KIND = (0.06, 0.22, 0.58, 0.10, 0.04)  # home, category, product, other, cart


def page_vocabulary(catalog: Catalog) -> tuple[pa.Array, np.ndarray]:
    """All page paths and the page type (index into PAGE_TYPES) of each."""
    fixed = pa.array(["/", "/cart", "/checkout", *_COLLECTIONS, *_OTHER_PAGES], pa.string())
    products = col.concat("/products/", catalog.handle)
    paths = pa.concat_arrays([fixed, products])
    kinds = np.array([0, 3, 4] + [1] * len(_COLLECTIONS) + [5] * len(_OTHER_PAGES) + [2] * catalog.size)
    return paths, kinds


@dataclass
class Visitors:
    """Devices/cookies that visit the shop."""

    device: np.ndarray
    os: np.ndarray
    browser: np.ndarray
    country: np.ndarray
    city: np.ndarray
    owner: np.ndarray  # customer index, else -1
    customer_first: np.ndarray  # per customer: index of its first visitor
    customer_count: np.ndarray  # per customer: number of visitors
    guest_first: int  # visitor index of guest 0 (guests have one visitor each)
    anonymous_first: int
    visitor_id: pa.Array

    def of_customer(self, rng: np.random.Generator, customer: np.ndarray) -> np.ndarray:
        """One of each customer's devices, the first (main) one most often."""
        k = np.floor(rng.random(len(customer)) ** 1.6 * self.customer_count[customer]).astype(np.int64)
        return self.customer_first[customer] + k


def _visitors(rng: np.random.Generator, pop: Population, guests: Guests, n_anonymous: int) -> Visitors:
    per_customer = 1 + categorical(rng, (0.55, 0.33, 0.12), pop.size)
    n_cust_visitors = int(per_customer.sum())
    n = n_cust_visitors + guests.size + n_anonymous
    owner = np.concatenate([np.repeat(np.arange(pop.size), per_customer), np.full(n - n_cust_visitors, -1)])
    anon_country = sample_countries(rng, n_anonymous)
    country = np.concatenate([pop.country[owner[:n_cust_visitors]], guests.country, anon_country])
    city = np.concatenate([pop.city[owner[:n_cust_visitors]], guests.city, sample_cities(rng, anon_country)])
    device = categorical(rng, ref.DEVICE_MIX, n)
    os_ = categorical_by_row(rng, ref.OS_MIX_BY_DEVICE, device)
    browser = categorical_by_row(rng, ref.BROWSER_MIX_BY_OS, os_)
    # Scattered 10-digit numbers (an affine bijection of the index), like analytics cookies.
    number = (np.arange(n, dtype=np.int64) * 2_654_435_761 + int(rng.integers(0, 10**10))) % 10**10
    return Visitors(
        device=device, os=os_, browser=browser, country=country, city=city, owner=owner,
        customer_first=group_starts(per_customer), customer_count=per_customer,
        guest_first=n_cust_visitors, anonymous_first=n_cust_visitors + guests.size,
        visitor_id=col.id_strings("V", number, 10),
    )


@dataclass
class Sessions:
    """Sessions sorted by start time, with their page plans."""

    visitor: np.ndarray
    person: np.ndarray  # customer who owns the device (even when not logged in), else -1
    customer: np.ndarray  # logged-in customer (customer_id), else -1
    started_s: np.ndarray
    ended_s: np.ndarray
    source: np.ndarray
    attribution_s: np.ndarray  # time that picks the newsletter of e-mail traffic
    order: np.ndarray  # order placed in the session, else -1
    abandoned: np.ndarray  # browsing session: abandoned checkouts created in it (the last on its checkout page)
    prior_abandoned: np.ndarray  # order session: abandoned checkouts created before the completed one
    checkout_view_s: np.ndarray  # time of the checkout page view (sessions that reach checkout)
    landing: np.ndarray  # index into the page vocabulary
    device_text: np.ndarray  # index into text_vocabulary(reference.DEVICE_TEXTS)
    n_pages: np.ndarray
    dwell: np.ndarray  # flat, session after session
    session_id: pa.Array

    @property
    def size(self) -> int:
        return len(self.started_s)

    def order_session_id(self, n_orders: int) -> pa.Array:
        """Per order: the id of the session that placed it."""
        index = np.empty(n_orders, dtype=np.int64)
        placed = np.flatnonzero(self.order >= 0)
        index[self.order[placed]] = placed
        return self.session_id.take(pa.array(index))

    def table(self, visitors: Visitors, pop: Population, catalog_paths: pa.Array, timeline: Timeline) -> pa.Table:
        """The clean ``sessions`` table."""
        v = self.visitor
        return pa.table({
            "session_id": self.session_id,
            "visitor_id": visitors.visitor_id.take(pa.array(v)),
            "customer_id": pop.customer_id.take(pa.array(np.maximum(self.customer, 0), mask=self.customer < 0)),
            "started_at": col.timestamps(self.started_s),
            "ended_at": col.timestamps(self.ended_s),
            **attribution_columns(self.source, self.attribution_s, timeline),
            "landing_page": catalog_paths.take(pa.array(self.landing)),
            "device_type": col.pick(text_vocabulary(ref.DEVICE_TEXTS), self.device_text),
            "os": col.pick(ref.OPERATING_SYSTEMS, visitors.os[v]),
            "browser": col.pick(ref.BROWSERS, visitors.browser[v]),
            "country": col.pick(ref.COUNTRY_CODES, visitors.country[v]),
            "city": col.pick(CITY_NAMES, visitors.city[v]),
        })


def _browse_times(rng: np.random.Generator, timeline: Timeline, lo_day: np.ndarray, hi_day: np.ndarray,
                  counts: np.ndarray) -> np.ndarray:
    """``counts[i]`` session start times between fractional days lo_day[i] and hi_day[i]."""
    owner = np.repeat(np.arange(len(counts)), counts)
    day = timeline.sample_clock_days(rng, lo_day[owner], hi_day[owner])
    return timeline.at_time_of_day(rng, day)


def _customer_browsing(rng, pop: Population, timeline: Timeline, target: float):
    """(customer, start seconds) of customers' sessions without an order."""
    n = pop.size
    created_day = timeline.seconds_to_day(pop.created_s)
    end_day = float(timeline.n_days)
    first_day = timeline.seconds_to_day(np.maximum(pop.first_order_s, timeline.start_s))
    churn_clock = np.minimum(timeline.day_to_clock(first_day) + pop.lifetime_clock, timeline.purchase_clock[-1])
    churn_day = timeline.clock_to_day(churn_clock)
    stop = np.where(pop.is_buyer, np.minimum(churn_day + 45, end_day),
                    np.minimum(created_day + rng.exponential(120.0, n), end_day))
    stop = np.where(pop.window_shopper, end_day, np.maximum(stop, created_day + 1))
    stop = np.minimum(stop, end_day)
    weight = np.sqrt(pop.rate + 0.3) * np.exp(0.7 * rng.standard_normal(n)) * np.where(pop.window_shopper, 15, 1)
    exposure = weight * np.maximum(stop - created_day, 0)
    counts = rng.poisson(exposure * target / max(exposure.sum(), 1e-9))
    customer = np.repeat(np.arange(n), counts)
    return customer, _browse_times(rng, timeline, created_day, stop, counts)


def _pre_registration(rng, pop: Population, timeline: Timeline):
    """(customer, start seconds) of anonymous visits in the three weeks before registering."""
    n = pop.size
    eligible = pop.created_s > timeline.start_s + 2 * SECONDS_PER_DAY
    counts = np.where(eligible & (rng.random(n) < 0.4), 1 + rng.poisson(0.8, n), 0)
    customer = np.repeat(np.arange(n), counts)
    lead = rng.uniform(600, 21 * SECONDS_PER_DAY, len(customer)).astype(np.int64)
    started = pop.created_s[customer] - lead
    keep = started >= timeline.start_s
    return customer[keep], started[keep]


def _guest_browsing(rng, guests: Guests, orders: Orders, timeline: Timeline):
    """(guest, start seconds) of guests' visits around their orders."""
    first = np.full(guests.size, timeline.end_s, dtype=np.int64)
    is_guest = orders.guest >= 0
    np.minimum.at(first, orders.guest[is_guest], orders.ordered_s[is_guest])
    counts = rng.poisson(0.5, guests.size)
    guest = np.repeat(np.arange(guests.size), counts)
    day = timeline.seconds_to_day(first[guest]) + rng.uniform(-30, 30, len(guest))
    day = np.clip(day, 0, timeline.n_days - 1).astype(np.int64)
    return guest, timeline.at_time_of_day(rng, day)


def _anonymous(rng, n_visitors: int, timeline: Timeline):
    """(anonymous visitor number, start seconds): mostly one or two visits, some frequent visitors."""
    frequent = rng.random(n_visitors) < FREQUENT_ANONYMOUS_SHARE
    counts = np.where(frequent, 4 + rng.poisson(FREQUENT_ANONYMOUS_VISITS - 4, n_visitors),
                      rng.geometric(1 / OCCASIONAL_ANONYMOUS_VISITS, n_visitors))
    span = np.where(frequent, rng.uniform(20, 60, n_visitors), rng.exponential(30, n_visitors))
    visitor = np.repeat(np.arange(n_visitors), counts)
    first_day = timeline.sample_acquisition_days(rng, n_visitors)
    later = rng.random(len(visitor)) * span[visitor]
    later[group_starts(counts)[counts > 0]] = 0.0
    day = first_day[visitor] + later
    keep = day < timeline.n_days
    return visitor[keep], timeline.at_time_of_day(rng, day[keep].astype(np.int64))


def _anonymous_visitor_count(n_orders: int) -> int:
    visits = (FREQUENT_ANONYMOUS_SHARE * FREQUENT_ANONYMOUS_VISITS
              + (1 - FREQUENT_ANONYMOUS_SHARE) * OCCASIONAL_ANONYMOUS_VISITS)
    return max(1, round(ANONYMOUS_SESSIONS_PER_ORDER * n_orders / visits))


def build_sessions(rng: np.random.Generator, pop: Population, guests: Guests, orders: Orders,
                   catalog: Catalog, timeline: Timeline) -> tuple[Sessions, Visitors]:
    """Generate visitors and all sessions (order sessions included), sorted by start time."""
    visitors = _visitors(rng, pop, guests, _anonymous_visitor_count(orders.size))
    n_orders = orders.size

    # --- who visits, when (order sessions get their start time from the page plan) ---
    is_reg = orders.account >= 0
    order_visitor = np.where(is_reg, visitors.of_customer(rng, np.maximum(orders.account, 0)),
                             visitors.guest_first + np.maximum(orders.guest, 0))
    b_cust, b_start = _customer_browsing(rng, pop, timeline, BROWSE_SESSIONS_PER_ORDER * n_orders)
    p_cust, p_start = _pre_registration(rng, pop, timeline)
    g_guest, g_start = _guest_browsing(rng, guests, orders, timeline)
    a_visitor, a_start = _anonymous(rng, len(visitors.owner) - visitors.anonymous_first, timeline)

    visitor = np.concatenate([order_visitor, visitors.of_customer(rng, b_cust), visitors.customer_first[p_cust],
                              visitors.guest_first + g_guest, visitors.anonymous_first + a_visitor])
    start = np.concatenate([orders.ordered_s, b_start, p_start, g_start, a_start])
    del order_visitor, b_start, p_start, g_start, a_start
    n = len(visitor)
    order = np.concatenate([np.arange(n_orders), np.full(n - n_orders, -1)])
    is_order = order >= 0
    person = visitors.owner[visitor]
    logged = np.concatenate([is_reg & ~orders.guest_checkout, rng.random(len(b_cust)) < 0.7,
                             np.zeros(len(p_cust) + len(g_guest) + len(a_visitor), dtype=bool)])

    # --- traffic source ---
    n_browse = n - n_orders
    identified = visitor < visitors.anonymous_first  # customers' and guests' devices
    browse_channel = np.where(identified[n_orders:], categorical(rng, ref.BROWSE_MIX, n_browse),
                              categorical(rng, ref.ANONYMOUS_MIX, n_browse))
    channel = np.concatenate([orders.channel, browse_channel])
    source = np.concatenate([orders.source, sample_sources(rng, browse_channel)])
    del browse_channel

    # --- checkouts: order sessions sometimes abandon one first; browsing sessions that reach
    # checkout abandon one or more (each return to checkout creates a new one) ---
    prior = np.where(is_order, rng.poisson(PRIOR_ABANDONED_PER_ORDER, n), 0)
    reach = ~is_order & (rng.random(n) < np.where(identified, REACH_CHECKOUT_KNOWN, REACH_CHECKOUT_ANONYMOUS))
    n_reach = int(reach.sum())
    remaining = ABANDONED_PER_COMPLETED * n_orders - prior.sum()
    repeat = max(0.0, remaining - n_reach) / max(n_reach, 1)
    abandoned = np.where(reach, 1 + rng.poisson(repeat, n), 0)

    # --- page plan ---
    bounce = rng.random(n) < 0.45
    n_pages = np.where(is_order, 3 + rng.poisson(1.2, n),
                       np.where(reach, 3 + rng.poisson(0.8, n), np.where(bounce, 1, 2 + rng.poisson(0.9, n))))
    dwell = np.clip(np.round(MEDIAN_DWELL_SECONDS * np.exp(DWELL_SIGMA * rng.standard_normal(int(n_pages.sum())))),
                    1, 3600).astype(np.int64)
    first_page = group_starts(n_pages)
    last_page = first_page + n_pages - 1
    before_last = np.add.reduceat(dwell, first_page) - dwell[last_page]

    # Order sessions: the order is placed on the checkout page, at most ~1 h after the start.
    share = rng.uniform(0.3, 0.9, n)
    lead = before_last + np.maximum(1, np.floor(dwell[last_page] * share)).astype(np.int64)
    room = np.minimum(MAX_ORDER_SESSION_LEAD, start - timeline.start_s)
    squeeze = np.where(is_order & (lead > room), room / np.maximum(lead, 1), 1.0)
    if (squeeze < 1).any():
        dwell = np.maximum(1, np.floor(dwell * np.repeat(squeeze, n_pages))).astype(np.int64)
        before_last = np.add.reduceat(dwell, first_page) - dwell[last_page]
        lead = before_last + np.maximum(1, np.floor(dwell[last_page] * share)).astype(np.int64)
    started = np.where(is_order, start - lead, start)
    checkout_view = started + before_last
    # The last page of an order session cannot run past the end of the window.
    overrun = is_order & (checkout_view + dwell[last_page] > timeline.end_s)
    dwell[last_page[overrun]] = timeline.end_s - checkout_view[overrun]
    total = np.add.reduceat(dwell, first_page)
    # Browsing sessions that would run past the window end start earlier instead.
    late = ~is_order & (started + total > timeline.end_s)
    started = np.where(late, timeline.end_s - total, started)
    checkout_view = started + before_last
    ended = started + total
    del bounce, share, lead, room, squeeze, overrun, late, total, before_last, last_page

    # --- landing page ---
    landing_kind = categorical_by_row(rng, _LANDING_KIND, channel)  # home, category, product, other
    liked = pop.fav_category[np.maximum(person, 0)]
    category = np.where((person >= 0) & (rng.random(n) < 0.6), liked, categorical(rng, DEMAND_SHARES, n))
    is_email = channel == ref.EMAIL_CHANNEL
    collection = np.where(is_email & (rng.random(n) < 0.7),
                          len(CATEGORY_NAMES) + rng.integers(0, len(EXTRA_COLLECTIONS), n), category)
    landing = np.select([landing_kind == 0, landing_kind == 1], [HOME, COLLECTION_START + collection],
                        OTHER_START + rng.integers(0, len(_OTHER_PAGES), n))
    on_product = np.flatnonzero(landing_kind == 2)
    landing[on_product] = PRODUCT_START + catalog.sample(rng, category[on_product], started[on_product])
    del landing_kind, liked, category, is_email, collection, on_product, channel

    # --- logged in only once the account exists ---
    created = pop.created_s[np.maximum(person, 0)]
    customer = np.where(logged & (person >= 0) & (started >= created), person, -1)
    device_text = choose_text(rng, ref.DEVICE_TEXTS, visitors.device[visitor])

    # --- sort by start time and number ---
    by_time = np.lexsort((np.arange(n), started))
    n_pages_sorted = n_pages[by_time]
    flat = np.repeat(first_page[by_time] - group_starts(n_pages_sorted), n_pages_sorted) + np.arange(len(dwell))
    def small(values: np.ndarray, dtype=np.int32) -> np.ndarray:  # compact copy in start-time order
        return values.astype(dtype)[by_time]

    sessions = Sessions(
        visitor=small(visitor), person=small(person), customer=small(customer),
        started_s=started[by_time], ended_s=ended[by_time], source=small(source, np.int16),
        attribution_s=np.where(is_order, start, started)[by_time], order=small(order),
        abandoned=small(abandoned, np.int16), prior_abandoned=small(prior, np.int16),
        checkout_view_s=checkout_view[by_time], landing=small(landing), device_text=small(device_text, np.int16),
        n_pages=n_pages_sorted.astype(np.int32), dwell=dwell.astype(np.int32)[flat],
        session_id=col.id_strings("S", np.arange(1, n + 1), 8),
    )
    return sessions, visitors


def build_page_views(rng: np.random.Generator, sessions: Sessions, pop: Population, catalog: Catalog,
                     kinds: np.ndarray, paths: pa.Array) -> Iterator[pa.Table]:
    """Page views of every session, following its page plan, in chunks of whole sessions.

    Chunks keep memory bounded (and string columns under 2 GB) on the
    largest runs; each chunk has its own random stream spawned from ``rng``.
    """
    first_page = group_starts(sessions.n_pages)
    for lo in range(0, max(sessions.size, 1), PAGE_VIEW_CHUNK_SESSIONS):
        hi = min(lo + PAGE_VIEW_CHUNK_SESSIONS, sessions.size)
        yield _page_view_chunk(rng.spawn(1)[0], sessions, lo, hi, int(first_page[lo]) if hi > lo else 0,
                               pop, catalog, kinds, paths)


def _page_view_chunk(rng: np.random.Generator, sessions: Sessions, lo: int, hi: int, first_id: int,
                     pop: Population, catalog: Catalog, kinds: np.ndarray, paths: pa.Array) -> pa.Table:
    """Page views of sessions ``lo`` to ``hi`` (exclusive); ids continue from ``first_id``."""
    n_pages = sessions.n_pages[lo:hi].astype(np.int64)
    total = int(n_pages.sum())
    dwell = sessions.dwell[first_id:first_id + total].astype(np.int64)
    session = lo + np.repeat(np.arange(hi - lo), n_pages)
    position = np.arange(total) - np.repeat(group_starts(n_pages), n_pages)
    from_end = sessions.n_pages[session] - 1 - position
    reaches_checkout = (sessions.order >= 0) | (sessions.abandoned > 0)

    kind = categorical(rng, _MIDDLE_KIND, total)  # home, category, product, other, cart
    page = np.array([HOME, COLLECTION_START, PRODUCT_START, OTHER_START, CART])[kind]
    rows = np.flatnonzero((kind == 1) | (kind == 2))
    person = sessions.person[session[rows]]
    liked = pop.fav_category[np.maximum(person, 0)]
    category = np.where((person >= 0) & (rng.random(len(rows)) < 0.5), liked,
                        categorical(rng, DEMAND_SHARES, len(rows)))
    is_product_row = kind[rows] == 2
    product_rows = rows[is_product_row]
    page[rows[~is_product_row]] += category[~is_product_row]
    page[product_rows] += catalog.sample(rng, category[is_product_row], sessions.started_s[session[product_rows]])
    other = np.flatnonzero(kind == 3)
    page[other] += rng.integers(0, len(_OTHER_PAGES), len(other))
    tail = reaches_checkout[session]
    page[tail & (from_end == 1)] = CART
    page[tail & (from_end == 0)] = CHECKOUT
    page[position == 0] = sessions.landing[session[position == 0]]

    viewed = sessions.started_s[session] + exclusive_group_cumsum(dwell, n_pages)
    is_product = kinds[page] == PAGE_TYPES.index("product")
    return pa.table({
        "page_view_id": col.id_strings("PV", np.arange(first_id + 1, first_id + total + 1), 10),
        "session_id": sessions.session_id.take(pa.array(session)),
        "viewed_at": col.timestamps(viewed),
        "page_type": col.pick(PAGE_TYPES, kinds[page]),
        "page_path": paths.take(pa.array(page)),
        "product_id": catalog.product_id.take(pa.array(np.where(is_product, page - PRODUCT_START, 0),
                                                       mask=~is_product)),
        "time_on_page_seconds": col.integers(dwell),
    })
