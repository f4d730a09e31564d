"""orderInvoiceEmail (D4), Invoice.deliveries (the delivery log), orderCurrentCharges (D9)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.charges import ChargesReport as DomainReport
from domain.charges import ReportStatus
from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.jobs import percent
from domain.mail import DeliveryKind, DeliveryStatus, InvoiceEmail, RecipientStatus
from schema.context import Info
from schema.errors import UserError, user_error
from schema.features.accounts import NODE_RESOLVERS
from schema.ids import account_pk, decode_id, encode_id
from schema.labels import label
from schema.types import InvoiceFormat, Node

strawberry.enum(DeliveryKind, name="DeliveryKind")
strawberry.enum(DeliveryStatus, name="DeliveryStatus")
strawberry.enum(RecipientStatus, name="DeliveryResultStatus")
strawberry.enum(ReportStatus, name="ChargesReportStatus")


@strawberry.type(description="The result of one address of a sending.")
class DeliveryResult:
    address: str
    status: RecipientStatus

    @strawberry.field(description="The Russian label of `status`, for display.")
    def status_label(self) -> str:
        return label("recipient_status", self.status)

    at: datetime | None
    detail: str | None = strawberry.field(description="The mail server's answer, if any.")


def _results(email: InvoiceEmail) -> list[DeliveryResult]:
    out = []
    for address in email.emails:
        r = email.result_of(address)
        out.append(DeliveryResult(address=address, status=r.status, at=r.at, detail=r.detail))
    return out


@strawberry.type(description="One sending of an invoice: regular (D5) or a repeat (D4).")
class Delivery:
    kind: DeliveryKind

    @strawberry.field(description="The Russian label of `kind`, for display.")
    def kind_label(self) -> str:
        return label("delivery_kind", self.kind)

    status: DeliveryStatus

    @strawberry.field(description="The Russian label of `status`, for display.")
    def status_label(self) -> str:
        return label("sending_status", self.status)

    at: datetime = strawberry.field(description="When the sending was queued.")
    finished_at: datetime | None
    emails: list[str]
    format: InvoiceFormat
    formats: list[DownloadFormat] = strawberry.field(description="D8: the attached files.")
    requested_by: str | None = strawberry.field(description="null for the regular sending.")
    attempts: int
    results: list[DeliveryResult]

    @classmethod
    def of(cls, e: InvoiceEmail) -> Delivery:
        return cls(
            kind=e.kind,
            status=e.status,
            at=e.created_at,
            finished_at=e.finished_at,
            emails=list(e.emails),
            format=e.format,
            formats=list(e.attachments),
            requested_by=e.requested_by,
            attempts=e.attempts,
            results=_results(e),
        )


@strawberry.type(description="D4: an ordered repeat of an invoice by e-mail; poll its status.")
class InvoiceEmailRequest(Node):
    kind: DeliveryKind
    status: DeliveryStatus

    @strawberry.field(description="The Russian label of `status`, for display.")
    def status_label(self) -> str:
        return label("sending_status", self.status)

    created_at: datetime
    finished_at: datetime | None
    emails: list[str]
    format: InvoiceFormat

    @strawberry.field(description="The Russian label of `format`, for display.")
    def format_label(self) -> str:
        return label("invoice_format", self.format)

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
            status=e.status,
            created_at=e.created_at,
            finished_at=e.finished_at,
            emails=list(e.emails),
            format=e.format,
            formats=list(e.attachments),
            results=_results(e),
            progress=percent(len(e.emails) - len(e.pending), len(e.emails)),
        )


@strawberry.type(description="D9: an order of the current month's charges by e-mail.")
class ChargesReport(Node):
    status: ReportStatus

    @strawberry.field(description="The Russian label of `status`, for display.")
    def status_label(self) -> str:
        return label("report_status", self.status)

    email: str
    created_at: datetime
    finished_at: datetime | None
    result: str | None

    @classmethod
    def of(cls, r: DomainReport) -> ChargesReport:
        return cls(
            id=strawberry.ID(encode_id("ChargesReport", r.id)),
            status=r.status,
            email=r.email,
            created_at=r.created_at,
            finished_at=r.finished_at,
            result=r.result,
        )


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


async def load_deliveries(info: Info, invoice_id: int) -> list[Delivery]:
    """Invoice.deliveries of every invoice in a response cost one query (a DataLoader)."""
    info.context.require_actor()
    return [Delivery.of(e) for e in await info.context.loaders.deliveries.load(invoice_id)]


@strawberry.type
class InvoiceEmailQuery:
    @strawberry.field(description="D4: a repeat request of the signed-in client, or null.")
    async def invoice_email_request(
        self, info: Info, id: strawberry.ID
    ) -> InvoiceEmailRequest | None:
        actor = info.context.require_actor()
        pk = decode_id(str(id), "InvoiceEmailRequest")
        found = await info.context.container.delivery.emails.request(actor, pk) if pk else None
        return InvoiceEmailRequest.of(found) if found else None

    @strawberry.field(description="D9: a current charges order of the signed-in client, or null.")
    async def charges_report(self, info: Info, id: strawberry.ID) -> ChargesReport | None:
        actor = info.context.require_actor()
        pk = decode_id(str(id), "ChargesReport")
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


async def _request_node(info: Info, pk: int) -> Node | None:
    actor = info.context.require_actor()
    found = await info.context.container.delivery.emails.request(actor, pk)
    return InvoiceEmailRequest.of(found) if found else None


async def _report_node(info: Info, pk: int) -> Node | None:
    actor = info.context.require_actor()
    found = await info.context.container.delivery.charges.report(actor, pk)
    return ChargesReport.of(found) if found else None


# This feature's node types, resolved by `node(id:)` and scoped to the client (D18).
NODE_RESOLVERS.update({"InvoiceEmailRequest": _request_node, "ChargesReport": _report_node})
