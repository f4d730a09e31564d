"""The job that carries out a list request line by line (D13 renames, D14 services).

Idempotent: the job claims the request (the one job lifecycle, domain/job_store.py),
and each chunk of lines is claimed under lock inside its own transaction, so a
second delivery of the message does nothing while the first runs, and a new attempt
after a dead worker carries out only the lines left; the request ends DONE once no
line is left. The worker touches the request while it runs; the recovery pass hands
out again a request whose heartbeat stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, JobId
from domain.job_store import Decision, Heartbeat, JobPolicy, Unavailable
from domain.jobs import percent
from domain.list_requests import LineResult, RequestLine
from domain.paging import LineWindow
from domain.ports import Clock, ListJobRepository, UnitOfWork

log = logging.getLogger("kabinet.lists")
JOB_CHUNK = 500


class ListRequest(Protocol):
    """What the job reads of a request (RenameRequest, ServiceRequest)."""

    @property
    def attempts(self) -> int: ...

    @property
    def created_at(self) -> datetime: ...


Request = TypeVar("Request", bound=ListRequest)
Line = TypeVar("Line")


class OwnLines(Protocol):
    """A list request's repository as the lines reader needs it (D18: of its client)."""

    async def get(self, client_id: ClientId, request_id: JobId) -> object | None: ...

    async def lines(self, request_id: JobId, window: LineWindow = ...) -> list[RequestLine]: ...


async def own_lines(
    requests: OwnLines, client_id: ClientId, request_id: JobId, window: LineWindow
) -> list[RequestLine]:
    """A window of a request's lines; none for a request of another client (D18)."""
    if await requests.get(client_id, request_id) is None:
        return []
    return await requests.lines(request_id, window)


# Carries out one chunk of lines (inside the chunk's transaction) and answers each.
Chunk = Callable[[Request, Sequence[Line], datetime], Awaitable[list[LineResult]]]


async def carry_out_list(
    uow: UnitOfWork,
    clock: Clock,
    requests: ListJobRepository[Request, Line],
    request_id: JobId,
    chunk: Chunk[Request, Line],
    policy: JobPolicy,
) -> None:
    # Every write in a transaction: on SQLite a bare write would open one implicitly
    # on the shared connection, under another task's feet.
    async with uow.transaction():
        request = await requests.claim(request_id, clock.now())
    if request is None:
        return  # finished already, or another worker is on it
    attempt = request.attempts
    try:
        async with Heartbeat(uow, requests.touch, clock, request_id, attempt, policy.heartbeat):
            while True:
                now = clock.now()
                async with uow.transaction():
                    pending = await requests.pending(request_id, JOB_CHUNK)
                    if not pending:
                        break
                    await requests.record(await chunk(request, pending, now))
                    done, total = await requests.line_counts(request_id)
                    if not await requests.set_progress(request_id, attempt, percent(done, total)):
                        # Another attempt holds the request now: roll this chunk back.
                        raise LookupError("the claim of this request was lost")
        async with uow.transaction():
            await requests.finish(request_id, attempt, None, clock.now())
    except Exception as error:
        now = clock.now()
        decision = policy.after_failure(
            attempt, deferral=isinstance(error, Unavailable), since=request.created_at, now=now
        )
        async with uow.transaction():
            if decision is Decision.FAIL:
                log.error("list request %s failed for good: %s", request_id, error)
                await requests.fail(
                    request_id,
                    attempt,
                    DomainError(
                        ErrorCode.DOCUMENT_FAILED,
                        "Не удалось выполнить заявку. Подайте её ещё раз позже.",
                    ),
                    now,
                )
                return
            retry_at = None
            if decision is Decision.DEFER:
                retry_at = now + policy.deferral_delay(attempt - policy.quick_attempts)
            await requests.release(request_id, attempt, now, retry_at)
        if decision is Decision.RETRY:
            raise
