"""Fakes of the ports (domain/ports/): dict-backed, in memory.

The use cases run on them in tests/unit/use_cases/ in milliseconds; the tests assert on
the fakes' state (what was stored, queued, audited, mailed), not on calls. Each fake
keeps the contract of its port as the real adapter does (scoping by client for D18,
the idempotency keys, the compare-and-set claims of the jobs), in the simplest way.

`FakeUnitOfWork.transaction()` is all or nothing: every fake that joins the unit of
work (`uow.join(...)`; the repositories of the unit itself, the outbox, the audit log
and the menu's repositories made by `FakeWorld`) is snapshotted when the outermost
transaction opens and put back if it raises. A test can therefore check that a refused
change left nothing half-written.

The fakes of the job repositories (document jobs, invoice e-mails, charges reports,
list requests, the monthly run's formation) are in their own section at the end, so
that they can follow a change of the job ports alone.
"""

from __future__ import annotations

import asyncio
import copy
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from domain.accounts import Admin, BankAccount, BillingAccount, Client
from domain.audit import AuditEntry
from domain.auth import Session, ThrottleState
from domain.charges import ChargesReport, ChargesStatement
from domain.commands import C, Command
from domain.delivery import DeliverySettings, InvoiceFormat, in_force_at
from domain.documents import (
    CallRecord,
    DownloadFormat,
    InvoiceDocument,
    LinkClaims,
    LinkRefusal,
    LinkRefused,
)
from domain.errors import DomainError, ErrorCode
from domain.feedback import FeedbackReply, FeedbackTicket, TicketStatus
from domain.ids import (
    AccountId,
    AdminId,
    AuditEntryId,
    CallId,
    ClientId,
    DeliverySettingsId,
    InvoiceId,
    JobId,
    LineId,
    OutboxId,
    PaymentId,
    SessionId,
    SubscriberId,
    TicketId,
)
from domain.installments import Installment
from domain.invoices import Invoice, InvoiceLine
from domain.job_store import BrokerMark, JobPolicy, JobStatus, StaleJob
from domain.jobs import DocumentJob, FileMade
from domain.list_requests import (
    LineResult,
    LineStatus,
    PendingRename,
    PendingServiceLine,
    RenameList,
    RenameRequest,
    RequestLine,
    ServiceRequest,
    ServiceState,
)
from domain.mail import (
    InvoiceEmail,
    MailMessage,
    RecipientResult,
    RecipientStatus,
    SendOutcome,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment
from domain.periods import BillingPeriod
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction
from domain.subscribers import AdditionalService, Subscriber, SubscriberSearch

# --- helpers --------------------------------------------------------------------


T = TypeVar("T")


def page_of(items: Sequence[T], page: PageRequest) -> Page[T]:
    chunk = list(items[page.offset : page.offset + page.first])
    return Page(chunk, page.offset, page.offset + page.first < len(items))


class _Ids:
    """Ids handed out by a fake table, from 1 like a database's."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


# --- time, passwords ------------------------------------------------------------


class FakeClock:
    """D0: a clock the test sets and moves."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def set(self, now: datetime) -> None:
        self.current = now

    def advance(self, by: timedelta) -> None:
        self.current += by


class FakeHasher:
    """A password 'hash' that is the password marked: fast, and never a real secret."""

    def hash(self, password: str) -> str:
        return f"fake${password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f"fake${password}"


# --- the unit of work and its repositories --------------------------------------


class FakeAdmins:
    def __init__(self) -> None:
        self.rows: dict[AdminId, Admin] = {}

    async def by_login(self, login: str) -> Admin | None:
        return next((a for a in self.rows.values() if a.login == login), None)

    async def get(self, admin_id: AdminId) -> Admin | None:
        return self.rows.get(admin_id)


class FakeSessions:
    def __init__(self, admins: FakeAdmins) -> None:
        self._admins = admins
        self.rows: dict[SessionId, Session] = {}
        self.digests: dict[str, SessionId] = {}
        self._ids = _Ids()

    async def add(self, admin_id: AdminId, token_digest: str, expires_at: datetime) -> Session:
        admin = self._admins.rows[admin_id]
        session = Session(
            SessionId(self._ids.next()), admin_id, admin.client_id, admin.login, expires_at
        )
        self.rows[session.id] = session
        self.digests[token_digest] = session.id
        return session

    async def by_digest(self, token_digest: str) -> Session | None:
        found = self.digests.get(token_digest)
        return self.rows.get(found) if found is not None else None

    async def revoke(self, session_id: SessionId, at: datetime) -> None:
        if session_id in self.rows:
            self.rows[session_id] = replace(self.rows[session_id], revoked=True)


class FakeClients:
    def __init__(self) -> None:
        self.rows: dict[int, Client] = {}

    async def get(self, client_id: ClientId, with_bank_accounts: bool = True) -> Client | None:
        found = self.rows.get(client_id)
        if found is None or with_bank_accounts:
            return found
        return replace(found, bank_accounts=())

    async def bank_accounts(self, client_id: ClientId) -> tuple[BankAccount, ...]:
        found = self.rows.get(client_id)
        return found.bank_accounts if found else ()


class FakeAccounts:
    """Accounts by id; every read scoped to one client (D18)."""

    def __init__(self) -> None:
        self.rows: dict[int, BillingAccount] = {}

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[BillingAccount]:
        mine = [a for _, a in sorted(self.rows.items()) if a.client_id == client_id]
        return page_of(mine, page)

    async def get(self, client_id: ClientId, account_id: AccountId) -> BillingAccount | None:
        found = self.rows.get(account_id)
        return found if found is not None and found.client_id == client_id else None

    async def get_many(
        self, client_id: ClientId, account_ids: Sequence[AccountId]
    ) -> Mapping[AccountId, BillingAccount]:
        return {
            i: a
            for i in account_ids
            if (a := self.rows.get(i)) is not None and a.client_id == client_id
        }


class FakeDelivery:
    """D5: versions are only ever added; the one in force is found by domain.delivery."""

    def __init__(self) -> None:
        self.versions: dict[int, list[DeliverySettings]] = {}
        self._ids = _Ids()

    async def in_force(
        self, account_ids: Sequence[AccountId], at: datetime
    ) -> Mapping[AccountId, DeliverySettings]:
        found: dict[AccountId, DeliverySettings] = {}
        for account in account_ids:
            version = in_force_at(self.versions.get(account, []), at)
            if version is not None:
                found[account] = version
        return found

    async def history(self, account_id: AccountId, page: PageRequest) -> Page[DeliverySettings]:
        newest = sorted(
            self.versions.get(account_id, []), key=lambda v: (v.valid_from, v.id or 0), reverse=True
        )
        return page_of(newest, page)

    async def add(self, account_id: AccountId, settings: DeliverySettings) -> DeliverySettings:
        saved = replace(settings, id=DeliverySettingsId(self._ids.next()))
        self.versions.setdefault(account_id, []).append(saved)
        return saved


class FakeInvoices:
    """Formed invoices by id, with their lines; a client reads its own accounts' only."""

    def __init__(self, accounts: FakeAccounts) -> None:
        self._accounts = accounts
        self.rows: dict[InvoiceId, Invoice] = {}
        self._ids = _Ids()

    def put(self, invoice: Invoice) -> Invoice:
        """Store a formed invoice (a test's given, or the monthly run's)."""
        saved = replace(invoice, id=invoice.id or InvoiceId(self._ids.next()))
        self._ids.last = max(self._ids.last, saved.id)
        self.rows[saved.id] = saved
        return saved

    def _head(self, invoice: Invoice) -> Invoice:
        return replace(invoice, lines=())

    async def list_for_account(self, account_id: AccountId, page: PageRequest) -> Page[Invoice]:
        mine = sorted(
            (i for i in self.rows.values() if i.account_id == account_id),
            key=lambda i: i.period.starts_at,
            reverse=True,
        )
        return page_of([self._head(i) for i in mine], page)

    async def latest_for_accounts(
        self, account_ids: Sequence[AccountId], per_account: int
    ) -> Mapping[AccountId, list[Invoice]]:
        return {
            a: [i for i in (await self.list_for_account(a, PageRequest(per_account))).items]
            for a in account_ids
        }

    async def get(self, client_id: ClientId, invoice_id: InvoiceId) -> Invoice | None:
        found = self.rows.get(invoice_id)
        if found is None or self._accounts.rows[found.account_id].client_id != client_id:
            return None
        return self._head(found)

    async def for_period(
        self, account_id: AccountId, period: BillingPeriod, with_lines: bool = False
    ) -> Invoice | None:
        for invoice in self.rows.values():
            if invoice.account_id == account_id and invoice.period == period:
                return invoice if with_lines else self._head(invoice)
        return None

    async def periods_formed(
        self, account_ids: Sequence[AccountId], periods: Sequence[str]
    ) -> Mapping[AccountId, set[str]]:
        return {
            a: {
                str(i.period)
                for i in self.rows.values()
                if i.account_id == a and str(i.period) in periods
            }
            for a in account_ids
        }


@dataclass(frozen=True)
class OutboxMessage:
    id: OutboxId
    command: Command
    key: str | None


class FakeOutbox:
    """Commands asked for in a transaction: kept in order; a used key adds nothing."""

    def __init__(self) -> None:
        self.messages: list[OutboxMessage] = []
        self._ids = _Ids()

    async def add(self, command: Command, key: str | None = None) -> OutboxId:
        if key is not None:
            for message in self.messages:
                if message.key == key:
                    return message.id
        message = OutboxMessage(OutboxId(self._ids.next()), command, key)
        self.messages.append(message)
        return message.id

    def jobs(self, kind: type[C]) -> list[C]:
        """The commands of this type, in the order they were asked for."""
        return [m.command for m in self.messages if isinstance(m.command, kind)]


@dataclass(frozen=True)
class AuditRecord:
    client_id: ClientId
    actor: str
    action: str
    target: str | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    at: datetime


class FakeAuditLog:
    """AuditLog and AuditReader: what was changed, by whom, in order."""

    def __init__(self) -> None:
        self.records: list[AuditRecord] = []

    async def record(
        self,
        client_id: ClientId,
        actor: str,
        action: str,
        target: str | None,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        at: datetime,
    ) -> None:
        self.records.append(AuditRecord(client_id, actor, action, target, before, after, at))

    def actions(self) -> list[str]:
        return [r.action for r in self.records]

    def _entries(self, client_id: ClientId) -> list[AuditEntry]:
        return [
            AuditEntry(AuditEntryId(i), r.at, r.actor, r.action, r.target, r.before, r.after)
            for i, r in enumerate(self.records, start=1)
            if r.client_id == client_id
        ]

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[AuditEntry]:
        newest = sorted(self._entries(client_id), key=lambda e: (e.at, e.id), reverse=True)
        return page_of(newest, page)

    async def get(self, client_id: ClientId, entry_id: AuditEntryId) -> AuditEntry | None:
        return next((e for e in self._entries(client_id) if e.id == entry_id), None)


class FakeUnitOfWork:
    """The repositories plus an all-or-nothing transaction over every joined fake."""

    def __init__(self) -> None:
        self._admins = FakeAdmins()
        self._sessions = FakeSessions(self._admins)
        self._clients = FakeClients()
        self._accounts = FakeAccounts()
        self._delivery = FakeDelivery()
        self._invoices = FakeInvoices(self._accounts)
        self._outbox = FakeOutbox()
        self._members: list[object] = [
            self._admins,
            self._sessions,
            self._clients,
            self._accounts,
            self._delivery,
            self._invoices,
            self._outbox,
        ]
        self._depth = 0
        self.commits = 0
        self.rollbacks = 0
        self.fail_next_commit: Exception | None = None

    def join(self, *fakes: object) -> None:
        """Fakes outside the unit (the audit log, the menu's repositories) that its
        transaction covers, as one database would."""
        self._members.extend(fakes)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @property
    def admins(self) -> FakeAdmins:
        return self._admins

    @property
    def sessions(self) -> FakeSessions:
        return self._sessions

    @property
    def clients(self) -> FakeClients:
        return self._clients

    @property
    def accounts(self) -> FakeAccounts:
        return self._accounts

    @property
    def delivery(self) -> FakeDelivery:
        return self._delivery

    @property
    def invoices(self) -> FakeInvoices:
        return self._invoices

    @property
    def outbox(self) -> FakeOutbox:
        return self._outbox

    def _snapshot(self) -> list[tuple[object, dict[str, Any]]]:
        # The fakes refer to each other (invoices to accounts): those references stay.
        memo: dict[int, Any] = {id(m): m for m in (self, *self._members)}
        return [(m, copy.deepcopy(vars(m), memo)) for m in self._members]

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        saved = self._snapshot()
        self._depth = 1
        try:
            yield
            if self.fail_next_commit is not None:
                error, self.fail_next_commit = self.fail_next_commit, None
                raise error
        except BaseException:
            for member, state in saved:
                vars(member).clear()
                vars(member).update(state)
            self.rollbacks += 1
            raise
        finally:
            self._depth = 0
        self.commits += 1

    def transaction(self) -> AbstractAsyncContextManager[None]:
        return self._transaction()


# --- sign-in throttle -----------------------------------------------------------


class FakeThrottle:
    """Attempt counters by key with compare-and-set, like the shared table (D18)."""

    def __init__(self) -> None:
        self.rows: dict[str, ThrottleState] = {}

    async def get(self, key: str) -> ThrottleState | None:
        return self.rows.get(key)

    async def replace(self, key: str, expected: ThrottleState | None, new: ThrottleState) -> bool:
        if self.rows.get(key) != expected:
            return False
        self.rows[key] = new
        return True

    async def clear(self, key: str) -> None:
        self.rows.pop(key, None)

    async def forget_before(self, cutoff: datetime, now: datetime) -> int:
        old = [
            k
            for k, s in self.rows.items()
            if s.last_attempt_at < cutoff and (s.blocked_until is None or s.blocked_until <= now)
        ]
        for key in old:
            del self.rows[key]
        return len(old)


# --- the menu's repositories (D11–D17) ------------------------------------------


class FakeBankDetails:
    """BankDetailsChecker: the IBANs and BICs the test says are valid."""

    def __init__(self, ibans: Iterable[str] = (), bics: Iterable[str] = ()) -> None:
        self.ibans = set(ibans)
        self.bics = set(bics)
        self.asked: list[str] = []

    def iban_valid(self, iban: str) -> bool:
        self.asked.append(iban)
        return iban in self.ibans

    def bic_valid(self, bic: str) -> bool:
        self.asked.append(bic)
        return bic in self.bics


@dataclass
class _StoredPayment:
    client_id: ClientId
    payment: Payment
    registered_by: str | None = None
    at: datetime | None = None


class FakePayments:
    def __init__(self) -> None:
        self.rows: dict[PaymentId, _StoredPayment] = {}
        self._ids = _Ids()

    def put(self, client_id: ClientId, payment: Payment) -> Payment:
        self.rows[payment.id] = _StoredPayment(client_id, payment)
        self._ids.last = max(self._ids.last, payment.id)
        return payment

    def of(self, client_id: ClientId) -> list[Payment]:
        return [s.payment for s in self.rows.values() if s.client_id == client_id]

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[Payment]:
        newest = sorted(self.of(client_id), key=lambda p: (p.paid_on, p.id), reverse=True)
        return page_of(newest, page)

    async def get(self, client_id: ClientId, payment_id: PaymentId) -> Payment | None:
        found = self.rows.get(payment_id)
        return found.payment if found is not None and found.client_id == client_id else None

    async def find(
        self, client_id: ClientId, document_number: str, paid_on: date
    ) -> Payment | None:
        return next(
            (
                p
                for p in self.of(client_id)
                if p.document_number == document_number and p.paid_on == paid_on
            ),
            None,
        )

    async def add(
        self, client_id: ClientId, payment: UnconfirmedPayment, registered_by: str, at: datetime
    ) -> Payment | None:
        if await self.find(client_id, payment.document_number, payment.paid_on) is not None:
            return None  # the unique key (client, number, date)
        added = Payment(
            PaymentId(self._ids.next()),
            payment.paid_on,
            payment.amount,
            payment.document_number,
            payment.bank,
            confirmed=False,
        )
        self.rows[added.id] = _StoredPayment(client_id, added, registered_by, at)
        return added


class FakeInstallments:
    def __init__(self) -> None:
        self.rows: dict[int, list[Installment]] = {}

    async def list(self, client_id: ClientId) -> list[Installment]:
        return list(self.rows.get(client_id, []))


@dataclass
class _StoredSubscriber:
    client_id: ClientId
    subscriber: Subscriber
    names: list[tuple[datetime, str]] = field(default_factory=list)


class FakeCatalogue:
    def __init__(self, services: Iterable[AdditionalService] = ()) -> None:
        self.services = {s.code: s for s in services}

    async def all(self) -> list[AdditionalService]:
        return list(self.services.values())

    async def get(self, code: str) -> AdditionalService | None:
        return self.services.get(code)


class FakeSubscribers:
    """Subscribers by id, scoped to a client; renames keep a name history (D13)."""

    def __init__(self, catalogue: FakeCatalogue) -> None:
        self._catalogue = catalogue
        self.rows: dict[SubscriberId, _StoredSubscriber] = {}

    def put(self, client_id: ClientId, subscriber: Subscriber) -> Subscriber:
        self.rows[subscriber.id] = _StoredSubscriber(client_id, subscriber)
        return subscriber

    def by_number(self, number: str) -> Subscriber:
        return next(s.subscriber for s in self.rows.values() if s.subscriber.number == number)

    def _mine(self, client_id: ClientId) -> list[Subscriber]:
        return [s.subscriber for _, s in sorted(self.rows.items()) if s.client_id == client_id]

    async def search(
        self, client_id: ClientId, search: SubscriberSearch, page: PageRequest
    ) -> Page[Subscriber]:
        found = [s for s in self._mine(client_id) if search.matches(s.number, s.name)]
        return page_of(found, page)

    async def get(self, client_id: ClientId, subscriber_id: SubscriberId) -> Subscriber | None:
        found = self.rows.get(subscriber_id)
        return found.subscriber if found is not None and found.client_id == client_id else None

    async def ids_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, SubscriberId]:
        wanted = set(numbers)
        return {s.number: s.id for s in self._mine(client_id) if s.number in wanted}

    async def names_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, tuple[SubscriberId, str]]:
        wanted = set(numbers)
        return {s.number: (s.id, s.name) for s in self._mine(client_id) if s.number in wanted}

    async def rename(self, renames: Sequence[tuple[SubscriberId, str]], at: datetime) -> None:
        for subscriber_id, name in renames:
            stored = self.rows[subscriber_id]
            stored.subscriber = replace(stored.subscriber, name=name)
            stored.names.append((at, name))

    async def service_states(
        self, client_id: ClientId, numbers: Sequence[str], service_code: str
    ) -> Mapping[str, ServiceState]:
        wanted = set(numbers)
        return {
            s.number: ServiceState(
                s.id, s.tariff_code, any(x.code == service_code for x in s.services)
            )
            for s in self._mine(client_id)
            if s.number in wanted
        }

    async def set_service(
        self, subscriber_ids: Sequence[SubscriberId], service_code: str, on: bool
    ) -> None:
        service = self._catalogue.services[service_code]
        for subscriber_id in subscriber_ids:
            stored = self.rows[subscriber_id]
            others = tuple(x for x in stored.subscriber.services if x.code != service_code)
            services = (*others, service) if on else others
            stored.subscriber = replace(stored.subscriber, services=services)


