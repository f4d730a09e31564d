"""Tortoise models: the database tables. Rows never leave infra (mappers.py)."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ClientRow(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    unp = fields.CharField(max_length=9, unique=True)
    okpo = fields.CharField(max_length=16)
    status = fields.CharField(max_length=32)
    payment_form = fields.CharField(max_length=32)
    contract_number = fields.CharField(max_length=64)
    contract_date = fields.DateField()
    email = fields.CharField(max_length=254, null=True)
    balance = fields.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        table = "client"


class BankAccountRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="bank_accounts", on_delete=fields.CASCADE
    )
    iban = fields.CharField(max_length=34)
    bic = fields.CharField(max_length=11)
    bank = fields.CharField(max_length=255)

    class Meta:
        table = "bank_account"


class AdminRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="admins", on_delete=fields.CASCADE
    )
    login = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)

    class Meta:
        table = "admin"


class LoginThrottleRow(Model):
    """A sign-in attempt counter: per source address, or per (login digest, source)."""

    key = fields.CharField(max_length=80, primary_key=True)
    attempts = fields.IntField()
    blocked_until = fields.DatetimeField(null=True)
    last_attempt_at = fields.DatetimeField()
    version = fields.IntField()

    class Meta:
        table = "login_throttle"
        indexes = (("last_attempt_at",),)


class SessionRow(Model):
    id = fields.IntField(primary_key=True)
    admin: fields.ForeignKeyRelation[AdminRow] = fields.ForeignKeyField(
        "kabinet.AdminRow", related_name="sessions", on_delete=fields.CASCADE
    )
    token_digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "session"


class BillingAccountRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="accounts", on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=32, unique=True)
    balance = fields.DecimalField(max_digits=14, decimal_places=2)
    opened_on = fields.DateField()

    class Meta:
        table = "billing_account"


class DeliverySettingsRow(Model):
    # One effective-dated version; rows are only ever added (D5).

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="delivery_versions", on_delete=fields.CASCADE
    )
    method = fields.CharField(max_length=16)
    emails = fields.CharField(max_length=200, default="")
    format = fields.CharField(max_length=16)
    valid_from = fields.DatetimeField(db_index=True)
    changed_by = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "delivery_settings"
        indexes = (("account_id", "valid_from"),)


class TariffRow(Model):
    code = fields.CharField(max_length=32, primary_key=True)
    name = fields.CharField(max_length=128)
    monthly_fee = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "tariff"


class SubscriberRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="subscribers", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="subscribers", on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=16, unique=True)
    name = fields.CharField(max_length=128, db_index=True)
    tariff: fields.ForeignKeyRelation[TariffRow] = fields.ForeignKeyField(
        "kabinet.TariffRow", related_name="subscribers", on_delete=fields.RESTRICT
    )
    status = fields.CharField(max_length=32, default="ACTIVE")

    class Meta:
        table = "subscriber"


class SubscriberNameRow(Model):
    # Name history: the invoice shows the last name in force at formation (D13).

    id = fields.IntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[SubscriberRow] = fields.ForeignKeyField(
        "kabinet.SubscriberRow", related_name="names", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=128)
    valid_from = fields.DatetimeField()

    class Meta:
        table = "subscriber_name"
        indexes = (("subscriber_id", "valid_from"),)


class ServiceRow(Model):
    # An additional service of the operator's catalogue (D14).

    code = fields.CharField(max_length=32, primary_key=True)
    name = fields.CharField(max_length=128)
    allowed_tariffs: Any = fields.JSONField(default=list)
    monthly_fee = fields.DecimalField(max_digits=10, decimal_places=2, default=0, db_default=0)

    class Meta:
        table = "service"


class SubscriberServiceRow(Model):
    id = fields.IntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[SubscriberRow] = fields.ForeignKeyField(
        "kabinet.SubscriberRow", related_name="services", on_delete=fields.CASCADE
    )
    service: fields.ForeignKeyRelation[ServiceRow] = fields.ForeignKeyField(
        "kabinet.ServiceRow", related_name="subscribers", on_delete=fields.CASCADE
    )

    class Meta:
        table = "subscriber_service"
        unique_together = (("subscriber_id", "service_id"),)


class InvoiceRow(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="invoices", on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=32, unique=True)
    period = fields.CharField(max_length=7)
    formed_at = fields.DatetimeField()
    opening_balance = fields.DecimalField(max_digits=14, decimal_places=2)
    payments = fields.DecimalField(max_digits=14, decimal_places=2)
    total = fields.DecimalField(max_digits=14, decimal_places=2)
    vat = fields.DecimalField(max_digits=14, decimal_places=2)
    amount_due = fields.DecimalField(max_digits=14, decimal_places=2)
    delivery_method = fields.CharField(max_length=16, null=True)
    delivery_format = fields.CharField(max_length=16, null=True)
    sent_to: Any = fields.JSONField(default=list)

    class Meta:
        table = "invoice"
        unique_together = (("account_id", "period"),)


class InvoiceLineRow(Model):
    id = fields.IntField(primary_key=True)
    invoice: fields.ForeignKeyRelation[InvoiceRow] = fields.ForeignKeyField(
        "kabinet.InvoiceRow", related_name="lines", on_delete=fields.CASCADE
    )
    subscriber_number = fields.CharField(max_length=16)
    subscriber_name = fields.CharField(max_length=128)
    charge_type = fields.CharField(max_length=16)
    amount = fields.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        table = "invoice_line"
        indexes = (("invoice_id", "subscriber_number"),)


class CallRow(Model):
    # A call detail record; classified by its start time (D8).

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="calls", on_delete=fields.CASCADE
    )
    subscriber_number = fields.CharField(max_length=16)
    started_at = fields.DatetimeField()
    duration_s = fields.IntField()
    callee = fields.CharField(max_length=20)
    kind = fields.CharField(max_length=32)
    cost = fields.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        table = "call"
        indexes = (("account_id", "started_at"),)


class PaymentRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="payments", on_delete=fields.CASCADE
    )
    paid_on = fields.DateField()
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    document_number = fields.CharField(max_length=64)
    bank = fields.CharField(max_length=255, null=True)
    confirmed = fields.BooleanField(default=True)
    registered_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment"
        unique_together = (("client_id", "document_number", "paid_on"),)


class InstallmentRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="installments", on_delete=fields.CASCADE
    )
    item = fields.CharField(max_length=255)
    total = fields.DecimalField(max_digits=14, decimal_places=2)
    months = fields.IntField()
    first_payment_on = fields.DateField()
    payments_made = fields.IntField(default=0)

    class Meta:
        table = "installment"


class OutboxRow(Model):
    # A job recorded in the transaction of its change; the relay sends it after commit.

    id = fields.BigIntField(primary_key=True)
    actor = fields.CharField(max_length=64)
    payload: Any = fields.JSONField()
    key = fields.CharField(max_length=128, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    dispatched_at = fields.DatetimeField(null=True, db_index=True)
    attempts = fields.IntField(default=0)

    class Meta:
        table = "outbox"


class DocumentJobRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="document_jobs", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="document_jobs", on_delete=fields.CASCADE
    )
    period = fields.CharField(max_length=7)
    format = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16, default="QUEUED")
    file_key = fields.CharField(max_length=255, null=True)
    error_code = fields.CharField(max_length=32, null=True)
    error_message = fields.CharField(max_length=500, null=True)
    attempts = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    # 0–100 while the job works through its steps (issue 12: live progress).
    progress = fields.IntField(default=0, db_default=0)
    # The job lifecycle (domain/job_store.py): the last heartbeat; DEFERRED until.
    touched_at = fields.DatetimeField(null=True)
    retry_at = fields.DatetimeField(null=True)

    class Meta:
        table = "document_job"
        indexes = (("account_id", "period", "format", "status"),)


class InvoiceEmailRequestRow(Model):
    # A sending of an invoice: the regular one (D5) or a repeat (D4).

    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="email_requests", on_delete=fields.CASCADE
    )
    invoice: fields.ForeignKeyRelation[InvoiceRow] = fields.ForeignKeyField(
        "kabinet.InvoiceRow", related_name="deliveries", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)
    emails: Any = fields.JSONField()
    format = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16, default="QUEUED")
    results: Any = fields.JSONField(default=dict)
    idempotency_key = fields.CharField(max_length=128, unique=True)
    requested_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)
    # The last heartbeat of the running attempt (domain/job_store.py).
    touched_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invoice_email_request"


class ChargesReportRow(Model):
    # An order of the current month's charges (D9).

    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="charges_reports", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[BillingAccountRow] = fields.ForeignKeyField(
        "kabinet.BillingAccountRow", related_name="charges_reports", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254)
    status = fields.CharField(max_length=16, default="QUEUED")
    result = fields.CharField(max_length=255, null=True)
    requested_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    # The last heartbeat of its job (domain/job_store.py), or of its hand-off.
    touched_at = fields.DatetimeField(null=True)
    # The job lifecycle (domain/job_store.py): attempts (the claim), DEFERRED until,
    # and the user error of a FAILED job.
    attempts = fields.IntField(default=0, db_default=0)
    retry_at = fields.DatetimeField(null=True)
    error_code = fields.CharField(max_length=32, null=True)
    error_message = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "charges_report"


class RenameRequestRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="rename_requests", on_delete=fields.CASCADE
    )
    status = fields.CharField(max_length=16, default="QUEUED")
    idempotency_key = fields.CharField(max_length=128, null=True)
    requested_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    # The last heartbeat of its job (domain/job_store.py), or of its hand-off.
    touched_at = fields.DatetimeField(null=True)
    # The job lifecycle (domain/job_store.py): attempts (the claim), DEFERRED until,
    # and the user error of a FAILED job.
    attempts = fields.IntField(default=0, db_default=0)
    retry_at = fields.DatetimeField(null=True)
    error_code = fields.CharField(max_length=32, null=True)
    error_message = fields.CharField(max_length=500, null=True)
    line_count = fields.IntField(default=0)
    # 0–100: the share of lines carried out (issue 12: live progress).
    progress = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "rename_request"
        unique_together = (("client_id", "idempotency_key"),)


class RenameLineRow(Model):
    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[RenameRequestRow] = fields.ForeignKeyField(
        "kabinet.RenameRequestRow", related_name="lines", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    number = fields.CharField(max_length=32)
    name = fields.CharField(max_length=255)
    status = fields.CharField(max_length=16, default="QUEUED")
    error_code = fields.CharField(max_length=32, null=True)
    error_message = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "rename_line"


class ServiceRequestRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="service_requests", on_delete=fields.CASCADE
    )
    action = fields.CharField(max_length=8)
    service_code = fields.CharField(max_length=32)
    status = fields.CharField(max_length=16, default="QUEUED")
    requested_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(db_index=True)
    finished_at = fields.DatetimeField(null=True)
    # The last heartbeat of its job (domain/job_store.py), or of its hand-off.
    touched_at = fields.DatetimeField(null=True)
    # The job lifecycle (domain/job_store.py): attempts (the claim), DEFERRED until,
    # and the user error of a FAILED job.
    attempts = fields.IntField(default=0, db_default=0)
    retry_at = fields.DatetimeField(null=True)
    error_code = fields.CharField(max_length=32, null=True)
    error_message = fields.CharField(max_length=500, null=True)
    # 0–100: the share of lines carried out (issue 12: live progress).
    progress = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "service_request"


class ServiceLineRow(Model):
    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[ServiceRequestRow] = fields.ForeignKeyField(
        "kabinet.ServiceRequestRow", related_name="lines", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    number = fields.CharField(max_length=32)
    status = fields.CharField(max_length=16, default="QUEUED")
    result = fields.CharField(max_length=32, null=True)

    class Meta:
        table = "service_line"


class FeedbackTicketRow(Model):
    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="tickets", on_delete=fields.CASCADE
    )
    subject = fields.CharField(max_length=200)
    text = fields.TextField()
    status = fields.CharField(max_length=32, default="OPEN")
    created_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "feedback_ticket"


class FeedbackReplyRow(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[FeedbackTicketRow] = fields.ForeignKeyField(
        "kabinet.FeedbackTicketRow", related_name="replies", on_delete=fields.CASCADE
    )
    author = fields.CharField(max_length=128)
    text = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "feedback_reply"


class AuditRow(Model):
    id = fields.BigIntField(primary_key=True)
    client: fields.ForeignKeyRelation[ClientRow] = fields.ForeignKeyField(
        "kabinet.ClientRow", related_name="audit", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=64)
    action = fields.CharField(max_length=64)
    target = fields.CharField(max_length=255, null=True)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)

    class Meta:
        table = "audit"
        indexes = (("client_id", "at"),)


class PassLeaseRow(Model):
    # One owner of a recurring pass (job recovery) across processes, until `until`.

    name = fields.CharField(max_length=64, primary_key=True)
    owner = fields.CharField(max_length=128)
    until = fields.DatetimeField()

    class Meta:
        table = "pass_lease"
