"""Unit of work over Tortoise: repositories plus one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from tortoise.transactions import in_transaction

from infra.db.outbox import TortoiseOutbox
from infra.db.repositories import (
    TortoiseAdminRepository,
    TortoiseBillingAccountRepository,
    TortoiseClientRepository,
    TortoiseDeliverySettingsRepository,
    TortoiseInvoiceRepository,
    TortoiseSessionRepository,
)
from infra.events.changes import JobKey, collecting


class TortoiseUnitOfWork:
    """Queries inside `transaction()` run in it (Tortoise routes them by context)."""

    def __init__(
        self,
        after_commit: Callable[[], None] | None = None,
        publish: Callable[[set[JobKey]], Awaitable[None]] | None = None,
    ) -> None:
        self.admins = TortoiseAdminRepository()
        self.sessions = TortoiseSessionRepository()
        self.clients = TortoiseClientRepository()
        self.accounts = TortoiseBillingAccountRepository()
        self.delivery = TortoiseDeliverySettingsRepository()
        self.invoices = TortoiseInvoiceRepository()
        self.outbox = TortoiseOutbox()
        self._after_commit = after_commit
        self._publish = publish

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        before = self.outbox.added
        with collecting() as changed_jobs:
            async with in_transaction():
                yield
        # Committed: only now may the relay hand the new jobs to the broker, and the
        # watchers of the changed jobs re-read them.
        if self.outbox.added != before and self._after_commit is not None:
            self._after_commit()
        if changed_jobs and self._publish is not None:
            await self._publish(changed_jobs)
