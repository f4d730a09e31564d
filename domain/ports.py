"""Ports: what the use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, BinaryIO, Protocol

from domain.accounts import Admin, BillingAccount, Client
from domain.auth import Session
from domain.delivery import DeliverySettings
from domain.documents import CallRecord, InvoiceDocument
from domain.invoices import Invoice
from domain.paging import Page, PageRequest
from domain.periods import BillingPeriod


class Clock(Protocol):
    """Now, always aware; tests and demos fix it (D0)."""

    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    """A slow password hash (D18)."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class AdminRepository(Protocol):
    async def by_login(self, login: str) -> Admin | None: ...

    async def get(self, admin_id: int) -> Admin | None: ...

    async def record_attempt(
        self, admin_id: int, failed_attempts: int, locked_until: datetime | None
    ) -> None: ...


class SessionRepository(Protocol):
    async def add(self, admin_id: int, token_digest: str, expires_at: datetime) -> Session: ...

    async def by_digest(self, token_digest: str) -> Session | None: ...

    async def revoke(self, session_id: int, at: datetime) -> None: ...


class ClientRepository(Protocol):
    async def get(self, client_id: int) -> Client | None: ...


class BillingAccountRepository(Protocol):
    """Accounts of one client only (D18)."""

    async def list(self, client_id: int, page: PageRequest) -> Page[BillingAccount]: ...

    async def get(self, client_id: int, account_id: int) -> BillingAccount | None: ...

    async def get_many(
        self, client_id: int, account_ids: Sequence[int]
    ) -> Mapping[int, BillingAccount]: ...


class DeliverySettingsRepository(Protocol):
    """The effective-dated history of delivery settings (D5)."""

    async def in_force(
        self, account_ids: Sequence[int], at: datetime
    ) -> Mapping[int, DeliverySettings]: ...

    async def history(self, account_id: int, page: PageRequest) -> Page[DeliverySettings]: ...

    async def add(self, account_id: int, settings: DeliverySettings) -> DeliverySettings: ...


class InvoiceRepository(Protocol):
    async def list_for_account(self, account_id: int, page: PageRequest) -> Page[Invoice]: ...

    async def latest_for_accounts(
        self, account_ids: Sequence[int], per_account: int
    ) -> Mapping[int, list[Invoice]]: ...

    async def get(self, client_id: int, invoice_id: int) -> Invoice | None: ...

    async def for_period(
        self, account_id: int, period: BillingPeriod, with_lines: bool = False
    ) -> Invoice | None: ...

    async def periods_formed(self, account_ids: Sequence[int]) -> Mapping[int, set[str]]: ...


class Outbox(Protocol):
    """Jobs recorded in the same transaction as the change that asks for them."""

    async def add(self, actor: str, payload: Mapping[str, Any], key: str | None = None) -> int: ...


class JobDispatcher(Protocol):
    """Hands a committed outbox message to the broker."""

    def dispatch(self, actor: str, payload: Mapping[str, Any], message_id: int) -> None: ...


class UnitOfWork(Protocol):
    """Repositories plus one transaction: all or nothing."""

    admins: AdminRepository
    sessions: SessionRepository
    clients: ClientRepository
    accounts: BillingAccountRepository
    delivery: DeliverySettingsRepository
    invoices: InvoiceRepository
    outbox: Outbox

    def transaction(self) -> AbstractAsyncContextManager[None]: ...


class InvoiceRenderer(Protocol):
    """Makes invoice files (D8, D10); synchronous and CPU-bound: run in a worker thread."""

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None: ...

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """The invoice as a workbook; with calls, plus the D8 breakdown sheets."""
        ...
