"""Payments (D12) and installments (D15) in the database."""

from __future__ import annotations

from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.ids import ClientId, InstallmentId, PaymentId
from domain.installments import Installment
from domain.money import money
from domain.paging import Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment
from infra.db import models as m
from infra.db.rows import day, select


def _payment(row: m.PaymentRow) -> Payment:
    return Payment(
        id=PaymentId(row.id),
        paid_on=row.paid_on,
        amount=money(row.amount),
        document_number=row.document_number,
        bank=row.bank,
        confirmed=row.confirmed,
    )


class TortoisePaymentRepository:
    async def list(self, client_id: ClientId, page: PageRequest) -> Page[Payment]:
        # Plain rows of the shown columns, no model objects (issue 11).
        rows = await select(
            'SELECT "id", "paid_on", "amount", "document_number", "bank", "confirmed" '
            'FROM "payment" WHERE "client_id" = ? ORDER BY "paid_on" DESC, "id" DESC '
            "LIMIT ? OFFSET ?",
            [client_id, page.first + 1, page.offset],
        )
        payments = [
            Payment(
                id=PaymentId(int(r[0])),
                paid_on=day(r[1]),
                amount=money(r[2]),
                document_number=r[3],
                bank=r[4],
                confirmed=bool(r[5]),
            )
            for r in rows[: page.first]
        ]
        return Page(payments, page.offset, len(rows) > page.first)

    async def get(self, client_id: ClientId, payment_id: PaymentId) -> Payment | None:
        row = await m.PaymentRow.get_or_none(id=payment_id, client_id=client_id)
        return _payment(row) if row else None

    async def find(
        self, client_id: ClientId, document_number: str, paid_on: date
    ) -> Payment | None:
        row = await m.PaymentRow.get_or_none(
            client_id=client_id, document_number=document_number, paid_on=paid_on
        )
        return _payment(row) if row else None

    async def add(
        self, client_id: ClientId, payment: UnconfirmedPayment, registered_by: str, at: datetime
    ) -> Payment | None:
        try:
            # A savepoint: a unique violation must not poison the caller's transaction.
            async with in_transaction():
                row = await m.PaymentRow.create(
                    client_id=client_id,
                    paid_on=payment.paid_on,
                    amount=payment.amount,
                    document_number=payment.document_number,
                    bank=payment.bank,
                    confirmed=False,
                    registered_by=registered_by,
                    created_at=at,
                )
        except IntegrityError:
            return None
        return _payment(row)


class TortoiseInstallmentRepository:
    async def list(self, client_id: ClientId) -> list[Installment]:
        rows = await m.InstallmentRow.filter(client_id=client_id).order_by("id")
        return [
            Installment(
                item=r.item,
                total=money(r.total),
                months=r.months,
                first_payment_on=r.first_payment_on,
                payments_made=r.payments_made,
                id=InstallmentId(r.id),
            )
            for r in rows
        ]
