"""Requests carried out by a job line by line: renaming (D13) and services by list (D14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, JobId, LineId, SubscriberId
from domain.job_store import JobStatus
from domain.services_by_list import ServiceAction, ServiceOutcome


def _lines_word(count: int) -> tuple[str, str]:
    """«строка/строки/строк» and the verb agreeing with it (Russian plural)."""
    if count % 10 == 1 and count % 100 != 11:
        return "строка", "содержит ошибку"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "строки", "содержат ошибки"
    return "строк", "содержат ошибки"


def list_summary(bad: int, total: int, field: str) -> DomainError:
    """D13, D14: the refusal of a whole list, «3 строки из 120 содержат ошибки».

    Both lists are all or nothing: a list with a wrong line is refused whole, so that
    a corrected list can be sent again as it is, without working out which lines were
    already carried out. The lines keep their own errors.
    """
    word, verb = _lines_word(bad)
    return DomainError(
        ErrorCode.LIST_HAS_ERRORS,
        f"{bad} {word} из {total} {verb}; список не принят. "
        "Исправьте отмеченные строки и отправьте список снова.",
        field,
    )


class LineStatus(StrEnum):
    """One line of an accepted request: waiting for the job, done, or failed."""

    QUEUED = "QUEUED"
    DONE = "DONE"
    FAILED = "FAILED"


@dataclass(frozen=True)
class RequestLine:
    """D13, D14: one line of an accepted request and its result."""

    id: LineId
    position: int
    number: str
    status: LineStatus
    name: str | None = None
    error: DomainError | None = None
    outcome: ServiceOutcome | None = None


@dataclass(frozen=True)
class RenameRequest:
    """D13: an accepted renaming list; a job carries it out within 24 hours."""

    id: JobId
    client_id: ClientId
    status: JobStatus
    created_at: datetime
    line_count: int
    requested_by: str | None = None
    idempotency_key: str | None = None
    finished_at: datetime | None = None
    progress: int = 0
    attempts: int = 0
    error: DomainError | None = None


@dataclass(frozen=True)
class ServiceRequest:
    """D14: an accepted list to add or remove one service; a job carries it out."""

    id: JobId
    client_id: ClientId
    action: ServiceAction
    service_code: str
    status: JobStatus
    created_at: datetime
    requested_by: str | None = None
    finished_at: datetime | None = None
    progress: int = 0
    attempts: int = 0
    error: DomainError | None = None


@dataclass(frozen=True)
class PendingRename:
    """A line the renaming job has still to carry out."""

    line_id: LineId
    number: str
    name: str


@dataclass(frozen=True)
class PendingServiceLine:
    """A line the services job has still to carry out."""

    line_id: LineId
    number: str


@dataclass(frozen=True)
class LineResult:
    """The job's verdict on one line."""

    line_id: LineId
    status: LineStatus
    error: DomainError | None = None
    outcome: ServiceOutcome | None = None


@dataclass(frozen=True)
class ServiceState:
    """A subscriber as the services job sees it (D14)."""

    subscriber_id: SubscriberId
    tariff: str
    has_service: bool


@dataclass(frozen=True)
class RenameList:
    """D13: the (number, name) lines of an uploaded file and the row (1-based) of each."""

    items: list[tuple[str, str]]
    rows: list[int]
