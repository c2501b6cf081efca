"""Registered customers, their B2B companies, and names/e-mails for other people.

Each customer gets latent behaviour used by the later steps: whether and when
they first buy, a heavy-tailed purchase rate, a churn point on the purchase
clock, a basket size factor, category affinity and an acquisition channel.
Customers are numbered in registration order with plain numeric ids
(``10001``, ``10003``, ...), so ``17850.0``-style float ids are meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from . import reference as ref
from .catalog import CATEGORIES, DEMAND_SHARES
from .sampling import (categorical, categorical_by_row, choose_text, group_starts, lognormal_median,
                       text_vocabulary)
from .timeline import SECONDS_PER_DAY, Timeline

BUYER_SHARE = 0.75
B2B_SHARE = 0.05
WINDOW_SHOPPER_SHARE = 0.03
IMPORTED_SHARE = 0.20  # accounts migrated from the previous shop system when the window opens
LOYAL_SHARE = 0.20  # customers who do not churn within the window
MEAN_LIFETIME_CLOCK_DAYS = 200.0


# --------------------------------------------------------------------------
# geography and names, shared by customers, guests and prospects
# --------------------------------------------------------------------------
_CITY_TABLE = np.array([[c.weight if c.country == k.code else 0.0 for c in ref.CITIES] for k in ref.COUNTRIES])
CITY_LAT = np.array([c.lat for c in ref.CITIES])
CITY_LON = np.array([c.lon for c in ref.CITIES])
CITY_NAMES = tuple(c.name for c in ref.CITIES)
CITY_REGIONS = tuple(c.region for c in ref.CITIES)
CITY_IN_ILE_DE_FRANCE = np.array([c.region == "Île-de-France" for c in ref.CITIES])
POSTAL_CODES = tuple(code for c in ref.CITIES for code in c.postal_codes)
_POSTAL_COUNT = np.array([len(c.postal_codes) for c in ref.CITIES])
_POSTAL_START = np.concatenate([[0], np.cumsum(_POSTAL_COUNT)[:-1]])
COUNTRY_SHARES = np.array([c.share for c in ref.COUNTRIES])
COUNTRY_CURRENCY = np.array([ref.CURRENCIES.index(c.currency) for c in ref.COUNTRIES])


def sample_countries(rng: np.random.Generator, size: int) -> np.ndarray:
    """Country indices with the store's customer mix (FR ~45 %)."""
    return categorical(rng, COUNTRY_SHARES, size)


