"""Asynchronous document jobs (D3), in the one job lifecycle of domain/job_store.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.ids import AccountId, ClientId, JobId
from domain.job_store import JobStatus
from domain.periods import BillingPeriod

__all__ = ["DocumentJob", "FileMade", "JobStatus", "percent"]


@dataclass(frozen=True)
class FileMade:
    """A document job's outcome: the file in the store and its link's expiry."""

    file_key: str
    expires_at: datetime


@dataclass(frozen=True)
class DocumentJob:
    """An ordered invoice file; ends with a link that expires, or with an error."""

    id: JobId
    client_id: ClientId
    account_id: AccountId
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
    touched_at: datetime | None = None
    retry_at: datetime | None = None

    def is_alive(self, now: datetime) -> bool:
        """Open (queued, running, deferred), or done with a link still valid: ordering
        again reuses it."""
        if not self.status.final:
            return True
        return (
            self.status is JobStatus.DONE and self.expires_at is not None and self.expires_at > now
        )


def percent(done: int, total: int) -> int:
    """Progress of a job with steps, 0–100; 100 only when every step is done."""
    if total <= 0:
        return 0
    share = done * 100 // total
    return 100 if done >= total else min(share, 99)
