"""Wiring of the administrator's menu (D11–D17): adapters → use cases, and their jobs."""

from __future__ import annotations

from dataclasses import dataclass

from domain.ports import AuditLog, Clock, CpuWork, UnitOfWork
from domain.use_cases.audit import AuditQueries
from domain.use_cases.client_info import ClientInfoChecks
from domain.use_cases.feedback import FeedbackService
from domain.use_cases.installments import InstallmentQueries
from domain.use_cases.payments import PaymentService
from domain.use_cases.renaming import RenameService
from domain.use_cases.services_by_list import ServiceListService
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

    async def maintain(self) -> None:
        """Send again the rename and service requests whose worker died."""
        await self.renaming.recover()
        await self.services.recover()


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
        ),
        feedback=FeedbackService(uow, TortoiseFeedbackRepository(), audit, clock),
        audit=AuditQueries(TortoiseAuditReader()),
    )
