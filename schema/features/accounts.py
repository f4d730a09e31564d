"""client, billingAccounts, invoiceService, node (D2, D3, D11, D18)."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.features.audit import resolve_audit_node
from schema.features.documents import resolve_job_node
from schema.features.feedback import resolve_ticket_node
from schema.features.payments import resolve_payment_node
from schema.features.renaming import resolve_rename_node
from schema.features.services import resolve_service_request_node
from schema.features.subscribers import resolve_subscriber_node
from schema.ids import decode_any
from schema.paging import Connection
from schema.types import (
    BillingAccount,
    Client,
    Invoice,
    InvoiceServiceStatus,
    Node,
    billing_accounts_page,
)


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="D11: the signed-in client's personal information.")
    async def client(self, info: Info) -> Client:
        actor = info.context.require_actor()
        return Client.of(await info.context.container.accounts.client(actor))

    @strawberry.field(description="The client's billing accounts (лицевые счета).")
    async def billing_accounts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[BillingAccount]:
        return await billing_accounts_page(info, first, after)

    @strawberry.field(description="D2: whether invoices can be ordered now.")
    def invoice_service(self, info: Info) -> InvoiceServiceStatus:
        info.context.require_actor()
        status = info.context.container.accounts.invoice_service()
        return InvoiceServiceStatus(
            available=status.available,
            reason=status.reason,
            resumes_at=status.resumes_at,
        )

    @strawberry.field(description="Any object by its global id; another client's reads as null.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        info.context.require_actor()
        decoded = decode_any(str(id))
        if decoded is None:
            return None
        type_name, pk = decoded
        resolver = NODE_RESOLVERS.get(type_name)
        return await resolver(info, pk) if resolver else None


async def _account(info: Info, pk: int) -> Node | None:
    actor = info.context.require_actor()
    found = await info.context.container.accounts.account(actor, pk)
    return BillingAccount.of(found) if found else None


async def _invoice(info: Info, pk: int) -> Node | None:
    actor = info.context.require_actor()
    found = await info.context.container.accounts.invoice(actor, pk)
    return Invoice.of(found) if found else None


# Features register their node types here: type name → resolver scoped to the client.
NODE_RESOLVERS = {
    "BillingAccount": _account,
    "Invoice": _invoice,
    "DocumentJob": resolve_job_node,
    "Subscriber": resolve_subscriber_node,
    "Payment": resolve_payment_node,
    "RenameRequest": resolve_rename_node,
    "ServiceRequest": resolve_service_request_node,
    "FeedbackTicket": resolve_ticket_node,
    "AuditEntry": resolve_audit_node,
}
