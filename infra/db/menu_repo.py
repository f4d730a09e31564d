"""Payments, installments, feedback and the audit log in Tortoise (D12, D15, D17)."""

from __future__ import annotations

from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.audit import AuditEntry
from domain.feedback import FeedbackReply, FeedbackTicket, TicketStatus
from domain.installments import Installment
from domain.money import money
from domain.paging import Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment
from infra.db import models as m
from infra.db.repositories import fetch_page, page_of
from infra.db.rows import day, select


def _payment(row: m.PaymentRow) -> Payment:
    return Payment(
        id=row.id,
        paid_on=row.paid_on,
        amount=money(row.amount),
        document_number=row.document_number,
        bank=row.bank,
        confirmed=row.confirmed,
    )


class TortoisePaymentRepository:
    async def list(self, client_id: int, page: PageRequest) -> Page[Payment]:
        # Plain rows of the shown columns, no model objects (issue 11).
        rows = await select(
            'SELECT "id", "paid_on", "amount", "document_number", "bank", "confirmed" '
            'FROM "payment" WHERE "client_id" = ? ORDER BY "paid_on" DESC, "id" DESC '
            "LIMIT ? OFFSET ?",
            [client_id, page.first + 1, page.offset],
        )
        payments = [
            Payment(
                id=int(r[0]),
                paid_on=day(r[1]),
                amount=money(r[2]),
                document_number=r[3],
                bank=r[4],
                confirmed=bool(r[5]),
            )
            for r in rows[: page.first]
        ]
        return Page(payments, page.offset, len(rows) > page.first)

    async def get(self, client_id: int, payment_id: int) -> Payment | None:
        row = await m.PaymentRow.get_or_none(id=payment_id, client_id=client_id)
        return _payment(row) if row else None

    async def find(self, client_id: int, document_number: str, paid_on: date) -> Payment | None:
        row = await m.PaymentRow.get_or_none(
            client_id=client_id, document_number=document_number, paid_on=paid_on
        )
        return _payment(row) if row else None

    async def add(
        self, client_id: int, payment: UnconfirmedPayment, registered_by: str, at: datetime
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
    async def list(self, client_id: int) -> list[Installment]:
        rows = await m.InstallmentRow.filter(client_id=client_id).order_by("id")
        return [
            Installment(
                item=r.item,
                total=money(r.total),
                months=r.months,
                first_payment_on=r.first_payment_on,
                payments_made=r.payments_made,
                id=r.id,
            )
            for r in rows
        ]


def _ticket(row: m.FeedbackTicketRow, replies: list[m.FeedbackReplyRow]) -> FeedbackTicket:
    return FeedbackTicket(
        id=row.id,
        subject=row.subject,
        text=row.text,
        status=row.status,
        created_at=row.created_at,
        created_by=row.created_by,
        replies=tuple(
            FeedbackReply(
                author=r.author,
                text=r.text,
                created_at=r.created_at,
                from_operator=r.author != row.created_by,
            )
            for r in replies
        ),
    )


class TortoiseFeedbackRepository:
    async def add(
        self, client_id: int, subject: str, text: str, created_by: str, at: datetime
    ) -> FeedbackTicket:
        row = await m.FeedbackTicketRow.create(
            client_id=client_id,
            subject=subject,
            text=text,
            status=TicketStatus.OPEN.value,
            created_by=created_by,
            created_at=at,
        )
        return _ticket(row, [])

    async def get(self, client_id: int, ticket_id: int) -> FeedbackTicket | None:
        row = await m.FeedbackTicketRow.get_or_none(id=ticket_id, client_id=client_id)
        if row is None:
            return None
        replies = await m.FeedbackReplyRow.filter(ticket_id=row.id).order_by("created_at", "id")
        return _ticket(row, list(replies))

    async def add_reply(
        self, ticket_id: int, author: str, text: str, status: str, at: datetime
    ) -> None:
        await m.FeedbackReplyRow.create(
            ticket_id=ticket_id, author=author, text=text, created_at=at
        )
        await m.FeedbackTicketRow.filter(id=ticket_id).update(status=status)

    async def list(self, client_id: int, page: PageRequest) -> Page[FeedbackTicket]:
        rows, more = await fetch_page(
            m.FeedbackTicketRow.filter(client_id=client_id).order_by("-created_at", "-id"), page
        )
        replies: dict[int, list[m.FeedbackReplyRow]] = {r.id: [] for r in rows}
        if rows:
            for reply in await m.FeedbackReplyRow.filter(ticket_id__in=list(replies)).order_by(
                "created_at", "id"
            ):
                replies[reply.ticket_id].append(reply)  # type: ignore[attr-defined]
        return Page([_ticket(r, replies[r.id]) for r in rows], page.offset, more)


def _entry(row: m.AuditRow) -> AuditEntry:
    return AuditEntry(
        id=int(row.id),
        at=row.at,
        actor=row.actor,
        action=row.action,
        target=row.target,
        before=row.before,
        after=row.after,
    )


class TortoiseAuditReader:
    async def list(self, client_id: int, page: PageRequest) -> Page[AuditEntry]:
        return await page_of(
            m.AuditRow.filter(client_id=client_id).order_by("-at", "-id"), page, _entry
        )

    async def get(self, client_id: int, entry_id: int) -> AuditEntry | None:
        row = await m.AuditRow.get_or_none(id=entry_id, client_id=client_id)
        return _entry(row) if row else None
