"""Ports of invoice delivery (D4–D9): settings, mail, sendings, current charges."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import BinaryIO, Protocol

from domain.charges import ChargesReport, ChargesStatement
from domain.delivery import DeliverySettings
from domain.ids import AccountId, ClientId, InvoiceId, JobId
from domain.invoices import InvoiceLine
from domain.job_store import JobStore
from domain.mail import InvoiceEmail, MailMessage, RecipientResult, SendOutcome
from domain.paging import Page, PageRequest


class DeliverySettingsRepository(Protocol):
    """The effective-dated history of delivery settings (D5)."""

    async def in_force(
        self, account_ids: Sequence[AccountId], at: datetime
    ) -> Mapping[AccountId, DeliverySettings]: ...

    async def history(self, account_id: AccountId, page: PageRequest) -> Page[DeliverySettings]: ...

    async def add(self, account_id: AccountId, settings: DeliverySettings) -> DeliverySettings: ...


class Mailer(Protocol):
    """Sends one message to some of its recipients; says what happened per address."""

    async def send(
        self,
        message: MailMessage,
        envelope: Sequence[str],
        before_data: Callable[[], Awaitable[None]] | None = None,
    ) -> Mapping[str, SendOutcome]:
        """Mail `message` to the `envelope` addresses (ASCII forms of its recipients).

        `before_data` is awaited just before the message itself is handed over; if it
        raises, nothing is handed over (MailUnavailable). MailAmbiguous: handed over,
        but the answer never came.

        Raises MailUnavailable when nothing could be handed over and a retry may help.
        """
        ...

    async def reachable(self) -> bool:
        """The server answers now (a session opened and closed, nothing sent): recovery
        asks it while sendings wait, and hands them out when it is back."""
        ...


class InvoiceEmailRepository(JobStore[InvoiceEmail, None], Protocol):
    """Sendings of invoices with per-address results (D4, D5); keyed for idempotency."""

    async def add(self, email: InvoiceEmail) -> tuple[InvoiceEmail, bool]:
        """Store a sending; (the existing one, False) when its key was already used."""
        ...

    async def get(self, client_id: ClientId, email_id: JobId) -> InvoiceEmail | None: ...

    async def get_any(self, email_id: JobId) -> InvoiceEmail | None: ...

    async def for_invoices(
        self, client_id: ClientId, invoice_ids: Sequence[InvoiceId], newest: int
    ) -> Mapping[InvoiceId, list[InvoiceEmail]]:
        """The newest `newest` sendings of each invoice, newest first."""
        ...

    async def mark_data_sent(self, email_id: JobId, attempt: int, at: datetime) -> bool:
        """Before DATA: "DATA sent, answer pending". False if the claim is lost."""
        ...

    async def record(
        self, email_id: JobId, results: Sequence[RecipientResult], *, answered: bool = False
    ) -> None:
        """Merge per-address results in at once: a retry skips what is recorded.

        answered: the server answered the DATA of this attempt (clears the mark)."""
        ...

    async def release(
        self,
        job_id: JobId,
        attempt: int,
        at: datetime,
        retry_at: datetime | None = None,
        *,
        keep_data_sent: bool = False,
        deferral: bool = False,
    ) -> bool:
        """RUNNING → QUEUED, or DEFERRED until `retry_at`; `deferral` counts one more
        scheduled attempt; `keep_data_sent` keeps "DATA sent, answer pending"."""
        ...

    async def reopen(self, email_id: JobId, at: datetime) -> InvoiceEmail | None:
        """An operator orders a finished sending again: its FAILED addresses are retried,
        with a new lifetime from `at`. None if nothing failed."""
        ...


class ChargesSource(Protocol):
    """Per-subscriber charges of an account accrued in [start, end) (D9, D10, D13)."""

    async def lines(
        self, account_id: AccountId, start: datetime, end: datetime, names_at: datetime
    ) -> list[InvoiceLine]: ...


class ChargesReportRepository(JobStore[ChargesReport, str], Protocol):
    """Orders of the current month's charges (D9); finished with the server's answers."""

    async def add(self, report: ChargesReport) -> ChargesReport: ...

    async def get(self, client_id: ClientId, report_id: JobId) -> ChargesReport | None: ...


class ChargesWorkbook(Protocol):
    """D9: the current charges per subscriber as a workbook."""

    def workbook(self, report: ChargesStatement, out: BinaryIO) -> None: ...
