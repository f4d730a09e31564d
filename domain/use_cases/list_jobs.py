"""The job that carries out a list request line by line (D13 renames, D14 services).

Idempotent and safe to run twice at once: each chunk of lines is claimed under
lock inside its own transaction, so a second delivery of the message takes other
lines or none; the request ends DONE once no line is left. A request that shows
no sign of life for STALE_AFTER is sent again by the maintenance pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from domain.commands import Command
from domain.jobs import percent
from domain.list_requests import LineResult
from domain.menu_ports import ListJobRepository
from domain.ports import Clock, UnitOfWork

JOB_CHUNK = 500

Request = TypeVar("Request")
Line = TypeVar("Line")

# Carries out one chunk of lines (inside the chunk's transaction) and answers each.
Chunk = Callable[[Request, Sequence[Line], datetime], Awaitable[list[LineResult]]]


async def carry_out_list(
    uow: UnitOfWork,
    clock: Clock,
    requests: ListJobRepository[Request, Line],
    request_id: int,
    chunk: Chunk[Request, Line],
) -> None:
    # Every write in a transaction: on SQLite a bare write would open one implicitly
    # on the shared connection, under another task's feet.
    async with uow.transaction():
        request = await requests.start(request_id)
        if request is None:
            return  # finished already
        await requests.touch(request_id, clock.now())
    while True:
        now = clock.now()
        async with uow.transaction():
            pending = await requests.pending(request_id, JOB_CHUNK)
            if not pending:
                break
            await requests.touch(request_id, now)
            await requests.record(await chunk(request, pending, now))
            done, total = await requests.line_counts(request_id)
            await requests.set_progress(request_id, percent(done, total))
    async with uow.transaction():
        await requests.finish(request_id, clock.now())


async def resend_stale(
    uow: UnitOfWork,
    clock: Clock,
    requests: ListJobRepository[object, object],
    job: Callable[[int], Command],
) -> int:
    """Send again the requests whose worker died or whose message was lost."""
    now = clock.now()
    stale = await requests.stale(now)
    for request_id in stale:
        async with uow.transaction():
            await requests.touch(request_id, now)
            await uow.outbox.add(job(request_id))
    return len(stale)