class FakeFeedback:
    def __init__(self) -> None:
        self.rows: dict[TicketId, tuple[ClientId, FeedbackTicket]] = {}
        self._ids = _Ids()

    async def add(
        self, client_id: ClientId, subject: str, text: str, created_by: str, at: datetime
    ) -> FeedbackTicket:
        ticket = FeedbackTicket(
            TicketId(self._ids.next()), subject, text, TicketStatus.OPEN, at, created_by
        )
        self.rows[ticket.id] = (client_id, ticket)
        return ticket

    async def get(self, client_id: ClientId, ticket_id: TicketId) -> FeedbackTicket | None:
        found = self.rows.get(ticket_id)
        return found[1] if found is not None and found[0] == client_id else None

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[FeedbackTicket]:
        mine = [t for c, t in self.rows.values() if c == client_id]
        return page_of(sorted(mine, key=lambda t: (t.created_at, t.id), reverse=True), page)

    async def add_reply(
        self, ticket_id: TicketId, author: str, text: str, status: TicketStatus, at: datetime
    ) -> None:
        client_id, ticket = self.rows[ticket_id]
        reply = FeedbackReply(author, text, at, from_operator=False)
        self.rows[ticket_id] = (
            client_id,
            replace(ticket, status=status, replies=(*ticket.replies, reply)),
        )


