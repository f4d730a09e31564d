"""Asynchronous document jobs: QUEUED → RUNNING → DONE | FAILED (D3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.periods import BillingPeriod

MAX_ATTEMPTS = 5
# A RUNNING job not finished in this time is taken to have lost its worker.
STALE_AFTER = timedelta(minutes=5)


class JobStatus(str, Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


@dataclass(frozen=True)
class DocumentJob:
    """An ordered invoice file; ends with a link that expires, or with an error."""

    id: int
    client_id: int
    account_id: int
    period: BillingPeriod
    format: DownloadFormat
    status: JobStatus
    created_at: datetime
    attempts: int = 0
    file_key: str | None = None
    error: DomainError | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime | None = None
    progress: int = 0

    def is_alive(self, now: datetime) -> bool:
        """Queued, running, or done with a link still valid: ordering again reuses it."""
        if self.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return True
        return (
            self.status is JobStatus.DONE and self.expires_at is not None and self.expires_at > now
        )

    def is_stale(self, now: datetime) -> bool:
        """Unfinished and untouched for too long: its worker died or its message was lost."""
        if self.status is JobStatus.RUNNING:
            since = self.started_at
        elif self.status is JobStatus.QUEUED:
            since = self.started_at or self.created_at
        else:
            return False
        return since is not None and now - since > STALE_AFTER


def percent(done: int, total: int) -> int:
    """Progress of a job with steps, 0–100; 100 only when every step is done."""
    if total <= 0:
        return 0
    share = done * 100 // total
    return 100 if done >= total else min(share, 99)
