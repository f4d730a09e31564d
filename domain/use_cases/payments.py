"""Payment history and the administrator's unconfirmed payment (D12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.auth import Actor
from domain.ids import PaymentId
from domain.paging import Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment, duplicate_payment_error
from domain.periods import to_minsk
from domain.ports import AuditLog, Clock, PaymentRepository, UnitOfWork


class PaymentService:
    """D12: read the history; register an unconfirmed payment once per number and date."""

    def __init__(
        self, uow: UnitOfWork, payments: PaymentRepository, audit: AuditLog, clock: Clock
    ) -> None:
        self._uow = uow
        self._payments = payments
        self._audit = audit
        self._clock = clock

    async def history(self, actor: Actor, page: PageRequest) -> Page[Payment]:
        return await self._payments.list(actor.client_id, page)

    async def register(
        self,
        actor: Actor,
        amount: Decimal,
        paid_on: date,
        document_number: str,
        bank: str | None,
    ) -> Payment:
        """D12: amount > 0, date within 30 days and not ahead, no duplicate."""
        now = self._clock.now()
        payment = UnconfirmedPayment.create(
            amount, paid_on, document_number, bank, to_minsk(now).date()
        )
        async with self._uow.transaction():
            existing = await self._payments.find(
                actor.client_id, payment.document_number, payment.paid_on
            )
            if existing is not None and payment.duplicates(existing):
                raise duplicate_payment_error()
            added = await self._payments.add(actor.client_id, payment, actor.login, now)
            if added is None:  # lost a race with the same payment: the unique key said no
                raise duplicate_payment_error()
            await self._audit.record(
                actor.client_id,
                actor.login,
                "registerPayment",
                f"payment {added.document_number} {added.paid_on.isoformat()}",
                None,
                {
                    "amount": str(added.amount),
                    "paidOn": added.paid_on.isoformat(),
                    "documentNumber": added.document_number,
                    "bank": added.bank,
                    "confirmed": added.confirmed,
                },
                now,
            )
        return added

    async def payment(self, actor: Actor, payment_id: PaymentId) -> Payment | None:
        return await self._payments.get(actor.client_id, payment_id)
