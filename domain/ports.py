"""Ports: what the use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, Protocol, TypeVar

from domain.accounts import Admin, BankAccount, BillingAccount, Client
from domain.auth import Session, ThrottleState
from domain.charges import ChargesReport, ChargesStatement
from domain.commands import Command
from domain.delivery import DeliverySettings, InvoiceFormat
from domain.documents import CallRecord, DownloadFormat, InvoiceDocument, LinkClaims
from domain.invoices import Invoice, InvoiceLine
from domain.job_store import JobStore
from domain.jobs import DocumentJob, FileMade
from domain.mail import InvoiceEmail, MailMessage, RecipientResult, SendOutcome
from domain.paging import Page, PageRequest
from domain.periods import BillingPeriod


class Clock(Protocol):
    """Now, always aware; tests and demos fix it (D0)."""

    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    """A slow password hash (D18); verify is awaited so that it never holds the event loop."""

    def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...


P = ParamSpec("P")
R = TypeVar("R")


class CpuWork(Protocol):
    """Runs CPU-bound work (a parsed upload, a 10,000-line check) off the event loop,
    a few at a time, so that no caller stalls the others."""

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R: ...


class InlineCpuWork:
    """CpuWork done in place: for fakes and unit tests."""

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return fn(*args, **kwargs)


class AdminRepository(Protocol):
    async def by_login(self, login: str) -> Admin | None: ...

    async def get(self, admin_id: int) -> Admin | None: ...


class LoginThrottleStore(Protocol):
    """Sign-in attempt counters by key, shared by every process (D18)."""

    async def get(self, key: str) -> ThrottleState | None: ...

    async def replace(self, key: str, expected: ThrottleState | None, new: ThrottleState) -> bool:
        """Store `new` if the key still holds `expected` (None: no row); False if another
        attempt changed it first."""
        ...

    async def clear(self, key: str) -> None: ...

    async def forget_before(self, cutoff: datetime, now: datetime) -> int:
        """Delete counters idle since before `cutoff` and no longer blocking at `now`."""
        ...


class SessionRepository(Protocol):
    async def add(self, admin_id: int, token_digest: str, expires_at: datetime) -> Session: ...

    async def by_digest(self, token_digest: str) -> Session | None: ...

    async def revoke(self, session_id: int, at: datetime) -> None: ...


class ClientRepository(Protocol):
    async def get(self, client_id: int, with_bank_accounts: bool = True) -> Client | None:
        """The client; without its bank accounts (read apart) when not asked for."""
        ...

    async def bank_accounts(self, client_id: int) -> tuple[BankAccount, ...]: ...


class BillingAccountRepository(Protocol):
    """Accounts of one client only (D18)."""

    async def list(self, client_id: int, page: PageRequest) -> Page[BillingAccount]: ...

    async def get(self, client_id: int, account_id: int) -> BillingAccount | None: ...

    async def get_many(
        self, client_id: int, account_ids: Sequence[int]
    ) -> Mapping[int, BillingAccount]: ...


class DeliverySettingsRepository(Protocol):
    """The effective-dated history of delivery settings (D5)."""

    async def in_force(
        self, account_ids: Sequence[int], at: datetime
    ) -> Mapping[int, DeliverySettings]: ...

    async def history(self, account_id: int, page: PageRequest) -> Page[DeliverySettings]: ...

    async def add(self, account_id: int, settings: DeliverySettings) -> DeliverySettings: ...


class InvoiceRepository(Protocol):
    async def list_for_account(self, account_id: int, page: PageRequest) -> Page[Invoice]: ...

    async def latest_for_accounts(
        self, account_ids: Sequence[int], per_account: int
    ) -> Mapping[int, list[Invoice]]: ...

    async def get(self, client_id: int, invoice_id: int) -> Invoice | None: ...

    async def for_period(
        self, account_id: int, period: BillingPeriod, with_lines: bool = False
    ) -> Invoice | None: ...

    async def periods_formed(
        self, account_ids: Sequence[int], periods: Sequence[str]
    ) -> Mapping[int, set[str]]:
        """Of `periods`, those with a formed invoice, per account."""
        ...


class Outbox(Protocol):
    """Jobs recorded in the same transaction as the change that asks for them."""

    async def add(self, command: Command, key: str | None = None) -> int:
        """Record the command; with a key, only once (a second add returns the first row)."""
        ...


class JobDispatcher(Protocol):
    """Hands a committed outbox command to the broker (message_id: its outbox row)."""

    def dispatch(self, command: Command, message_id: int) -> None: ...


class UnitOfWork(Protocol):
    """Repositories plus one transaction: all or nothing."""

    @property
    def admins(self) -> AdminRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def clients(self) -> ClientRepository: ...

    @property
    def accounts(self) -> BillingAccountRepository: ...

    @property
    def delivery(self) -> DeliverySettingsRepository: ...

    @property
    def invoices(self) -> InvoiceRepository: ...

    @property
    def outbox(self) -> Outbox: ...

    def transaction(self) -> AbstractAsyncContextManager[None]: ...


class InvoiceRenderer(Protocol):
    """Makes invoice files (D8, D10); synchronous and CPU-bound: run in a worker thread."""

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None: ...

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """The invoice as a workbook; with calls, plus the D8 breakdown sheets."""
        ...


class DocumentJobRepository(JobStore[DocumentJob, FileMade], Protocol):
    """Document jobs (D3): the one job lifecycle (domain/job_store.py) and their files."""

    async def add(self, job: DocumentJob) -> DocumentJob: ...

    async def get(self, client_id: int, job_id: int) -> DocumentJob | None: ...

    async def find_alive(
        self, account_id: int, period: BillingPeriod, format: DownloadFormat, now: datetime
    ) -> DocumentJob | None: ...

    async def set_progress(self, job_id: int, attempt: int, progress: int) -> bool: ...

    async def expired_files(self, now: datetime) -> list[tuple[int, str]]: ...

    async def forget_file(self, job_id: int) -> None: ...


class CallRepository(Protocol):
    async def chunk(
        self, account_id: int, start: datetime, end: datetime, after_id: int, size: int
    ) -> list[tuple[int, CallRecord]]:
        """Calls of an account started in [start, end), by id after after_id: streaming."""
        ...


class FileStore(Protocol):
    """Where made files live until their links expire: a directory or an object store.

    A file is written to a local temporary file first (renderers write to a path), then
    committed under its key whole: a reader sees the whole file or none.
    """

    def temp_for(self, key: str) -> Path:
        """A fresh local temporary file for the key, to be committed or discarded."""
        ...

    def discard(self, temp: Path) -> None: ...

    async def commit(self, key: str, temp: Path, *, download_name: str | None = None) -> None:
        """Store the temporary file under the key (download_name: the name it is saved as)."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def read(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing one is no error."""
        ...


