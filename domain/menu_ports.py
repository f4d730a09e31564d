"""Ports of the administrator's menu (D11–D17): what its use cases need from storage.

Every method taking a client_id is scoped to that client (D18); the *_any methods are
for jobs, which act on ids the server gave them.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar

from domain.audit import AuditEntry
from domain.feedback import FeedbackTicket
from domain.installments import Installment
from domain.job_store import JobStore
from domain.list_requests import (
    LineResult,
    PendingRename,
    PendingServiceLine,
    RenameList,
    RenameRequest,
    RequestLine,
    ServiceRequest,
    ServiceState,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction
from domain.subscribers import AdditionalService, Subscriber, SubscriberSearch


class BankDetailsChecker(Protocol):
    """D11: whether a bank account's IBAN (Belarus) and BIC are valid."""

    def iban_valid(self, iban: str) -> bool: ...

    def bic_valid(self, bic: str) -> bool: ...


class RenameListReader(Protocol):
    """D13: an uploaded CSV or XLSX list → its lines; INVALID_FILE or LIST_TOO_LONG."""

    def read(self, filename: str | None, data: bytes) -> RenameList: ...


class NumberListReader(Protocol):
    """D14: an uploaded CSV or XLSX list of numbers («Номер») → its lines (names empty)."""

    def read_numbers(self, filename: str | None, data: bytes) -> RenameList: ...


class PaymentRepository(Protocol):
    async def list(self, client_id: int, page: PageRequest) -> Page[Payment]: ...

    async def get(self, client_id: int, payment_id: int) -> Payment | None: ...

    async def find(self, client_id: int, document_number: str, paid_on: date) -> Payment | None: ...

    async def add(
        self, client_id: int, payment: UnconfirmedPayment, registered_by: str, at: datetime
    ) -> Payment | None:
        """The new payment; None when the same number and date are already there (D12)."""
        ...


class InstallmentRepository(Protocol):
    async def list(self, client_id: int) -> list[Installment]: ...


class SubscriberRepository(Protocol):
    async def search(
        self, client_id: int, search: SubscriberSearch, page: PageRequest
    ) -> Page[Subscriber]: ...

    async def get(self, client_id: int, subscriber_id: int) -> Subscriber | None: ...

    async def ids_by_number(self, client_id: int, numbers: Sequence[str]) -> Mapping[str, int]: ...

    async def names_by_number(
        self, client_id: int, numbers: Sequence[str]
    ) -> Mapping[str, tuple[int, str]]:
        """number → (subscriber id, current name)."""
        ...

    async def rename(self, renames: Sequence[tuple[int, str]], at: datetime) -> None:
        """Set the names and append them to the name history from `at` (D13)."""
        ...

    async def service_states(
        self, client_id: int, numbers: Sequence[str], service_code: str
    ) -> Mapping[str, ServiceState]: ...

    async def set_service(
        self, subscriber_ids: Sequence[int], service_code: str, on: bool
    ) -> None: ...


class ServiceCatalogue(Protocol):
    async def all(self) -> list[AdditionalService]: ...

    async def get(self, code: str) -> AdditionalService | None: ...


Request_co = TypeVar("Request_co", covariant=True)
Line_co = TypeVar("Line_co", covariant=True)


class ListJobRepository(JobStore[Request_co, None], Protocol[Request_co, Line_co]):
    """What the job carrying out a list request needs (domain/use_cases/list_jobs.py):
    the one job lifecycle (domain/job_store.py) and the request's lines."""

    async def pending(self, request_id: int, limit: int) -> Sequence[Line_co]:
        """Lines still QUEUED, locked until the transaction ends; lines another worker
        holds are skipped."""
        ...

    async def record(self, results: Sequence[LineResult]) -> None: ...

    async def line_counts(self, request_id: int) -> tuple[int, int]:
        """(lines carried out, all lines) of a request, for its progress."""
        ...

    async def set_progress(self, request_id: int, attempt: int, progress: int) -> bool: ...


class RenameRequestRepository(ListJobRepository[RenameRequest, PendingRename], Protocol):
    async def by_key(self, client_id: int, key: str) -> RenameRequest | None: ...

    async def add(
        self,
        client_id: int,
        requested_by: str,
        key: str | None,
        lines: Sequence[RenameLine],
        at: datetime,
    ) -> RenameRequest | None:
        """The new request; None when the idempotency key is already taken."""
        ...

    async def get(self, client_id: int, request_id: int) -> RenameRequest | None: ...

    async def get_any(self, request_id: int) -> RenameRequest | None: ...

    async def list(self, client_id: int, page: PageRequest) -> Page[RenameRequest]: ...

    async def lines(
        self, request_id: int, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]: ...


class ServiceRequestRepository(ListJobRepository[ServiceRequest, PendingServiceLine], Protocol):
    async def add(
        self,
        client_id: int,
        requested_by: str,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str],
        at: datetime,
    ) -> ServiceRequest: ...

    async def get(self, client_id: int, request_id: int) -> ServiceRequest | None: ...

    async def get_any(self, request_id: int) -> ServiceRequest | None: ...

    async def list_since(
        self, client_id: int, since: datetime, page: PageRequest
    ) -> Page[ServiceRequest]: ...

    async def lines(
        self, request_id: int, window: LineWindow = LineWindow()
    ) -> builtins.list[RequestLine]: ...


class FeedbackRepository(Protocol):
    async def add(
        self, client_id: int, subject: str, text: str, created_by: str, at: datetime
    ) -> FeedbackTicket: ...

    async def get(self, client_id: int, ticket_id: int) -> FeedbackTicket | None: ...

    async def list(self, client_id: int, page: PageRequest) -> Page[FeedbackTicket]: ...

    async def add_reply(
        self, ticket_id: int, author: str, text: str, status: str, at: datetime
    ) -> None: ...


class AuditReader(Protocol):
    async def list(self, client_id: int, page: PageRequest) -> Page[AuditEntry]: ...

    async def get(self, client_id: int, entry_id: int) -> AuditEntry | None: ...