class FakeListReader:
    """RenameListReader and NumberListReader of a CSV `number;name` per line (row 1 a
    heading): enough to drive the use cases; the real readers are tested on real files."""

    def __init__(self) -> None:
        self.read_files: list[str | None] = []

    def read(self, filename: str | None, data: bytes) -> RenameList:
        self.read_files.append(filename)
        if not data.strip():
            raise DomainError(ErrorCode.INVALID_FILE, "Файл пуст.", "file")
        items: list[tuple[str, str]] = []
        rows: list[int] = []
        for row, line in enumerate(data.decode("utf-8").splitlines()[1:], start=2):
            number, _, name = line.partition(";")
            items.append((number, name))
            rows.append(row)
        return RenameList(items, rows)

    def read_numbers(self, filename: str | None, data: bytes) -> RenameList:
        found = self.read(filename, data)
        return RenameList([(n, "") for n, _ in found.items], found.rows)


# --- mail, files, rendering -----------------------------------------------------


@dataclass(frozen=True)
class SentMail:
    message: MailMessage
    envelope: tuple[str, ...]


class FakeMailer:
    """Keeps every message it was handed; answers each address as the test says.

    `answers`: address → outcome (SENT by default). `fail`: raised before anything is
    handed over (MailUnavailable) or after before_data (MailAmbiguous), once each time
    it is set."""

    def __init__(self) -> None:
        self.sent: list[SentMail] = []
        self.answers: dict[str, SendOutcome] = {}
        self.fail: Exception | None = None
        self.fail_after_data: Exception | None = None
        self.up = True  # what reachable() answers

    async def send(
        self,
        message: MailMessage,
        envelope: Sequence[str],
        before_data: Callable[[], Awaitable[None]] | None = None,
    ) -> Mapping[str, SendOutcome]:
        if self.fail is not None:
            error, self.fail = self.fail, None
            raise error
        if before_data is not None:
            await before_data()
        if self.fail_after_data is not None:
            error, self.fail_after_data = self.fail_after_data, None
            self.sent.append(SentMail(message, tuple(envelope)))
            raise error
        self.sent.append(SentMail(message, tuple(envelope)))
        return {a: self.answers.get(a, SendOutcome(RecipientStatus.SENT)) for a in envelope}

    async def reachable(self) -> bool:
        return self.up

    def delivered_to(self) -> list[str]:
        """Every address a message was handed over to, in order, repeats included."""
        return [a for mail in self.sent for a in mail.envelope]


