"""Charges of subscribers and invoice formation in Tortoise (D5, D9, D10, D13).

Charges per subscriber and period, as in the demo data (infra/demo):
- SUBSCRIPTION: the tariff's monthly fee;
- CALLS: the sum of the call detail started in the period;
- SERVICES: the monthly fees of the subscriber's additional services (the catalogue's
  `service.monthly_fee`);
- SMS and INTERNET: the demo invents them for its past invoices but keeps no usage
  records, so the run bills none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from domain.accounts import BillingAccount
from domain.delivery import InvoiceFormat
from domain.ids import AccountId
from domain.invoices import ChargeType, Invoice, InvoiceLine
from domain.money import money
from domain.periods import BillingPeriod
from infra.db import mappers
from infra.db import models as m


class TortoiseChargesSource:
    async def lines(
        self, account_id: AccountId, start: datetime, end: datetime, names_at: datetime
    ) -> list[InvoiceLine]:
        subscribers: list[tuple[Any, ...]] = (
            await m.SubscriberRow.filter(account_id=account_id)
            .order_by("number")
            .values_list("id", "number", "name", "tariff__monthly_fee")
        )
        if not subscribers:
            return []
        ids = [s[0] for s in subscribers]
        names: dict[int, str] = {}
        for subscriber_id, name in (
            await m.SubscriberNameRow.filter(subscriber_id__in=ids, valid_from__lte=names_at)
            .order_by("valid_from", "id")
            .values_list("subscriber_id", "name")
        ):
            names[subscriber_id] = name  # the last one in force wins (D13)
        fees: dict[int, Decimal] = defaultdict(lambda: Decimal(0))
        for subscriber_id, fee in await m.SubscriberServiceRow.filter(
            subscriber_id__in=ids
        ).values_list("subscriber_id", "service__monthly_fee"):
            fees[subscriber_id] += Decimal(str(fee))
        calls = dict(
            await m.CallRow.filter(account_id=account_id, started_at__gte=start, started_at__lt=end)
            .annotate(total=Sum("cost"))
            .group_by("subscriber_number")
            .values_list("subscriber_number", "total")
        )
        lines = []
        for subscriber_id, number, current_name, fee in subscribers:
            charges = {ChargeType.SUBSCRIPTION: money(fee)}
            if calls.get(number):
                charges[ChargeType.CALLS] = money(Decimal(str(calls[number])))
            if fees.get(subscriber_id):
                charges[ChargeType.SERVICES] = money(fees[subscriber_id])
            lines.append(InvoiceLine(number, names.get(subscriber_id, current_name), charges))
        return lines


class TortoiseInvoiceFormationRepository:
    async def accounts_without_invoice(self, period: BillingPeriod) -> list[BillingAccount]:
        formed = await m.InvoiceRow.filter(period=str(period)).values_list("account_id", flat=True)
        rows = await m.BillingAccountRow.filter(
            opened_on__lte=period.last_day, id__not_in=list(formed) or [0]
        ).order_by("id")
        return [mappers.account(r) for r in rows]

    async def previous_closing(
        self, account_id: AccountId, period: BillingPeriod
    ) -> Decimal | None:
        row = await m.InvoiceRow.get_or_none(account_id=account_id, period=str(period.previous()))
        if row is None:
            return None
        gross = money(row.total) + money(row.vat)
        return money(money(row.opening_balance) + money(row.payments) - gross)

    async def add(self, invoice: Invoice, delivery_format: InvoiceFormat | None) -> Invoice | None:
        try:
            async with in_transaction():  # a savepoint: a twin's refusal leaves ours usable
                row = await m.InvoiceRow.create(
                    account_id=invoice.account_id,
                    number=invoice.number,
                    period=str(invoice.period),
                    formed_at=invoice.formed_at,
                    opening_balance=invoice.opening_balance,
                    payments=invoice.payments,
                    total=invoice.total,
                    vat=invoice.vat,
                    amount_due=invoice.amount_due,
                    delivery_method=invoice.delivery_method,
                    delivery_format=delivery_format.value if delivery_format else None,
                    sent_to=list(invoice.sent_to),
                )
        except IntegrityError:
            return None
        line_rows = [
            m.InvoiceLineRow(
                invoice_id=row.id,
                subscriber_number=line.subscriber_number,
                subscriber_name=line.subscriber_name,
                charge_type=charge.value,
                amount=line.amount(charge),
            )
            for line in invoice.lines
            for charge in ChargeType
            if charge in line.charges
        ]
        if line_rows:
            await m.InvoiceLineRow.bulk_create(line_rows, batch_size=1000)
        return mappers.invoice(row, line_rows)

    async def set_balance(self, account_id: AccountId, balance: Decimal) -> None:
        await m.BillingAccountRow.filter(id=account_id).update(balance=balance)
