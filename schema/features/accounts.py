"""client, billingAccounts, invoiceService (D2, D3, D11, D18)."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.paging import Connection
from schema.types import (
    BillingAccount,
    Client,
    InvoiceServiceStatus,
    billing_accounts_page,
)


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="D11: the signed-in client's personal information.")
    async def client(self, info: Info) -> Client:
        actor = info.context.require_actor()
        return Client.of(await info.context.container.accounts.client(actor, False))

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
