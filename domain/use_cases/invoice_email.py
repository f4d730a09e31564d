"""Invoices by e-mail: the repeat (D4), the regular sending (D5) and the delivery log.

A sending is a row with an idempotency key and a result per address. The job that
mails it is at-least-once (outbox, broker retries, recovery of dead workers), so it
claims the row first (compare-and-set on its attempt counter), mails only the
addresses with no final result yet, and records each result the moment the server
answers. A retried or duplicated job therefore never mails an address twice.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta

from domain import periods
from domain.auth import Actor
from domain.commands import SendInvoiceEmail
from domain.delivery import DeliverySettings
from domain.documents import DownloadFormat, InvoiceDocument, Operator, download_filename
from domain.errors import DomainError, ErrorCode, invoice_not_found, no_email_address
from domain.ids import AccountId, ClientId, InvoiceId, JobId
from domain.invoices import Invoice
from domain.job_store import Decision, Heartbeat, JobPolicy, JobStatus
from domain.mail import (
    AMBIGUOUS_DELAY,
    DeliveryKind,
    InvoiceEmail,
    MailAmbiguous,
    MailFile,
    MailMessage,
    MailUnavailable,
    RecipientResult,
    RecipientStatus,
    invoice_body,
    invoice_subject,
)
from domain.ports import (
    AuditLog,
    CallRepository,
    Clock,
    FileStore,
    InvoiceEmailRepository,
    InvoiceRenderer,
    Mailer,
    UnitOfWork,
)
from domain.use_cases._common import invoice_order, render_invoice

log = logging.getLogger("kabinet.mail")
KEY_MAX = 64
RECORD_RETRY_SECONDS = 120.0
_NO_ANSWER = "Сервер не ответил на отправку письма; повторная отправка — позже."


class _Later(Exception):
    """The sending was rescheduled: not an error, and no broker retry."""


def _span(lifetime: timedelta) -> str:
    hours = lifetime.total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        return f"{int(hours // 24)} сут."
    if hours >= 1:
        return f"{hours:g} ч"
    return f"{int(lifetime.total_seconds())} с"


class InvoiceEmailService:
    """D4, D5: order and send invoices by e-mail; read where each invoice went."""

    def __init__(
        self,
        uow: UnitOfWork,
        emails: InvoiceEmailRepository,
        calls: CallRepository,
        audit: AuditLog,
        clock: Clock,
        renderer: InvoiceRenderer,
        files: FileStore,
        mailer: Mailer,
        operator: Operator,
        retention_months: int,
        policy: JobPolicy | None = None,
        ambiguous_delay: timedelta = AMBIGUOUS_DELAY,
        record_retry_seconds: float = RECORD_RETRY_SECONDS,
    ) -> None:
        self._uow = uow
        self._emails = emails
        self._calls = calls
        self._audit = audit
        self._clock = clock
        self._renderer = renderer
        self._files = files
        self._mailer = mailer
        self._operator = operator
        self._retention = retention_months
        # The one job policy: quick attempts, then growing delays for its lifetime.
        self.policy = policy or JobPolicy()
        self._ambiguous_delay = ambiguous_delay
        self._record_retry_seconds = record_retry_seconds

    # -- ordering ----------------------------------------------------------------

    async def order_repeat(
        self,
        actor: Actor,
        account_id: AccountId,
        period_text: str,
        idempotency_key: str | None = None,
    ) -> InvoiceEmail:
        """D4: repeat a formed invoice to the addresses and in the format in force now."""
        now = self._clock.now()
        account, period = await invoice_order(
            self._uow,
            actor,
            account_id,
            period_text,
            now,
            lambda p, at: periods.ensure_repeatable(p, at, self._retention),
        )
        if idempotency_key is not None and not 1 <= len(idempotency_key) <= KEY_MAX:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"Ключ идемпотентности — от 1 до {KEY_MAX} символов.",
                "idempotencyKey",
            )
        async with self._uow.transaction():
            invoice = await self._uow.invoices.for_period(account.id, period)
            if invoice is None:
                raise invoice_not_found()
            settings = (await self._uow.delivery.in_force([account.id], now)).get(account.id)
            if settings is None or not settings.emails:
                raise no_email_address()
            recipients = settings.emails.checked()  # read back: its check, at most once
            key = f"{DeliveryKind.REPEAT.value}:{invoice.id}:{idempotency_key or uuid.uuid4()}"
            email, created = await self._emails.add(
                InvoiceEmail(
                    id=JobId(0),
                    client_id=actor.client_id,
                    invoice_id=invoice.id,
                    kind=DeliveryKind.REPEAT,
                    emails=recipients,
                    format=settings.format,
                    status=JobStatus.QUEUED,
                    idempotency_key=key,
                    created_at=now,
                    requested_by=actor.login,
                )
            )
            if created:
                await self._uow.outbox.add(SendInvoiceEmail(email.id), key=f"mail:{email.id}")
                await self._audit.record(
                    actor.client_id,
                    actor.login,
                    "orderInvoiceEmail",
                    f"{account.number} {period}",
                    None,
                    {"emails": list(email.emails), "format": email.format.value, "id": email.id},
                    now,
                )
        return email

    async def enqueue_regular(
        self, client_id: ClientId, invoice: Invoice, settings: DeliverySettings
    ) -> InvoiceEmail:
        """D5: the regular sending, to the version in force at formation; once per invoice.

        Called inside the transaction that forms the invoice, for settings that send
        (`DeliverySettings.sends_email`: EMAIL with an address).
        """
        if not settings.sends_email:
            raise no_email_address()
        email, created = await self._emails.add(
            InvoiceEmail(
                id=JobId(0),
                client_id=client_id,
                invoice_id=invoice.id,
                kind=DeliveryKind.REGULAR,
                emails=settings.emails.checked(),
                format=settings.format,
                status=JobStatus.QUEUED,
                idempotency_key=f"{DeliveryKind.REGULAR.value}:{invoice.id}",
                created_at=invoice.formed_at,
                requested_by=None,
            )
        )
        if created:
            await self._uow.outbox.add(SendInvoiceEmail(email.id), key=f"mail:{email.id}")
        return email

    # -- reading -----------------------------------------------------------------

    async def request(self, actor: Actor, email_id: JobId) -> InvoiceEmail | None:
        return await self._emails.get(actor.client_id, email_id)

    async def deliveries(
        self, actor: Actor, invoice_ids: Sequence[InvoiceId], newest: int
    ) -> Mapping[InvoiceId, list[InvoiceEmail]]:
        """The delivery log of many invoices in one query: the newest sendings first,
        at most `newest` of each (a page already checked: ≤ 100)."""
        return await self._emails.for_invoices(actor.client_id, invoice_ids, newest)

    # -- the job -----------------------------------------------------------------

    async def send(self, email_id: JobId) -> None:
        """The job: idempotent; mails only addresses with no final result yet."""
        # Every write in its own transaction: on SQLite a bare write would open one
        # implicitly on the shared connection, under another task's feet.
        async with self._uow.transaction():
            email = await self._emails.claim(email_id, self._clock.now())
        if email is None:
            return  # finished, deferred to later, or another worker holds it
        attempt = email.attempts
        try:
            async with Heartbeat(
                self._uow, self._emails.touch, self._clock, email.id, attempt, self.policy.heartbeat
            ):
                pending = email.pending
                if pending:
                    await self._mail(email, attempt, pending)
            async with self._uow.transaction():
                await self._emails.finish(email.id, attempt, None, self._clock.now())
        except DomainError as error:
            # Nothing a retry can mend (the invoice is gone, a stored address is invalid).
            await self._give_up(email.id, error.message, attempt)
        except _Later:
            return  # rescheduled; the recovery pass hands it out when due
        except Exception as error:
            await self._deferred(email, error)

    async def _mail(self, email: InvoiceEmail, attempt: int, pending: Sequence[str]) -> None:
        now = self._clock.now()
        possible_duplicate = False
        if email.data_sent_at is not None:
            # An earlier attempt sent DATA and its answer was never recorded: the
            # message may be there. Only after a delay, and marked.
            if now < email.data_sent_at + self._ambiguous_delay:
                async with self._uow.transaction():
                    await self._emails.release(
                        email.id, attempt, now, email.data_sent_at + self._ambiguous_delay,
                        keep_data_sent=True,
                    )  # fmt: skip
                raise _Later
            possible_duplicate = True
        message = await self._message(email)
        ascii_of = dict(
            zip(message.recipients.addresses, message.recipients.ascii_addresses, strict=True)
        )

        async def before_data() -> None:
            async with self._uow.transaction():
                marked = await self._emails.mark_data_sent(email.id, attempt, self._clock.now())
            if not marked:
                raise MailUnavailable("the claim of this sending was lost")

        try:
            outcomes = await self._mailer.send(
                message, [ascii_of[a] for a in pending], before_data=before_data
            )
        except MailAmbiguous as error:
            log.warning("invoice e-mail %s: no answer to DATA: %s", email.id, error)
            now = self._clock.now()
            await self._durably(
                email.id,
                [RecipientResult(a, RecipientStatus.DEFERRED, now, _NO_ANSWER) for a in pending],
                answered=False,
            )
            async with self._uow.transaction():
                await self._emails.release(
                    email.id, attempt, now, now + self._ambiguous_delay, keep_data_sent=True
                )
            raise _Later from error
        now = self._clock.now()
        results = []
        for a in pending:
            outcome = outcomes.get(ascii_of[a])
            if outcome is None or not outcome.status.final:
                detail = outcome.detail if outcome and outcome.detail else None
                results.append(RecipientResult(a, RecipientStatus.DEFERRED, now, detail))
            else:
                results.append(
                    RecipientResult(a, outcome.status, now, outcome.detail, possible_duplicate)
                )
        # The server answered: record it durably (retry the recording, never the mail).
        await self._durably(email.id, results, answered=True)
        if any(not r.status.final for r in results):
            raise MailUnavailable("some addresses were deferred by the server")

    async def _durably(
        self, email_id: JobId, results: Sequence[RecipientResult], *, answered: bool
    ) -> None:
        """Record what the server said, retrying while the database is away."""
        delay = 0.2
        deadline = asyncio.get_running_loop().time() + self._record_retry_seconds
        while True:
            try:
                async with self._uow.transaction():
                    await self._emails.record(email_id, results, answered=answered)
                return
            except Exception:
                if asyncio.get_running_loop().time() + delay > deadline:
                    raise
                log.warning("invoice e-mail %s: recording its result failed; retrying", email_id)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _deferred(self, email: InvoiceEmail, error: Exception) -> None:
        """A deferral (4xx, refused connection, timeout): retried for the lifetime."""
        now = self._clock.now()
        start = email.lifetime_from or email.created_at
        decision = self.policy.after_failure(email.attempts, deferral=True, since=start, now=now)
        if decision is Decision.FAIL:
            log.warning("invoice e-mail %s failed for good: %s", email.id, error)
            await self._give_up(
                email.id,
                f"Не доставлено за {_span(self.policy.lifetime)}: {error}"[:200],
                email.attempts,
            )
            return
        detail = str(error)[:200] or type(error).__name__
        try:
            async with self._uow.transaction():
                current = await self._emails.get_any(email.id)
                if current is not None:
                    await self._emails.record(
                        email.id,
                        [
                            RecipientResult(a, RecipientStatus.DEFERRED, now, detail)
                            for a in current.pending
                            if current.result_of(a).status is RecipientStatus.PENDING
                        ],
                    )
                if decision is Decision.RETRY:
                    await self._emails.release(email.id, email.attempts, now)
                else:
                    # The broker's quick retries are spent: growing delays from here on,
                    # handed out by the recovery pass when due.
                    retry_at = now + self.policy.deferral_delay(email.deferrals)
                    await self._emails.release(
                        email.id, email.attempts, now, retry_at, deferral=True
                    )
                    return
        except Exception:
            log.exception("invoice e-mail %s: could not release it", email.id)
        raise error  # the broker retries with back-off

    async def _give_up(self, email_id: JobId, detail: str, attempt: int) -> None:
        """FAILED: every address without a final result is FAILED with `detail` (only
        while this attempt holds the claim: else the new claimant decides)."""
        async with self._uow.transaction():
            await self._emails.fail(
                email_id,
                attempt,
                DomainError(ErrorCode.DOCUMENT_FAILED, detail),
                self._clock.now(),
            )

    async def order_again(self, email_id: JobId) -> InvoiceEmail | None:
        """The operator: send a finished sending's FAILED addresses again, now."""
        now = self._clock.now()
        async with self._uow.transaction():
            email = await self._emails.reopen(email_id, now)
            if email is not None:
                await self._uow.outbox.add(SendInvoiceEmail(email.id))
        return email

    async def _message(self, email: InvoiceEmail) -> MailMessage:
        client = await self._uow.clients.get(email.client_id)
        head = await self._uow.invoices.get(email.client_id, email.invoice_id)
        account = await self._uow.accounts.get(email.client_id, head.account_id) if head else None
        invoice = (
            await self._uow.invoices.for_period(account.id, head.period, with_lines=True)
            if account and head
            else None
        )
        if client is None or account is None or invoice is None:
            raise invoice_not_found()
        document = InvoiceDocument(self._operator, client, account, invoice)
        files = [
            MailFile(
                download_filename(account.number, invoice.period, fmt),
                fmt.content_type,
                await self._attachment(document, fmt),
            )
            for fmt in email.attachments
        ]
        return MailMessage(
            recipients=email.emails,  # a stored list: checked here, before it is mailed
            subject=invoice_subject(client.name, account.number, invoice.period),
            body=invoice_body(
                client.name,
                account.number,
                invoice.period,
                invoice.number,
                email.kind,
                email.format,
            ),
            files=tuple(files),
            message_key=email.idempotency_key,
        )

    async def _attachment(self, document: InvoiceDocument, fmt: DownloadFormat) -> bytes:
        """A formed invoice never changes: its files are made once and kept (D10)."""
        key = f"mail/{document.invoice.id}/{fmt.value}.{fmt.extension}"
        if not await self._files.exists(key):
            temp = self._files.temp_for(key)
            try:
                await render_invoice(self._renderer, self._calls, document, fmt, temp)
                await self._files.commit(key, temp)
            finally:
                self._files.discard(temp)
        return await self._files.read(key)
