"""The one composition root: settings → adapters → use cases → the handler map of the
commands. It only builds: what runs in the background is in infra/loops.py."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from domain.commands import (
    CarryOutRenames,
    ChangeSubscriberServices,
    Command,
    Handler,
    Handlers,
    RenderDocument,
    SendCurrentCharges,
    SendInvoiceEmail,
)
from domain.ids import OutboxId
from domain.ports import (
    AuditLog,
    Clock,
    CpuWork,
    FileStore,
    InvoiceRenderer,
    JobDispatcher,
    LinkSigner,
    Mailer,
    PasswordHasher,
    UnitOfWork,
)
from domain.use_cases.accounts import AccountQueries
from domain.use_cases.audit import AuditQueries
from domain.use_cases.auth import AuthService
from domain.use_cases.client_info import ClientInfoChecks
from domain.use_cases.current_charges import CurrentChargesService
from domain.use_cases.delivery_settings import DeliverySettingsService
from domain.use_cases.documents import DocumentService, DownloadLinks
from domain.use_cases.feedback import FeedbackService
from domain.use_cases.installments import InstallmentQueries
from domain.use_cases.invoice_email import InvoiceEmailService
from domain.use_cases.job_recovery import JobRecovery, RecoverableJobs
from domain.use_cases.monthly_run import MonthlyRun
from domain.use_cases.payments import PaymentService
from domain.use_cases.renaming import RenameService
from domain.use_cases.services_by_list import ServiceListService
from domain.use_cases.subscribers import SubscriberQueries
from infra.bank_details import SchwiftyBankDetailsChecker
from infra.clock import FixedClock, RunningClock, SystemClock
from infra.cpu import ProcessCpuWork, ProcessFirstCpuWork, ThreadCpuWork
from infra.db.audit_repo import TortoiseAuditLog, TortoiseAuditReader
from infra.db.calls_repo import TortoiseCallRepository
from infra.db.charges_repo import TortoiseChargesSource, TortoiseInvoiceFormationRepository
from infra.db.database import through_outage
from infra.db.documents_repo import TortoiseDocumentJobRepository
from infra.db.feedback_repo import TortoiseFeedbackRepository
from infra.db.lease import TortoisePassLease, TortoisePassMemory
from infra.db.mail_repo import TortoiseChargesReportRepository, TortoiseInvoiceEmailRepository
from infra.db.outage import is_database_outage
from infra.db.outbox import OutboxRelay
from infra.db.payments_repo import TortoiseInstallmentRepository, TortoisePaymentRepository
from infra.db.requests_repo import TortoiseRenameRequestRepository, TortoiseServiceRequestRepository
from infra.db.subscribers_repo import TortoiseServiceCatalogue, TortoiseSubscriberRepository
from infra.db.throttle_repo import TortoiseLoginThrottleStore
from infra.db.uow import TortoiseUnitOfWork
from infra.events.hub import JobEvents, make_transport
from infra.mail.message import parse_sender
from infra.metrics import CountingMailer, timed_job
from infra.operator import OPERATOR
from infra.passwords import Argon2PasswordHasher
from infra.queue.commands import BadCommand, decode_as
from infra.queue.mark import broker_mark
from infra.render.charges import OpenpyxlChargesWorkbook
from infra.settings import Settings
from infra.storage.files import (
    FileStoreUnavailable,
    HmacLinkSigner,
    LocalFileStore,
)
from infra.storage.s3 import PresignedLinkSigner, S3FileStore
from infra.uploads import SpreadsheetRenameListReader

# Entry points import these through the composition root only (import-linter).
__all__ = [
    "BadCommand",
    "Container",
    "FileStoreUnavailable",
    "JobEvents",
    "bootstrap",
    "decode_as",
    "is_database_outage",
    "make_broker",
]

log = logging.getLogger("kabinet")


class _LateDispatcher:
    """Stands in until the event loop is known (in-process jobs need it)."""

    def __init__(self) -> None:
        self.target: JobDispatcher | None = None

    def dispatch(self, command: Command, message_id: OutboxId) -> None:
        if self.target is None:
            raise RuntimeError("job dispatcher not started")
        self.target.dispatch(command, message_id)


@dataclass(frozen=True)
class Delivery:
    """Delivery settings, e-mail of invoices, the monthly run and current charges (D4, D5, D9)."""

    settings: DeliverySettingsService
    emails: InvoiceEmailService
    monthly: MonthlyRun
    charges: CurrentChargesService


@dataclass
class Container:
    """Wired services for one process; entry points get everything from here."""

    settings: Settings
    clock: Clock
    hasher: PasswordHasher
    uow: TortoiseUnitOfWork
    relay: OutboxRelay
    auth: AuthService
    accounts: AccountQueries
    documents: DocumentService
    files: LocalFileStore | S3FileStore
    links: HmacLinkSigner
    download: DownloadLinks
    client_info: ClientInfoChecks
    payments: PaymentService
    installments: InstallmentQueries
    subscribers: SubscriberQueries
    renaming: RenameService
    services: ServiceListService
    feedback: FeedbackService
    audit: AuditQueries
    delivery: Delivery
    job_events: JobEvents
    recovery: JobRecovery
    # The handler map: the use case of each command (actors and in-process jobs call it).
    commands: Handlers
    # Thread pools of CPU work (argon2, uploads, long lists): closed at shutdown (a pool
    # is made again on its next use, so a container may run again).
    cpu_pools: list[ThreadCpuWork] = field(default_factory=list)
    # The pool of pure-Python CPU work (uploads, long lists, large variables).
    heavy: ThreadCpuWork | None = None
    # The child process of heavy work (KABINET_HEAVY_WORK_IN_PROCESS): large variables
    # coerced, lists read and checked; closed at shutdown with the pools.
    heavy_process: ProcessCpuWork | None = None
    dispatcher: _LateDispatcher = field(default_factory=_LateDispatcher)


def make_renderer() -> InvoiceRenderer:
    from infra.render.invoice import InvoiceRenderer as FilesRenderer

    return FilesRenderer()


def make_broker(settings: Settings) -> Any:
    """The Dramatiq broker of KABINET_BROKER_URL, for worker processes."""
    from infra.queue.broker import make_broker as broker_for

    return broker_for(settings.broker_url, settings.queue)


def make_files(settings: Settings) -> LocalFileStore | S3FileStore:
    """The file store by KABINET_STORAGE_URL's scheme: none is the directory store."""
    if settings.storage_url.startswith("s3://"):
        return S3FileStore(
            settings.storage_url,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key.get_secret_value(),
            region=settings.s3_region,
        )
    return LocalFileStore(settings.storage_dir)


