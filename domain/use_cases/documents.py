"""Invoice files by link: order, render in a job, read the job (D2, D3, D8, D10)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import periods
from domain.auth import Actor
from domain.commands import RenderDocument
from domain.documents import (
    MAX_LINK_TOKEN,
    DownloadFormat,
    InvoiceDocument,
    LinkClaims,
    LinkRefusal,
    LinkRefused,
    Operator,
    download_filename,
)
from domain.errors import DomainError, ErrorCode, invoice_not_found
from domain.ids import AccountId, JobId
from domain.job_store import Decision, Heartbeat, JobPolicy, Unavailable
from domain.jobs import DocumentJob, FileMade, JobStatus
from domain.ports import (
    AuditLog,
    CallRepository,
    Clock,
    DocumentJobRepository,
    FileStore,
    InvoiceRenderer,
    LinkSigner,
    LinkVerifier,
    UnitOfWork,
)
from domain.use_cases._common import invoice_order, render_invoice

log = logging.getLogger("kabinet.documents")
# The steps of a render, as progress: the invoice read, the file made, the link (100).
PROGRESS_READ = 10
PROGRESS_RENDERED = 90


@dataclass(frozen=True)
class DocumentJobView:
    """D3: a download job as its client sees it. The link and its expiry are shown
    together or not at all: only a done job with a file of an account of the actor's
    own client has them (D18); before that, and after a failure, both are None."""

    job: DocumentJob
    download_url: str | None
    expires_at: datetime | None


class DocumentService:
    """D3: order → job (QUEUED) → worker renders → DONE with a signed, expiring link."""

    def __init__(
        self,
        uow: UnitOfWork,
        jobs: DocumentJobRepository,
        calls: CallRepository,
        audit: AuditLog,
        clock: Clock,
        renderer: InvoiceRenderer,
        files: FileStore,
        links: LinkSigner,
        operator: Operator,
        link_ttl: timedelta,
        policy: JobPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._jobs = jobs
        self._calls = calls
        self._audit = audit
        self._clock = clock
        self._renderer = renderer
        self._files = files
        self._links = links
        self._operator = operator
        self._link_ttl = link_ttl
        self.policy = policy or JobPolicy()

    async def order_download(
        self, actor: Actor, account_id: AccountId, period_text: str, fmt: DownloadFormat
    ) -> DocumentJob:
        """D2/D3: refuse in the formation window and outside the two previous months."""
        now = self._clock.now()
        account, period = await invoice_order(
            self._uow, actor, account_id, period_text, now, periods.ensure_downloadable
        )
        async with self._uow.transaction():
            if await self._uow.invoices.for_period(account.id, period) is None:
                raise invoice_not_found()
            alive = await self._jobs.find_alive(account.id, period, fmt, now)
            if alive is not None:
                return alive
            job = await self._jobs.add(
                DocumentJob(
                    id=JobId(0),
                    client_id=actor.client_id,
                    account_id=account.id,
                    period=period,
                    format=fmt,
                    status=JobStatus.QUEUED,
                    created_at=now,
                )
            )
            await self._uow.outbox.add(RenderDocument(job.id))
            await self._audit.record(
                actor.client_id,
                actor.login,
                "orderInvoiceDownload",
                f"{account.number} {period}",
                None,
                {"format": fmt.value, "job": job.id},
                now,
            )
        return job

    async def job(self, actor: Actor, job_id: JobId) -> DocumentJob | None:
        return await self._jobs.get(actor.client_id, job_id)

    async def job_view(self, actor: Actor, job_id: JobId) -> DocumentJobView | None:
        """D3: a job of the actor's client as the client sees it; None when not theirs."""
        job = await self.job(actor, job_id)
        return await self.view(actor, job) if job else None

    async def view(self, actor: Actor, job: DocumentJob) -> DocumentJobView:
        """D3: the job with its link, and the link's expiry, once it is done (D18)."""
        url = await self.download_link(actor, job)
        return DocumentJobView(job, url, job.expires_at if url else None)

    async def download_link(self, actor: Actor, job: DocumentJob) -> str | None:
        """D3: a done job's signed link, its file named after the account's number (D18:
        an account of the actor's client only); None before the job is done."""
        if job.status is not JobStatus.DONE:
            return None
        account = await self._uow.accounts.get(actor.client_id, job.account_id)
        return self.link(job, account.number) if account else None

    def link(self, job: DocumentJob, account_number: str) -> str | None:
        if job.status is not JobStatus.DONE or job.file_key is None or job.expires_at is None:
            return None
        name = download_filename(account_number, job.period, job.format)
        return self._links.sign(job.file_key, job.client_id, name, job.expires_at)

    async def render(self, job_id: JobId) -> None:
        """The job: idempotent; a finished job is left alone, a failed attempt retried,
        an outage of the file store deferred (the one job policy, domain/job_store.py)."""
        now = self._clock.now()
        # Every write in its own transaction: on SQLite a bare write would open one
        # implicitly on the shared connection, under another task's feet.
        async with self._uow.transaction():
            job = await self._jobs.claim(job_id, now)
        if job is None:
            return
        attempt = job.attempts
        try:
            async with Heartbeat(
                self._uow, self._jobs.touch, self._clock, job.id, attempt, self.policy.heartbeat
            ):
                key = await self._make(job, attempt)
            done_at = self._clock.now()
            async with self._uow.transaction():
                await self._jobs.finish(
                    job.id, attempt, FileMade(key, done_at + self._link_ttl), done_at
                )
        except DomainError as error:
            async with self._uow.transaction():
                await self._jobs.fail(job.id, attempt, error, self._clock.now())
        except Exception as error:
            await self._after_failure(job, attempt, error)

    async def _make(self, job: DocumentJob, attempt: int) -> str:
        """The file, in the store under the key returned."""
        document = await self._document(job)
        await self._progress(job.id, attempt, PROGRESS_READ)
        key = f"{job.client_id}/{job.id}.{job.format.extension}"
        temp_path = self._files.temp_for(key)
        try:
            await render_invoice(self._renderer, self._calls, document, job.format, temp_path)
            name = download_filename(document.account.number, job.period, job.format)
            await self._files.commit(key, temp_path, download_name=name)
        finally:
            self._files.discard(temp_path)
        await self._progress(job.id, attempt, PROGRESS_RENDERED)
        return key

    async def _after_failure(self, job: DocumentJob, attempt: int, error: Exception) -> None:
        """Retry soon, defer (the file store is down), or fail for good."""
        now = self._clock.now()
        outage = isinstance(error, Unavailable)
        decision = self.policy.after_failure(
            attempt, deferral=outage, since=job.created_at, now=now
        )
        if decision is Decision.FAIL:
            log.error("document job %s failed for good: %s", job.id, error, exc_info=error)
            await self._fail_for_good(job.id, attempt)
            return
        retry_at = None
        if decision is Decision.DEFER:
            retry_at = now + self.policy.deferral_delay(attempt - self.policy.quick_attempts)
            log.warning("document job %s deferred until %s: %s", job.id, retry_at, error)
        async with self._uow.transaction():
            await self._jobs.release(job.id, attempt, now, retry_at)
        if retry_at is None:
            raise error  # the broker retries with back-off

    async def _progress(self, job_id: JobId, attempt: int, progress: int) -> None:
        async with self._uow.transaction():
            await self._jobs.set_progress(job_id, attempt, progress)

    async def _fail_for_good(self, job_id: JobId, attempt: int) -> None:
        async with self._uow.transaction():
            await self._jobs.fail(
                job_id,
                attempt,
                DomainError(
                    ErrorCode.DOCUMENT_FAILED,
                    "Не удалось сформировать файл счёта. Повторите заказ позже.",
                ),
                self._clock.now(),
            )

    async def _document(self, job: DocumentJob) -> InvoiceDocument:
        client = await self._uow.clients.get(job.client_id)
        account = await self._uow.accounts.get(job.client_id, job.account_id)
        invoice = (
            await self._uow.invoices.for_period(job.account_id, job.period, with_lines=True)
            if account
            else None
        )
        if client is None or account is None or invoice is None:
            raise invoice_not_found()
        return InvoiceDocument(self._operator, client, account, invoice)

    async def clean_expired(self) -> int:
        """Delete files whose links have expired."""
        count = 0
        for job_id, key in await self._jobs.expired_files(self._clock.now()):
            await self._files.delete(key)
            async with self._uow.transaction():
                await self._jobs.forget_file(job_id)
            count += 1
        return count


__all__ = ["DocumentJobView", "DocumentService", "download_filename"]


class DownloadLinks:
    """D3: what a signed link opens: a genuine, unexpired link to a file of its own client."""

    def __init__(self, verifier: LinkVerifier, clock: Clock) -> None:
        self._verifier = verifier
        self._clock = clock

    def open(self, token: str) -> LinkClaims:
        """The file the link names; LinkRefused when forged, expired or not its client's
        (D18: a file key always starts with its client's id)."""
        if len(token) > MAX_LINK_TOKEN:
            raise LinkRefused(LinkRefusal.INVALID)
        claims = self._verifier.verify(token, self._clock.now())
        if not claims.key.startswith(f"{claims.client_id}/"):
            raise LinkRefused(LinkRefusal.NOT_FOUND)
        return claims