class FakeRenderer:
    """InvoiceRenderer: a file that names what was made, and the calls it was given."""

    def __init__(self) -> None:
        self.made: list[tuple[str, str]] = []  # (kind, invoice number)
        self.calls_seen: list[CallRecord] = []
        self.fail: Exception | None = None

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        if self.fail is not None:
            raise self.fail
        self.made.append(("pdf", document.invoice.number))
        out.write(f"PDF {document.invoice.number}".encode())

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        if self.fail is not None:
            raise self.fail
        kind = "xlsx" if calls is None else "xlsx+calls"
        if calls is not None:
            self.calls_seen.extend(calls)
        self.made.append((kind, document.invoice.number))
        out.write(f"XLSX {document.invoice.number}".encode())


class FakeFileStore:
    """FileStore in memory; temporary files in a directory of its own."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.names: dict[str, str | None] = {}
        self.up = True  # what reachable() answers
        self._dir = Path(tempfile.mkdtemp(prefix="kabinet-fake-files-"))
        self._temps = _Ids()

    def temp_for(self, key: str) -> Path:
        return self._dir / f"{self._temps.next()}.part"

    def discard(self, temp: Path) -> None:
        temp.unlink(missing_ok=True)

    async def commit(self, key: str, temp: Path, *, download_name: str | None = None) -> None:
        self.files[key] = await asyncio.to_thread(temp.read_bytes)
        self.names[key] = download_name

    async def exists(self, key: str) -> bool:
        return key in self.files

    async def read(self, key: str) -> bytes:
        return self.files[key]

    async def delete(self, key: str) -> None:
        self.files.pop(key, None)

    async def reachable(self) -> bool:
        return self.up

    def leftovers(self) -> list[Path]:
        """Temporary files neither committed nor discarded."""
        return list(self._dir.iterdir())


class FakeBroker:
    """A broker's storage as the recovery pass's mark sees it: `lose()` is a broker back
    without its data; while `up` is False every check raises, as a real one does."""

    def __init__(self) -> None:
        self.marked = False
        self.up = True
        self.puts = 0
        self.failing_puts = 0  # the next so many puts fail (the broker away again)

    def lose(self) -> None:
        self.marked = False

    async def present(self) -> bool:
        if not self.up:
            raise ConnectionError("the broker does not answer")
        return self.marked

    async def put(self) -> None:
        if not self.up or self.failing_puts:
            self.failing_puts = max(0, self.failing_puts - 1)
            raise ConnectionError("the broker does not answer")
        self.marked = True
        self.puts += 1


class FakeLinkSigner:
    """LinkSigner and LinkVerifier: a readable "signature" (`signed|client|key|name|expiry`);
    `forged` tokens are those it never signed."""

    def __init__(self) -> None:
        self.signed: set[str] = set()

    def sign(self, key: str, client_id: ClientId, filename: str, expires_at: datetime) -> str:
        token = f"signed|{client_id}|{key}|{filename}|{expires_at.isoformat()}"
        self.signed.add(token)
        return token

    def verify(self, token: str, now: datetime) -> LinkClaims:
        if token not in self.signed:
            raise LinkRefused(LinkRefusal.INVALID)
        _, client_id, key, filename, expires = token.split("|")
        claims = LinkClaims(
            key, ClientId(int(client_id)), filename, datetime.fromisoformat(expires)
        )
        if now >= claims.expires_at:
            raise LinkRefused(LinkRefusal.EXPIRED)
        return claims


class FakeCalls:
    """CallRepository: the call detail of each account, by id."""

    def __init__(self) -> None:
        self.rows: dict[AccountId, list[tuple[CallId, CallRecord]]] = {}
        self._ids = _Ids()

    def put(self, account_id: AccountId, record: CallRecord) -> None:
        self.rows.setdefault(account_id, []).append((CallId(self._ids.next()), record))

    async def chunk(
        self, account_id: AccountId, start: datetime, end: datetime, after_id: CallId, size: int
    ) -> list[tuple[CallId, CallRecord]]:
        return [
            (i, r)
            for i, r in self.rows.get(account_id, [])
            if i > after_id and start <= r.started_at < end
        ][:size]


class FakeChargesSource:
    """ChargesSource: the lines of each account; remembers what was asked."""

    def __init__(self) -> None:
        self.lines_of: dict[int, list[InvoiceLine]] = {}
        self.asked: list[tuple[int, datetime, datetime, datetime]] = []

    async def lines(
        self, account_id: AccountId, start: datetime, end: datetime, names_at: datetime
    ) -> list[InvoiceLine]:
        self.asked.append((account_id, start, end, names_at))
        return list(self.lines_of.get(account_id, []))


class FakeChargesWorkbook:
    def __init__(self) -> None:
        self.statements: list[ChargesStatement] = []

    def workbook(self, report: ChargesStatement, out: BinaryIO) -> None:
        self.statements.append(report)
        out.write(f"CHARGES {report.account.number} {report.net}".encode())


# --- job repositories (documents, e-mails, charges reports, lists, formation) ----
# Kept apart: the job ports are changing (one lifecycle, issue 10 §2).


J = TypeVar("J")


class _FakeLifecycle(Generic[J]):
    """The one job lifecycle (domain/job_store.py) over frozen job objects with
    `status` and `attempts`; heartbeats and deferrals kept beside them."""

    def __init__(self) -> None:
        self.rows: dict[int, J] = {}
        self.touched: dict[int, datetime | None] = {}
        self.retry: dict[int, datetime | None] = {}
        self._ids = _Ids()

    def _held(self, job_id: JobId, attempt: int) -> J | None:
        job: Any = self.rows.get(job_id)
        if job is None or job.attempts != attempt or job.status is not JobStatus.RUNNING:
            return None
        return job  # type: ignore[no-any-return]

    def _set(self, job_id: JobId, **fields: Any) -> J:
        job: Any = self.rows[job_id]
        self.rows[job_id] = replace(job, **fields)
        return self.rows[job_id]

    async def claim(self, job_id: JobId, at: datetime) -> J | None:
        job: Any = self.rows.get(job_id)
        if job is None:
            return None
        due = self.retry.get(job_id)
        if job.status is JobStatus.DEFERRED:
            if due is not None and at < due:
                return None
        elif job.status is not JobStatus.QUEUED:
            return None
        self.touched[job_id] = at
        self.retry[job_id] = None
        return self._set(job_id, status=JobStatus.RUNNING, attempts=job.attempts + 1)

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        if self._held(job_id, attempt) is None:
            return False
        self.touched[job_id] = at
        return True

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        if self._held(job_id, attempt) is None:
            return False
        self.touched[job_id] = at
        self.retry[job_id] = retry_at
        status = JobStatus.QUEUED if retry_at is None else JobStatus.DEFERRED
        self._set(job_id, status=status)
        return True

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        if self._held(job_id, attempt) is None:
            return False
        self._set(job_id, status=JobStatus.FAILED, finished_at=at, error=error)
        return True

    def _done(self, job_id: JobId, attempt: int, at: datetime, **fields: Any) -> bool:
        if self._held(job_id, attempt) is None:
            return False
        self._set(job_id, status=JobStatus.DONE, finished_at=at, **fields)
        return True

    async def stale(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        found = []
        for job_id, job in self.rows.items():
            j: Any = job
            touched = self.touched.get(job_id)
            if policy.is_due(j.status, touched, j.created_at, self.retry.get(job_id), now):
                found.append(StaleJob(JobId(job_id), j.status, j.attempts, touched))
        return found

    async def waiting(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        found = []
        for job_id, job in self.rows.items():
            j: Any = job
            if policy.is_waiting(j.status, j.attempts, self.retry.get(job_id), now):
                found.append(
                    StaleJob(JobId(job_id), j.status, j.attempts, self.touched.get(job_id))
                )
        return found

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        current: Any = self.rows.get(job.id)
        if current is None or (current.status, current.attempts) != (job.status, job.attempt):
            return False
        touched = self.touched.get(job.id)
        if touched is not None and (job.touched_at is None or touched > job.touched_at):
            return False
        self.touched[job.id] = at
        self.retry[job.id] = None
        self._set(job.id, status=JobStatus.QUEUED)
        return True


class FakeDocumentJobs(_FakeLifecycle[DocumentJob]):
    async def add(self, job: DocumentJob) -> DocumentJob:
        saved = replace(job, id=JobId(self._ids.next()))
        self.rows[saved.id] = saved
        return saved

    async def get(self, client_id: ClientId, job_id: JobId) -> DocumentJob | None:
        found = self.rows.get(job_id)
        return found if found is not None and found.client_id == client_id else None

    async def find_alive(
        self, account_id: AccountId, period: BillingPeriod, format: DownloadFormat, now: datetime
    ) -> DocumentJob | None:
        for job in sorted(self.rows.values(), key=lambda j: j.id, reverse=True):
            same = (job.account_id, job.period, job.format) == (account_id, period, format)
            if same and job.is_alive(now):
                return job
        return None

    async def claim(self, job_id: JobId, at: datetime) -> DocumentJob | None:
        claimed = await super().claim(job_id, at)
        return self._set(job_id, started_at=at, progress=0) if claimed is not None else None

    async def finish(self, job_id: JobId, attempt: int, outcome: FileMade, at: datetime) -> bool:
        return self._done(
            job_id,
            attempt,
            at,
            file_key=outcome.file_key,
            expires_at=outcome.expires_at,
            progress=100,
        )

    async def set_progress(self, job_id: JobId, attempt: int, progress: int) -> bool:
        if self._held(job_id, attempt) is None:
            return False
        self._set(job_id, progress=progress)
        return True

    async def expired_files(self, now: datetime) -> list[tuple[JobId, str]]:
        return [
            (j.id, j.file_key)
            for j in self.rows.values()
            if j.file_key is not None and j.expires_at is not None and j.expires_at < now
        ]

    async def forget_file(self, job_id: JobId) -> None:
        self.rows[job_id] = replace(self.rows[job_id], file_key=None)


class FakeInvoiceEmails(_FakeLifecycle[InvoiceEmail]):
    """Sendings with per-address results; claims are compare-and-set on `attempts`."""

    async def add(self, email: InvoiceEmail) -> tuple[InvoiceEmail, bool]:
        for existing in self.rows.values():
            if existing.idempotency_key == email.idempotency_key:
                return existing, False
        saved = replace(email, id=JobId(self._ids.next()))
        self.rows[saved.id] = saved
        return saved, True

    async def get(self, client_id: ClientId, email_id: JobId) -> InvoiceEmail | None:
        found = self.rows.get(email_id)
        return found if found is not None and found.client_id == client_id else None

    async def get_any(self, email_id: JobId) -> InvoiceEmail | None:
        return self.rows.get(email_id)

    async def for_invoices(
        self, client_id: ClientId, invoice_ids: Sequence[InvoiceId], newest: int
    ) -> Mapping[InvoiceId, list[InvoiceEmail]]:
        found: dict[InvoiceId, list[InvoiceEmail]] = {}
        for invoice_id in invoice_ids:
            mine = [
                e
                for e in self.rows.values()
                if e.invoice_id == invoice_id and e.client_id == client_id
            ]
            mine.sort(key=lambda e: (e.created_at, e.id), reverse=True)
            found[invoice_id] = mine[: max(newest, 0)]
        return found

    async def claim(self, job_id: JobId, at: datetime) -> InvoiceEmail | None:
        email = self.rows.get(job_id)
        if email is not None and email.status is JobStatus.DEFERRED:
            self.retry[job_id] = email.retry_at
        claimed = await super().claim(job_id, at)
        if claimed is None:
            return None
        return self._set(job_id, claimed_at=at, retry_at=None, touched_at=at)

    async def mark_data_sent(self, email_id: JobId, attempt: int, at: datetime) -> bool:
        if self._held(email_id, attempt) is None:
            return False
        self._set(email_id, data_sent_at=at)
        return True

    async def record(
        self, email_id: JobId, results: Sequence[RecipientResult], *, answered: bool = False
    ) -> None:
        email = self.rows.get(email_id)
        if email is None:
            return
        merged = dict(email.results)
        merged.update({r.address: r for r in results})
        self.rows[email_id] = replace(
            email, results=merged, data_sent_at=None if answered else email.data_sent_at
        )

    async def finish(self, job_id: JobId, attempt: int, outcome: None, at: datetime) -> bool:
        return self._done(job_id, attempt, at, retry_at=None)

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        email = self._held(job_id, attempt)
        if email is None:
            return False
        failed = {
            a: RecipientResult(a, RecipientStatus.FAILED, at, error.message[:200])
            for a in email.pending
        }
        self._set(
            job_id,
            status=JobStatus.FAILED,
            finished_at=at,
            retry_at=None,
            results={**email.results, **failed},
        )
        return True

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
        email = self._held(job_id, attempt)
        if email is None:
            return False
        await super().release(job_id, attempt, at, retry_at)
        self._set(
            job_id,
            retry_at=retry_at,
            touched_at=at,
            data_sent_at=email.data_sent_at if keep_data_sent else None,
            deferrals=email.deferrals + int(deferral),
        )
        return True

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        if not await super().hand_off(job, at):
            return False
        self._set(job.id, claimed_at=at, retry_at=None, touched_at=at)
        return True

    async def reopen(self, email_id: JobId, at: datetime) -> InvoiceEmail | None:
        email = self.rows.get(email_id)
        if email is None or not email.status.final:
            return None
        failed = [a for a, r in email.results.items() if r.status is RecipientStatus.FAILED]
        if not failed:
            return None
        self.touched[email_id] = at
        self.retry[email_id] = None
        return self._set(
            email_id,
            status=JobStatus.QUEUED,
            finished_at=None,
            results={a: r for a, r in email.results.items() if a not in failed},
            lifetime_from=at,
            claimed_at=at,
            retry_at=None,
            deferrals=0,
        )


class FakeChargesReports(_FakeLifecycle[ChargesReport]):
    async def add(self, report: ChargesReport) -> ChargesReport:
        saved = replace(report, id=JobId(self._ids.next()))
        self.rows[saved.id] = saved
        return saved

    async def get(self, client_id: ClientId, report_id: JobId) -> ChargesReport | None:
        found = self.rows.get(report_id)
        return found if found is not None and found.client_id == client_id else None

    async def finish(self, job_id: JobId, attempt: int, outcome: str, at: datetime) -> bool:
        return self._done(job_id, attempt, at, result=outcome[:255])

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        if not await super().fail(job_id, attempt, error, at):
            return False
        self._set(job_id, result=error.message[:255])
        return True


@dataclass
class _StoredLine:
    line: RequestLine
    request_id: JobId


class _FakeListRequests(_FakeLifecycle[J]):
    """What the rename and services list repositories share: lines, the job's steps."""

    def __init__(self) -> None:
        super().__init__()
        self.lines_of: dict[LineId, _StoredLine] = {}
        self.progress: dict[int, int] = {}
        self._line_ids = _Ids()

    def _add_lines(self, request_id: JobId, lines: Iterable[tuple[str, str | None]]) -> None:
        for position, (number, name) in enumerate(lines):
            line = RequestLine(
                LineId(self._line_ids.next()), position, number, LineStatus.QUEUED, name
            )
            self.lines_of[line.id] = _StoredLine(line, request_id)

    def _lines(self, request_id: JobId) -> list[RequestLine]:
        return sorted(
            (s.line for s in self.lines_of.values() if s.request_id == request_id),
            key=lambda line: line.position,
        )

    async def lines(
        self, request_id: JobId, window: LineWindow = LineWindow()
    ) -> list[RequestLine]:
        after = [line for line in self._lines(request_id) if line.position > window.after_position]
        return after[: window.first]

    def _queued(self, request_id: JobId, limit: int) -> list[RequestLine]:
        return [line for line in self._lines(request_id) if line.status is LineStatus.QUEUED][
            :limit
        ]

    async def record(self, results: Sequence[LineResult]) -> None:
        for result in results:
            stored = self.lines_of[result.line_id]
            stored.line = replace(
                stored.line, status=result.status, error=result.error, outcome=result.outcome
            )

    async def line_counts(self, request_id: JobId) -> tuple[int, int]:
        lines = self._lines(request_id)
        return sum(1 for line in lines if line.status is not LineStatus.QUEUED), len(lines)

    async def set_progress(self, request_id: JobId, attempt: int, progress: int) -> bool:
        if self._held(request_id, attempt) is None:
            return False
        self.progress[request_id] = progress
        return True

    async def finish(self, job_id: JobId, attempt: int, outcome: None, at: datetime) -> bool:
        if self._queued(job_id, 1):
            return False
        return self._done(job_id, attempt, at, progress=100)


