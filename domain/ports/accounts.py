"""Ports of the client and its billing accounts (D10, D11, D18)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from domain.accounts import BankAccount, BillingAccount, Client
from domain.ids import AccountId, ClientId
from domain.paging import Page, PageRequest


class ClientRepository(Protocol):
    async def get(self, client_id: ClientId, with_bank_accounts: bool = True) -> Client | None:
        """The client; without its bank accounts (read apart) when not asked for."""
        ...

    async def bank_accounts(self, client_id: ClientId) -> tuple[BankAccount, ...]: ...


class BillingAccountRepository(Protocol):
    """Accounts of one client only (D18)."""

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[BillingAccount]: ...

    async def get(self, client_id: ClientId, account_id: AccountId) -> BillingAccount | None: ...

    async def get_many(
        self, client_id: ClientId, account_ids: Sequence[AccountId]
    ) -> Mapping[AccountId, BillingAccount]: ...


class BankDetailsChecker(Protocol):
    """D11: whether a bank account's IBAN (Belarus) and BIC are valid."""

    def iban_valid(self, iban: str) -> bool: ...

    def bic_valid(self, bic: str) -> bool: ...
