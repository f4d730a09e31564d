"""Which part of the call detail a call belongs to: working time, non-working time,
weekends and holidays (D8), by the Belarus production calendar."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import Enum
from typing import Protocol

import holidays

from domain.periods import to_minsk

WORK_STARTS = time(9, 0)
WORK_ENDS = time(18, 0)


class CallPart(str, Enum):
    """D8: the three parts of the call detail, in the order they are shown."""

    WORK = "WORK"
    NON_WORK = "NON_WORK"
    WEEKEND_HOLIDAY = "WEEKEND_HOLIDAY"

    @property
    def label(self) -> str:
        return _PART_LABELS[self]


_PART_LABELS = {
    CallPart.WORK: "Рабочее время (09:00–18:00)",
    CallPart.NON_WORK: "Нерабочее время",
    CallPart.WEEKEND_HOLIDAY: "Выходные и праздничные дни",
}


class WorkingDays(Protocol):
    """Anything that knows the working days (the real calendar, or a fake in tests)."""

    def is_working_day(self, day: date) -> bool: ...


class WorkCalendar:
    """The Belarus working-day calendar (D8).

    Public holidays and substituted days off (Выходны, перанесены з …) come from
    `holidays.country_holidays("BY")`, which also records the Saturdays that a
    government resolution made working days (`weekend_workdays`), so a
    transferred working Saturday such as 2024-05-18 counts as working. The
    library ships the resolutions it knows (up to 2026 in holidays 0.109); a
    resolution published later can be added through `extra_days_off` and
    `extra_working_days` without waiting for a library upgrade.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._holidays = holidays.country_holidays("BY")
        self._extra_off = frozenset(extra_days_off)
        self._extra_working = frozenset(extra_working_days)
        self._cache: dict[date, bool] = {}
        # The library fills a year lazily and mutates itself; renderers run in
        # worker threads, so the first look at a year is serialised.
        self._lock = threading.Lock()

    def is_working_day(self, day: date) -> bool:
        """D8: a working day of the Belarus calendar."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        with self._lock:
            result = self._compute(day)
        self._cache[day] = result
        return result

    def _compute(self, day: date) -> bool:
        if day in self._extra_working:
            return True
        if day in self._extra_off:
            return False
        # A working Saturday may be declared in the next year's resolution
        # (e.g. 2006-12-30 for 2007-01-02): load that year too.
        for year in (day.year, day.year + 1):
            _ = date(year, 1, 1) in self._holidays
        return bool(self._holidays.is_working_day(day))

    def holiday_name(self, day: date) -> str | None:
        """The name of a holiday or substituted day off, if the day is one."""
        with self._lock:
            name = self._holidays.get(day)
        return None if name is None else str(name)


def classify(started_at: datetime, calendar: WorkingDays) -> CallPart:
    """D8: the part of a call, by its start time in Europe/Minsk.

    09:00:00 is working time and 18:00:00 is not; a call that crosses 18:00
    stays in the part of its start.
    """
    local = to_minsk(started_at)
    if not calendar.is_working_day(local.date()):
        return CallPart.WEEKEND_HOLIDAY
    if WORK_STARTS <= local.time() < WORK_ENDS:
        return CallPart.WORK
    return CallPart.NON_WORK
