"""orderInvoiceEmail (D4), Invoice.deliveries (the delivery log), orderCurrentCharges (D9)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.charges import ChargesReport as DomainReport
from domain.charges import ReportStatus
from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.mail import DeliveryKind, DeliveryStatus, InvoiceEmail, RecipientStatus
from schema.context import Info
from schema.errors import UserError, user_error
from schema.features.accounts import NODE_RESOLVERS
from schema.ids import account_pk, decode_id, encode_id
from schema.types import InvoiceFormat, Node

strawberry.enum(DeliveryKind, name="DeliveryKind")
strawberry.enum(DeliveryStatus, name="DeliveryStatus")
strawberry.enum(RecipientStatus, name="DeliveryResultStatus")
strawberry.enum(ReportStatus, name="ChargesReportStatus")


@strawberry.type(description="The result of one address of a sending.")
class DeliveryResult:
    address: str
    status: RecipientStatus
    at: datetime | None
    detail: str | None = strawberry.field(description="The mail server's answer, if any.")
    possible_duplicate: bool = strawberry.field(
        default=False,
        description=(
            "Sent again after an attempt whose answer never came: the address may have "
            "received two copies (with one Message-ID)."
        ),
    )
    next_attempt_at: datetime | None = strawberry.field(
        default=None, description="DEFERRED: when the next attempt is due, if scheduled."
    )


def _results(email: InvoiceEmail) -> list[DeliveryResult]:
    out = []
    for address in email.emails:
        r = email.result_of(address)
        out.append(
            DeliveryResult(
                address=address,
                status=r.status,
                at=r.at,
                detail=r.detail,
                possible_duplicate=r.possible_duplicate,
                next_attempt_at=email.retry_at if not r.status.final else None,
            )
        )
    return out


@strawberry.type(description="One sending of an invoice: regular (D5) or a repeat (D4).")
class Delivery:
    kind: DeliveryKind
    status: DeliveryStatus
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
    created_at: datetime
    finished_at: datetime | None
    emails: list[str]
    format: InvoiceFormat
    formats: list[DownloadFormat]
    results: list[DeliveryResult]

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
        )


@strawberry.type(description="D9: an order of the current month's charges by e-mail.")
class ChargesReport(Node):
    status: ReportStatus
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
