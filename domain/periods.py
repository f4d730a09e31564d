"""Billing periods and the invoice service windows (D0–D3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import DomainError, ErrorCode

MINSK = ZoneInfo("Europe/Minsk")
FORMATION_LAST_DAY = 3
DOWNLOADABLE_MONTHS = 2
# ASCII only: "２０２６-10" or "٢٠٢٦-10" is not a period (\d would take them).
_PERIOD_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])", re.ASCII)


def to_minsk(moment: datetime) -> datetime:
    """The operator's local time of an aware moment (D0)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every moment must be aware (D0)")
    return moment.astimezone(MINSK)


# Periods parsed before, by their text (every invoice row of a screen carries one of a few
# months): a period is immutable, so one object serves every row. Bounded: cleared when full.
_PARSED: dict[str, BillingPeriod] = {}
_PARSED_MAX = 4096


@dataclass(frozen=True, order=True)
class BillingPeriod:
    """A calendar month, written YYYY-MM (D1)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str, field: str = "period") -> BillingPeriod:
        known = _PARSED.get(text) if type(text) is str else None
        if known is not None:
            return known
        match = _PERIOD_RE.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None or int(match.group(1)) < 1900:
            raise DomainError(
                ErrorCode.INVALID_PERIOD,
                "Период указывается в виде ГГГГ-ММ, например 2026-10.",
                field,
            )
        period = cls(int(match.group(1)), int(match.group(2)))
        if cls is BillingPeriod:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[text] = period
        return period

    @classmethod
    def containing(cls, moment: datetime) -> BillingPeriod:
        local = to_minsk(moment)
        return cls(local.year, local.month)

    @classmethod
    def of_date(cls, day: date) -> BillingPeriod:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=MINSK)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period (exclusive end)."""
        return self.next().starts_at

    def next(self) -> BillingPeriod:
        return self.shift(1)

    def previous(self) -> BillingPeriod:
        return self.shift(-1)

    def shift(self, months: int) -> BillingPeriod:
        index = self.year * 12 + (self.month - 1) + months
        return BillingPeriod(index // 12, index % 12 + 1)

    def months_until(self, other: BillingPeriod) -> int:
        """How many months from self forward to other (negative if other is earlier)."""
        return (other.year * 12 + other.month) - (self.year * 12 + self.month)

    def is_closed(self, now: datetime) -> bool:
        """D1: closed once its last day has passed."""
        return to_minsk(now) >= self.ends_at


def current_period(now: datetime) -> BillingPeriod:
    """D1: the month that contains now."""
    return BillingPeriod.containing(now)


def in_formation_window(now: datetime) -> bool:
    """D2: days 1–3 of every month, 00:00 on day 1 to the end of day 3."""
    return to_minsk(now).day <= FORMATION_LAST_DAY


def service_resumes_at(now: datetime) -> datetime | None:
    """D2: when ordering resumes (day 4, 00:00), or None outside the window."""
    if not in_formation_window(now):
        return None
    local = to_minsk(now)
    return datetime(local.year, local.month, FORMATION_LAST_DAY + 1, tzinfo=MINSK)


def ensure_outside_formation_window(now: datetime) -> None:
    """D2: refuse e-mail orders and downloads while invoices are being formed."""
    resumes = service_resumes_at(now)
    if resumes is not None:
        raise DomainError(
            ErrorCode.FORMATION_WINDOW,
            "Услуга не оказывается в период формирования счетов за услуги связи "
            f"(с 1 по 3 число каждого месяца). Услуга возобновится {resumes:%d.%m.%Y} в 00:00.",
        )


def downloadable_periods(now: datetime) -> list[BillingPeriod]:
    """D3: the two months before the current one, newest first."""
    current = current_period(now)
    return [current.shift(-i) for i in range(1, DOWNLOADABLE_MONTHS + 1)]


def ensure_downloadable(period: BillingPeriod, now: datetime) -> None:
    """D3: only the two previous months may be downloaded by link."""
    current = current_period(now)
    if period == current:
        raise DomainError(
            ErrorCode.CURRENT_PERIOD,
            "Для получения счета за текущий месяц обращайтесь в отдел обслуживания.",
            "period",
        )
    if period not in downloadable_periods(now):
        raise DomainError(
            ErrorCode.PERIOD_NOT_AVAILABLE,
            "Просмотр счета возможен за предыдущие два месяца.",
            "period",
        )


def ensure_repeatable(period: BillingPeriod, now: datetime, retention_months: int) -> None:
    """D4: a repeat by e-mail covers closed periods within the retention window."""
    current = current_period(now)
    age = period.months_until(current)
    if age < 1 or age > retention_months:
        raise DomainError(
            ErrorCode.PERIOD_NOT_AVAILABLE,
            f"Повтор счета возможен за последние {retention_months} месяцев (кроме текущего).",
            "period",
        )
