"""Relay connections over domain pages: first ≤ 100, opaque cursors."""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from domain.errors import DomainError, ErrorCode
from domain.paging import Page, PageRequest
from schema.errors import RefusedInput

_OFFSET = re.compile(r"0|[1-9][0-9]{0,8}", re.ASCII)
T = TypeVar("T")
D = TypeVar("D")


@functools.lru_cache(maxsize=4096)  # a page's cursors are the same few offsets every time
def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def page_request(first: int | None, after: str | None) -> PageRequest:
    """Validate first/after; a bad cursor or page size is refused, never ignored."""
    offset = 0
    if after:
        try:
            text = base64.urlsafe_b64decode(after.encode("ascii")).decode()
            kind, _, value = text.partition(":")
            # Only what _cursor() writes: ASCII digits, no leading zeros, an offset a
            # database can take (a forged "o:99…9" overflowed SQLite's integers).
            if kind != "o" or not _OFFSET.fullmatch(value) or _cursor(int(value)) != after:
                raise ValueError(after)
            offset = int(value) + 1
        except (ValueError, UnicodeError) as exc:
            raise RefusedInput(
                DomainError(ErrorCode.INVALID_INPUT, "Неверный курсор.", "after")
            ) from exc
    try:
        return PageRequest.of(first, offset)
    except DomainError as error:
        raise RefusedInput(error) from error


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    nodes: list[T]
    page_info: PageInfo


def to_connection(page: Page[D], convert: Callable[[D], T]) -> Connection[T]:
    nodes = [convert(item) for item in page.items]
    edges = [Edge(cursor=_cursor(page.offset + i), node=n) for i, n in enumerate(nodes)]
    return Connection(
        edges=edges,
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
