"""Download jobs in the database (D3): the one job lifecycle on document_job."""

from __future__ import annotations

from datetime import datetime

from domain.documents import DownloadFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId, ClientId, JobId
from domain.job_store import JobPolicy, StaleJob
from domain.jobs import DocumentJob, FileMade, JobStatus
from domain.periods import BillingPeriod
from infra.db import models as m
from infra.db.job_rows import JobRows
from infra.events.changes import DOCUMENT_JOB

_ROWS = JobRows(m.DocumentJobRow, DOCUMENT_JOB)


def _job(row: m.DocumentJobRow) -> DocumentJob:
    error = (
        DomainError(ErrorCode(row.error_code), row.error_message or "") if row.error_code else None
    )
    return DocumentJob(
        id=JobId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        account_id=AccountId(row.account_id),  # type: ignore[attr-defined]
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
        touched_at=row.touched_at,
        retry_at=row.retry_at,
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

    async def get(self, client_id: ClientId, job_id: JobId) -> DocumentJob | None:
        row = await m.DocumentJobRow.get_or_none(id=job_id, client_id=client_id)
        return _job(row) if row else None

    async def find_alive(
        self, account_id: AccountId, period: BillingPeriod, format: DownloadFormat, now: datetime
    ) -> DocumentJob | None:
        rows = await m.DocumentJobRow.filter(
            account_id=account_id,
            period=str(period),
            format=format.value,
            status__in=[
                JobStatus.QUEUED.value,
                JobStatus.RUNNING.value,
                JobStatus.DEFERRED.value,
                JobStatus.DONE.value,
            ],
        ).order_by("-id")
        for row in rows:
            job = _job(row)
            if job.is_alive(now):
                return job
        return None

    # -- the job lifecycle (domain/job_store.py) ----------------------------------

    async def claim(self, job_id: JobId, at: datetime) -> DocumentJob | None:
        row = await _ROWS.claim(job_id, at, started_at=at, progress=0)
        return _job(row) if row is not None else None

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        return await _ROWS.touch(job_id, attempt, at)

    async def set_progress(self, job_id: JobId, attempt: int, progress: int) -> bool:
        return await _ROWS.change(job_id, attempt, progress=progress)

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        return await _ROWS.release(job_id, attempt, at, retry_at)

    async def finish(self, job_id: JobId, attempt: int, outcome: FileMade, at: datetime) -> bool:
        return await _ROWS.finish(
            job_id,
            attempt,
            at,
            file_key=outcome.file_key,
            expires_at=outcome.expires_at,
            progress=100,
        )

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        return await _ROWS.fail(
            job_id, attempt, at, error_code=error.code.value, error_message=error.message[:500]
        )

    async def stale(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        return await _ROWS.stale(now, policy)

    async def waiting(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        return await _ROWS.waiting(now, policy)

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        return await _ROWS.hand_off(job, at)

    async def expired_files(self, now: datetime) -> list[tuple[JobId, str]]:
        rows = await m.DocumentJobRow.filter(
            file_key__isnull=False, expires_at__lt=now
        ).values_list("id", "file_key")
        return [(JobId(int(i)), str(k)) for i, k in rows]

    async def forget_file(self, job_id: JobId) -> None:
        await m.DocumentJobRow.filter(id=job_id).update(file_key=None)
