"""Renaming requests (D13) and services-by-list requests (D14) with their lines."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, JobId, LineId
from domain.job_store import JobPolicy, JobStatus, StaleJob
from domain.list_requests import (
    LineResult,
    LineStatus,
    PendingRename,
    PendingServiceLine,
    RenameRequest,
    RequestLine,
    ServiceRequest,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction, ServiceOutcome
from infra.db import models as m
from infra.db.job_rows import JobRows
from infra.db.repositories import page_of
from infra.events.changes import RENAME_REQUEST, SERVICE_REQUEST


async def insert_rows(
    model: type[Model], columns: Sequence[str], rows: builtins.list[tuple[Any, ...]]
) -> None:
    """Many plain rows at once in the caller's transaction: COPY on PostgreSQL,
    executemany on SQLite (building 10,000 ORM objects costs more than the insert)."""
    if not rows:
        return
    conn = connections.get("default")
    dialect = conn.capabilities.dialect
    table = model._meta.db_table
    if dialect == "postgres":
        async with conn.acquire_connection() as raw:
            if hasattr(raw, "copy_records_to_table"):
                await raw.copy_records_to_table(table, records=rows, columns=list(columns))
                return
    if dialect == "sqlite":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        # Table and column names come from our models, never from input.
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
        await conn.execute_many(sql, [list(r) for r in rows])
        return
    await model.bulk_create(
        [model(**dict(zip(columns, r, strict=True))) for r in rows], batch_size=1000
    )


def _error(code: str | None, message: str | None) -> DomainError | None:
    return DomainError(ErrorCode(code), message or "") if code else None


def _rename_request(row: m.RenameRequestRow) -> RenameRequest:
    return RenameRequest(
        id=JobId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        status=JobStatus(row.status),
        created_at=row.created_at,
        line_count=row.line_count,
        requested_by=row.requested_by,
        idempotency_key=row.idempotency_key,
        finished_at=row.finished_at,
        progress=row.progress,
        attempts=row.attempts,
        error=_error(row.error_code, row.error_message),
    )


def _service_request(row: m.ServiceRequestRow) -> ServiceRequest:
    return ServiceRequest(
        id=JobId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        action=ServiceAction(row.action),
        service_code=row.service_code,
        status=JobStatus(row.status),
        created_at=row.created_at,
        requested_by=row.requested_by,
        finished_at=row.finished_at,
        progress=row.progress,
        attempts=row.attempts,
        error=_error(row.error_code, row.error_message),
    )


class TortoiseRenameRequestRepository:
    async def by_key(self, client_id: ClientId, key: str) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(client_id=client_id, idempotency_key=key)
        return _rename_request(row) if row else None

    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        key: str | None,
        lines: Sequence[RenameLine],
        at: datetime,
    ) -> RenameRequest | None:
        try:
            async with in_transaction():  # a savepoint: a taken key leaves the caller usable
                row = await m.RenameRequestRow.create(
                    client_id=client_id,
                    status=JobStatus.QUEUED.value,
                    idempotency_key=key,
                    requested_by=requested_by,
                    created_at=at,
                    line_count=len(lines),
                )
        except IntegrityError:
            return None
        await insert_rows(
            m.RenameLineRow,
            ("request_id", "position", "number", "name", "status"),
            [
                (row.id, line.position, line.number, line.name, LineStatus.QUEUED.value)
                for line in lines
            ],
        )
        return _rename_request(row)

    async def get(self, client_id: ClientId, request_id: JobId) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(id=request_id, client_id=client_id)
        return _rename_request(row) if row else None

    async def get_any(self, request_id: JobId) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(id=request_id)
        return _rename_request(row) if row else None

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[RenameRequest]:
        return await page_of(
            m.RenameRequestRow.filter(client_id=client_id).order_by("-created_at", "-id"),
            page,
            _rename_request,
        )

    async def lines(
        self, request_id: JobId, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]:
        rows = (
            await m.RenameLineRow.filter(request_id=request_id, position__gt=window.after_position)
            .order_by("position")
            .limit(window.first)
            .values_list(
                "id", "position", "number", "status", "name", "error_code", "error_message"
            )
        )
        return [
            RequestLine(
                id=LineId(int(i)),
                position=int(p),
                number=str(n),
                status=LineStatus(s),
                name=str(name),
                error=_error(code, message),
            )
            for i, p, n, s, name, code, message in rows
        ]

    # -- the job lifecycle (domain/job_store.py) ----------------------------------

    async def claim(self, job_id: JobId, at: datetime) -> RenameRequest | None:
        row = await _RENAMES.claim(job_id, at)
        return _rename_request(row) if row is not None else None

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        return await _RENAMES.touch(job_id, attempt, at)

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        return await _RENAMES.release(job_id, attempt, at, retry_at)

    async def finish(self, job_id: JobId, attempt: int, outcome: None, at: datetime) -> bool:
        return await _finish_when_no_line_left(_RENAMES, job_id, attempt, at)

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        return await _RENAMES.fail(
            job_id, attempt, at, error_code=error.code.value, error_message=error.message[:500]
        )

    async def stale(self, now: datetime, policy: JobPolicy) -> builtins.list[StaleJob]:
        return await _RENAMES.stale(now, policy)

    async def waiting(self, now: datetime, policy: JobPolicy) -> builtins.list[StaleJob]:
        return await _RENAMES.waiting(now, policy)

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        return await _RENAMES.hand_off(job, at)

    async def set_progress(self, request_id: JobId, attempt: int, progress: int) -> bool:
        return await _RENAMES.change(request_id, attempt, progress=progress)

    async def pending(self, request_id: JobId, limit: int) -> builtins.list[PendingRename]:
        rows = (
            await m.RenameLineRow.filter(request_id=request_id, status=LineStatus.QUEUED.value)
            .order_by("position")
            .limit(limit)
            .select_for_update(skip_locked=True)  # (values_list() would drop FOR UPDATE)
            .only("id", "number", "name")
        )
        return [PendingRename(LineId(r.id), r.number, r.name) for r in rows]

    async def record(self, results: Sequence[LineResult]) -> None:
        await _record(m.RenameLineRow, results)

    async def line_counts(self, request_id: JobId) -> tuple[int, int]:
        return await _line_counts(m.RenameLineRow, request_id)


_RENAMES = JobRows(m.RenameRequestRow, RENAME_REQUEST)
_SERVICES = JobRows(m.ServiceRequestRow, SERVICE_REQUEST)


async def _finish_when_no_line_left(
    rows: JobRows, request_id: JobId, attempt: int, at: datetime
) -> bool:
    """DONE once every line has its result (lines of the request's own line table)."""
    lines = m.RenameLineRow if rows is _RENAMES else m.ServiceLineRow
    if await lines.filter(request_id=request_id, status=LineStatus.QUEUED.value).exists():
        return False
    return await rows.finish(request_id, attempt, at, progress=100)


async def _line_counts(
    lines: type[m.RenameLineRow] | type[m.ServiceLineRow], request_id: JobId
) -> tuple[int, int]:
    total = await lines.filter(request_id=request_id).count()
    left = await lines.filter(request_id=request_id, status=LineStatus.QUEUED.value).count()
    return total - left, total


async def _record(
    model: type[m.RenameLineRow] | type[m.ServiceLineRow], results: Sequence[LineResult]
) -> None:
    """One UPDATE per distinct result, not per line: a 10,000-line job stays quick."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for result in results:
        if model is m.RenameLineRow:
            error = result.error
            key: tuple[str, ...] = (
                result.status.value,
                error.code.value if error else "",
                error.message[:500] if error else "",
            )
        else:
            key = (result.status.value, result.outcome.value if result.outcome else "")
        groups.setdefault(key, []).append(result.line_id)
    for key, ids in groups.items():
        if model is m.RenameLineRow:
            await m.RenameLineRow.filter(id__in=ids).update(
                status=key[0], error_code=key[1] or None, error_message=key[2] or None
            )
        else:
            await m.ServiceLineRow.filter(id__in=ids).update(status=key[0], result=key[1] or None)


class TortoiseServiceRequestRepository:
    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str],
        at: datetime,
    ) -> ServiceRequest:
        row = await m.ServiceRequestRow.create(
            client_id=client_id,
            action=action.value,
            service_code=service_code,
            status=JobStatus.QUEUED.value,
            requested_by=requested_by,
            created_at=at,
        )
        await insert_rows(
            m.ServiceLineRow,
            ("request_id", "position", "number", "status"),
            [(row.id, i, n, LineStatus.QUEUED.value) for i, n in enumerate(numbers)],
        )
        return _service_request(row)

    async def get(self, client_id: ClientId, request_id: JobId) -> ServiceRequest | None:
        row = await m.ServiceRequestRow.get_or_none(id=request_id, client_id=client_id)
        return _service_request(row) if row else None

    async def get_any(self, request_id: JobId) -> ServiceRequest | None:
        row = await m.ServiceRequestRow.get_or_none(id=request_id)
        return _service_request(row) if row else None

    async def list_since(
        self, client_id: ClientId, since: datetime, page: PageRequest
    ) -> Page[ServiceRequest]:
        return await page_of(
            m.ServiceRequestRow.filter(client_id=client_id, created_at__gte=since).order_by(
                "-created_at", "-id"
            ),
            page,
            _service_request,
        )

    async def lines(
        self, request_id: JobId, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]:
        request = await m.ServiceRequestRow.get(id=request_id)
        action = ServiceAction(request.action)
        rows = (
            await m.ServiceLineRow.filter(request_id=request_id, position__gt=window.after_position)
            .order_by("position")
            .limit(window.first)
            .values_list("id", "position", "number", "status", "result")
        )
        lines: builtins.list[RequestLine] = []
        for i, p, n, s, result in rows:
            outcome = ServiceOutcome(result) if result else None
            lines.append(
                RequestLine(
                    id=LineId(int(i)),
                    position=int(p),
                    number=str(n),
                    status=LineStatus(s),
                    error=outcome.error(action) if outcome else None,
                    outcome=outcome,
                )
            )
        return lines

    # -- the job lifecycle (domain/job_store.py) ----------------------------------

    async def claim(self, job_id: JobId, at: datetime) -> ServiceRequest | None:
        row = await _SERVICES.claim(job_id, at)
        return _service_request(row) if row is not None else None

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        return await _SERVICES.touch(job_id, attempt, at)

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        return await _SERVICES.release(job_id, attempt, at, retry_at)

    async def finish(self, job_id: JobId, attempt: int, outcome: None, at: datetime) -> bool:
        return await _finish_when_no_line_left(_SERVICES, job_id, attempt, at)

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        return await _SERVICES.fail(
            job_id, attempt, at, error_code=error.code.value, error_message=error.message[:500]
        )

    async def stale(self, now: datetime, policy: JobPolicy) -> builtins.list[StaleJob]:
        return await _SERVICES.stale(now, policy)

    async def waiting(self, now: datetime, policy: JobPolicy) -> builtins.list[StaleJob]:
        return await _SERVICES.waiting(now, policy)

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        return await _SERVICES.hand_off(job, at)

    async def set_progress(self, request_id: JobId, attempt: int, progress: int) -> bool:
        return await _SERVICES.change(request_id, attempt, progress=progress)

    async def pending(self, request_id: JobId, limit: int) -> builtins.list[PendingServiceLine]:
        rows = (
            await m.ServiceLineRow.filter(request_id=request_id, status=LineStatus.QUEUED.value)
            .order_by("position")
            .limit(limit)
            .select_for_update(skip_locked=True)  # (values_list() would drop FOR UPDATE)
            .only("id", "number")
        )
        return [PendingServiceLine(LineId(r.id), r.number) for r in rows]

    async def record(self, results: Sequence[LineResult]) -> None:
        await _record(m.ServiceLineRow, results)

    async def line_counts(self, request_id: JobId) -> tuple[int, int]:
        return await _line_counts(m.ServiceLineRow, request_id)
