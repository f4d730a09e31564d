"""The unit of work: one transaction over the repositories and the outbox written in it."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from domain.commands import Command
from domain.ids import OutboxId
from domain.ports.accounts import BillingAccountRepository, ClientRepository
from domain.ports.auth import AdminRepository, SessionRepository
from domain.ports.delivery import DeliverySettingsRepository
from domain.ports.invoices import InvoiceRepository


class Outbox(Protocol):
    """Jobs recorded in the same transaction as the change that asks for them."""

    async def add(self, command: Command, key: str | None = None) -> OutboxId:
        """Record the command; with a key, only once (a second add returns the first row)."""
        ...


class JobDispatcher(Protocol):
    """Hands a committed outbox command to the broker (message_id: its outbox row)."""

    def dispatch(self, command: Command, message_id: OutboxId) -> None: ...


class UnitOfWork(Protocol):
    """Repositories plus one transaction: all or nothing."""

    @property
    def admins(self) -> AdminRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def clients(self) -> ClientRepository: ...

    @property
    def accounts(self) -> BillingAccountRepository: ...

    @property
    def delivery(self) -> DeliverySettingsRepository: ...

    @property
    def invoices(self) -> InvoiceRepository: ...

    @property
    def outbox(self) -> Outbox: ...

    def transaction(self) -> AbstractAsyncContextManager[None]: ...