class FakeRenameRequests(_FakeListRequests[RenameRequest]):
    async def pending(self, request_id: JobId, limit: int) -> Sequence[PendingRename]:
        return [
            PendingRename(line.id, line.number, line.name or "")
            for line in self._queued(request_id, limit)
        ]

    async def by_key(self, client_id: ClientId, key: str) -> RenameRequest | None:
        return next(
            (
                r
                for r in self.rows.values()
                if r.client_id == client_id and r.idempotency_key == key
            ),
            None,
        )

    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        key: str | None,
        lines: Sequence[RenameLine],
        at: datetime,
    ) -> RenameRequest | None:
        if key is not None and await self.by_key(client_id, key) is not None:
            return None
        request = RenameRequest(
            JobId(self._ids.next()), client_id, JobStatus.QUEUED, at, len(lines), requested_by, key
        )
        self.rows[request.id] = request
        self._add_lines(request.id, [(line.number, line.name) for line in lines])
        return request

    async def get(self, client_id: ClientId, request_id: JobId) -> RenameRequest | None:
        found = self.rows.get(request_id)
        return found if found is not None and found.client_id == client_id else None

    async def get_any(self, request_id: JobId) -> RenameRequest | None:
        return self.rows.get(request_id)

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[RenameRequest]:
        mine = [r for r in self.rows.values() if r.client_id == client_id]
        return page_of(sorted(mine, key=lambda r: (r.created_at, r.id), reverse=True), page)


