"""Document jobs, call detail and the audit log in Tortoise."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.documents import CallRecord, DownloadFormat
from domain.errors import DomainError, ErrorCode
from domain.jobs import STALE_AFTER, DocumentJob, JobStatus
from domain.money import money
from domain.periods import BillingPeriod
from infra.db import models as m
from infra.events.changes import DOCUMENT_JOB, changed


def _job(row: m.DocumentJobRow) -> DocumentJob:
    error = (
        DomainError(ErrorCode(row.error_code), row.error_message or "") if row.error_code else None
    )
    return DocumentJob(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        account_id=row.account_id,  # type: ignore[attr-defined]
        period=BillingPeriod.parse(row.period),
        format=DownloadFormat(row.format),
        status=JobStatus(row.status),
        created_at=row.created_at,
        attempts=row.attempts,
        file_key=row.file_key,
        error=error,
        started_at=row.started_at,
        finished_at=row.finished_at,
        expires_at=row.expires_at,
        progress=row.progress,
    )


class TortoiseDocumentJobRepository:
    async def add(self, job: DocumentJob) -> DocumentJob:
        row = await m.DocumentJobRow.create(
            client_id=job.client_id,
            account_id=job.account_id,
            period=str(job.period),
            format=job.format.value,
            status=job.status.value,
            created_at=job.created_at,
        )
        return _job(row)

    async def get(self, client_id: int, job_id: int) -> DocumentJob | None:
        row = await m.DocumentJobRow.get_or_none(id=job_id, client_id=client_id)
        return _job(row) if row else None

    async def find_alive(
        self, account_id: int, period: BillingPeriod, format: DownloadFormat, now: datetime
    ) -> DocumentJob | None:
        rows = await m.DocumentJobRow.filter(
            account_id=account_id,
            period=str(period),
            format=format.value,
            status__in=[JobStatus.QUEUED.value, JobStatus.RUNNING.value, JobStatus.DONE.value],
        ).order_by("-id")
        for row in rows:
            job = _job(row)
            if job.is_alive(now):
                return job
        return None

    async def start(self, job_id: int, at: datetime) -> DocumentJob | None:
        changed(DOCUMENT_JOB, job_id)
        row = await m.DocumentJobRow.get_or_none(id=job_id)
        if row is None:
            return None
        job = _job(row)
        # A running job is taken over only once its worker is presumed dead; a second
        # delivery of the same message while it runs does nothing.
        if job.status is not JobStatus.QUEUED and not job.is_stale(at):
            return None
        # Compare-and-set on status and attempt counter: two deliveries of one
        # message cannot both take the job.
        taken = await m.DocumentJobRow.filter(
            id=job_id, attempts=row.attempts, status=row.status
        ).update(
            status=JobStatus.RUNNING.value, started_at=at, attempts=row.attempts + 1, progress=0
        )
        if not taken:
            return None
        await row.refresh_from_db()
        return _job(row)

    async def finish(self, job_id: int, file_key: str, at: datetime, expires_at: datetime) -> None:
        changed(DOCUMENT_JOB, job_id)
        await m.DocumentJobRow.filter(id=job_id).update(
            status=JobStatus.DONE.value,
            file_key=file_key,
            finished_at=at,
            expires_at=expires_at,
            progress=100,
        )

    async def set_progress(self, job_id: int, progress: int) -> None:
        changed(DOCUMENT_JOB, job_id)
        await m.DocumentJobRow.filter(id=job_id).update(progress=progress)

    async def fail(self, job_id: int, error: DomainError, at: datetime) -> None:
        changed(DOCUMENT_JOB, job_id)
        await m.DocumentJobRow.filter(id=job_id).update(
            status=JobStatus.FAILED.value,
            error_code=error.code.value,
            error_message=error.message[:500],
            finished_at=at,
        )

    async def stale(self, now: datetime) -> list[DocumentJob]:
        rows = await m.DocumentJobRow.filter(
            status__in=[JobStatus.QUEUED.value, JobStatus.RUNNING.value],
            created_at__lt=now - STALE_AFTER,
        )
        return [job for job in map(_job, rows) if job.is_stale(now)]

    async def requeue(self, job_id: int) -> None:
        changed(DOCUMENT_JOB, job_id)
        await m.DocumentJobRow.filter(id=job_id, status=JobStatus.RUNNING.value).update(
            status=JobStatus.QUEUED.value
        )

    async def expired_files(self, now: datetime) -> list[tuple[int, str]]:
        rows = await m.DocumentJobRow.filter(
            file_key__isnull=False, expires_at__lt=now
        ).values_list("id", "file_key")
        return [(int(i), str(k)) for i, k in rows]

    async def forget_file(self, job_id: int) -> None:
        await m.DocumentJobRow.filter(id=job_id).update(file_key=None)


class TortoiseCallRepository:
    async def chunk(
        self, account_id: int, start: datetime, end: datetime, after_id: int, size: int
    ) -> list[tuple[int, CallRecord]]:
        rows = (
            await m.CallRow.filter(
                account_id=account_id, started_at__gte=start, started_at__lt=end, id__gt=after_id
            )
            .order_by("id")
            .limit(size)
            .values_list(
                "id", "subscriber_number", "started_at", "duration_s", "callee", "kind", "cost"
            )
        )
        return [
            (int(r[0]), CallRecord(r[1], r[2], int(r[3]), r[4], r[5], money(r[6]))) for r in rows
        ]


class TortoiseAuditLog:
    async def record(
        self,
        client_id: int,
        actor: str,
        action: str,
        target: str | None,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        at: datetime,
    ) -> None:
        await m.AuditRow.create(
            client_id=client_id,
            actor=actor,
            action=action,
            target=target,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
            at=at,
        )
