"""The one composition root: settings → adapters → use cases."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from domain.ports import (
    Clock,
    InvoiceRenderer,
    JobDispatcher,
    LinkSigner,
    PasswordHasher,
)
from domain.use_cases.accounts import AccountQueries
from domain.use_cases.auth import AuthService
from domain.use_cases.current_charges import CHARGES_JOB
from domain.use_cases.documents import RENDER_JOB, DocumentService, DownloadLinks
from domain.use_cases.invoice_email import SEND_INVOICE_JOB
from domain.use_cases.job_recovery import JobRecovery, RecoverableJobs
from domain.use_cases.renaming import RENAME_JOB
from domain.use_cases.services_by_list import SERVICES_JOB
from infra.clock import FixedClock, RunningClock, SystemClock
from infra.cpu import ThreadCpuWork
from infra.db.database import close_database, migrate, open_database, ping
from infra.db.jobs_repo import (
    TortoiseAuditLog,
    TortoiseCallRepository,
    TortoiseDocumentJobRepository,
)
from infra.db.lease import TortoisePassLease
from infra.db.mail_repo import TortoiseChargesReportRepository, TortoiseInvoiceEmailRepository
from infra.db.outage import is_database_outage
from infra.db.outbox import OutboxRelay
from infra.db.requests_repo import TortoiseRenameRequestRepository, TortoiseServiceRequestRepository
from infra.db.throttle_repo import TortoiseLoginThrottleStore
from infra.db.uow import TortoiseUnitOfWork
from infra.delivery_wiring import Delivery, wire_delivery
from infra.events.hub import JobEvents, make_transport
from infra.menu_wiring import Menu, wire_menu
from infra.metrics import timed_job
from infra.operator import OPERATOR
from infra.passwords import Argon2PasswordHasher
from infra.queue.dispatch import DramatiqDispatcher, InProcessDispatcher, JobHandler
from infra.recovery_loop import run_recovery
from infra.settings import Settings
from infra.storage.files import (
    FileStoreUnavailable,
    HmacLinkSigner,
    LocalFileStore,
)
from infra.storage.s3 import PresignedLinkSigner, S3FileStore

# Entry points import these through the composition root only (import-linter).
__all__ = [
    "Container",
    "FileStoreUnavailable",
    "JobEvents",
    "JobHandler",
    "bootstrap",
    "is_database_outage",
    "make_broker",
]

log = logging.getLogger("kabinet")


class _LateDispatcher:
    """Stands in until the event loop is known (in-process jobs need it)."""

    def __init__(self) -> None:
        self.target: JobDispatcher | None = None

    def dispatch(self, actor: str, payload: Mapping[str, Any], message_id: int) -> None:
        if self.target is None:
            raise RuntimeError("job dispatcher not started")
        self.target.dispatch(actor, payload, message_id)


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
    menu: Menu
    delivery: Delivery
    job_events: JobEvents
    recovery: JobRecovery
    jobs: dict[str, JobHandler] = field(default_factory=dict)
    # Thread pools of CPU work (argon2, uploads, long lists): closed at shutdown (a pool
    # is made again on its next use, so a container may run again).
    cpu_pools: list[ThreadCpuWork] = field(default_factory=list)
    maintenance_interval: float = 60.0
    # While the database is down, a maintenance pass is tried this often, so that what
    # waited is taken up within seconds of its return.
    outage_retry_interval: float = 2.0
    _dispatcher: _LateDispatcher = field(default_factory=_LateDispatcher)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def health(self) -> dict[str, str]:
        """Each dependency this process needs: "ok" or "down" (/healthz)."""
        checks: dict[str, Awaitable[bool]] = {"database": ping()}
        if self.settings.broker_url:
            checks["broker"] = self._broker_reachable()
        results = await asyncio.gather(*checks.values())
        return {name: "ok" if up else "down" for name, up in zip(checks, results, strict=True)}

    async def _broker_reachable(self) -> bool:
        from infra.queue.health import CHECK_TIMEOUT_SECONDS, broker_reachable

        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS + 1):
                return await asyncio.to_thread(broker_reachable, self.settings.broker_url)
        except TimeoutError:
            log.warning("broker health check timed out")
            return False

    @contextlib.asynccontextmanager
    async def running(
        self, *, relay: bool = True, maintenance: bool = True, migrate_first: bool = False
    ) -> AsyncIterator[None]:
        """Open the database, start the background loops asked for; close all on exit.

        relay: the outbox relay; maintenance: the job recovery loop (every
        KABINET_RECOVERY_INTERVAL_SECONDS), and file clean-up and the monthly schedule
        (tests run them by hand with recover_once and maintain_once).
        """
        if migrate_first:
            await migrate(self.settings.database_url)
        await open_database(self.settings.database_url)
        self._stopping = asyncio.Event()
        if self.settings.broker_url:
            from infra.queue.broker import make_broker

            broker = make_broker(self.settings.broker_url, self.settings.queue)
            self._dispatcher.target = DramatiqDispatcher(broker, self.settings.queue)
        else:
            self._dispatcher.target = InProcessDispatcher(
                self.jobs,
                asyncio.get_running_loop(),
                backoff=self.settings.job_retry_backoff_seconds,
            )
        if relay:
            self._tasks.append(
                asyncio.create_task(self.relay.run(self.settings.relay_interval_seconds))
            )
        if maintenance:
            self._tasks.append(asyncio.create_task(self._maintain()))
            self._tasks.append(
                asyncio.create_task(
                    run_recovery(
                        self.recovery, self.settings.recovery_interval_seconds, self._stopping
                    )
                )
            )
        try:
            yield
        finally:
            # The loops are stopped, not cancelled, so that none is cut in the middle of a
            # transaction; then the in-process jobs (also those the relay's last pass
            # started) finish before the database closes.
            self.relay.stop()
            self._stopping.set()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks.clear()
            target = self._dispatcher.target
            if isinstance(target, InProcessDispatcher):
                target.close()
                while target.tasks:
                    await asyncio.gather(*list(target.tasks), return_exceptions=True)
            await self.job_events.close()
            for pool in self.cpu_pools:
                pool.close()
            await close_database()

    async def recover_once(self) -> dict[str, int]:
        """The one recovery pass over every kind of job (domain/use_cases/job_recovery.py)."""
        return await self.recovery.recover_once()

    async def maintain_once(self) -> None:
        """Take up jobs whose worker died; delete files whose links expired, form the
        invoices when due and forget sign-in counters nobody remembers."""
        await self.recover_once()
        await self.documents.clean_expired()
        await self.delivery.maintain()
        await self.auth.maintain()

    async def _maintain(self) -> None:
        """Every maintenance_interval; while the database is down, every
        outage_retry_interval, with one log line when the outage starts and one when it ends."""
        down_since: float | None = None
        while not self._stopping.is_set():
            pause = self.maintenance_interval
            try:
                await self.maintain_once()
            except Exception as error:
                if not is_database_outage(error):
                    log.exception("maintenance pass failed; retrying")
                else:
                    pause = min(pause, self.outage_retry_interval)
                    if down_since is None:
                        down_since = time.monotonic()
                        log.warning(
                            "maintenance: database unavailable (%s); retrying every %.0f s",
                            error or type(error).__name__,
                            pause,
                        )
            else:
                if down_since is not None:
                    log.warning(
                        "maintenance: database available again after %.1f s",
                        time.monotonic() - down_since,
                    )
                    down_since = None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._stopping.wait()


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


def make_recovery(settings: Settings, uow: TortoiseUnitOfWork, clock: Clock) -> JobRecovery:
    """The one recovery pass over the five kinds of job, one process at a time."""
    kinds = [
        RecoverableJobs("document_job", TortoiseDocumentJobRepository(), RENDER_JOB, "job_id"),
        RecoverableJobs(
            "invoice_email", TortoiseInvoiceEmailRepository(), SEND_INVOICE_JOB, "email_id"
        ),
        RecoverableJobs(
            "charges_report", TortoiseChargesReportRepository(), CHARGES_JOB, "report_id"
        ),
        RecoverableJobs(
            "rename_request", TortoiseRenameRequestRepository(), RENAME_JOB, "request_id"
        ),
        RecoverableJobs(
            "service_request", TortoiseServiceRequestRepository(), SERVICES_JOB, "request_id"
        ),
    ]
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    # Held for one pass; a process that dies in the middle of one holds it this long.
    ttl = timedelta(seconds=max(10.0, 2 * settings.recovery_interval_seconds))
    return JobRecovery(uow, clock, settings.job_policy(), kinds, TortoisePassLease(), owner, ttl)


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
    menu = wire_menu(uow, audit, clock, settings, heavy)
    delivery = wire_delivery(uow, audit, clock, settings, files, documents_renderer)
    container = Container(
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
        menu=menu,
        delivery=delivery,
        job_events=job_events,
        recovery=make_recovery(settings, uow, clock),
        cpu_pools=pools,
        _dispatcher=dispatcher,
    )
    container.jobs[RENDER_JOB] = lambda p: documents.render(int(p["job_id"]))
    container.jobs.update(menu.jobs())
    container.jobs.update(delivery.jobs())
    container.jobs = {kind: timed_job(kind, run) for kind, run in container.jobs.items()}
    return container
