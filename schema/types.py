"""GraphQL types built from domain objects (never from ORM rows)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from domain import accounts as dom
from domain import delivery as dd
from domain.documents import DownloadFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId, InvoiceId
from domain.invoices import Invoice as DomainInvoice
from domain.job_store import JobStatus as DomainJobStatus
from domain.mail import DeliveryKind, InvoiceEmail, RecipientStatus
from domain.paging import DELIVERIES_PAGE, MAX_PAGE, Page, PageRequest
from schema.context import Info
from schema.errors import RefusedInput, UserError
from schema.ids import encode_id
from schema.labels import label_field
from schema.paging import Connection, page_request, to_connection

DeliveryMethod = dd.DeliveryMethod
InvoiceFormat = dd.InvoiceFormat
strawberry.enum(DeliveryMethod, name="DeliveryMethod")
strawberry.enum(InvoiceFormat, name="InvoiceFormat")
strawberry.enum(DeliveryKind, name="DeliveryKind")
strawberry.enum(RecipientStatus, name="DeliveryResultStatus")


# The one job lifecycle (domain/job_store.py) at the schema's edge: the GraphQL enums
# stay as the contract (docs/API.md) has them; DEFERRED (waiting to be tried again) is
# shown as QUEUED.
@strawberry.enum(name="JobStatus")
class JobStatus(Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"

    @classmethod
    def of(cls, status: DomainJobStatus) -> JobStatus:
        return cls.QUEUED if status is DomainJobStatus.DEFERRED else cls(status.value)

    @property
    def ended(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


@strawberry.enum(name="DeliveryStatus")
class DeliveryStatus(Enum):
    """A sending ends DONE: what became of each address is in its results."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"

    @classmethod
    def of(cls, status: DomainJobStatus) -> DeliveryStatus:
        return {
            DomainJobStatus.RUNNING: cls.RUNNING,
            DomainJobStatus.DONE: cls.DONE,
            DomainJobStatus.FAILED: cls.DONE,
        }.get(status, cls.QUEUED)


