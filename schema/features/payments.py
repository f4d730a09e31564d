"""payments, registerPayment (D12) and installments (D15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from domain.errors import DomainError
from domain.ids import PaymentId
from domain.installments import Installment as DomainInstallment
from domain.payments import Payment as DomainPayment
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import encode_id
from schema.paging import Connection, page_request, to_connection
from schema.types import Node


@strawberry.type(description="D12: a payment, confirmed by the bank or not yet.")
class Payment(Node):
    paid_on: date
    amount: Decimal
    document_number: str
    bank: str | None
    confirmed: bool

    @classmethod
    def of(cls, p: DomainPayment) -> Payment:
        return cls(
            id=strawberry.ID(encode_id("Payment", p.id)),
            paid_on=p.paid_on,
            amount=p.amount,
            document_number=p.document_number,
            bank=p.bank,
            confirmed=p.confirmed,
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> Payment | None:
        actor = info.context.require_actor()
        found = await info.context.container.payments.payment(actor, PaymentId(pk))
        return cls.of(found) if found else None


@strawberry.type(description="D15: equipment bought in installments.")
class Installment:
    item: str
    total: Decimal
    months: int
    monthly_payment: Decimal
    last_payment: Decimal
    payments_made: int
    payments_left: int
    amount_paid: Decimal
    amount_left: Decimal
    next_payment_on: date | None
    payoff_date: date

    @classmethod
    def of(cls, i: DomainInstallment) -> Installment:
        return cls(
            item=i.item,
            total=i.total,
            months=i.months,
            monthly_payment=i.monthly_payment,
            last_payment=i.last_payment,
            payments_made=i.payments_made,
            payments_left=i.payments_left,
            amount_paid=i.amount_paid,
            amount_left=i.amount_left,
            next_payment_on=i.next_payment_on,
            payoff_date=i.payoff_date,
        )


@strawberry.input
class RegisterPaymentInput:
    amount: Decimal
    paid_on: date
    document_number: str
    bank: str | None = None


@strawberry.type
class RegisterPaymentPayload:
    payment: Payment | None
    errors: list[UserError]


@strawberry.type
class PaymentsQuery:
    @strawberry.field(description="D12: the client's payments, newest first.")
    async def payments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        actor = info.context.require_actor()
        page = await info.context.container.payments.history(actor, page_request(first, after))
        return to_connection(page, Payment.of)

    @strawberry.field(description="D15: equipment bought in installments, with its figures.")
    async def installments(self, info: Info) -> list[Installment]:
        actor = info.context.require_actor()
        found = await info.context.container.installments.list(actor)
        return [Installment.of(i) for i in found]


@strawberry.type
class PaymentsMutation:
    @strawberry.mutation(description="D12: register an unconfirmed payment.")
    async def register_payment(
        self, info: Info, input: RegisterPaymentInput
    ) -> RegisterPaymentPayload:
        actor = info.context.require_actor()
        try:
            payment = await info.context.container.payments.register(
                actor, input.amount, input.paid_on, input.document_number, input.bank
            )
        except DomainError as error:
            return RegisterPaymentPayload(payment=None, errors=[user_error(error)])
        return RegisterPaymentPayload(payment=Payment.of(payment), errors=[])
