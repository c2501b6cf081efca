"""The store's calendar: data window, seasonality, time of day and newsletter schedule.

Demand per day is a product of a smooth yearly curve (summer dip, November and
December peak), a weekday pattern and retail events (Black Friday week, Cyber
Monday, Christmas, French winter and summer sales). Customers' own purchase
rhythms run on a *purchase clock* (cumulative demand), so a regular
customer buys more often in December than in August without losing his cycle.
Times of day follow a Paris evening-heavy profile and are stored in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .sampling import categorical

SECONDS_PER_DAY = 86_400
EPOCH = date(1970, 1, 1)

# Demand at mid-month (day of year), interpolated periodically.
_MID_MONTH_DOY = np.array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349], dtype=np.float64)
_MONTH_DEMAND = np.array([1.05, 0.88, 0.95, 0.95, 0.97, 0.97, 0.86, 0.70, 1.0, 1.05, 1.28, 1.45])
_WEEKDAY_DEMAND = np.array([1.10, 1.00, 1.00, 0.95, 0.88, 0.82, 1.15])  # Monday .. Sunday
# Share of the day's traffic per local (Paris) hour.
_HOUR_WEIGHTS = np.array([0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.6, 1.2, 1.9, 2.3, 2.5, 2.7,
                          3.2, 3.1, 2.8, 2.7, 2.8, 3.0, 3.4, 4.0, 4.6, 4.8, 3.9, 2.0])
# Yearly growth of customer acquisition over the window (+60 % from first to last day).
_GROWTH = 0.6


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based) given weekday (Monday = 0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    """The last given weekday (Monday = 0) of a month."""
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def retail_events(year: int) -> dict[str, date]:
    """Key retail dates of a year for a French web shop."""
    black_friday = _nth_weekday(year, 11, 3, 4) + timedelta(days=1)
    return {
        "black_friday": black_friday,
        "cyber_monday": black_friday + timedelta(days=3),
        "christmas": date(year, 12, 25),
        "winter_sales": _nth_weekday(year, 1, 2, 2),
        "summer_sales": _last_weekday(year, 6, 2),
    }


def _event_factors(days: list[date]) -> np.ndarray:
    """Multiplicative demand boost of retail events per day."""
    factor = np.ones(len(days))
    index = {d: i for i, d in enumerate(days)}
    years = range(days[0].year, days[-1].year + 1)

    def boost(d: date, f: float) -> None:
        i = index.get(d)
        if i is not None:
            factor[i] *= f

    for year in years:
        ev = retail_events(year)
        bf = ev["black_friday"]
        for k in range(1, 7):
            boost(bf - timedelta(days=k), 1.25)
        boost(bf, 3.2)
        boost(bf + timedelta(days=1), 1.9)
        boost(bf + timedelta(days=2), 1.9)
        boost(ev["cyber_monday"], 2.4)
        for k in range(1, 19):
            boost(date(year, 12, k), 1.15)
        boost(date(year, 12, 24), 0.6)
        boost(date(year, 12, 25), 0.45)
        boost(date(year, 12, 26), 0.8)
        boost(date(year, 1, 1), 0.6)
        for k in range(5):
            boost(ev["winter_sales"] + timedelta(days=k), 1.4)
            boost(ev["summer_sales"] + timedelta(days=k), 1.35)
    return factor


@dataclass(frozen=True)
class Timeline:
    """Data window and demand curves of one generator run."""

    first_day: date
    n_days: int
    start_s: int  # first second with data
    end_s: int  # last second with data (inclusive)
    purchase_weight: np.ndarray  # per-day demand of existing customers, mean 1
    acquisition_weight: np.ndarray  # per-day arrival of new customers/visitors, mean 1
    purchase_clock: np.ndarray  # cumulative purchase_weight at day boundaries, length n_days + 1
    utc_offset: np.ndarray  # seconds Paris is ahead of UTC, per day (summer time April..October)
    campaign_s: np.ndarray  # send time of each newsletter campaign
    campaign_ids: tuple[str, ...]

    # -- conversions between calendar and purchase clock ------------------
    def day_to_clock(self, day: np.ndarray) -> np.ndarray:
        """Purchase clock at fractional day offsets from the first day."""
        return np.interp(day, np.arange(self.n_days + 1), self.purchase_clock)

    def clock_to_day(self, clock: np.ndarray) -> np.ndarray:
        """Fractional day offsets for purchase-clock values."""
        return np.interp(clock, self.purchase_clock, np.arange(self.n_days + 1))

    def seconds_to_day(self, seconds: np.ndarray) -> np.ndarray:
        """Fractional day offsets of epoch seconds."""
        return (np.asarray(seconds, dtype=np.float64) - self.start_s) / SECONDS_PER_DAY

    # -- sampling ----------------------------------------------------------
    def sample_acquisition_days(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Day offsets at which new people arrive (growth, seasonality, weekdays)."""
        return categorical(rng, self.acquisition_weight, size)

    def sample_clock_days(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Integer day offsets drawn with the purchase demand between fractional days lo and hi."""
        clock = self.day_to_clock(lo) + rng.random(len(lo)) * (self.day_to_clock(hi) - self.day_to_clock(lo))
        return np.minimum(self.clock_to_day(clock).astype(np.int64), self.n_days - 1)

    def at_time_of_day(self, rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
        """Epoch seconds on the given day offsets at a realistic local hour, in UTC."""
        day = np.asarray(day, dtype=np.int64)
        hour = categorical(rng, _HOUR_WEIGHTS, len(day))
        local = hour * 3600 + rng.integers(0, 3600, len(day))
        seconds = self.start_s + day * SECONDS_PER_DAY + local - self.utc_offset[day]
        return np.clip(seconds, self.start_s, self.end_s)

    def clamp(self, seconds: np.ndarray) -> np.ndarray:
        """Seconds clipped into the data window."""
        return np.clip(seconds, self.start_s, self.end_s)


def _campaigns(first_day: date, n_days: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Weekly Tuesday newsletters plus promotional sends on retail events."""
    sends: list[tuple[date, str]] = []
    days = [first_day + timedelta(days=i) for i in range(n_days)]
    for d in days:
        if d.weekday() == 1:
            sends.append((d, f"nl_{d:%Y_%m_%d}"))
    for year in range(days[0].year, days[-1].year + 1):
        ev = retail_events(year)
        promos = (
            (ev["black_friday"], f"promo_black_friday_{year}"),
            (ev["cyber_monday"], f"promo_cyber_monday_{year}"),
            (date(year, 12, 10), f"promo_christmas_{year}"),
            (ev["winter_sales"], f"promo_winter_sales_{year}"),
            (ev["summer_sales"], f"promo_summer_sales_{year}"),
        )
        sends.extend(p for p in promos if first_day <= p[0] < first_day + timedelta(days=n_days))
    sends.sort()
    # 09:00 Paris time, written in UTC (winter offset; close enough for a send batch).
    seconds = np.array([((d - EPOCH).days * SECONDS_PER_DAY + 8 * 3600) for d, _ in sends], dtype=np.int64)
    return seconds, tuple(name for _, name in sends)


def build_timeline(end_date: date, n_days: int) -> Timeline:
    """Timeline whose last day with data is ``end_date`` and which spans ``n_days`` days."""
    first_day = end_date - timedelta(days=n_days - 1)
    days = [first_day + timedelta(days=i) for i in range(n_days)]
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=np.float64)
    weekday = np.array([d.weekday() for d in days])
    season = np.interp(doy, _MID_MONTH_DOY, _MONTH_DEMAND, period=365.0)
    purchase = season * _WEEKDAY_DEMAND[weekday] * _event_factors(days)
    purchase /= purchase.mean()
    acquisition = purchase * (1 + _GROWTH * np.arange(n_days) / n_days)
    acquisition /= acquisition.mean()
    clock = np.concatenate([[0.0], np.cumsum(purchase)])
    start_s = (first_day - EPOCH).days * SECONDS_PER_DAY
    campaign_s, campaign_ids = _campaigns(first_day, n_days)
    summer = np.array([4 <= d.month <= 10 for d in days])
    return Timeline(
        first_day=first_day,
        n_days=n_days,
        start_s=start_s,
        end_s=start_s + n_days * SECONDS_PER_DAY - 1,
        purchase_weight=purchase,
        acquisition_weight=acquisition,
        purchase_clock=clock,
        utc_offset=np.where(summer, 7200, 3600),
        campaign_s=campaign_s,
        campaign_ids=campaign_ids,
    )
