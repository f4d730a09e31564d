"""Row ↔ domain mapping: the only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.accounts import Admin, BankAccount, BillingAccount, Client
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.ids import AccountId, AdminId, ClientId, DeliverySettingsId, InvoiceId
from domain.invoices import ChargeType, Invoice, InvoiceLine
from domain.money import money
from domain.periods import BillingPeriod
from domain.recipients import RecipientList
from infra.db import models as m
from infra.db.rows import day, frozen, json_strings, moment


def client(row: m.ClientRow, banks: Sequence[BankAccount] = ()) -> Client:
    return Client(
        id=ClientId(row.id),
        name=row.name,
        unp=row.unp,
        okpo=row.okpo,
        status=row.status,
        payment_form=row.payment_form,
        contract_number=row.contract_number,
        contract_date=row.contract_date,
        email=row.email,
        balance=money(row.balance),
        bank_accounts=tuple(banks),
    )


def admin(row: m.AdminRow) -> Admin:
    return Admin(
        id=AdminId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        login=row.login,
        password_hash=row.password_hash,
    )


def account(row: m.BillingAccountRow) -> BillingAccount:
    return BillingAccount(
        id=AccountId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        number=row.number,
        balance=money(row.balance),
        opened_on=row.opened_on,
    )


def account_of(row: Any) -> BillingAccount:
    """A plain row of repositories.ACCOUNT_COLUMNS."""
    return BillingAccount(
        id=AccountId(int(row[0])),
        client_id=ClientId(int(row[1])),
        number=row[2],
        balance=money(row[3]),
        opened_on=day(row[4]),
    )


def delivery_of(row: Any) -> DeliverySettings:
    """A plain row of id, method, emails, format, valid_from, changed_by."""
    return DeliverySettings(
        id=DeliverySettingsId(int(row[0])),
        method=DeliveryMethod(row[1]),
        emails=RecipientList.stored_text(row[2]),
        format=InvoiceFormat(row[3]),
        valid_from=moment(row[4]),
        changed_by=row[5],
    )


def delivery(row: m.DeliverySettingsRow) -> DeliverySettings:
    return DeliverySettings(
        id=DeliverySettingsId(row.id),
        method=DeliveryMethod(row.method),
        emails=RecipientList.stored_text(row.emails),
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
        id=InvoiceId(row.id),
        account_id=AccountId(row.account_id),  # type: ignore[attr-defined]
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


# The columns invoice_of reads, in its order.
INVOICE_COLUMNS = (
    '"id", "account_id", "number", "period", "formed_at", "opening_balance", "payments", '
    '"total", "vat", "amount_due", "sent_to", "delivery_method"'
)


def invoice_of(row: Any) -> Invoice:
    """A plain row of INVOICE_COLUMNS, without lines (the screens read hundreds)."""
    return frozen(
        Invoice,
        {
            "id": InvoiceId(int(row[0])),
            "account_id": AccountId(int(row[1])),
            "number": row[2],
            "period": BillingPeriod.parse(row[3]),
            "formed_at": moment(row[4]),
            "opening_balance": money(row[5]),
            "payments": money(row[6]),
            "total": money(row[7]),
            "vat": money(row[8]),
            "amount_due": money(row[9]),
            "sent_to": json_strings(row[10]),
            "delivery_method": row[11],
            "lines": (),
        },
    )
