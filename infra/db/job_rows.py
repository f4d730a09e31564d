"""The one job lifecycle (domain/job_store.py) on a table with the job columns.

Tables: document_job, charges_report, rename_request, service_request, each with
`status`, `attempts`, `touched_at`, `retry_at`, `created_at`, `finished_at`. (The
sendings of invoices keep part of their state in JSON: infra/db/mail_repo.py.)

Every change is one conditional UPDATE checked by its row count (SQLite has no SKIP
LOCKED): a claim is a compare-and-set on (status, attempts) as read; every change after
it names the attempt holding the claim and finds no row once another attempt holds it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from domain.ids import JobId
from domain.job_store import OPEN, JobPolicy, JobStatus, StaleJob
from infra.events.changes import changed

_OPEN = [s.value for s in OPEN]


class JobRows:
    """The JobStore verbs for one model; `kind` names its changes for the watchers."""

    def __init__(self, model: Any, kind: str) -> None:
        self.model = model
        self.kind = kind

    def _held(self, job_id: JobId, attempt: int) -> Any:
        return self.model.filter(id=job_id, attempts=attempt, status=JobStatus.RUNNING.value)

    async def claim(self, job_id: JobId, at: datetime, **fields: Any) -> Any | None:
        """The row after the claim, or None (finished, deferred, or held)."""
        changed(self.kind, job_id)
        row = await self.model.get_or_none(id=job_id)
        if row is None:
            return None
        status = JobStatus(row.status)
        if status is JobStatus.DEFERRED:
            if row.retry_at is not None and at < row.retry_at:
                return None  # deferred: recovery hands it out when it is due
        elif status is not JobStatus.QUEUED:
            return None  # finished, or another worker is on it (its heartbeat says so)
        taken = await self.model.filter(id=job_id, attempts=row.attempts, status=row.status).update(
            status=JobStatus.RUNNING.value,
            attempts=row.attempts + 1,
            touched_at=at,
            retry_at=None,
            **fields,
        )
        if not taken:
            return None
        await row.refresh_from_db()
        return row

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        return bool(await self._held(job_id, attempt).update(touched_at=at))

    async def change(self, job_id: JobId, attempt: int, **fields: Any) -> bool:
        """Any change of the running attempt's row (progress, a result)."""
        changed(self.kind, job_id)
        return bool(await self._held(job_id, attempt).update(**fields))

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        status = JobStatus.QUEUED if retry_at is None else JobStatus.DEFERRED
        return await self.change(
            job_id, attempt, status=status.value, touched_at=at, retry_at=retry_at
        )

    async def finish(self, job_id: JobId, attempt: int, at: datetime, **fields: Any) -> bool:
        return await self.change(
            job_id, attempt, status=JobStatus.DONE.value, finished_at=at, **fields
        )

    async def fail(self, job_id: JobId, attempt: int, at: datetime, **fields: Any) -> bool:
        return await self.change(
            job_id, attempt, status=JobStatus.FAILED.value, finished_at=at, **fields
        )

    async def stale(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        """Open rows `policy.is_due` hands out again; the query only narrows them down."""
        # The later of the two cutoffs: every row either rule may take, and more.
        cutoff = max(now - policy.dead_after, now - policy.lost_after)
        rows = (
            await self.model.filter(status__in=_OPEN)
            .filter(
                Q(status=JobStatus.DEFERRED.value)
                | Q(retry_at__isnull=False)
                | Q(touched_at__lte=cutoff)
                | Q(touched_at__isnull=True, created_at__lte=cutoff)
            )
            .order_by("id")
            .values_list("id", "status", "attempts", "touched_at", "created_at", "retry_at")
        )
        found = []
        for job_id, status, attempts, touched_at, created_at, retry_at in rows:
            state = JobStatus(status)
            if policy.is_due(state, touched_at, created_at, retry_at, now):
                found.append(StaleJob(JobId(int(job_id)), state, int(attempts), touched_at))
        return found

    async def waiting(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        """Open rows `policy.is_waiting` (woken early when their dependency is back)."""
        rows = (
            await self.model.filter(status__in=[JobStatus.QUEUED.value, JobStatus.DEFERRED.value])
            .filter(Q(status=JobStatus.DEFERRED.value) | Q(attempts__gte=1))
            .order_by("id")
            .values_list("id", "status", "attempts", "touched_at", "retry_at")
        )
        return [
            StaleJob(JobId(int(job_id)), JobStatus(status), int(attempts), touched_at)
            for job_id, status, attempts, touched_at, retry_at in rows
            if policy.is_waiting(JobStatus(status), int(attempts), retry_at, now)
        ]

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        """→ QUEUED, touched at `at`, only while the row is as recovery read it: the same
        status and attempt, and no heartbeat since."""
        changed(self.kind, job.id)
        rows = self.model.filter(id=job.id, status=job.status.value, attempts=job.attempt)
        if job.touched_at is None:
            rows = rows.filter(touched_at__isnull=True)
        else:
            rows = rows.filter(touched_at__lte=job.touched_at)
        taken = await rows.update(status=JobStatus.QUEUED.value, touched_at=at, retry_at=None)
        return bool(taken)
