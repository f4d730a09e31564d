"""Reading the client, its billing accounts and their invoices (D1–D3, D5, D11, D18)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain import periods
from domain.accounts import BillingAccount, Client
from domain.auth import Actor
from domain.delivery import NEVER_SET, DeliverySettings
from domain.errors import ErrorCode, NotFound
from domain.invoices import Invoice
from domain.paging import Page, PageRequest
from domain.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class InvoiceServiceStatus:
    """D2: whether ordering invoices is open now, and when it reopens."""

    available: bool
    reason: ErrorCode | None
    resumes_at: datetime | None


class AccountQueries:
    """Reads scoped to the signed-in client: another client's id reads as missing (D18)."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def client(self, actor: Actor) -> Client:
        found = await self._uow.clients.get(actor.client_id)
        if found is None:
            raise NotFound()
        return found

    async def accounts(self, actor: Actor, page: PageRequest) -> Page[BillingAccount]:
        return await self._uow.accounts.list(actor.client_id, page)

    async def account(self, actor: Actor, account_id: int) -> BillingAccount | None:
        return await self._uow.accounts.get(actor.client_id, account_id)

    async def require_account(self, actor: Actor, account_id: int) -> BillingAccount:
        found = await self.account(actor, account_id)
        if found is None:
            raise NotFound("billingAccountId")
        return found

    async def delivery_in_force(
        self, actor: Actor, account_ids: Sequence[int]
    ) -> Mapping[int, DeliverySettings]:
        """D5: the version in force now for each of the client's accounts, in one query.

        An account whose settings were never set reads as self-pickup (NEVER_SET).
        """
        owned = await self._uow.accounts.get_many(actor.client_id, account_ids)
        found = await self._uow.delivery.in_force(list(owned), self._clock.now())
        return {account: found.get(account, NEVER_SET) for account in owned}

    async def delivery_history(
        self, actor: Actor, account_id: int, page: PageRequest
    ) -> Page[DeliverySettings]:
        await self.require_account(actor, account_id)
        return await self._uow.delivery.history(account_id, page)

    async def invoices(self, actor: Actor, account_id: int, page: PageRequest) -> Page[Invoice]:
        await self.require_account(actor, account_id)
        return await self._uow.invoices.list_for_account(account_id, page)

    async def latest_invoices(
        self, actor: Actor, account_ids: Sequence[int], count: int
    ) -> Mapping[int, list[Invoice]]:
        owned = await self._uow.accounts.get_many(actor.client_id, account_ids)
        return await self._uow.invoices.latest_for_accounts(list(owned), count)

    async def invoice(self, actor: Actor, invoice_id: int) -> Invoice | None:
        return await self._uow.invoices.get(actor.client_id, invoice_id)

    async def downloadable_periods(
        self, actor: Actor, account_ids: Sequence[int]
    ) -> Mapping[int, list[str]]:
        """D3: of the two months before the current one, those with a formed invoice.

        Newest first; a new account with no invoice yet has none to offer.
        """
        owned = await self._uow.accounts.get_many(actor.client_id, account_ids)
        formed = await self._uow.invoices.periods_formed(list(owned))
        window = [str(p) for p in periods.downloadable_periods(self._clock.now())]
        return {account: [p for p in window if p in formed[account]] for account in owned}

    def invoice_service(self) -> InvoiceServiceStatus:
        now = self._clock.now()
        resumes = periods.service_resumes_at(now)
        if resumes is None:
            return InvoiceServiceStatus(True, None, None)
        return InvoiceServiceStatus(False, ErrorCode.FORMATION_WINDOW, resumes)
