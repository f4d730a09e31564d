"""The per-line result shared by renameSubscribers and changeSubscriberServices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any, TypeVar, cast, overload

import strawberry
from strawberry.file_uploads import Upload

from domain.errors import DomainError
from domain.list_requests import LineStatus, RequestLine
from domain.paging import LineWindow
from domain.renaming import LineCheck
from domain.services_by_list import NumberCheck, ServiceAction, ServiceOutcome
from schema.errors import RefusedInput, UserError, user_error

strawberry.enum(LineStatus, name="LineStatus")
strawberry.enum(ServiceOutcome, name="ServiceOutcome")
strawberry.enum(ServiceAction, name="ServiceAction")


async def read_upload(file: Upload | None) -> tuple[str | None, bytes] | None:
    """An uploaded list (a Starlette UploadFile) as its name and bytes; None if none."""
    if file is None:
        return None
    upload: Any = file
    data = await upload.read()
    return getattr(upload, "filename", None), data if isinstance(data, bytes) else b""


@strawberry.type(description="D13, D14: the result of one input line, in input order.")
class LineResult:
    position: int
    number: str
    ok: bool
    error: UserError | None
    status: LineStatus | None = strawberry.field(
        description="QUEUED once accepted, then DONE or FAILED; null when not saved."
    )
    outcome: ServiceOutcome | None = strawberry.field(
        description="D14: done, already so, not allowed on the tariff, unknown number."
    )

    @classmethod
    def checked(cls, check: LineCheck | NumberCheck, accepted: bool) -> LineResult:
        return cls(
            position=check.position,
            number=check.number,
            ok=check.ok,
            error=user_error(check.error) if check.error else None,
            status=LineStatus.QUEUED if accepted and check.ok else None,
            outcome=None,
        )

    @classmethod
    def stored(cls, line: RequestLine) -> LineResult:
        return cls(
            position=line.position,
            number=line.number,
            ok=line.status is not LineStatus.FAILED,
            error=user_error(line.error) if line.error else None,
            status=line.status,
            outcome=line.outcome,
        )


LINES_DESCRIPTION = (
    "In input order; `first` (≤ 10,000, all when omitted) lines after `afterPosition`."
)


def line_window(first: int | None, after_position: int | None) -> LineWindow:
    """A bad page of lines is refused as a top-level INVALID_INPUT (as `first` of a
    connection), never ignored."""
    try:
        return LineWindow.of(first, after_position)
    except DomainError as error:
        raise RefusedInput(error) from error


class LazyLines(Sequence[LineResult]):
    """Lines converted only when read: a window of 100 of 10,000 builds 100."""

    def __init__(self, items: Sequence[Any], convert: Callable[[Any], LineResult]) -> None:
        self._items = items
        self._convert = convert

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> LineResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[LineResult]: ...

    def __getitem__(self, index: int | slice) -> LineResult | Sequence[LineResult]:
        if isinstance(index, slice):
            return LazyLines(self._items[index], self._convert)
        return self._convert(self._items[index])


def window_of(results: Sequence[LineResult], window: LineWindow) -> Sequence[LineResult]:
    """The lines of a payload (already in memory) inside the window."""
    start = max(window.after_position + 1, 0)
    return results[start : start + window.first]


T = TypeVar("T")
# Items completed between two returns to the event loop: ~2 ms of CPU (0.1 ms a line),
# so that two 10,000-line dry runs do not hold /healthz for tens of ms a pass.
YIELD_EVERY = 20


async def _yielding(items: Iterable[T]) -> AsyncIterator[T]:
    for index, item in enumerate(items):
        if index and index % YIELD_EVERY == 0:
            await asyncio.sleep(0)  # let other requests run between chunks of lines
        yield item


def in_chunks(items: Iterable[T]) -> list[T]:
    """A long list given to graphql-core as an async iterator, which it completes item by
    item: up to 10,000 lines (≈ 1 s of CPU) no longer hold the event loop in one piece.
    Typed as the list it stands for, so that the schema shows `[LineResult!]!`."""
    return cast("list[T]", _yielding(items))


def payload_lines(
    root: Any, first: int | None = None, after_position: int | None = None
) -> list[LineResult]:
    """A list payload's `lines` (renaming, services): built only when the query asks for
    them, and only those in the window, of up to 10,000."""
    return in_chunks(window_of(root.line_source(), line_window(first, after_position)))


def payload_errors(root: Any) -> list[UserError]:
    """A list payload's `errors`: up to 10,000 refused lines, built and completed in chunks."""
    return in_chunks(user_error(e) for e in root.refusals)
