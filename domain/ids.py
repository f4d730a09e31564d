"""The ids of the model's entities, as distinct types.

Each is a `NewType` of int: nothing at run time, but mypy --strict refuses an AccountId
where a ClientId is expected, or a bare int where either is. A bare int becomes an id
only at the edges, once: the schema decoding a global id (schema/ids.py), a row read
back (infra/db), a signed-in session (the actor), a command read from the broker.
- ClientId: a corporate client, the scope of every read and write (D18).
- AdminId: the client's administrator, the one who signs in (D18).
- SessionId: one signed-in session of an administrator (D18).
- AccountId: one of its billing accounts (D10).
- InvoiceId: the regular invoice of an account for a period (D10).
- CallId: a call of the call detail, the key its streaming goes on by (D8).
- DeliverySettingsId: one version of an account's delivery settings (D5).
- PaymentId: a payment in the client's history (D12).
- InstallmentId: an item bought in installments (D15).
- SubscriberId: a phone line of the client (D16).
- LineId: one line of a renaming or services list request (D13, D14).
- TicketId: a feedback ticket (D17).
- AuditEntryId: an entry of the audit log.
- OutboxId: a row of the transactional outbox, the id of its broker message.
- JobId: a job of the one lifecycle (domain/job_store.py): a download job, an invoice
  sending, a charges report, a list request. One type for every kind, as the JobStore
  port and the recovery pass handle every kind alike.
"""

from __future__ import annotations

from typing import NewType

ClientId = NewType("ClientId", int)
AdminId = NewType("AdminId", int)
SessionId = NewType("SessionId", int)
AccountId = NewType("AccountId", int)
InvoiceId = NewType("InvoiceId", int)
CallId = NewType("CallId", int)
DeliverySettingsId = NewType("DeliverySettingsId", int)
PaymentId = NewType("PaymentId", int)
InstallmentId = NewType("InstallmentId", int)
SubscriberId = NewType("SubscriberId", int)
LineId = NewType("LineId", int)
TicketId = NewType("TicketId", int)
AuditEntryId = NewType("AuditEntryId", int)
OutboxId = NewType("OutboxId", int)
JobId = NewType("JobId", int)

__all__ = [
    "AccountId",
    "AdminId",
    "AuditEntryId",
    "CallId",
    "ClientId",
    "DeliverySettingsId",
    "InstallmentId",
    "InvoiceId",
    "JobId",
    "LineId",
    "OutboxId",
    "PaymentId",
    "SessionId",
    "SubscriberId",
    "TicketId",
]