def make_clock(settings: Settings) -> Clock:
    """D0: the real clock, or KABINET_FAKE_NOW running on from its moment (or frozen)."""
    if settings.fake_now is None:
        return SystemClock()
    if settings.fake_clock == "frozen":
        return FixedClock(settings.fake_now)
    return RunningClock(settings.fake_now)


def make_mailer(settings: Settings, clock: Clock) -> Mailer:
    """KABINET_SMTP_URL set: real SMTP; empty: .eml files under KABINET_OUTBOX_DIR
    (either counted for /metrics: sent, failed, deferred)."""
    return CountingMailer(_make_mailer(settings, clock))


def _make_mailer(settings: Settings, clock: Clock) -> Mailer:
    sender = parse_sender(settings.mail_from)
    url = settings.smtp_url.get_secret_value()
    if url:
        from infra.mail.smtp import SmtpConfig, SmtpMailer

        return SmtpMailer(SmtpConfig.from_url(url), sender, clock.now)
    from infra.mail.outbox import OutboxMailer

    return OutboxMailer(settings.outbox_dir, sender, clock.now)


def make_recovery(
    settings: Settings, uow: TortoiseUnitOfWork, clock: Clock, mailer: Mailer, files: FileStore
) -> JobRecovery:
    """The one recovery pass over the five kinds of job, one process at a time; the
    mail server and the file store are probed while jobs wait for them."""
    kinds = [
        RecoverableJobs("document_job", TortoiseDocumentJobRepository(), RenderDocument, files),
        RecoverableJobs(
            "invoice_email", TortoiseInvoiceEmailRepository(), SendInvoiceEmail, mailer
        ),
        RecoverableJobs(
            "charges_report", TortoiseChargesReportRepository(), SendCurrentCharges, mailer
        ),
        RecoverableJobs("rename_request", TortoiseRenameRequestRepository(), CarryOutRenames),
        RecoverableJobs(
            "service_request", TortoiseServiceRequestRepository(), ChangeSubscriberServices
        ),
    ]
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    # Held for one pass; a process that dies in the middle of one holds it this long.
    ttl = timedelta(seconds=max(10.0, 2 * settings.recovery_interval_seconds))
    return JobRecovery(
        uow,
        clock,
        settings.job_policy(),
        kinds,
        TortoisePassLease(),
        owner,
        ttl,
        TortoisePassMemory(),
        broker_mark(settings.broker_url, settings.queue),
    )


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
    renderer: InvoiceRenderer | None = None,
) -> Container:
    """Wire every use case to its adapters. Tests may pass a clock, hasher or renderer."""
    settings = settings or Settings()
    clock = clock or make_clock(settings)
    heavy = ThreadCpuWork(settings.heavy_work_threads, "kabinet-heavy")
    pools = [heavy]
    in_process = settings.heavy_work_in_process
    if in_process is None:
        in_process = settings.env != "test"
    child = ProcessCpuWork(settings.heavy_work_threads) if in_process else None
    heavy_work: CpuWork = heavy if child is None else ProcessFirstCpuWork(child, heavy)
    if hasher is None:
        hashing = ThreadCpuWork(settings.password_threads, "kabinet-argon2")
        pools.append(hashing)
        hasher = Argon2PasswordHasher(fast=settings.env == "test", cpu=hashing)
    dispatcher = _LateDispatcher()
    relay = OutboxRelay(dispatcher)
    job_events = JobEvents(
        make_transport(settings.database_url, settings.broker_url, settings.queue),
        settings.job_watch_poll_seconds,
    )
    uow = TortoiseUnitOfWork(after_commit=relay.kick, publish=job_events.publish)
    secret = settings.secret_key.get_secret_value()
    files = make_files(settings)
    links = HmacLinkSigner(secret, settings.public_url)
    download_links: LinkSigner = links
    if settings.s3_presigned and isinstance(files, S3FileStore):
        download_links = PresignedLinkSigner(files, clock)
    audit = TortoiseAuditLog()
    documents_renderer = renderer or make_renderer()
    documents = DocumentService(
        uow,
        TortoiseDocumentJobRepository(),
        TortoiseCallRepository(),
        audit,
        clock,
        documents_renderer,
        files,
        download_links,
        OPERATOR,
        timedelta(seconds=settings.link_ttl_seconds),
        settings.job_policy(),
    )
    subscribers = TortoiseSubscriberRepository()
    catalogue = TortoiseServiceCatalogue()
    lists = SpreadsheetRenameListReader(settings.max_upload_bytes)
    renaming = RenameService(
        uow,
        TortoiseRenameRequestRepository(),
        subscribers,
        audit,
        clock,
        lists,
        heavy_work,
        settings.job_policy(),
    )
    services = ServiceListService(
        uow,
        TortoiseServiceRequestRepository(),
        subscribers,
        catalogue,
        audit,
        clock,
        lists,
        heavy_work,
        settings.job_policy(),
    )
    mailer = make_mailer(settings, clock)
    delivery = _delivery(uow, audit, clock, settings, files, documents_renderer, mailer)
    commands = _commands(
        documents, delivery, renaming, services, settings.job_database_wait_seconds
    )
    return Container(
        settings=settings,
        clock=clock,
        hasher=hasher,
        uow=uow,
        relay=relay,
        auth=AuthService(
            uow,
            clock,
            hasher,
            timedelta(hours=settings.session_hours),
            throttle=TortoiseLoginThrottleStore(),
            audit=audit,
        ),
        accounts=AccountQueries(uow, clock),
        documents=documents,
        files=files,
        links=links,
        download=DownloadLinks(links, clock),
        client_info=ClientInfoChecks(SchwiftyBankDetailsChecker()),
        payments=PaymentService(uow, TortoisePaymentRepository(), audit, clock),
        installments=InstallmentQueries(TortoiseInstallmentRepository()),
        subscribers=SubscriberQueries(subscribers, catalogue),
        renaming=renaming,
        services=services,
        feedback=FeedbackService(uow, TortoiseFeedbackRepository(), audit, clock),
        audit=AuditQueries(TortoiseAuditReader()),
        delivery=delivery,
        job_events=job_events,
        commands=commands,
        recovery=make_recovery(settings, uow, clock, mailer, files),
        cpu_pools=pools,
        heavy=heavy,
        heavy_process=child,
        dispatcher=dispatcher,
    )


