"""Renaming subscribers one at a time or by a list, carried out by a job (D13).

Decisions fixed here:
- A list is accepted only when every line is right: otherwise nothing is saved, each
  refused line is answered on its own line and listed in the payload's errors, after
  a summary (LIST_HAS_ERRORS, «3 строки из 120 содержат ошибки»). Services by list
  (D14) does the same; it differs only in that a well-formed number that is not the
  client's is one of its job's outcomes (D14 names "unknown number"), while a rename
  needs the subscriber at once.
- dryRun checks everything exactly as a real request (the month-end rule included)
  and saves nothing.
- An idempotency key (1..128 printable characters) makes a resubmitted list harmless:
  the request already accepted with that key is returned as it is.
- A line of an uploaded file is named by its spreadsheet row: `file.12.name`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.auth import Actor
from domain.commands import CarryOutRenames
from domain.errors import DomainError, ErrorCode
from domain.ids import JobId, SubscriberId
from domain.job_store import JobPolicy
from domain.list_requests import (
    LineResult,
    LineStatus,
    PendingRename,
    RenameRequest,
    RequestLine,
    list_summary,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.ports import (
    AuditLog,
    Clock,
    CpuWork,
    InlineCpuWork,
    RenameListReader,
    RenameRequestRepository,
    SubscriberRepository,
    UnitOfWork,
)
from domain.renaming import (
    LineCheck,
    RenameLine,
    check_lines,
    ensure_list_size,
    ensure_rename_allowed,
    normalize_number,
)
from domain.use_cases.list_jobs import carry_out_list, own_lines

log = logging.getLogger("kabinet.renaming")
IDEMPOTENCY_KEY_MAX = 128


@dataclass(frozen=True)
class RenameResult:
    """D13: the request (None for a dry run or a refusal) and every line's check."""

    request: RenameRequest | None
    lines: list[LineCheck]
    errors: list[DomainError] = field(default_factory=list)
    stored: list[RequestLine] | None = None  # a replay: the lines as they stand now

    @property
    def replayed(self) -> bool:
        return self.stored is not None


def check_idempotency_key(key: str | None) -> str | None:
    """D13: a client-chosen key, 1..128 printable ASCII characters; blank means none."""
    if key is None or not key.strip():
        return None
    text = key.strip()
    if len(text) > IDEMPOTENCY_KEY_MAX or not all(" " <= c <= "~" for c in text):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            f"Ключ идемпотентности — от 1 до {IDEMPOTENCY_KEY_MAX} латинских букв, цифр и знаков.",
            "idempotencyKey",
        )
    return text


def _unknown_subscriber(number: str) -> DomainError:
    return DomainError(
        ErrorCode.UNKNOWN_SUBSCRIBER,
        f"Абонент с номером {number} не найден среди абонентов клиента.",
    )


def _relabel(check: LineCheck, rows: Sequence[int] | None) -> LineCheck:
    """Name a refused line of a file by its spreadsheet row instead of its position."""
    if rows is None or check.error is None or check.error.field is None:
        return check
    suffix = check.error.field.rsplit(".", 1)[-1]
    error = DomainError(
        check.error.code, check.error.message, f"file.{rows[check.position]}.{suffix}"
    )
    return LineCheck(check.position, check.number, check.line, error)


