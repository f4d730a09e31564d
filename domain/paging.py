"""Bounded pages of lists: no request can ask for an unbounded list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import DomainError, ErrorCode

T = TypeVar("T")
MAX_PAGE = 100
DEFAULT_PAGE = 20
DELIVERIES_PAGE = 10  # Invoice.deliveries without `first`: the newest 10 sendings (≤ MAX_PAGE)


@dataclass(frozen=True)
class PageRequest:
    """first ≤ 100 items after the given offset."""

    first: int = DEFAULT_PAGE
    offset: int = 0

    @classmethod
    def of(cls, first: int | None, offset: int = 0) -> PageRequest:
        size = DEFAULT_PAGE if first is None else first
        if size < 0 or size > MAX_PAGE:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"Можно запросить не больше {MAX_PAGE} записей за раз.",
                "first",
            )
        return cls(first=size, offset=max(offset, 0))


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    offset: int
    has_next: bool


LIST_MAX_LINES = 10_000  # a renaming or services list holds at most this many lines (D13, D14)


@dataclass(frozen=True)
class LineWindow:
    """Lines of a request after a position, at most `first` of them (≤ 10,000)."""

    first: int = LIST_MAX_LINES
    after_position: int = -1

    @classmethod
    def of(cls, first: int | None, after_position: int | None = None) -> LineWindow:
        size = LIST_MAX_LINES if first is None else first
        if size < 0 or size > LIST_MAX_LINES:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"Можно запросить не больше {LIST_MAX_LINES} строк за раз.",
                "first",
            )
        after = -1 if after_position is None else after_position
        if after < -1 or after > LIST_MAX_LINES:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"Позиция строки — число от 0 до {LIST_MAX_LINES}.",
                "afterPosition",
            )
        return cls(first=size, after_position=after)
