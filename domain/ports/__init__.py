"""The ports: what the use cases need from the world, as Protocols, one module per concept.

Every port is also importable from `domain.ports` itself."""

from __future__ import annotations

from domain.ports.accounts import BankDetailsChecker, BillingAccountRepository, ClientRepository
from domain.ports.audit import AuditLog, AuditReader
from domain.ports.auth import AdminRepository, LoginThrottleStore, PasswordHasher, SessionRepository
from domain.ports.delivery import (
    ChargesReportRepository,
    ChargesSource,
    ChargesWorkbook,
    DeliverySettingsRepository,
    InvoiceEmailRepository,
    Mailer,
)
from domain.ports.documents import DocumentJobRepository, FileStore, LinkSigner, LinkVerifier
from domain.ports.feedback import FeedbackRepository
from domain.ports.invoices import (
    CallRepository,
    InvoiceFormationRepository,
    InvoiceRenderer,
    InvoiceRepository,
)
from domain.ports.lists import (
    ListJobRepository,
    NumberListReader,
    RenameListReader,
    RenameRequestRepository,
    ServiceRequestRepository,
)
from domain.ports.payments import InstallmentRepository, PaymentRepository
from domain.ports.subscribers import ServiceCatalogue, SubscriberRepository
from domain.ports.system import Clock, CpuWork, InlineCpuWork
from domain.ports.unit_of_work import JobDispatcher, Outbox, UnitOfWork

__all__ = [
    "AdminRepository",
    "AuditLog",
    "AuditReader",
    "BankDetailsChecker",
    "BillingAccountRepository",
    "CallRepository",
    "ChargesReportRepository",
    "ChargesSource",
    "ChargesWorkbook",
    "ClientRepository",
    "Clock",
    "CpuWork",
    "DeliverySettingsRepository",
    "DocumentJobRepository",
    "FeedbackRepository",
    "FileStore",
    "InlineCpuWork",
    "InstallmentRepository",
    "InvoiceEmailRepository",
    "InvoiceFormationRepository",
    "InvoiceRenderer",
    "InvoiceRepository",
    "JobDispatcher",
    "LinkSigner",
    "LinkVerifier",
    "ListJobRepository",
    "LoginThrottleStore",
    "Mailer",
    "NumberListReader",
    "Outbox",
    "PasswordHasher",
    "PaymentRepository",
    "RenameListReader",
    "RenameRequestRepository",
    "ServiceCatalogue",
    "ServiceRequestRepository",
    "SessionRepository",
    "SubscriberRepository",
    "UnitOfWork",
]
