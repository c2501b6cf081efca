"""Checkouts: one completed checkout per order, and abandoned ones (~70 % of all).

A completed checkout is created on the checkout page of the session that
placed the order, just before ``ordered_at``, and carries the order's
customer, e-mail, session, subtotal and currency. Abandoned checkouts end
browsing sessions (or precede the completed one in an order session); they
carry an e-mail when the visitor was logged in or typed one.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .commerce import EUR_PER_UNIT, Guests, Orders
from .people import (COUNTRY_CURRENCY, Population, personal_email_parts, sample_names, unique_emails)
from .sampling import categorical, lognormal_median, position_in_group
from .traffic import Sessions, Visitors

TYPED_EMAIL_KNOWN = 0.6  # share of known visitors who typed their e-mail before abandoning
TYPED_EMAIL_ANONYMOUS = 0.25


def build_checkouts(rng: np.random.Generator, sessions: Sessions, visitors: Visitors, orders: Orders,
                    pop: Population, guests: Guests, with_session_ids: bool) -> pa.Table:
    """The clean ``checkouts`` table, sorted by creation time."""
    in_order = np.flatnonzero(sessions.order >= 0)
    per_session = sessions.prior_abandoned + sessions.abandoned
    abandoned = np.repeat(np.arange(sessions.size), per_session)
    session = np.concatenate([in_order, abandoned])
    n_done = len(in_order)
    n = len(session)
    order = np.concatenate([sessions.order[in_order], sessions.order[abandoned]])
    completed = np.arange(n) < n_done

    # Created on the checkout page; the earlier ones of a session part-way through it.
    view = sessions.checkout_view_s[session]
    started = sessions.started_s[session]
    last_of_session = np.zeros(n, dtype=bool)
    last_of_session[n_done:] = position_in_group(per_session[per_session > 0]) == per_session[abandoned] - 1
    on_checkout_page = completed | (last_of_session & (sessions.order[session] < 0))
    early = started + np.floor((view - started) * rng.uniform(0.2, 0.95, n)).astype(np.int64)
    created = np.where(on_checkout_page, view, early)

    # Who: the logged-in customer, the order's buyer, or an e-mail typed at checkout.
    has_order = order >= 0
    o = np.maximum(order, 0)
    logged = sessions.customer[session]
    customer = np.where(completed, np.where((orders.account[o] >= 0) & ~orders.guest_checkout[o],
                                            orders.account[o], -1), logged)
    visitor = sessions.visitor[session]
    person = visitors.owner[visitor]
    guest = np.where((visitor >= visitors.guest_first) & (visitor < visitors.anonymous_first),
                     visitor - visitors.guest_first, -1)
    typed = rng.random(n)
    prospect = (person < 0) & (guest < 0) & ~has_order & (typed < TYPED_EMAIL_ANONYMOUS)
    prospects = np.flatnonzero(prospect)
    p_country = visitors.country[visitor[prospects]]
    names = sample_names(rng, p_country, categorical(rng, (0.52, 0.47, 0.01), len(prospects)))
    local, domain = personal_email_parts(rng, p_country, names)
    taken = pa.concat_arrays([pop.email.drop_null(), guests.email])
    prospect_email = unique_emails(local, domain, 70_000_000 + prospects, taken=taken)
    # One vocabulary of addresses: accounts, then guests, then prospects.
    emails = pa.concat_arrays([pop.email, guests.email, prospect_email])
    order_email = np.where(orders.account[o] >= 0, orders.account[o], pop.size + orders.guest[o])
    prospect_slot = np.zeros(n, dtype=np.int64)
    prospect_slot[prospects] = pop.size + guests.size + np.arange(len(prospects))
    email = np.select(
        [has_order, logged >= 0, (person >= 0) & (typed < TYPED_EMAIL_KNOWN),
         (guest >= 0) & (typed < TYPED_EMAIL_KNOWN), prospect],
        [order_email, logged, person, pop.size + guest, prospect_slot], -1)

    # What: the order's subtotal, or a typical basket in the visitor's currency.
    currency = np.where(has_order, orders.currency[o], COUNTRY_CURRENCY[visitors.country[visitor]])
    basket_eur_cents = lognormal_median(rng, 5500.0, 0.75, n)
    amount = np.where(completed, orders.subtotal[o], np.round(basket_eur_cents / EUR_PER_UNIT[currency]))

    by_time = np.argsort(created, kind="stable")
    customer, email, session, o, completed = (a[by_time] for a in (customer, email, session, o, completed))
    session_id = sessions.session_id.take(pa.array(session)) if with_session_ids else pa.nulls(n, pa.string())
    return pa.table({
        "checkout_id": col.id_strings("CHK", np.arange(1, n + 1), 8),
        "customer_id": pop.customer_id.take(pa.array(np.maximum(customer, 0), mask=customer < 0)),
        "email": emails.take(pa.array(np.maximum(email, 0), mask=email < 0)),
        "session_id": session_id,
        "created_at": col.timestamps(created[by_time]),
        "completed_order_id": orders.order_id.take(pa.array(o, mask=~completed)),
        "cart_amount": col.money(amount.astype(np.int64)[by_time]),
        "currency": col.pick(ref.CURRENCIES, currency[by_time]),
    })
