"""orderInvoiceEmail (D4), Invoice.deliveries (the delivery log), orderCurrentCharges (D9)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.charges import ChargesReport as DomainReport
from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.ids import JobId
from domain.jobs import percent
from domain.mail import DeliveryKind, InvoiceEmail
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import account_pk, encode_id, job_pk
from schema.labels import label_field
from schema.types import (
    ChargesReportStatus,
    DeliveryResult,
    DeliveryStatus,
    InvoiceFormat,
    Job,
    JobStatus,
    delivery_results,
)


@strawberry.type(description="D4: an ordered repeat of an invoice by e-mail; poll its status.")
class InvoiceEmailRequest(Job):
    kind: DeliveryKind
    status: DeliveryStatus

    status_label: str = label_field("sending_status", "status")

    created_at: datetime
    finished_at: datetime | None
    error: UserError | None = strawberry.field(
        description="Null: what became of each address is in `results`."
    )
    emails: list[str]
    format: InvoiceFormat

    format_label: str = label_field("invoice_format", "format")

    formats: list[DownloadFormat]
    results: list[DeliveryResult]
    progress: int | None = strawberry.field(
        description="0–100: the share of addresses with a final result (sent or refused)."
    )

    @classmethod
    def of(cls, e: InvoiceEmail) -> InvoiceEmailRequest:
        return cls(
            id=strawberry.ID(encode_id("InvoiceEmailRequest", e.id)),
            kind=e.kind,
            status=DeliveryStatus.of(e.status),
            job_status=JobStatus.of(e.status),
            error=None,
            created_at=e.created_at,
            finished_at=e.finished_at,
            emails=list(e.emails),
            format=e.format,
            formats=list(e.attachments),
            results=delivery_results(e),
            progress=percent(len(e.emails) - len(e.pending), len(e.emails)),
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> InvoiceEmailRequest | None:
        actor = info.context.require_actor()
        found = await info.context.container.delivery.emails.request(actor, JobId(pk))
        return cls.of(found) if found else None


@strawberry.type(description="D9: an order of the current month's charges by e-mail.")
class ChargesReport(Job):
    status: ChargesReportStatus

    status_label: str = label_field("report_status", "status")

    email: str
    created_at: datetime
    finished_at: datetime | None
    result: str | None
    error: UserError | None = strawberry.field(
        description="Why a FAILED job failed; null otherwise."
    )

    @classmethod
    def of(cls, r: DomainReport) -> ChargesReport:
        return cls(
            id=strawberry.ID(encode_id("ChargesReport", r.id)),
            status=ChargesReportStatus.of(r.status),
            job_status=JobStatus.of(r.status),
            error=user_error(r.error) if r.error else None,
            email=r.email.text,
            created_at=r.created_at,
            finished_at=r.finished_at,
            result=r.result,
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> ChargesReport | None:
        actor = info.context.require_actor()
        found = await info.context.container.delivery.charges.report(actor, JobId(pk))
        return cls.of(found) if found else None


@strawberry.input
class OrderInvoiceEmailInput:
    billing_account_id: strawberry.ID
    period: str
    idempotency_key: str | None = strawberry.field(
        default=None, description="The same key again returns the first request, sends nothing."
    )


@strawberry.type
class OrderInvoiceEmailPayload:
    request: InvoiceEmailRequest | None
    errors: list[UserError]


@strawberry.input
class OrderCurrentChargesInput:
    billing_account_id: strawberry.ID


@strawberry.type
class OrderCurrentChargesPayload:
    report: ChargesReport | None
    errors: list[UserError]


@strawberry.type
class InvoiceEmailQuery:
    @strawberry.field(description="D4: a repeat request of the signed-in client, or null.")
    async def invoice_email_request(
        self, info: Info, id: strawberry.ID
    ) -> InvoiceEmailRequest | None:
        actor = info.context.require_actor()
        pk = job_pk(str(id), "InvoiceEmailRequest")
        found = await info.context.container.delivery.emails.request(actor, pk) if pk else None
        return InvoiceEmailRequest.of(found) if found else None

    @strawberry.field(description="D9: a current charges order of the signed-in client, or null.")
    async def charges_report(self, info: Info, id: strawberry.ID) -> ChargesReport | None:
        actor = info.context.require_actor()
        pk = job_pk(str(id), "ChargesReport")
        found = await info.context.container.delivery.charges.report(actor, pk) if pk else None
        return ChargesReport.of(found) if found else None


@strawberry.type
class InvoiceEmailMutation:
    @strawberry.mutation(
        description="D4: repeat an invoice to the addresses and in the format in force now."
    )
    async def order_invoice_email(
        self, info: Info, input: OrderInvoiceEmailInput
    ) -> OrderInvoiceEmailPayload:
        actor = info.context.require_actor()
        try:
            email = await info.context.container.delivery.emails.order_repeat(
                actor, account_pk(input.billing_account_id), input.period, input.idempotency_key
            )
        except DomainError as error:
            return OrderInvoiceEmailPayload(request=None, errors=[user_error(error)])
        return OrderInvoiceEmailPayload(request=InvoiceEmailRequest.of(email), errors=[])

    @strawberry.mutation(
        description="D9: this month's charges per subscriber, e-mailed to the client's address."
    )
    async def order_current_charges(
        self, info: Info, input: OrderCurrentChargesInput
    ) -> OrderCurrentChargesPayload:
        actor = info.context.require_actor()
        try:
            report = await info.context.container.delivery.charges.order(
                actor, account_pk(input.billing_account_id)
            )
        except DomainError as error:
            return OrderCurrentChargesPayload(report=None, errors=[user_error(error)])
        return OrderCurrentChargesPayload(report=ChargesReport.of(report), errors=[])