@strawberry.enum(name="ChargesReportStatus")
class ChargesReportStatus(Enum):
    """A charges report ends SENT (the lifecycle's DONE) or FAILED."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SENT = "SENT"
    FAILED = "FAILED"

    @classmethod
    def of(cls, status: DomainJobStatus) -> ChargesReportStatus:
        return {
            DomainJobStatus.RUNNING: cls.RUNNING,
            DomainJobStatus.DONE: cls.SENT,
            DomainJobStatus.FAILED: cls.FAILED,
        }.get(status, cls.QUEUED)


@strawberry.interface(description="An object with an opaque global id (Relay).")
class Node:
    id: strawberry.ID

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> Node | None:
        """`node(id:)`: this type's object with this pk if it is the signed-in client's (D18).

        Every node type defines its own; the root maps each type's name to it.
        """
        raise NotImplementedError(f"{cls.__name__} defines no resolve_node")


@strawberry.interface(
    description="Every job (a file, a sending, a report, a list request): the one lifecycle. "
    "Each type's own `status` keeps its enum; `jobStatus` is the same on every job."
)
class Job(Node):
    job_status: JobStatus = strawberry.field(
        description="QUEUED → RUNNING → DONE or FAILED (a job waiting to be tried again is QUEUED)."
    )
    created_at: datetime
    finished_at: datetime | None
    error: UserError | None = strawberry.field(
        description="Why a FAILED job failed; null otherwise."
    )


@strawberry.type
class BankAccount:
    iban: str
    bic: str
    bank: str

    @strawberry.field(description="D11: a Belarus IBAN with valid check digits (schwifty).")
    def iban_valid(self, info: Info) -> bool:
        return info.context.container.client_info.iban_valid(self.iban)

    @strawberry.field(description="D11: a well-formed BIC of a Belarus bank.")
    def bic_valid(self, info: Info) -> bool:
        return info.context.container.client_info.bic_valid(self.bic)


@strawberry.type(description="D11: the client's personal information.")
class Client:
    name: str
    unp: str
    okpo: str
    balance: Decimal
    status: str

    status_label: str = label_field("client_status", "status")

    payment_form: str

    payment_form_label: str = label_field("payment_form", "payment_form")

    contract_number: str
    contract_date: date
    email: str | None

    @strawberry.field
    async def bank_accounts(self, info: Info) -> list[BankAccount]:
        # Read only when asked for (issue 11: screen a read them to show none).
        actor = info.context.require_actor()
        found = await info.context.container.accounts.bank_accounts(actor)
        return [BankAccount(iban=b.iban, bic=b.bic, bank=b.bank) for b in found]

    @classmethod
    def of(cls, c: dom.Client) -> Client:
        return cls(
            name=c.name,
            unp=c.unp,
            okpo=c.okpo,
            balance=c.balance,
            status=c.status,
            payment_form=c.payment_form,
            contract_number=c.contract_number,
            contract_date=c.contract_date,
            email=c.email,
        )

    @strawberry.field(description="D11: the УНП has 9 digits and a valid check digit.")
    def unp_valid(self, info: Info) -> bool:
        return info.context.container.client_info.unp_valid(self.unp)

    @strawberry.field(
        description="D11: the billing accounts, each with its delivery method and addresses."
    )
    async def billing_accounts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[BillingAccount]:
        return await billing_accounts_page(info, first, after)


@strawberry.type(description="The signed-in administrator.")
class Admin:
    login: str

    @strawberry.field
    async def client(self, info: Info) -> Client:
        actor = info.context.require_actor()
        return Client.of(await info.context.container.accounts.client(actor, False))


@strawberry.type(description="D5–D8: one version of an account's delivery settings.")
class DeliverySettings:
    method: DeliveryMethod

    method_label: str = label_field("delivery_method", "method")

    emails: list[str]
    format: InvoiceFormat

    format_label: str = label_field("invoice_format", "format")

    valid_from: datetime
    changed_by: str | None

    @classmethod
    def of(cls, s: dd.DeliverySettings) -> DeliverySettings:
        return cls(
            method=s.method,
            emails=list(s.emails),
            format=s.format,
            valid_from=s.valid_from,
            changed_by=s.changed_by,
        )


@strawberry.type(description="The result of one address of a sending.")
class DeliveryResult:
    address: str
    status: RecipientStatus

    status_label: str = label_field("recipient_status", "status")

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


def delivery_results(email: InvoiceEmail) -> list[DeliveryResult]:
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

    kind_label: str = label_field("delivery_kind", "kind")

    status: DeliveryStatus

    status_label: str = label_field("sending_status", "status")

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
            status=DeliveryStatus.of(e.status),
            at=e.created_at,
            finished_at=e.finished_at,
            emails=list(e.emails),
            format=e.format,
            formats=list(e.attachments),
            requested_by=e.requested_by,
            attempts=e.attempts,
            results=delivery_results(e),
        )


async def load_deliveries(info: Info, invoice_id: InvoiceId, newest: int) -> list[Delivery]:
    """Invoice.deliveries of every invoice in a response cost one query (a DataLoader)."""
    info.context.require_actor()
    found = await info.context.loaders.deliveries.load((invoice_id, newest))
    return [Delivery.of(e) for e in found]


@strawberry.type(description="D10: a formed regular invoice.")
class Invoice(Node):
    number: str
    period: str
    formed_at: datetime
    opening_balance: Decimal
    payments: Decimal
    total: Decimal
    vat: Decimal
    total_with_vat: Decimal
    amount_due: Decimal
    sent_to: list[str]
    delivery_method: DeliveryMethod | None
    pk: strawberry.Private[InvoiceId] = InvoiceId(0)

    @strawberry.field(
        description="The sendings of this invoice (regular and repeats), newest first, "
        f"with the result per address: where did my invoice go? The newest `first` "
        f"(default {DELIVERIES_PAGE}, at most {MAX_PAGE})."
    )
    async def deliveries(self, info: Info, first: int | None = DELIVERIES_PAGE) -> list[Delivery]:
        try:
            page = PageRequest.of(DELIVERIES_PAGE if first is None else first)
        except DomainError as error:
            raise RefusedInput(error) from error
        return await load_deliveries(info, self.pk, page.first)

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> Invoice | None:
        actor = info.context.require_actor()
        found = await info.context.container.accounts.invoice(actor, InvoiceId(pk))
        return cls.of(found) if found else None

    @classmethod
    def of(cls, i: DomainInvoice) -> Invoice:
        return cls(
            id=strawberry.ID(encode_id("Invoice", i.id)),
            pk=i.id,
            number=i.number,
            period=str(i.period),
            formed_at=i.formed_at,
            opening_balance=i.opening_balance,
            payments=i.payments,
            total=i.total,
            vat=i.vat,
            total_with_vat=i.gross,
            amount_due=i.amount_due,
            sent_to=list(i.sent_to),
            delivery_method=dd.DeliveryMethod(i.delivery_method) if i.delivery_method else None,
        )


@strawberry.type
class BillingAccount(Node):
    pk: strawberry.Private[AccountId]
    # The domain account, read for the signed-in client: the DataLoaders' key (D18).
    account: strawberry.Private[dom.BillingAccount]
    number: str
    balance: Decimal

    @classmethod
    def of(cls, a: dom.BillingAccount) -> BillingAccount:
        return cls(
            id=strawberry.ID(encode_id("BillingAccount", a.id)),
            pk=a.id,
            account=a,
            number=a.number,
            balance=a.balance,
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> BillingAccount | None:
        actor = info.context.require_actor()
        found = await info.context.container.accounts.account(actor, AccountId(pk))
        return cls.of(found) if found else None

    @strawberry.field(description="D5: the delivery settings in force now.")
    async def delivery(self, info: Info) -> DeliverySettings:
        return DeliverySettings.of(await info.context.loaders.delivery.load(self.account))

    @strawberry.field(description="D5: every version of the delivery settings, newest first.")
    async def delivery_history(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[DeliverySettings]:
        actor = info.context.require_actor()
        page = await info.context.container.accounts.delivery_history(
            actor, self.pk, page_request(first, after)
        )
        return to_connection(page, DeliverySettings.of)

    @strawberry.field(description="Formed invoices, newest first.")
    async def invoices(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Invoice]:
        actor = info.context.require_actor()
        request = page_request(first, after)
        if request.offset == 0:
            # The first page of many accounts is batched into one query.
            items = await info.context.loaders.latest_invoices.load(
                (self.account, request.first + 1)
            )
            page = Page(items[: request.first], 0, len(items) > request.first)
        else:
            page = await info.context.container.accounts.invoices(actor, self.pk, request)
        return to_connection(page, Invoice.of)

    @strawberry.field(
        description='D3: periods downloadable by link now, e.g. ["2026-10", "2026-09"].'
    )
    async def downloadable_periods(self, info: Info) -> list[str]:
        return await info.context.loaders.downloadable_periods.load(self.account)


async def billing_accounts_page(
    info: Info, first: int | None, after: str | None
) -> Connection[BillingAccount]:
    """The signed-in client's billing accounts, one page (Query and Client share it)."""
    actor = info.context.require_actor()
    page = await info.context.container.accounts.accounts(actor, page_request(first, after))
    return to_connection(page, BillingAccount.of)


@strawberry.type(description="D2: whether invoices can be ordered now.")
class InvoiceServiceStatus:
    available: bool
    reason: ErrorCode | None
    resumes_at: datetime | None