class LinkSigner(Protocol):
    """Signed, expiring download links (D3)."""

    def sign(self, key: str, client_id: int, filename: str, expires_at: datetime) -> str: ...


class LinkVerifier(Protocol):
    """Reads back the links Kabinet itself serves (not the store's presigned ones)."""

    def verify(self, token: str, now: datetime) -> LinkClaims:
        """The claims of a genuine link; LinkRefused(INVALID or EXPIRED) otherwise."""
        ...


class AuditLog(Protocol):
    """Who changed what, when, with the old and new values (written in the change's transaction)."""

    async def record(
        self,
        client_id: int,
        actor: str,
        action: str,
        target: str | None,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        at: datetime,
    ) -> None: ...


# --- Invoice delivery by e-mail (D4, D5, D9) -------------------------------------


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


class InvoiceEmailRepository(JobStore[InvoiceEmail, None], Protocol):
    """Sendings of invoices with per-address results (D4, D5); keyed for idempotency."""

    async def add(self, email: InvoiceEmail) -> tuple[InvoiceEmail, bool]:
        """Store a sending; (the existing one, False) when its key was already used."""
        ...

    async def get(self, client_id: int, email_id: int) -> InvoiceEmail | None: ...

    async def get_any(self, email_id: int) -> InvoiceEmail | None: ...

    async def for_invoices(
        self, client_id: int, invoice_ids: Sequence[int], newest: int
    ) -> Mapping[int, list[InvoiceEmail]]:
        """The newest `newest` sendings of each invoice, newest first."""
        ...

    async def mark_data_sent(self, email_id: int, attempt: int, at: datetime) -> bool:
        """Before DATA: "DATA sent, answer pending". False if the claim is lost."""
        ...

    async def record(
        self, email_id: int, results: Sequence[RecipientResult], *, answered: bool = False
    ) -> None:
        """Merge per-address results in at once: a retry skips what is recorded.

        answered: the server answered the DATA of this attempt (clears the mark)."""
        ...

    async def release(
        self,
        job_id: int,
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

    async def reopen(self, email_id: int, at: datetime) -> InvoiceEmail | None:
        """An operator orders a finished sending again: its FAILED addresses are retried,
        with a new lifetime from `at`. None if nothing failed."""
        ...


class ChargesSource(Protocol):
    """Per-subscriber charges of an account accrued in [start, end) (D9, D10, D13)."""

    async def lines(
        self, account_id: int, start: datetime, end: datetime, names_at: datetime
    ) -> list[InvoiceLine]: ...


class InvoiceFormationRepository(Protocol):
    """What the monthly run reads and writes (D5)."""

    async def accounts_without_invoice(self, period: BillingPeriod) -> list[BillingAccount]:
        """Every client's accounts opened by the end of the period with no invoice for it."""
        ...

    async def previous_closing(self, account_id: int, period: BillingPeriod) -> Decimal | None:
        """The closing balance of the account's invoice of the period before, if formed."""
        ...

    async def add(self, invoice: Invoice, delivery_format: InvoiceFormat | None) -> Invoice | None:
        """Store a formed invoice with its lines; None when the period is already formed."""
        ...

    async def set_balance(self, account_id: int, balance: Decimal) -> None: ...


class ChargesReportRepository(JobStore[ChargesReport, str], Protocol):
    """Orders of the current month's charges (D9); finished with the server's answers."""

    async def add(self, report: ChargesReport) -> ChargesReport: ...

    async def get(self, client_id: int, report_id: int) -> ChargesReport | None: ...


class ChargesWorkbook(Protocol):
    """D9: the current charges per subscriber as a workbook."""

    def workbook(self, report: ChargesStatement, out: BinaryIO) -> None: ...