def sample_cities(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """A city of each given country, big cities more likely."""
    return categorical_by_row(rng, _CITY_TABLE, country)


def sample_postal_codes(rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
    """Index into ``POSTAL_CODES`` of a real code of each city."""
    return _POSTAL_START[city] + np.floor(rng.random(len(city)) * _POSTAL_COUNT[city]).astype(np.int64)


def _flat(lists: list[tuple[str, ...]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Concatenated lists, the start of each list and its size."""
    flat = [x for xs in lists for x in xs]
    sizes = np.array([len(xs) for xs in lists])
    return flat, group_starts(sizes), sizes


_GROUP_OF_COUNTRY = np.array([ref.NAME_GROUPS.index(c.name_group) for c in ref.COUNTRIES])
# first names per (name group, gender) with gender 0 = female, 1 = male
_FIRST_FLAT, _FIRST_START, _FIRST_SIZE = _flat([ref.NAMES[g][s] for g in ref.NAME_GROUPS for s in (0, 1)])
_LAST_FLAT, _LAST_START, _LAST_SIZE = _flat([ref.NAMES[g][2] for g in ref.NAME_GROUPS])
_DOMAIN_OPTIONS = [c.email_domains for c in ref.COUNTRIES]


def _email_part(name: str) -> str:
    return "".join(ch for ch in ref.ascii_fold(name) if ch.isalnum())


@dataclass
class Names:
    """Names of people as display strings and as e-mail-safe ASCII."""

    first: pa.Array
    last: pa.Array
    first_ascii: pa.Array
    last_ascii: pa.Array


def sample_names(rng: np.random.Generator, country: np.ndarray, gender: np.ndarray) -> Names:
    """First and last names that fit each person's country and gender (other -> either)."""
    n = len(country)
    group = _GROUP_OF_COUNTRY[country]
    name_gender = np.where(gender == 2, rng.integers(0, 2, n), gender)
    pool = group * 2 + name_gender
    first_idx = _FIRST_START[pool] + np.floor(rng.random(n) * _FIRST_SIZE[pool]).astype(np.int64)
    last_idx = _LAST_START[group] + np.floor(rng.random(n) * _LAST_SIZE[group]).astype(np.int64)
    return Names(
        first=col.pick(_FIRST_FLAT, first_idx),
        last=col.pick(_LAST_FLAT, last_idx),
        first_ascii=col.pick([_email_part(x) for x in _FIRST_FLAT], first_idx),
        last_ascii=col.pick([_email_part(x) for x in _LAST_FLAT], last_idx),
    )


def personal_email_parts(rng: np.random.Generator, country: np.ndarray, names: Names) -> tuple[pa.Array, pa.Array]:
    """Local part (``marie.dupont``, ``mdupont``-like patterns) and a provider domain per person."""
    n = len(country)
    first, last = names.first_ascii, names.last_ascii
    two_digits = col.numbers_as_text(rng.integers(10, 100, n))
    initial = pc.utf8_slice_codeunits(first, 0, 1)
    patterns = [
        col.concat(first, ".", last),
        col.concat(first, last),
        col.concat(initial, ".", last),
        col.concat(first, "_", last),
        col.concat(first, ".", last, two_digits),
        col.concat(first, two_digits),
        col.concat(last, ".", first),
    ]
    which = categorical(rng, (0.35, 0.12, 0.10, 0.06, 0.17, 0.10, 0.10), n).astype(np.int8)
    local = pc.choose(pa.array(which), *patterns)
    domain = col.pick(text_vocabulary(_DOMAIN_OPTIONS), choose_text(rng, _DOMAIN_OPTIONS, country))
    return local, domain


def unique_emails(local: pa.Array, domain: pa.Array, numbers: np.ndarray,
                  taken: pa.Array | None = None) -> pa.Array:
    """``local@domain``, with ``.<number>`` added where the address repeats or is ``taken``.

    Natural local parts never contain a dot followed by digits, and ``numbers``
    are distinct, so the result is unique and disjoint from ``taken``.
    """
    email = col.concat(local, "@", domain)
    codes = pc.dictionary_encode(email).indices.to_numpy()
    _, first_seen = np.unique(codes, return_index=True)
    clash = np.ones(len(codes), dtype=bool)
    clash[first_seen] = False
    if taken is not None:
        clash |= pc.is_in(email, value_set=taken).to_numpy(zero_copy_only=False)
    if not clash.any():
        return email
    suffixed = col.concat(local, ".", col.numbers_as_text(numbers), "@", domain)
    return pc.if_else(pa.array(clash), suffixed, email)


# --------------------------------------------------------------------------
# customers
# --------------------------------------------------------------------------
@dataclass
class Population:
    """Registered customers: latent behaviour (numpy) and the ``customers`` table."""

    customer_num: np.ndarray
    customer_id: pa.Array
    created_s: np.ndarray
    updated_s: np.ndarray
    country: np.ndarray
    city: np.ndarray
    email: pa.Array  # normalised (lower case, trimmed); null for accounts without e-mail
    has_email: np.ndarray
    shared_email: np.ndarray  # one of a pair of accounts that share an e-mail address
    consent: np.ndarray  # index into reference.CONSENTS
    status: np.ndarray  # index into reference.ACCOUNT_STATUSES
    is_buyer: np.ndarray
    first_order_s: np.ndarray  # -1 for customers who never order
    rate: np.ndarray  # relative purchase rate (0 for non-buyers)
    lifetime_clock: np.ndarray  # purchase-clock days from first order to churn (inf: loyal)
    basket: np.ndarray  # basket size factor
    fav_category: np.ndarray
    second_category: np.ndarray
    acquisition_channel: np.ndarray
    is_b2b: np.ndarray
    window_shopper: np.ndarray  # browses a lot, rarely buys
    table: pa.Table
    companies: pa.Table | None  # None when the companies table is not generated

    @property
    def size(self) -> int:
        return len(self.customer_num)


def _timing(rng: np.random.Generator, timeline: Timeline, is_buyer: np.ndarray,
            imported: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Registration time and first-order time (-1 for non-buyers)."""
    n = len(is_buyer)
    arrival_day = timeline.sample_acquisition_days(rng, n)
    # Migrated customers already bought before the window: they come back early in it.
    returning_day = timeline.sample_clock_days(rng, np.zeros(n), np.full(n, min(120.0, timeline.n_days)))
    arrival = timeline.at_time_of_day(rng, np.where(imported, returning_day, arrival_day))
    at_checkout = rng.random(n) < 0.55
    lead = np.where(at_checkout, rng.integers(120, 1500, n),
                    (rng.exponential(45.0, n) * SECONDS_PER_DAY).astype(np.int64))
    created = np.where(is_buyer, arrival - lead, arrival)
    # Accounts cannot predate the window: those register somewhere between its start and arrival.
    early = timeline.start_s + (rng.random(n) * (arrival - timeline.start_s)).astype(np.int64)
    created = np.where(created < timeline.start_s, early, created)
    created = np.where(imported, timeline.start_s + rng.integers(0, 4 * 3600, n), created)
    first_order = np.where(is_buyer, timeline.clamp(np.maximum(arrival, created + 60)), -1)
    return created, first_order


def _tags(rng: np.random.Generator, n: int, is_b2b: np.ndarray, consent: np.ndarray,
          value: np.ndarray) -> pa.Array:
    """Merchant tags, comma-separated: vip (mostly the best customers), wholesale (B2B), ..."""
    high_value = value >= np.quantile(value, 0.95)
    subscribed = consent == ref.CONSENTS.index("subscribed")
    has_tag = {
        "vip": rng.random(n) < np.where(high_value, 0.6, 0.004),
        "wholesale": is_b2b & (rng.random(n) < 0.7),
        "influencer": rng.random(n) < 0.005,
        "staff": rng.random(n) < 0.003,
        "newsletter_signup": subscribed & (rng.random(n) < 0.4),
        "loyalty_member": rng.random(n) < 0.15,
    }
    upper = (rng.random(n) < 0.1).astype(np.int64)  # some staff write "VIP"
    parts = [col.pick([tag, tag.upper()], np.where(has_tag[tag], upper if tag == "vip" else 0, -1))
             for tag in ref.TAGS]
    separator = col.pick([", ", ","], (rng.random(n) < 0.4).astype(np.int64))
    return col.join_nonnull(parts, separator)


def _interests(rng: np.random.Generator, fav_category: np.ndarray) -> pa.Array:
    """Declared interests of ~40 % of customers, leaning to their favourite category."""
    n = len(fav_category)
    k = len(ref.INTERESTS)
    affinity = np.zeros((len(CATEGORIES), k))
    for c, cat in enumerate(CATEGORIES):
        affinity[c, [ref.INTERESTS.index(i) for i in cat.interests]] = 0.6
    score = rng.random((n, k)) + affinity[fav_category]
    top = np.argsort(-score, axis=1)[:, :3]
    count = np.where(rng.random(n) < 0.4, 1 + categorical(rng, (0.45, 0.35, 0.20), n), 0)
    vocab = list(ref.INTERESTS) + [w.capitalize() for w in ref.INTERESTS]
    parts = []
    for j in range(3):
        capital = (rng.random(n) < 0.2).astype(np.int64) * k
        parts.append(col.pick(vocab, np.where(count > j, top[:, j] + capital, -1)))
    separator = col.pick([", ", ",", " , "], categorical(rng, (0.7, 0.2, 0.1), n))
    return col.join_nonnull(parts, separator)


def _companies(rng: np.random.Generator, company_country: np.ndarray) -> tuple[pa.Table, pa.Array]:
    """Companies table and each company's e-mail domain."""
    m = len(company_country)
    industry = categorical(rng, [s for _, s, _ in ref.INDUSTRIES], m)
    word_options = [tuple((w, 1.0) for w in ws) for _, _, ws in ref.INDUSTRIES]
    words, word_idx = text_vocabulary(word_options), choose_text(rng, word_options, industry)
    group = _GROUP_OF_COUNTRY[company_country]
    last_idx = _LAST_START[group] + np.floor(rng.random(m) * _LAST_SIZE[group]).astype(np.int64)
    suffixes = [ref.LEGAL_SUFFIXES[c.code] for c in ref.COUNTRIES]
    name = col.join_nonnull([col.pick(words, word_idx), col.pick(_LAST_FLAT, last_idx),
                             col.pick(suffixes, company_country)], " ")
    domain = col.concat(col.pick([ref.slugify(w) for w in words], word_idx), "-",
                        col.pick([ref.slugify(x) for x in _LAST_FLAT], last_idx), ".",
                        col.pick([c.tld for c in ref.COUNTRIES], company_country))
    employees = np.clip(np.round(lognormal_median(rng, 12.0, 1.7, m)), 1, 5000).astype(np.int64)
    revenue_eur = employees * lognormal_median(rng, 110_000.0, 0.5, m)
    revenue_cents = np.maximum(np.round(revenue_eur / 1000), 1).astype(np.int64) * 1000 * 100
    table = pa.table({
        "company_id": col.id_strings("CMP", np.arange(1, m + 1), 5),
        "name": name,
        "industry": col.pick([i for i, _, _ in ref.INDUSTRIES], industry),
        "employee_count": col.integers(employees),
        "annual_revenue": col.money(revenue_cents, precision=14),
        "country": col.pick(ref.COUNTRY_CODES, company_country),
    })
    return table, domain


def build_population(rng: np.random.Generator, n: int, timeline: Timeline, with_companies: bool) -> Population:
    """Generate ``n`` registered customers (and their companies)."""
    # Behaviour first: it decides registration times, which decide the numbering.
    window_shopper = rng.random(n) < WINDOW_SHOPPER_SHARE
    is_buyer = rng.random(n) < np.where(window_shopper, 0.5, BUYER_SHARE)
    is_b2b = rng.random(n) < B2B_SHARE
    imported = rng.random(n) < IMPORTED_SHARE
    acquisition = categorical(rng, ref.ACQUISITION_MIX, n)
    rate = (lognormal_median(rng, 1.0, 0.65, n) * np.array(ref.CHANNEL_LOYALTY)[acquisition]
            * np.where(is_b2b, 1.6, 1.0) * np.where(window_shopper, 0.15, 1.0) * is_buyer)
    lifetime = np.where(rng.random(n) < LOYAL_SHARE, np.inf, rng.exponential(MEAN_LIFETIME_CLOCK_DAYS, n))
    basket = lognormal_median(rng, 1.0, 0.45, n)
    created, first_order = _timing(rng, timeline, is_buyer, imported)

    order = np.lexsort((np.arange(n), created))
    (window_shopper, is_buyer, is_b2b, imported, acquisition, rate, lifetime, basket, created, first_order) = (
        a[order] for a in (window_shopper, is_buyer, is_b2b, imported, acquisition, rate, lifetime, basket,
                           created, first_order))
    customer_num = 10_000 + np.cumsum(categorical(rng, (0.8, 0.12, 0.08), n) + 1)
    customer_id = col.numbers_as_text(customer_num)

    # Where they live.
    country = sample_countries(rng, n)
    city = sample_cities(rng, country)
    lat = CITY_LAT[city] + rng.normal(0, 0.02, n)
    lon = CITY_LON[city] + rng.normal(0, 0.03, n)
    postal = sample_postal_codes(rng, city)
    no_address = ~is_buyer & (rng.random(n) < 0.03)

    # Who they are.
    gender = categorical(rng, (0.52, 0.47, 0.01), n)
    names = sample_names(rng, country, gender)
    age_years = np.clip(rng.normal(39, 13, n), 18, 85)
    end_day = timeline.end_s // SECONDS_PER_DAY
    birth_day = (end_day - age_years * 365.25 - rng.random(n) * 365).astype(np.int64)
    gender_vocab = [*text_vocabulary(ref.GENDER_TEXTS), ""]
    gender_idx = choose_text(rng, ref.GENDER_TEXTS, gender)
    presentation = categorical(rng, (0.72, 0.06, 0.22), n)  # as given, empty string, null
    gender_idx = np.where(presentation == 0, gender_idx, np.where(presentation == 1, len(gender_vocab) - 1, -1))
    lang_options = [c.languages for c in ref.COUNTRIES]
    lang_vocab, lang_idx = text_vocabulary(lang_options), choose_text(rng, lang_options, country)
    lang_idx = np.where(rng.random(n) < 0.04, -1, lang_idx)

    # Companies of the B2B customers.
    b2b_rows = np.flatnonzero(is_b2b)
    m = round(len(b2b_rows) / 1.4)
    assignment = np.concatenate([np.arange(m), categorical(rng, lognormal_median(rng, 1.0, 1.0, max(m, 1)),
                                                           len(b2b_rows) - m)])
    company = np.full(n, -1, dtype=np.int64)
    company[b2b_rows] = assignment
    first_member = b2b_rows[:m]  # company k's first member is the k-th B2B customer
    companies, company_domain = _companies(rng, country[first_member])

    # E-mail addresses: personal providers, company domain for B2B buyers.
    local, domain = personal_email_parts(rng, country, names)
    b2b = pa.array(is_b2b)
    domain = pc.if_else(b2b, company_domain.take(pa.array(np.maximum(company, 0), mask=company < 0)), domain)
    local = pc.if_else(b2b, col.concat(names.first_ascii, ".", names.last_ascii), local)
    email = unique_emails(local, domain, customer_num)
    has_email = ~((~is_buyer | imported) & (rng.random(n) < 0.02))
    email = pc.if_else(pa.array(has_email), email, pa.scalar(None, pa.string()))
    # A few pairs of accounts share one address (couples, shared family mailbox).
    shared = np.zeros(n, dtype=bool)
    candidates = np.flatnonzero(has_email & ~is_b2b)
    n_pairs = min(max(1, round(0.001 * n)), len(candidates) // 2)
    pairs = rng.choice(candidates, size=2 * n_pairs, replace=False).reshape(-1, 2)
    email_index = np.arange(n)
    email_index[pairs[:, 1]] = pairs[:, 0]
    email = email.take(pa.array(email_index))
    shared[pairs.ravel()] = True

    # Marketing and account attributes.
    consent = categorical(rng, (0.55, 0.28, 0.10, 0.07), n)
    consent = np.where(has_email, consent, ref.CONSENTS.index("not_subscribed"))
    status = np.where(is_buyer, categorical(rng, (0.96, 0.04, 0.0, 0.0), n),
                      categorical(rng, (0.70, 0.06, 0.18, 0.06), n))
    fav = categorical(rng, DEMAND_SHARES, n)
    second = categorical(rng, DEMAND_SHARES, n)
    online_app = categorical(rng, (0.78, 0.12, 0.10), n)  # web, ios, android
    in_shop = CITY_IN_ILE_DE_FRANCE[city] & (rng.random(n) < 0.2)  # signed up at the Paris shop's till
    created_by = np.where(imported, ref.CREATED_BY_APPS.index("import"),
                          np.where(in_shop, ref.CREATED_BY_APPS.index("pos"), online_app))
    income_idx = np.where(rng.random(n) < 0.2, categorical(rng, [w for _, w in ref.INCOME_BANDS], n), -1)
    updated = created + ((timeline.end_s - created) * rng.random(n) ** 0.7).astype(np.int64)

    if with_companies:
        company_id = companies.column("company_id").combine_chunks().take(pa.array(company, mask=company < 0))
    else:
        company_id = pa.nulls(n, pa.string())
    table = pa.table({
        "customer_id": customer_id,
        "email": email,
        "first_name": names.first,
        "last_name": names.last,
        "birth_date": col.dates(birth_day, mask=rng.random(n) < 0.10),
        "gender": col.pick(gender_vocab, gender_idx),
        "language": col.pick(lang_vocab, lang_idx),
        "city": col.pick(CITY_NAMES, np.where(no_address, -1, city)),
        "region": col.pick(CITY_REGIONS, np.where(no_address, -1, city)),
        "postal_code": col.pick(POSTAL_CODES, np.where(no_address, -1, postal)),
        "country": col.pick(ref.COUNTRY_CODES, country),
        "latitude": pa.array(np.round(lat, 5), mask=no_address),
        "longitude": pa.array(np.round(lon, 5), mask=no_address),
        "tags": _tags(rng, n, is_b2b, consent, rate * basket),
        "interests": _interests(rng, fav),
        "income_band": col.pick([b for b, _ in ref.INCOME_BANDS], income_idx),
        "account_status": col.pick(ref.ACCOUNT_STATUSES, status),
        "email_marketing_consent": col.pick(ref.CONSENTS, consent),
        "company_id": company_id,
        "created_by_app": col.pick(ref.CREATED_BY_APPS, created_by),
        "created_at": col.timestamps(created),
        "updated_at": col.timestamps(updated),
    })
    return Population(
        customer_num=customer_num, customer_id=customer_id, created_s=created, updated_s=updated,
        country=country, city=city, email=email, has_email=has_email, shared_email=shared,
        consent=consent, status=status, is_buyer=is_buyer, first_order_s=first_order, rate=rate,
        lifetime_clock=lifetime, basket=basket, fav_category=fav, second_category=second,
        acquisition_channel=acquisition, is_b2b=is_b2b, window_shopper=window_shopper, table=table,
        companies=companies if with_companies else None,
    )
