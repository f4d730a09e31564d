"""Ports of the list requests: renaming (D13) and services by list (D14), and the uploaded lists."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from domain.ids import ClientId, JobId
from domain.job_store import JobStore
from domain.list_requests import (
    LineResult,
    PendingRename,
    PendingServiceLine,
    RenameList,
    RenameRequest,
    RequestLine,
    ServiceRequest,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction


class RenameListReader(Protocol):
    """D13: an uploaded CSV or XLSX list → its lines; INVALID_FILE or LIST_TOO_LONG."""

    def read(self, filename: str | None, data: bytes) -> RenameList: ...


class NumberListReader(Protocol):
    """D14: an uploaded CSV or XLSX list of numbers («Номер») → its lines (names empty)."""

    def read_numbers(self, filename: str | None, data: bytes) -> RenameList: ...


Request_co = TypeVar("Request_co", covariant=True)


Line_co = TypeVar("Line_co", covariant=True)


class ListJobRepository(JobStore[Request_co, None], Protocol[Request_co, Line_co]):
    """What the job carrying out a list request needs (domain/use_cases/list_jobs.py):
    the one job lifecycle (domain/job_store.py) and the request's lines."""

    async def pending(self, request_id: JobId, limit: int) -> Sequence[Line_co]:
        """Lines still QUEUED, locked until the transaction ends; lines another worker
        holds are skipped."""
        ...

    async def record(self, results: Sequence[LineResult]) -> None: ...

    async def line_counts(self, request_id: JobId) -> tuple[int, int]:
        """(lines carried out, all lines) of a request, for its progress."""
        ...

    async def set_progress(self, request_id: JobId, attempt: int, progress: int) -> bool: ...


class RenameRequestRepository(ListJobRepository[RenameRequest, PendingRename], Protocol):
    async def by_key(self, client_id: ClientId, key: str) -> RenameRequest | None: ...

    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        key: str | None,
        lines: Sequence[RenameLine],
        at: datetime,
    ) -> RenameRequest | None:
        """The new request; None when the idempotency key is already taken."""
        ...

    async def get(self, client_id: ClientId, request_id: JobId) -> RenameRequest | None: ...

    async def get_any(self, request_id: JobId) -> RenameRequest | None: ...

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[RenameRequest]: ...

    async def lines(
        self, request_id: JobId, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]: ...


class ServiceRequestRepository(ListJobRepository[ServiceRequest, PendingServiceLine], Protocol):
    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str],
        at: datetime,
    ) -> ServiceRequest: ...

    async def get(self, client_id: ClientId, request_id: JobId) -> ServiceRequest | None: ...

    async def get_any(self, request_id: JobId) -> ServiceRequest | None: ...

    async def list_since(
        self, client_id: ClientId, since: datetime, page: PageRequest
    ) -> Page[ServiceRequest]: ...

    async def lines(
        self, request_id: JobId, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]: ...
