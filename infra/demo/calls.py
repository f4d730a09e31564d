"""Demo call detail: starts spread over working hours, evenings, nights, weekends and
public holidays of the Belarus calendar (D8), callees and costs by tariff rate.

The loop that makes millions of calls for benchmarks draws with `random()` and
works on epoch seconds rather than datetimes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar

from domain.periods import MINSK, BillingPeriod
from domain.worktime import WorkCalendar
from infra.demo.catalogue import KIND_INTERNATIONAL, KIND_LOCAL, KIND_MOBILE

MONTHS = 12  # closed months of history before the current one
_T = TypeVar("_T")
_KOPECKS: dict[int, Decimal] = {}


def kopecks(amount: int) -> Decimal:
    value = _KOPECKS.get(amount)
    if value is None:
        value = _KOPECKS[amount] = Decimal(amount).scaleb(-2)
    return value


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on the Minsk wall clock."""
    return datetime.combine(day, time(hour, minute), tzinfo=MINSK)


@dataclass
class Month:
    """A month's days as epoch seconds of their Minsk midnight (the hot loop adds seconds)."""

    period: BillingPeriod
    working: list[int]
    off: list[int]
    holidays: list[int]


def _midnight(day: date) -> int:
    return int(datetime.combine(day, time(0), tzinfo=MINSK).timestamp())


def months_until(now: datetime, calendar: WorkCalendar) -> list[Month]:
    current = BillingPeriod.containing(now)
    months = []
    for offset in range(-MONTHS, 1):
        period = current.shift(offset)
        days = [period.first_day + timedelta(days=i) for i in range(period.last_day.day)]
        working = [_midnight(d) for d in days if calendar.is_working_day(d)]
        off_days = [d for d in days if not calendar.is_working_day(d)]
        holidays = [_midnight(d) for d in off_days if calendar.holiday_name(d) is not None]
        months.append(Month(period, working, [_midnight(d) for d in off_days], holidays))
    return months


def _pick(r: Callable[[], float], items: Sequence[_T]) -> _T:
    # random() arithmetic: several times faster than choice()/randrange() in the hot loop.
    return items[int(r() * len(items))]


def call_start(r: Callable[[], float], month: Month) -> int:
    """A start (epoch seconds): working hours, evenings and nights, weekends, holidays."""
    roll = r()
    if roll < 0.62 and month.working:
        day = _pick(r, month.working)
        if r() < 0.01:  # exactly on the D8 boundaries
            return day + (9 * 3600 if r() < 0.5 else 18 * 3600)
        return day + 9 * 3600 + int(r() * 9 * 3600)
    if roll < 0.84 and month.working:
        day = _pick(r, month.working)
        part = r()
        if part < 0.65:
            return day + 18 * 3600 + int(r() * 5 * 3600)  # evening
        if part < 0.85:
            return day + 7 * 3600 + int(r() * 2 * 3600)  # early morning
        if part < 0.93:
            return day + 23 * 3600 + int(r() * 3600)  # late night
        return day + int(r() * 2 * 3600)  # after midnight
    pool = month.holidays if month.holidays and r() < 0.35 else month.off
    return _pick(r, pool or month.working) + 9 * 3600 + int(r() * 14 * 3600)


_INTERNATIONAL = (
    ("+7495", 7),
    ("+4822", 7),
    ("+4930", 8),
    ("+3705", 7),
    ("+37125", 6),
    ("+8610", 8),
    ("+38044", 7),
)
_REGIONAL = ("17", "17", "17", "162", "152", "222", "232", "212")
MOBILE_PREFIXES = ("29", "33", "44", "25")


def _callee(r: Callable[[], float], kind: str) -> str:
    if kind == KIND_MOBILE:
        return f"+375{_pick(r, MOBILE_PREFIXES)}{1_000_000 + int(r() * 9_000_000)}"
    if kind == KIND_LOCAL:
        code = _pick(r, _REGIONAL)
        digits = 9 - len(code)
        low = 2 * 10 ** (digits - 1)
        return f"+375{code}{low + int(r() * (10**digits - low))}"
    prefix, digits = _pick(r, _INTERNATIONAL)
    low = 10 ** (digits - 1)
    return f"{prefix}{low + int(r() * 9 * low)}"


def make_call(rng: random.Random, rates: tuple[int, int, int]) -> tuple[int, str, str, int]:
    """(duration, callee, kind, cost in kopecks) of one call."""
    r = rng.random
    roll = r()
    if roll < 0.52:
        kind, rate, mean = KIND_MOBILE, rates[1], 140.0
    elif roll < 0.93:
        kind, rate, mean = KIND_LOCAL, rates[0], 170.0
    else:
        kind, rate, mean = KIND_INTERNATIONAL, rates[2], 260.0
    duration = min(3600, 3 + int(rng.expovariate(1 / mean)))
    return duration, _callee(r, kind), kind, rate * ((duration + 59) // 60)
