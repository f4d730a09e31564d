"""Ports of the machine: the clock and CPU work off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ParamSpec, Protocol, TypeVar


class Clock(Protocol):
    """Now, always aware; tests and demos fix it (D0)."""

    def now(self) -> datetime: ...


P = ParamSpec("P")


R = TypeVar("R")


class CpuWork(Protocol):
    """Runs CPU-bound work (a parsed upload, a 10,000-line check) off the event loop,
    a few at a time, so that no caller stalls the others."""

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R: ...


class InlineCpuWork:
    """CpuWork done in place: for fakes and unit tests."""

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return fn(*args, **kwargs)