def _delivery(
    uow: UnitOfWork,
    audit: AuditLog,
    clock: Clock,
    settings: Settings,
    files: FileStore,
    renderer: InvoiceRenderer,
    mailer: Mailer,
) -> Delivery:
    """Invoice delivery (D4, D5, D9): the mailer and repositories → its use cases."""
    charges = TortoiseChargesSource()
    emails = InvoiceEmailService(
        uow,
        TortoiseInvoiceEmailRepository(),
        TortoiseCallRepository(),
        audit,
        clock,
        renderer,
        files,
        mailer,
        OPERATOR,
        settings.retention_months,
        policy=settings.job_policy(),
        ambiguous_delay=timedelta(seconds=settings.mail_ambiguous_delay_seconds),
    )
    return Delivery(
        settings=DeliverySettingsService(uow, audit, clock),
        emails=emails,
        monthly=MonthlyRun(uow, TortoiseInvoiceFormationRepository(), charges, emails, clock),
        charges=CurrentChargesService(
            uow,
            TortoiseChargesReportRepository(),
            charges,
            audit,
            clock,
            OpenpyxlChargesWorkbook(),
            mailer,
            settings.job_policy(),
        ),
    )


def _commands(
    documents: DocumentService,
    delivery: Delivery,
    renaming: RenameService,
    services: ServiceListService,
    database_wait: float,
) -> Handlers:
    """The handler map: the one use case of each command (domain/commands.py). The
    Dramatiq actors (workers/actors.py) and the in-process jobs both run commands here;
    each waits through an outage of the database (up to `database_wait` seconds)."""

    def wrap(handler: Handler[C]) -> Handler[C]:
        return _through_outage(_timed(handler), database_wait)

    return Handlers(
        wrap(Handler(RenderDocument, lambda c: documents.render(c.job_id))),
        wrap(Handler(SendInvoiceEmail, lambda c: delivery.emails.send(c.email_id))),
        wrap(Handler(SendCurrentCharges, lambda c: delivery.charges.send(c.report_id))),
        wrap(Handler(CarryOutRenames, lambda c: renaming.carry_out(c.request_id))),
        wrap(Handler(ChangeSubscriberServices, lambda c: services.carry_out(c.request_id))),
    )


C = TypeVar("C", bound=Command)


def _through_outage(handler: Handler[C], wait_seconds: float) -> Handler[C]:
    """The handler, run again as soon as the database is back when it met an outage."""
    run, name = handler.run, handler.command.name

    async def patient(command: C) -> None:
        await through_outage(lambda: run(command), name, wait_seconds)

    return Handler(handler.command, patient)


def _timed(handler: Handler[C]) -> Handler[C]:
    """The handler, counted and timed under its command's name (/metrics)."""
    return Handler(handler.command, timed_job(handler.command.name, handler.run))
