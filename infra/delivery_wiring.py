"""Wiring of invoice delivery (D4, D5, D9): mailer, repositories → use cases, and their jobs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from domain.ports import AuditLog, Clock, FileStore, InvoiceRenderer, Mailer, UnitOfWork
from domain.use_cases.current_charges import CHARGES_JOB, CurrentChargesService
from domain.use_cases.delivery_settings import DeliverySettingsService
from domain.use_cases.invoice_email import SEND_INVOICE_JOB, InvoiceEmailService
from domain.use_cases.monthly_run import MonthlyRun
from infra.db.charges_repo import TortoiseChargesSource, TortoiseInvoiceFormationRepository
from infra.db.jobs_repo import TortoiseCallRepository
from infra.db.mail_repo import TortoiseChargesReportRepository, TortoiseInvoiceEmailRepository
from infra.mail.message import parse_sender
from infra.metrics import CountingMailer
from infra.operator import OPERATOR
from infra.queue.dispatch import JobHandler
from infra.render.charges import OpenpyxlChargesWorkbook
from infra.settings import Settings


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


@dataclass(frozen=True)
class Delivery:
    """Delivery settings, e-mail of invoices, the monthly run and current charges."""

    settings: DeliverySettingsService
    emails: InvoiceEmailService
    monthly: MonthlyRun
    charges: CurrentChargesService

    def jobs(self) -> dict[str, JobHandler]:
        """Job handlers by actor name; they take ids and are idempotent."""

        async def send_invoice(payload: Mapping[str, Any]) -> None:
            await self.emails.send(int(payload["email_id"]))

        async def send_charges(payload: Mapping[str, Any]) -> None:
            await self.charges.send(int(payload["report_id"]))

        return {SEND_INVOICE_JOB: send_invoice, CHARGES_JOB: send_charges}

    async def maintain(self) -> None:
        """Form invoices when due (jobs are recovered by the one recovery pass)."""
        await self.monthly.run_if_due()


def wire_delivery(
    uow: UnitOfWork,
    audit: AuditLog,
    clock: Clock,
    settings: Settings,
    files: FileStore,
    renderer: InvoiceRenderer,
    mailer: Mailer | None = None,
) -> Delivery:
    mailer = mailer or make_mailer(settings, clock)
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
