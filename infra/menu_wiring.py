"""Wiring of the administrator's menu (D11–D17): adapters → use cases, and their jobs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.ports import AuditLog, Clock, CpuWork, UnitOfWork
from domain.use_cases.audit import AuditQueries
from domain.use_cases.client_info import ClientInfoChecks
from domain.use_cases.feedback import FeedbackService
from domain.use_cases.installments import InstallmentQueries
from domain.use_cases.payments import PaymentService
from domain.use_cases.renaming import RENAME_JOB, RenameService
from domain.use_cases.services_by_list import SERVICES_JOB, ServiceListService
from domain.use_cases.subscribers import SubscriberQueries
from infra.bank_details import SchwiftyBankDetailsChecker
from infra.db.menu_repo import (
    TortoiseAuditReader,
    TortoiseFeedbackRepository,
    TortoiseInstallmentRepository,
    TortoisePaymentRepository,
)
from infra.db.requests_repo import TortoiseRenameRequestRepository, TortoiseServiceRequestRepository
from infra.db.subscribers_repo import TortoiseServiceCatalogue, TortoiseSubscriberRepository
from infra.queue.dispatch import JobHandler
from infra.settings import Settings
from infra.uploads import SpreadsheetRenameListReader


@dataclass(frozen=True)
class Menu:
    """The use cases of the main menu beyond invoices."""

    client_info: ClientInfoChecks
    payments: PaymentService
    installments: InstallmentQueries
    subscribers: SubscriberQueries
    renaming: RenameService
    services: ServiceListService
    feedback: FeedbackService
    audit: AuditQueries

    def jobs(self) -> dict[str, JobHandler]:
        """Job handlers by actor name; they take ids and are idempotent."""

        async def rename(payload: Mapping[str, Any]) -> None:
            await self.renaming.carry_out(int(payload["request_id"]))

        async def services(payload: Mapping[str, Any]) -> None:
            await self.services.carry_out(int(payload["request_id"]))

        return {RENAME_JOB: rename, SERVICES_JOB: services}


def wire_menu(
    uow: UnitOfWork, audit: AuditLog, clock: Clock, settings: Settings, cpu: CpuWork
) -> Menu:
    subscribers = TortoiseSubscriberRepository()
    catalogue = TortoiseServiceCatalogue()
    lists = SpreadsheetRenameListReader(settings.max_upload_bytes)
    return Menu(
        client_info=ClientInfoChecks(SchwiftyBankDetailsChecker()),
        payments=PaymentService(uow, TortoisePaymentRepository(), audit, clock),
        installments=InstallmentQueries(TortoiseInstallmentRepository()),
        subscribers=SubscriberQueries(subscribers, catalogue),
        renaming=RenameService(
            uow,
            TortoiseRenameRequestRepository(),
            subscribers,
            audit,
            clock,
            lists,
            cpu,
            settings.job_policy(),
        ),
        services=ServiceListService(
            uow,
            TortoiseServiceRequestRepository(),
            subscribers,
            catalogue,
            audit,
            clock,
            lists,
            cpu,
            settings.job_policy(),
        ),
        feedback=FeedbackService(uow, TortoiseFeedbackRepository(), audit, clock),
        audit=AuditQueries(TortoiseAuditReader()),
    )
