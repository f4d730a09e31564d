"""Row ↔ domain mapping: the only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Sequence

from domain.accounts import Admin, BankAccount, BillingAccount, Client
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.invoices import ChargeType, Invoice, InvoiceLine
from domain.money import money
from domain.periods import BillingPeriod
from infra.db import models as m


def client(row: m.ClientRow, banks: Sequence[m.BankAccountRow] = ()) -> Client:
    return Client(
        id=row.id,
        name=row.name,
        unp=row.unp,
        okpo=row.okpo,
        status=row.status,
        payment_form=row.payment_form,
        contract_number=row.contract_number,
        contract_date=row.contract_date,
        email=row.email,
        balance=money(row.balance),
        bank_accounts=tuple(BankAccount(iban=b.iban, bic=b.bic, bank=b.bank) for b in banks),
    )


def admin(row: m.AdminRow) -> Admin:
    return Admin(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        login=row.login,
        password_hash=row.password_hash,
    )


def account(row: m.BillingAccountRow) -> BillingAccount:
    return BillingAccount(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        number=row.number,
        balance=money(row.balance),
        opened_on=row.opened_on,
    )


def delivery(row: m.DeliverySettingsRow) -> DeliverySettings:
    return DeliverySettings(
        id=row.id,
        method=DeliveryMethod(row.method),
        emails=tuple(e for e in row.emails.split(";") if e),
        format=InvoiceFormat(row.format),
        valid_from=row.valid_from,
        changed_by=row.changed_by,
    )


def invoice(row: m.InvoiceRow, line_rows: Sequence[m.InvoiceLineRow] | None = None) -> Invoice:
    lines: list[InvoiceLine] = []
    if line_rows:
        grouped: dict[str, InvoiceLine] = {}
        for lr in line_rows:
            line = grouped.get(lr.subscriber_number)
            if line is None:
                line = InvoiceLine(lr.subscriber_number, lr.subscriber_name, {})
                grouped[lr.subscriber_number] = line
                lines.append(line)
            line.charges[ChargeType(lr.charge_type)] = money(lr.amount)
    return Invoice(
        id=row.id,
        account_id=row.account_id,  # type: ignore[attr-defined]
        number=row.number,
        period=BillingPeriod.parse(row.period),
        formed_at=row.formed_at,
        opening_balance=money(row.opening_balance),
        payments=money(row.payments),
        total=money(row.total),
        vat=money(row.vat),
        amount_due=money(row.amount_due),
        sent_to=tuple(row.sent_to or ()),
        delivery_method=row.delivery_method,
        lines=tuple(lines),
    )
