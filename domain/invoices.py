"""Formed invoices and their figures (D10)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from domain.ids import AccountId, InvoiceId
from domain.money import money, vat_of
from domain.periods import BillingPeriod


class ChargeType(str, Enum):
    """Charge types on an invoice line, in the order they are printed."""

    SUBSCRIPTION = "SUBSCRIPTION"
    CALLS = "CALLS"
    SMS = "SMS"
    INTERNET = "INTERNET"
    SERVICES = "SERVICES"

    @property
    def label(self) -> str:
        return _CHARGE_LABELS[self]


_CHARGE_LABELS = {
    ChargeType.SUBSCRIPTION: "Абонентская плата",
    ChargeType.CALLS: "Звонки",
    ChargeType.SMS: "SMS",
    ChargeType.INTERNET: "Интернет",
    ChargeType.SERVICES: "Доп. услуги",
}


@dataclass(frozen=True)
class InvoiceLine:
    """Charges of one subscriber, net of VAT, by charge type (D10)."""

    subscriber_number: str
    subscriber_name: str
    charges: dict[ChargeType, Decimal]

    @property
    def total(self) -> Decimal:
        return money(sum(self.charges.values(), Decimal(0)))

    def amount(self, charge: ChargeType) -> Decimal:
        return money(self.charges.get(charge, Decimal(0)))


@dataclass(frozen=True)
class InvoiceTotals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    amount_due: Decimal


def compute_totals(
    lines: Iterable[InvoiceLine], opening_balance: Decimal, payments: Decimal
) -> InvoiceTotals:
    """D10: net total, VAT 20 % on it, and the amount due after balance and payments.

    opening_balance is the account's balance at the start of the period (positive:
    money in advance; negative: a debt); payments are those received during it.
    """
    net = money(sum((line.total for line in lines), Decimal(0)))
    vat = vat_of(net)
    gross = net + vat
    closing = money(opening_balance + payments - gross)
    return InvoiceTotals(net=net, vat=vat, gross=gross, amount_due=max(-closing, money(0)))


@dataclass(frozen=True)
class Invoice:
    """The regular invoice of one billing account for one closed period (D10)."""

    id: InvoiceId
    account_id: AccountId
    number: str
    period: BillingPeriod
    formed_at: datetime
    opening_balance: Decimal
    payments: Decimal
    total: Decimal
    vat: Decimal
    amount_due: Decimal
    sent_to: tuple[str, ...] = ()
    delivery_method: str | None = None
    lines: Sequence[InvoiceLine] = field(default_factory=tuple)

    @property
    def gross(self) -> Decimal:
        return self.total + self.vat
