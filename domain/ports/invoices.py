"""Ports of invoices: rows, call detail, rendering, monthly formation (D1–D3, D8, D10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO, Protocol

from domain.accounts import BillingAccount
from domain.delivery import InvoiceFormat
from domain.documents import CallRecord, InvoiceDocument
from domain.ids import AccountId, CallId, ClientId, InvoiceId
from domain.invoices import Invoice
from domain.paging import Page, PageRequest
from domain.periods import BillingPeriod


class InvoiceRepository(Protocol):
    async def list_for_account(self, account_id: AccountId, page: PageRequest) -> Page[Invoice]: ...

    async def latest_for_accounts(
        self, account_ids: Sequence[AccountId], per_account: int
    ) -> Mapping[AccountId, list[Invoice]]: ...

    async def get(self, client_id: ClientId, invoice_id: InvoiceId) -> Invoice | None: ...

    async def for_period(
        self, account_id: AccountId, period: BillingPeriod, with_lines: bool = False
    ) -> Invoice | None: ...

    async def periods_formed(
        self, account_ids: Sequence[AccountId], periods: Sequence[str]
    ) -> Mapping[AccountId, set[str]]:
        """Of `periods`, those with a formed invoice, per account."""
        ...


class InvoiceRenderer(Protocol):
    """Makes invoice files (D8, D10); synchronous and CPU-bound: run in a worker thread."""

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None: ...

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """The invoice as a workbook; with calls, plus the D8 breakdown sheets."""
        ...


class CallRepository(Protocol):
    async def chunk(
        self, account_id: AccountId, start: datetime, end: datetime, after_id: CallId, size: int
    ) -> list[tuple[CallId, CallRecord]]:
        """Calls of an account started in [start, end), by id after after_id: streaming."""
        ...


class InvoiceFormationRepository(Protocol):
    """What the monthly run reads and writes (D5)."""

    async def accounts_without_invoice(self, period: BillingPeriod) -> list[BillingAccount]:
        """Every client's accounts opened by the end of the period with no invoice for it."""
        ...

    async def previous_closing(
        self, account_id: AccountId, period: BillingPeriod
    ) -> Decimal | None:
        """The closing balance of the account's invoice of the period before, if formed."""
        ...

    async def add(self, invoice: Invoice, delivery_format: InvoiceFormat | None) -> Invoice | None:
        """Store a formed invoice with its lines; None when the period is already formed."""
        ...

    async def set_balance(self, account_id: AccountId, balance: Decimal) -> None: ...
