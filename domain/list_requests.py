"""Requests carried out by a job line by line: renaming (D13) and services by list (D14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError
from domain.jobs import JobStatus
from domain.services_by_list import ServiceAction, ServiceOutcome


class LineStatus(StrEnum):
    """One line of an accepted request: waiting for the job, done, or failed."""

    QUEUED = "QUEUED"
    DONE = "DONE"
    FAILED = "FAILED"


@dataclass(frozen=True)
class RequestLine:
    """D13, D14: one line of an accepted request and its result."""

    id: int
    position: int
    number: str
    status: LineStatus
    name: str | None = None
    error: DomainError | None = None
    outcome: ServiceOutcome | None = None


@dataclass(frozen=True)
class RenameRequest:
    """D13: an accepted renaming list; a job carries it out within 24 hours."""

    id: int
    client_id: int
    status: JobStatus
    created_at: datetime
    line_count: int
    requested_by: str | None = None
    idempotency_key: str | None = None
    finished_at: datetime | None = None
    progress: int = 0


@dataclass(frozen=True)
class ServiceRequest:
    """D14: an accepted list to add or remove one service; a job carries it out."""

    id: int
    client_id: int
    action: ServiceAction
    service_code: str
    status: JobStatus
    created_at: datetime
    requested_by: str | None = None
    finished_at: datetime | None = None
    progress: int = 0


@dataclass(frozen=True)
class PendingRename:
    """A line the renaming job has still to carry out."""

    line_id: int
    number: str
    name: str


@dataclass(frozen=True)
class PendingServiceLine:
    """A line the services job has still to carry out."""

    line_id: int
    number: str


@dataclass(frozen=True)
class LineResult:
    """The job's verdict on one line."""

    line_id: int
    status: LineStatus
    error: DomainError | None = None
    outcome: ServiceOutcome | None = None


@dataclass(frozen=True)
class ServiceState:
    """A subscriber as the services job sees it (D14)."""

    subscriber_id: int
    tariff: str
    has_service: bool


@dataclass(frozen=True)
class RenameList:
    """D13: the (number, name) lines of an uploaded file and the row (1-based) of each."""

    items: list[tuple[str, str]]
    rows: list[int]
