"""Clocks: the system's, a demo clock that runs from a given moment, a fixed one (D0)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def _real_now() -> datetime:
    return datetime.now(UTC)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class RunningClock:
    """KABINET_FAKE_NOW: starts at the given moment, then runs with real time.

    The offset from the real time is captured once, at start, so a demo on any day
    behaves as on that day while jobs still take time, locks still expire and stale
    jobs are still taken up again.
    """

    def __init__(self, start: datetime, real: Callable[[], datetime] = _real_now) -> None:
        if start.tzinfo is None:
            raise ValueError("RunningClock needs an aware datetime")
        self._real = real
        self._offset = start - real()

    def now(self) -> datetime:
        return (self._real() + self._offset).astimezone(UTC)


class FixedClock:
    """A clock that stands still until told to move (tests; KABINET_FAKE_CLOCK=frozen)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, delta: timedelta) -> None:
        self._at += delta
