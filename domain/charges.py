"""The current month's charges per subscriber, ordered by e-mail (D9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.accounts import BillingAccount, Client
from domain.errors import DomainError
from domain.ids import AccountId, ClientId, JobId
from domain.invoices import InvoiceLine
from domain.job_store import JobStatus
from domain.money import money, vat_of
from domain.periods import BillingPeriod
from domain.recipients import RecipientList


@dataclass(frozen=True)
class ChargesReport:
    """An order of the current charges of one account, mailed to the client's address."""

    id: JobId
    client_id: ClientId
    account_id: AccountId
    email: RecipientList  # the client's contact address (D11), checked at the order
    status: JobStatus  # DONE: mailed (GraphQL's ChargesReportStatus calls it SENT)
    created_at: datetime
    requested_by: str | None = None
    result: str | None = None
    finished_at: datetime | None = None
    attempts: int = 0
    error: DomainError | None = None


@dataclass(frozen=True)
class ChargesStatement:
    """D9: what the workbook shows: charges so far this month, per subscriber."""

    client: Client
    account: BillingAccount
    period: BillingPeriod
    at: datetime
    lines: Sequence[InvoiceLine]

    @property
    def net(self) -> Decimal:
        return money(sum((line.total for line in self.lines), Decimal(0)))

    @property
    def vat(self) -> Decimal:
        return vat_of(self.net)