class FakeServiceRequests(_FakeListRequests[ServiceRequest]):
    async def pending(self, request_id: JobId, limit: int) -> Sequence[PendingServiceLine]:
        return [
            PendingServiceLine(line.id, line.number) for line in self._queued(request_id, limit)
        ]

    async def add(
        self,
        client_id: ClientId,
        requested_by: str,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str],
        at: datetime,
    ) -> ServiceRequest:
        request = ServiceRequest(
            JobId(self._ids.next()),
            client_id,
            action,
            service_code,
            JobStatus.QUEUED,
            at,
            requested_by,
        )
        self.rows[request.id] = request
        self._add_lines(request.id, [(n, None) for n in numbers])
        return request

    async def get(self, client_id: ClientId, request_id: JobId) -> ServiceRequest | None:
        found = self.rows.get(request_id)
        return found if found is not None and found.client_id == client_id else None

    async def get_any(self, request_id: JobId) -> ServiceRequest | None:
        return self.rows.get(request_id)

    async def list_since(
        self, client_id: ClientId, since: datetime, page: PageRequest
    ) -> Page[ServiceRequest]:
        mine = [r for r in self.rows.values() if r.client_id == client_id and r.created_at >= since]
        return page_of(sorted(mine, key=lambda r: (r.created_at, r.id), reverse=True), page)