class RenameService:
    """D13: check a list, accept it at once, carry it out in a job line by line."""

    def __init__(
        self,
        uow: UnitOfWork,
        requests: RenameRequestRepository,
        subscribers: SubscriberRepository,
        audit: AuditLog,
        clock: Clock,
        reader: RenameListReader,
        cpu: CpuWork | None = None,
        policy: JobPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._cpu: CpuWork = cpu or InlineCpuWork()
        self.policy = policy or JobPolicy()
        self._reader = reader
        self._requests = requests
        self._subscribers = subscribers
        self._audit = audit
        self._clock = clock

    async def rename(
        self,
        actor: Actor,
        items: Sequence[tuple[str, str]],
        *,
        dry_run: bool = False,
        idempotency_key: str | None = None,
        rows: Sequence[int] | None = None,
    ) -> RenameResult:
        """D13: every line checked; all right → accepted (a job), else nothing saved."""
        now = self._clock.now()
        ensure_rename_allowed(now)
        key = check_idempotency_key(idempotency_key)
        if key is not None and not dry_run:
            existing = await self._requests.by_key(actor.client_id, key)
            if existing is not None:
                return await self._replay(existing)
        ensure_list_size(len(items), "file" if rows is not None else "items")
        # Up to 10,000 lines: normalised and checked off the event loop (issue 9).
        numbers = await self._cpu.run(_numbers, items)
        known = await self._subscribers.ids_by_number(actor.client_id, numbers)
        checks = await self._cpu.run(_checked, items, known, rows)
        errors = [c.error for c in checks if c.error is not None]
        if errors:
            summary = list_summary(
                len(errors), len(checks), "file" if rows is not None else "items"
            )
            return RenameResult(None, checks, [summary, *errors])
        if dry_run:
            return RenameResult(None, checks, errors)
        lines = [c.line for c in checks if c.line is not None]
        try:
            request = await self._accept(actor, key, lines)
        except _KeyTaken:
            # A concurrent submission took the key first: answer with its request.
            existing = await self._requests.by_key(actor.client_id, key or "")
            if existing is None:
                raise
            return await self._replay(existing)
        return RenameResult(request, checks)

    async def _accept(
        self, actor: Actor, key: str | None, lines: Sequence[RenameLine]
    ) -> RenameRequest:
        now = self._clock.now()
        async with self._uow.transaction():
            request = await self._requests.add(actor.client_id, actor.login, key, lines, now)
            if request is None:
                raise _KeyTaken()
            await self._uow.outbox.add(CarryOutRenames(request.id), f"rename:{request.id}")
            await self._audit.record(
                actor.client_id,
                actor.login,
                "renameSubscribers",
                f"renameRequest {request.id}",
                None,
                {
                    "lines": len(lines),
                    "numbers": [line.number for line in lines[:20]],
                    "idempotencyKey": key,
                },
                now,
            )
        return request

    async def submit(
        self,
        actor: Actor,
        items: Sequence[tuple[str, str]] | None,
        file: tuple[str | None, bytes] | None,
        *,
        dry_run: bool = False,
        idempotency_key: str | None = None,
    ) -> RenameResult:
        """D13: the list in the request (items) or as an uploaded file (its name and
        bytes): one of the two."""
        if file is not None and items is None:
            filename, data = file
            return await self.rename_file(
                actor, filename, data, dry_run=dry_run, idempotency_key=idempotency_key
            )
        if items is not None and file is None:
            return await self.rename(actor, items, dry_run=dry_run, idempotency_key=idempotency_key)
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            "Передайте либо список строк, либо файл — одно из двух.",
            "items",
        )

    async def rename_file(
        self,
        actor: Actor,
        filename: str | None,
        data: bytes,
        *,
        dry_run: bool = False,
        idempotency_key: str | None = None,
    ) -> RenameResult:
        """D13: an uploaded CSV/XLSX list; a hostile or malformed file saves nothing."""
        ensure_rename_allowed(self._clock.now())
        # Parsing an XLSX can take seconds of CPU: never on the event loop (issue 9).
        uploaded = await self._cpu.run(self._reader.read, filename, data)
        return await self.rename(
            actor,
            uploaded.items,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
            rows=uploaded.rows,
        )

    async def _replay(self, request: RenameRequest) -> RenameResult:
        return RenameResult(request, [], stored=await self._requests.lines(request.id))

    async def requests(self, actor: Actor, page: PageRequest) -> Page[RenameRequest]:
        return await self._requests.list(actor.client_id, page)

    async def request(self, actor: Actor, request_id: JobId) -> RenameRequest | None:
        return await self._requests.get(actor.client_id, request_id)

    async def lines(
        self, actor: Actor, request_id: JobId, window: LineWindow = LineWindow()
    ) -> list[RequestLine]:
        return await own_lines(self._requests, actor.client_id, request_id, window)

    async def carry_out(self, request_id: JobId) -> None:
        """The job: idempotent; lines already done are skipped, a finished request left."""
        await carry_out_list(
            self._uow, self._clock, self._requests, request_id, self._chunk, self.policy
        )

    async def _chunk(
        self, request: RenameRequest, pending: Sequence[PendingRename], now: datetime
    ) -> list[LineResult]:
        actor = request.requested_by or "system"
        current = await self._subscribers.names_by_number(
            request.client_id, [p.number for p in pending]
        )
        results: list[LineResult] = []
        renames: list[tuple[SubscriberId, str]] = []
        for line in pending:
            found = current.get(line.number)
            if found is None:  # gone since the list was accepted
                results.append(
                    LineResult(line.line_id, LineStatus.FAILED, _unknown_subscriber(line.number))
                )
                continue
            subscriber_id, old_name = found
            if old_name != line.name:
                renames.append((subscriber_id, line.name))
                await self._audit.record(
                    request.client_id,
                    actor,
                    "renameSubscriber",
                    line.number,
                    {"name": old_name},
                    {"name": line.name, "renameRequest": request.id},
                    now,
                )
            results.append(LineResult(line.line_id, LineStatus.DONE))
        await self._subscribers.rename(renames, now)
        return results


class _KeyTaken(Exception):
    """Another request took the idempotency key between the look-up and the insert."""


def _checked(
    items: Sequence[tuple[str, str]], known: Mapping[str, SubscriberId], rows: Sequence[int] | None
) -> list[LineCheck]:
    return [_relabel(c, rows) for c in check_lines(items, known)]


def _numbers(items: Sequence[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for raw, _ in items:
        try:
            found.append(normalize_number(raw))
        except DomainError:
            continue
    return found
