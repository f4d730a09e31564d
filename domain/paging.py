"""Bounded pages of lists: no request can ask for an unbounded list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import DomainError, ErrorCode

T = TypeVar("T")
MAX_PAGE = 100
DEFAULT_PAGE = 20


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
