"""Reading the client, its billing accounts and their invoices (D1–D3, D5, D11, D18)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain import periods
from domain.accounts import BankAccount, BillingAccount, Client
from domain.auth import Actor
from domain.delivery import NEVER_SET, DeliverySettings
from domain.errors import ErrorCode, NotFound
from domain.ids import AccountId, InvoiceId
from domain.invoices import Invoice
from domain.paging import Page, PageRequest
from domain.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class InvoiceServiceStatus:
    """D2: whether ordering invoices is open now, and when it reopens."""

    available: bool
    reason: ErrorCode | None
    resumes_at: datetime | None


def _owned(actor: Actor, accounts: Sequence[BillingAccount]) -> list[AccountId]:
    """Ids of those of `accounts` that are the actor's client's (D18), each once."""
    return list(dict.fromkeys(a.id for a in accounts if a.client_id == actor.client_id))


class AccountQueries:
    """Reads scoped to the signed-in client: another client's id reads as missing (D18)."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def client(self, actor: Actor, with_bank_accounts: bool = True) -> Client:
        found = await self._uow.clients.get(actor.client_id, with_bank_accounts)
        if found is None:
            raise NotFound()
        return found

    async def bank_accounts(self, actor: Actor) -> tuple[BankAccount, ...]:
        """D11: the client's bank accounts (read only when a screen shows them)."""
        return await self._uow.clients.bank_accounts(actor.client_id)

    async def accounts(self, actor: Actor, page: PageRequest) -> Page[BillingAccount]:
        return await self._uow.accounts.list(actor.client_id, page)

    async def account(self, actor: Actor, account_id: AccountId) -> BillingAccount | None:
        return await self._uow.accounts.get(actor.client_id, account_id)

    async def require_account(self, actor: Actor, account_id: AccountId) -> BillingAccount:
        found = await self.account(actor, account_id)
        if found is None:
            raise NotFound("billingAccountId")
        return found

    async def delivery_in_force(
        self, actor: Actor, accounts: Sequence[BillingAccount]
    ) -> Mapping[AccountId, DeliverySettings]:
        """D5: the version in force now for each of the client's accounts, in one query.

        `accounts` were read for this actor (accounts(), account()); one of another client
        is left out here, in memory, without reading the accounts again (D18). An account
        whose settings were never set reads as self-pickup (NEVER_SET).
        """
        owned = _owned(actor, accounts)
        found = await self._uow.delivery.in_force(owned, self._clock.now())
        return {account: found.get(account, NEVER_SET) for account in owned}

    async def delivery_history(
        self, actor: Actor, account_id: AccountId, page: PageRequest
    ) -> Page[DeliverySettings]:
        await self.require_account(actor, account_id)
        return await self._uow.delivery.history(account_id, page)

    async def invoices(
        self, actor: Actor, account_id: AccountId, page: PageRequest
    ) -> Page[Invoice]:
        await self.require_account(actor, account_id)
        return await self._uow.invoices.list_for_account(account_id, page)

    async def latest_invoices(
        self, actor: Actor, accounts: Sequence[BillingAccount], count: int
    ) -> Mapping[AccountId, list[Invoice]]:
        """The newest `count` invoices of each of `accounts` (read for this actor, D18)."""
        return await self._uow.invoices.latest_for_accounts(_owned(actor, accounts), count)

    async def invoice(self, actor: Actor, invoice_id: InvoiceId) -> Invoice | None:
        return await self._uow.invoices.get(actor.client_id, invoice_id)

    async def downloadable_periods(
        self, actor: Actor, accounts: Sequence[BillingAccount]
    ) -> Mapping[AccountId, list[str]]:
        """D3: of the two months before the current one, those with a formed invoice.

        Newest first; a new account with no invoice yet has none to offer. `accounts`
        were read for this actor (D18).
        """
        owned = _owned(actor, accounts)
        window = [str(p) for p in periods.downloadable_periods(self._clock.now())]
        formed = await self._uow.invoices.periods_formed(owned, window)
        return {account: [p for p in window if p in formed[account]] for account in owned}

    def invoice_service(self) -> InvoiceServiceStatus:
        now = self._clock.now()
        resumes = periods.service_resumes_at(now)
        if resumes is None:
            return InvoiceServiceStatus(True, None, None)
        return InvoiceServiceStatus(False, ErrorCode.FORMATION_WINDOW, resumes)