class FakeInvoiceFormation:
    """InvoiceFormationRepository over the unit's accounts and invoices."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow
        self.formats: dict[int, InvoiceFormat | None] = {}

    async def accounts_without_invoice(self, period: BillingPeriod) -> list[BillingAccount]:
        formed = {i.account_id for i in self._uow.invoices.rows.values() if i.period == period}
        return [
            a
            for _, a in sorted(self._uow.accounts.rows.items())
            if a.opened_on <= period.last_day and a.id not in formed
        ]

    async def previous_closing(
        self, account_id: AccountId, period: BillingPeriod
    ) -> Decimal | None:
        before = await self._uow.invoices.for_period(account_id, period.previous())
        if before is None:
            return None
        return before.opening_balance + before.payments - before.gross

    async def add(self, invoice: Invoice, delivery_format: InvoiceFormat | None) -> Invoice | None:
        if await self._uow.invoices.for_period(invoice.account_id, invoice.period) is not None:
            return None
        saved = self._uow.invoices.put(invoice)
        self.formats[saved.id] = delivery_format
        return saved

    async def set_balance(self, account_id: AccountId, balance: Decimal) -> None:
        rows = self._uow.accounts.rows
        rows[account_id] = replace(rows[account_id], balance=balance)


# --- the fakes are the ports ----------------------------------------------------


def _satisfies_the_ports() -> None:  # pragma: no cover
    """The fakes are the ports: mypy checks these assignments (never called)."""
    from domain import ports

    uow = FakeUnitOfWork()
    catalogue = FakeCatalogue()
    unit_of_work: ports.UnitOfWork = uow
    admin_repository: ports.AdminRepository = uow.admins
    session_repository: ports.SessionRepository = uow.sessions
    client_repository: ports.ClientRepository = uow.clients
    billing_account_repository: ports.BillingAccountRepository = uow.accounts
    delivery_settings_repository: ports.DeliverySettingsRepository = uow.delivery
    invoice_repository: ports.InvoiceRepository = uow.invoices
    outbox: ports.Outbox = uow.outbox
    clock: ports.Clock = FakeClock(datetime.now())
    password_hasher: ports.PasswordHasher = FakeHasher()
    login_throttle_store: ports.LoginThrottleStore = FakeThrottle()
    audit_log: ports.AuditLog = FakeAuditLog()
    mailer: ports.Mailer = FakeMailer()
    invoice_renderer: ports.InvoiceRenderer = FakeRenderer()
    file_store: ports.FileStore = FakeFileStore()
    link_signer: ports.LinkSigner = FakeLinkSigner()
    link_verifier: ports.LinkVerifier = FakeLinkSigner()
    call_repository: ports.CallRepository = FakeCalls()
    charges_source: ports.ChargesSource = FakeChargesSource()
    charges_workbook: ports.ChargesWorkbook = FakeChargesWorkbook()
    document_job_repository: ports.DocumentJobRepository = FakeDocumentJobs()
    invoice_email_repository: ports.InvoiceEmailRepository = FakeInvoiceEmails()
    charges_report_repository: ports.ChargesReportRepository = FakeChargesReports()
    invoice_formation_repository: ports.InvoiceFormationRepository = FakeInvoiceFormation(uow)
    audit_reader: ports.AuditReader = FakeAuditLog()
    bank_details_checker: ports.BankDetailsChecker = FakeBankDetails()
    payment_repository: ports.PaymentRepository = FakePayments()
    installment_repository: ports.InstallmentRepository = FakeInstallments()
    subscriber_repository: ports.SubscriberRepository = FakeSubscribers(catalogue)
    service_catalogue: ports.ServiceCatalogue = catalogue
    feedback_repository: ports.FeedbackRepository = FakeFeedback()
    rename_list_reader: ports.RenameListReader = FakeListReader()
    number_list_reader: ports.NumberListReader = FakeListReader()
    rename_request_repository: ports.RenameRequestRepository = FakeRenameRequests()
    service_request_repository: ports.ServiceRequestRepository = FakeServiceRequests()
    broker_mark: BrokerMark = FakeBroker()
    del (
        broker_mark,
        unit_of_work,
        admin_repository,
        session_repository,
        client_repository,
        billing_account_repository,
        delivery_settings_repository,
        invoice_repository,
        outbox,
        clock,
        password_hasher,
        login_throttle_store,
        audit_log,
        mailer,
        invoice_renderer,
        file_store,
        link_signer,
        link_verifier,
        call_repository,
        charges_source,
        charges_workbook,
        document_job_repository,
        invoice_email_repository,
        charges_report_repository,
        invoice_formation_repository,
        audit_reader,
        bank_details_checker,
        payment_repository,
        installment_repository,
        subscriber_repository,
        service_catalogue,
        feedback_repository,
        rename_list_reader,
        number_list_reader,
        rename_request_repository,
        service_request_repository,
    )
