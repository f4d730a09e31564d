"""A small world of two clients on the fakes (tests/fakes.py), and the use cases wired to it.

Client 1 («Ромашка», admin «demo») has account 11 (invoices of September and October
2026 formed, e-mail delivery to a@romashka.by) and account 12 (opened in November, no
invoice yet); client 2 («Лютик», admin «demo2») has account 21. "Now" is Tuesday
24 November 2026, 12:00 in Minsk (D0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.accounts import Admin, BillingAccount, Client
from domain.auth import Actor
from domain.commands import Command
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.documents import Operator
from domain.ids import (
    AccountId,
    AdminId,
    ClientId,
    DeliverySettingsId,
    InvoiceId,
    JobId,
    SubscriberId,
)
from domain.invoices import ChargeType, Invoice, InvoiceLine
from domain.periods import BillingPeriod
from domain.recipients import RecipientList
from domain.subscribers import AdditionalService, Subscriber
from tests.fakes import (
    FakeAuditLog,
    FakeCalls,
    FakeCatalogue,
    FakeChargesReports,
    FakeChargesSource,
    FakeChargesWorkbook,
    FakeClock,
    FakeDocumentJobs,
    FakeFeedback,
    FakeFileStore,
    FakeHasher,
    FakeInstallments,
    FakeInvoiceEmails,
    FakeInvoiceFormation,
    FakeLinkSigner,
    FakeListReader,
    FakeMailer,
    FakePayments,
    FakeRenameRequests,
    FakeRenderer,
    FakeServiceRequests,
    FakeSubscribers,
    FakeThrottle,
    FakeUnitOfWork,
)

MINSK = ZoneInfo("Europe/Minsk")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=MINSK)
ME = Actor(admin_id=AdminId(1), client_id=ClientId(1), login="demo", session_id=None)
OTHER = Actor(admin_id=AdminId(2), client_id=ClientId(2), login="demo2", session_id=None)
OPERATOR = Operator("РУП «Оператор»", "100000001", "Минск", "BY00", "BIC", "Банк")
SEPTEMBER = BillingPeriod.parse("2026-09")
OCTOBER = BillingPeriod.parse("2026-10")
SMS = AdditionalService("SMS", "SMS-пакет", ("T1",))
ROAMING = AdditionalService("ROAM", "Роуминг", ("T2",))


def minsk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MINSK)


def line(number: str, name: str, subscription: str, calls: str = "0.00") -> InvoiceLine:
    return InvoiceLine(
        number,
        name,
        {ChargeType.SUBSCRIPTION: Decimal(subscription), ChargeType.CALLS: Decimal(calls)},
    )


@dataclass
class World:
    clock: FakeClock = field(default_factory=lambda: FakeClock(NOW))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
    audit: FakeAuditLog = field(default_factory=FakeAuditLog)
    throttle: FakeThrottle = field(default_factory=FakeThrottle)
    hasher: FakeHasher = field(default_factory=FakeHasher)
    payments: FakePayments = field(default_factory=FakePayments)
    installments: FakeInstallments = field(default_factory=FakeInstallments)
    catalogue: FakeCatalogue = field(default_factory=lambda: FakeCatalogue([SMS, ROAMING]))
    feedback: FakeFeedback = field(default_factory=FakeFeedback)
    reader: FakeListReader = field(default_factory=FakeListReader)
    mailer: FakeMailer = field(default_factory=FakeMailer)
    renderer: FakeRenderer = field(default_factory=FakeRenderer)
    files: FakeFileStore = field(default_factory=FakeFileStore)
    links: FakeLinkSigner = field(default_factory=FakeLinkSigner)
    calls: FakeCalls = field(default_factory=FakeCalls)
    charges: FakeChargesSource = field(default_factory=FakeChargesSource)
    workbook: FakeChargesWorkbook = field(default_factory=FakeChargesWorkbook)
    document_jobs: FakeDocumentJobs = field(default_factory=FakeDocumentJobs)
    emails: FakeInvoiceEmails = field(default_factory=FakeInvoiceEmails)
    reports: FakeChargesReports = field(default_factory=FakeChargesReports)
    renames: FakeRenameRequests = field(default_factory=FakeRenameRequests)
    service_requests: FakeServiceRequests = field(default_factory=FakeServiceRequests)

    def __post_init__(self) -> None:
        self.subscribers = FakeSubscribers(self.catalogue)
        self.formation = FakeInvoiceFormation(self.uow)
        # One database: the unit's transaction covers every store the use cases write.
        self.uow.join(
            self.audit,
            self.payments,
            self.feedback,
            self.subscribers,
            self.document_jobs,
            self.emails,
            self.reports,
            self.renames,
            self.service_requests,
            self.formation,
        )
        self._seed()

    def _seed(self) -> None:
        uow = self.uow
        for client_id, name, email in (
            (1, "ООО «Ромашка»", "boss@romashka.by"),
            (2, "ООО «Лютик»", None),
        ):
            uow.clients.rows[client_id] = Client(
                ClientId(client_id),
                name,
                "190000003",
                "12345678",
                "ACTIVE",
                "PREPAID",
                f"Д-{client_id}",
                date(2024, 1, 15),
                email,
                Decimal("0.00"),
            )
        for pk, login in ((1, "demo"), (2, "demo2")):  # admin 1 of client 1, 2 of 2
            uow.admins.rows[AdminId(pk)] = Admin(
                AdminId(pk), ClientId(pk), login, self.hasher.hash(login)
            )
        for account in (
            BillingAccount(
                AccountId(11), ClientId(1), "100011", Decimal("50.00"), date(2025, 1, 1)
            ),
            BillingAccount(
                AccountId(12), ClientId(1), "100012", Decimal("0.00"), date(2026, 11, 10)
            ),
            BillingAccount(AccountId(21), ClientId(2), "200021", Decimal("0.00"), date(2025, 1, 1)),
        ):
            uow.accounts.rows[account.id] = account
        uow.delivery.versions[11] = [
            DeliverySettings(
                DeliveryMethod.EMAIL,
                RecipientList(("a@romashka.by",)),
                InvoiceFormat.PDF,
                minsk(2025, 1, 1),
                "demo",
                DeliverySettingsId(1),
            )
        ]
        for period in (SEPTEMBER, OCTOBER):
            uow.invoices.put(
                Invoice(
                    InvoiceId(0),
                    AccountId(11),
                    f"СЧ-{period}-100011",
                    period,
                    datetime.combine(period.next().first_day, datetime.min.time(), MINSK)
                    + timedelta(hours=3),
                    Decimal("0.00"),
                    Decimal("0.00"),
                    Decimal("10.00"),
                    Decimal("2.00"),
                    Decimal("12.00"),
                    ("a@romashka.by",),
                    "EMAIL",
                    (line("+375291111111", "Иванов", "10.00"),),
                )
            )
        uow.invoices.put(
            Invoice(
                InvoiceId(0), AccountId(21), "СЧ-2026-10-200021", OCTOBER, minsk(2026, 11, 1, 3),
                Decimal("0.00"), Decimal("0.00"), Decimal("5.00"), Decimal("1.00"), Decimal("6.00"),
            )
        )  # fmt: skip
        for client_id, pk, number, name, tariff_code, tariff, services in (
            (1, 101, "+375291111111", "Иванов", "T1", "Тариф 1", ()),
            (1, 102, "+375292222222", "Петров", "T2", "Тариф 2", (SMS,)),
            (2, 201, "+375293333333", "Сидоров", "T1", "Тариф 1", ()),
        ):
            subscriber = Subscriber(
                SubscriberId(pk), number, name, tariff_code, tariff, "ACTIVE", services
            )
            self.subscribers.put(ClientId(client_id), subscriber)

    def invoice(self, account_id: int, period: BillingPeriod) -> Invoice:
        return next(
            i
            for i in self.uow.invoices.rows.values()
            if i.account_id == account_id and i.period == period
        )


async def recover(world: World, store: Any, command: Callable[[JobId], Command]) -> int:
    """The one recovery pass (domain/use_cases/job_recovery.py) over one kind of job."""
    from domain.job_store import JobPolicy
    from domain.use_cases.job_recovery import JobRecovery, RecoverableJobs

    kinds = [RecoverableJobs("job", store, command)]
    handed = await JobRecovery(world.uow, world.clock, JobPolicy(), kinds).recover_once()
    return sum(handed.values())
