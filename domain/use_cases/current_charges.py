"""The current month's charges per subscriber, e-mailed to the client's address (D9)."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Mapping

from domain.auth import Actor
from domain.charges import ChargesReport, ChargesStatement
from domain.commands import SendCurrentCharges
from domain.documents import DownloadFormat
from domain.errors import DomainError, ErrorCode, NotFound, no_email_address
from domain.ids import AccountId, JobId
from domain.job_store import Decision, Heartbeat, JobPolicy, JobStatus, Unavailable
from domain.mail import (
    MailFile,
    MailMessage,
    MailUnavailable,
    RecipientStatus,
    SendOutcome,
    charges_body,
    charges_subject,
)
from domain.periods import BillingPeriod, to_minsk
from domain.ports import (
    AuditLog,
    ChargesReportRepository,
    ChargesSource,
    ChargesWorkbook,
    Clock,
    Mailer,
    UnitOfWork,
)
from domain.recipients import RecipientList
from domain.use_cases._common import require_account

log = logging.getLogger("kabinet.charges")


def _contact(email: str | None) -> RecipientList:
    """D9: the client's contact address from its personal information (D11)."""
    if not email:
        raise no_email_address()
    try:
        return RecipientList.parse(email)
    except DomainError:
        raise no_email_address() from None


class CurrentChargesService:
    """D9: order → job → workbook of this month's charges so far → client's e-mail."""

    def __init__(
        self,
        uow: UnitOfWork,
        reports: ChargesReportRepository,
        charges: ChargesSource,
        audit: AuditLog,
        clock: Clock,
        workbook: ChargesWorkbook,
        mailer: Mailer,
        policy: JobPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._reports = reports
        self._charges = charges
        self._audit = audit
        self._clock = clock
        self._workbook = workbook
        self._mailer = mailer
        self.policy = policy or JobPolicy()

    async def order(self, actor: Actor, account_id: AccountId) -> ChargesReport:
        now = self._clock.now()
        account = await require_account(self._uow, actor, account_id)
        client = await self._uow.clients.get(actor.client_id)
        recipients = _contact(client.email if client else None)
        async with self._uow.transaction():
            report = await self._reports.add(
                ChargesReport(
                    id=JobId(0),
                    client_id=actor.client_id,
                    account_id=account.id,
                    email=recipients,
                    status=JobStatus.QUEUED,
                    created_at=now,
                    requested_by=actor.login,
                )
            )
            await self._uow.outbox.add(SendCurrentCharges(report.id), key=f"charges:{report.id}")
            await self._audit.record(
                actor.client_id,
                actor.login,
                "orderCurrentCharges",
                account.number,
                None,
                {"email": report.email.text, "id": report.id},
                now,
            )
        return report

    async def report(self, actor: Actor, report_id: JobId) -> ChargesReport | None:
        return await self._reports.get(actor.client_id, report_id)

    async def send(self, report_id: JobId) -> None:
        """The job: the charges as of the order, so a retry mails the same figures."""
        # Every write in its own transaction (see InvoiceEmailService.send).
        async with self._uow.transaction():
            report = await self._reports.claim(report_id, self._clock.now())
        if report is None:
            return
        attempt = report.attempts
        try:
            async with Heartbeat(
                self._uow, self._reports.touch, self._clock, report.id, attempt,
                self.policy.heartbeat,
            ):  # fmt: skip
                outcomes = await self._mail(report)
        except DomainError as error:
            async with self._uow.transaction():
                await self._reports.fail(report.id, attempt, error, self._clock.now())
            return
        except Exception as error:
            await self._after_failure(report, attempt, error)
            return
        sent = [a for a, o in outcomes.items() if o.status is RecipientStatus.SENT]
        if not sent and any(o.status is RecipientStatus.PENDING for o in outcomes.values()):
            await self._after_failure(
                report, attempt, MailUnavailable("the mail server deferred the report")
            )
            return
        detail = "; ".join(
            f"{a}: {o.status.value}" + (f" ({o.detail})" if o.detail else "")
            for a, o in outcomes.items()
        )
        async with self._uow.transaction():
            if sent:
                await self._reports.finish(report.id, attempt, detail, self._clock.now())
            else:  # refused for good by the server
                await self._reports.fail(
                    report.id,
                    attempt,
                    DomainError(ErrorCode.DOCUMENT_FAILED, detail[:500]),
                    self._clock.now(),
                )

    async def _mail(self, report: ChargesReport) -> Mapping[str, SendOutcome]:
        client = await self._uow.clients.get(report.client_id)
        account = await self._uow.accounts.get(report.client_id, report.account_id)
        if client is None or account is None:
            raise NotFound()
        at = report.created_at
        period = BillingPeriod.containing(at)
        lines = await self._charges.lines(account.id, period.starts_at, at, names_at=at)
        statement = ChargesStatement(client, account, period, at, lines)
        data = await asyncio.to_thread(self._render, statement)
        message = MailMessage(
            recipients=report.email,  # a stored list: checked here, before it is mailed
            subject=charges_subject(client.name, account.number, at),
            body=charges_body(client.name, account.number, at),
            files=(
                MailFile(
                    f"charges_{account.number}_{to_minsk(at):%Y-%m-%d}.xlsx",
                    DownloadFormat.XLSX.content_type,
                    data,
                ),
            ),
            message_key=f"CHARGES:{report.id}",
        )
        return await self._mailer.send(message, list(message.recipients.ascii_addresses))

    async def _after_failure(self, report: ChargesReport, attempt: int, error: Exception) -> None:
        """The one job policy: retry soon, defer (the mail server is away), or fail."""
        now = self._clock.now()
        decision = self.policy.after_failure(
            attempt, deferral=isinstance(error, Unavailable), since=report.created_at, now=now
        )
        async with self._uow.transaction():
            if decision is Decision.FAIL:
                log.error("charges report %s failed for good: %s", report.id, error)
                await self._reports.fail(
                    report.id,
                    attempt,
                    DomainError(
                        ErrorCode.DOCUMENT_FAILED,
                        "Не удалось отправить начисления. Закажите их ещё раз позже.",
                    ),
                    now,
                )
                return
            retry_at = None
            if decision is Decision.DEFER:
                retry_at = now + self.policy.deferral_delay(attempt - self.policy.quick_attempts)
            await self._reports.release(report.id, attempt, now, retry_at)
        if decision is Decision.RETRY:
            raise error  # the broker retries with back-off

    def _render(self, statement: ChargesStatement) -> bytes:
        out = io.BytesIO()
        self._workbook.workbook(statement, out)
        return out.getvalue()
