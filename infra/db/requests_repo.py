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
from domain.jobs import JobStatus
from domain.list_requests import (
    LineResult,
    LineStatus,
    PendingRename,
    PendingServiceLine,
    RenameRequest,
    RequestLine,
    ServiceRequest,
)
from domain.paging import Page, PageRequest
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction, ServiceOutcome
from infra.db import models as m
from infra.db.repositories import page_of, untouched
from infra.events.changes import RENAME_REQUEST, SERVICE_REQUEST, changed

_FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)
_OPEN = [JobStatus.QUEUED.value, JobStatus.RUNNING.value]


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
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        status=JobStatus(row.status),
        created_at=row.created_at,
        line_count=row.line_count,
        requested_by=row.requested_by,
        idempotency_key=row.idempotency_key,
        finished_at=row.finished_at,
        progress=row.progress,
    )


def _service_request(row: m.ServiceRequestRow) -> ServiceRequest:
    return ServiceRequest(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        action=ServiceAction(row.action),
        service_code=row.service_code,
        status=JobStatus(row.status),
        created_at=row.created_at,
        requested_by=row.requested_by,
        finished_at=row.finished_at,
        progress=row.progress,
    )


class TortoiseRenameRequestRepository:
    async def by_key(self, client_id: int, key: str) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(client_id=client_id, idempotency_key=key)
        return _rename_request(row) if row else None

    async def add(
        self,
        client_id: int,
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

    async def get(self, client_id: int, request_id: int) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(id=request_id, client_id=client_id)
        return _rename_request(row) if row else None

    async def get_any(self, request_id: int) -> RenameRequest | None:
        row = await m.RenameRequestRow.get_or_none(id=request_id)
        return _rename_request(row) if row else None

    async def list(self, client_id: int, page: PageRequest) -> Page[RenameRequest]:
        return await page_of(
            m.RenameRequestRow.filter(client_id=client_id).order_by("-created_at", "-id"),
            page,
            _rename_request,
        )

    async def lines(self, request_id: int) -> builtins.list[RequestLine]:
        rows = (
            await m.RenameLineRow.filter(request_id=request_id)
            .order_by("position")
            .values_list(
                "id", "position", "number", "status", "name", "error_code", "error_message"
            )
        )
        return [
            RequestLine(
                id=int(i),
                position=int(p),
                number=str(n),
                status=LineStatus(s),
                name=str(name),
                error=_error(code, message),
            )
            for i, p, n, s, name, code, message in rows
        ]

    async def start(self, request_id: int) -> RenameRequest | None:
        changed(RENAME_REQUEST, request_id)
        taken = await m.RenameRequestRow.filter(id=request_id, status__in=_OPEN).update(
            status=JobStatus.RUNNING.value
        )
        return await self.get_any(request_id) if taken else None

    async def pending(self, request_id: int, limit: int) -> builtins.list[PendingRename]:
        rows = (
            await m.RenameLineRow.filter(request_id=request_id, status=LineStatus.QUEUED.value)
            .order_by("position")
            .limit(limit)
            .select_for_update(skip_locked=True)  # (values_list() would drop FOR UPDATE)
            .only("id", "number", "name")
        )
        return [PendingRename(r.id, r.number, r.name) for r in rows]

    async def record(self, results: Sequence[LineResult]) -> None:
        await _record(m.RenameLineRow, results)

    async def finish(self, request_id: int, at: datetime) -> None:
        changed(RENAME_REQUEST, request_id)
        await _finish_when_no_line_left(m.RenameRequestRow, m.RenameLineRow, request_id, at)

    async def touch(self, request_id: int, at: datetime) -> None:
        await m.RenameRequestRow.filter(id=request_id).update(touched_at=at)

    async def line_counts(self, request_id: int) -> tuple[int, int]:
        return await _line_counts(m.RenameLineRow, request_id)

    async def set_progress(self, request_id: int, progress: int) -> None:
        changed(RENAME_REQUEST, request_id)
        await m.RenameRequestRow.filter(id=request_id).update(progress=progress)

    async def stale(self, now: datetime) -> builtins.list[int]:
        return await untouched(m.RenameRequestRow, _OPEN, now)


async def _finish_when_no_line_left(
    request: type[m.RenameRequestRow] | type[m.ServiceRequestRow],
    lines: type[m.RenameLineRow] | type[m.ServiceLineRow],
    request_id: int,
    at: datetime,
) -> None:
    """DONE once every line has its result; a worker whose last chunk another one still
    holds (locked, not yet committed) leaves the finishing to that one."""
    if await lines.filter(request_id=request_id, status=LineStatus.QUEUED.value).exists():
        return
    await request.filter(id=request_id).update(
        status=JobStatus.DONE.value, finished_at=at, progress=100
    )


async def _line_counts(
    lines: type[m.RenameLineRow] | type[m.ServiceLineRow], request_id: int
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
        client_id: int,
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

    async def get(self, client_id: int, request_id: int) -> ServiceRequest | None:
        row = await m.ServiceRequestRow.get_or_none(id=request_id, client_id=client_id)
        return _service_request(row) if row else None

    async def get_any(self, request_id: int) -> ServiceRequest | None:
        row = await m.ServiceRequestRow.get_or_none(id=request_id)
        return _service_request(row) if row else None

    async def list_since(
        self, client_id: int, since: datetime, page: PageRequest
    ) -> Page[ServiceRequest]:
        return await page_of(
            m.ServiceRequestRow.filter(client_id=client_id, created_at__gte=since).order_by(
                "-created_at", "-id"
            ),
            page,
            _service_request,
        )

    async def lines(self, request_id: int) -> builtins.list[RequestLine]:
        request = await m.ServiceRequestRow.get(id=request_id)
        action = ServiceAction(request.action)
        rows = (
            await m.ServiceLineRow.filter(request_id=request_id)
            .order_by("position")
            .values_list("id", "position", "number", "status", "result")
        )
        lines: builtins.list[RequestLine] = []
        for i, p, n, s, result in rows:
            outcome = ServiceOutcome(result) if result else None
            lines.append(
                RequestLine(
                    id=int(i),
                    position=int(p),
                    number=str(n),
                    status=LineStatus(s),
                    error=outcome.error(action) if outcome else None,
                    outcome=outcome,
                )
            )
        return lines

    async def start(self, request_id: int) -> ServiceRequest | None:
        changed(SERVICE_REQUEST, request_id)
        taken = await m.ServiceRequestRow.filter(id=request_id, status__in=_OPEN).update(
            status=JobStatus.RUNNING.value
        )
        return await self.get_any(request_id) if taken else None

    async def pending(self, request_id: int, limit: int) -> builtins.list[PendingServiceLine]:
        rows = (
            await m.ServiceLineRow.filter(request_id=request_id, status=LineStatus.QUEUED.value)
            .order_by("position")
            .limit(limit)
            .select_for_update(skip_locked=True)  # (values_list() would drop FOR UPDATE)
            .only("id", "number")
        )
        return [PendingServiceLine(r.id, r.number) for r in rows]

    async def record(self, results: Sequence[LineResult]) -> None:
        await _record(m.ServiceLineRow, results)

    async def finish(self, request_id: int, at: datetime) -> None:
        changed(SERVICE_REQUEST, request_id)
        await _finish_when_no_line_left(m.ServiceRequestRow, m.ServiceLineRow, request_id, at)

    async def touch(self, request_id: int, at: datetime) -> None:
        await m.ServiceRequestRow.filter(id=request_id).update(touched_at=at)

    async def line_counts(self, request_id: int) -> tuple[int, int]:
        return await _line_counts(m.ServiceLineRow, request_id)

    async def set_progress(self, request_id: int, progress: int) -> None:
        changed(SERVICE_REQUEST, request_id)
        await m.ServiceRequestRow.filter(id=request_id).update(progress=progress)

    async def stale(self, now: datetime) -> builtins.list[int]:
        return await untouched(m.ServiceRequestRow, _OPEN, now)
