"""The client (tenant), its administrator and its billing accounts (D11, D18)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.ids import AccountId, AdminId, ClientId


@dataclass(frozen=True)
class BankAccount:
    iban: str
    bic: str
    bank: str


@dataclass(frozen=True)
class Client:
    """A corporate client: every read and write is scoped to one (D18)."""

    id: ClientId
    name: str
    unp: str
    okpo: str
    # The billing's word (ACTIVE, BLOCKED…): an open set that no rule reads, shown as
    # given (an unknown one as itself, schema/labels.py); so a str, not an enum.
    status: str
    payment_form: str
    contract_number: str
    contract_date: date
    email: str | None
    balance: Decimal
    bank_accounts: tuple[BankAccount, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Admin:
    """The client's administrator: one login per client (D18)."""

    id: AdminId
    client_id: ClientId
    login: str
    password_hash: str


@dataclass(frozen=True)
class BillingAccount:
    """A billing account (лицевой счёт) of a client."""

    id: AccountId
    client_id: ClientId
    number: str
    balance: Decimal
    opened_on: date
