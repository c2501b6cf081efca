"""E-mail marketing events: weekly newsletters and promotional sends.

Each campaign goes to a random sample of the accounts that can receive it
(e-mail present, account enabled, consent ``subscribed`` - or ``unsubscribed``
before the moment they unsubscribed). Per send: bounced (~1.5 %) or
delivered; delivered mails are opened at a per-customer rate (mean 25 %),
opened mails clicked (mean 15 %), a few marked as spam (0.1 %); customers
whose consent is ``unsubscribed`` stopped receiving mails at some point, about
half of them through the link of the last mail they got.
The sample size is set so events are about 1.5 x the number of orders.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .people import Population
from .sampling import lognormal_median, position_in_group
from .timeline import Timeline

EVENT_TYPES = ("delivered", "opened", "clicked", "bounced", "marked_as_spam", "unsubscribed")
EVENTS_PER_ORDER = 1.5
EVENTS_PER_SEND = 1.3  # delivered or bounced, plus opens, clicks, ...
BOUNCE_RATE = 0.015
SPAM_RATE = 0.001
UNSUBSCRIBE_VIA_LINK = 0.45  # the others unsubscribed in their account settings


def build_email_events(rng: np.random.Generator, pop: Population, timeline: Timeline, n_orders: int) -> pa.Table:
    """The clean ``email_events`` table, sorted by time."""
    subscribed = pop.consent == ref.CONSENTS.index("subscribed")
    unsubscribed = pop.consent == ref.CONSENTS.index("unsubscribed")
    reachable = pop.has_email & (subscribed | unsubscribed) & (pop.status == ref.ACCOUNT_STATUSES.index("enabled"))
    via_link = rng.random(pop.size) < UNSUBSCRIBE_VIA_LINK
    unsubscribe_s = np.where(unsubscribed, pop.created_s + rng.random(pop.size) * (timeline.end_s - pop.created_s),
                             np.inf)

    # Every (customer, campaign) pair the customer could receive: a run of consecutive campaigns.
    sends_s = timeline.campaign_s
    first = np.searchsorted(sends_s, pop.created_s, side="right")
    last = np.searchsorted(sends_s, unsubscribe_s, side="left")
    runs = np.where(reachable, np.maximum(last - first, 0), 0)
    customer = np.repeat(np.arange(pop.size), runs)
    campaign = np.repeat(first, runs) + position_in_group(runs)
    sample = min(1.0, EVENTS_PER_ORDER * n_orders / EVENTS_PER_SEND / max(len(customer), 1))
    keep = rng.random(len(customer)) < sample
    customer, campaign = customer[keep], campaign[keep]
    n = len(customer)

    sent = sends_s[campaign] + rng.integers(0, 7200, n)
    arrived = sent + rng.integers(5, 300, n)
    bounced = rng.random(n) < BOUNCE_RATE
    open_rate = rng.beta(1.2, 3.6, pop.size)
    click_rate = rng.beta(1.5, 8.5, pop.size)
    opened = ~bounced & (rng.random(n) < open_rate[customer])
    clicked = opened & (rng.random(n) < click_rate[customer])
    spam = ~bounced & (rng.random(n) < SPAM_RATE)
    opened_s = arrived + lognormal_median(rng, 3 * 3600.0, 1.3, n).astype(np.int64)
    # Unsubscribed customers left from the last mail delivered to them.
    # (pairs are ordered by customer, then campaign)
    delivered = np.flatnonzero(~bounced)
    last_delivered = np.zeros(n, dtype=bool)
    if len(delivered):
        last_delivered[delivered[np.r_[customer[delivered][1:] != customer[delivered][:-1], True]]] = True
    unsub = last_delivered & unsubscribed[customer] & via_link[customer]

    event_customer = np.concatenate([customer] * 6)
    event_campaign = np.concatenate([campaign] * 6)
    event_type = np.repeat(np.arange(len(EVENT_TYPES)), n)  # one block per type, in this order:
    present = np.concatenate([~bounced, opened, clicked, bounced, spam, unsub])
    when = np.concatenate([
        arrived, opened_s, opened_s + rng.integers(5, 600, n), arrived,
        arrived + lognormal_median(rng, 6 * 3600.0, 1.0, n).astype(np.int64),
        np.where(opened, opened_s, arrived) + rng.integers(30, 3600, n),
    ])
    present &= when <= timeline.end_s
    event_customer, event_campaign, event_type, when = (
        a[present] for a in (event_customer, event_campaign, event_type, when))

    by_time = np.argsort(when, kind="stable")
    event_customer, event_campaign, event_type, when = (
        a[by_time] for a in (event_customer, event_campaign, event_type, when))
    return pa.table({
        "event_id": col.id_strings("E", np.arange(1, len(when) + 1), 9),
        "customer_id": pop.customer_id.take(pa.array(event_customer)),
        "email": pop.email.take(pa.array(event_customer)),
        "campaign_id": col.pick(timeline.campaign_ids, event_campaign),
        "event_type": col.pick(EVENT_TYPES, event_type),
        "occurred_at": col.timestamps(when),
    })
