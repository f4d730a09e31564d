"""E-mail of invoices and reports: the message, its sendings and their results (D4, D5, D8, D9).

Decisions the rules leave open, fixed here:
- One message per sending, addressed (To:) to every recipient of the sending; the
  envelope of a retry carries only the addresses still without a final result, so
  an address already SENT (or REFUSED for good) is never mailed again.
- A server's 5xx answer to an address is final (REFUSED); a 4xx answer, a refused
  connection or a timeout is a deferral, as mail servers treat it: the address is
  DEFERRED and retried with growing delays for the mail lifetime (3 days by default);
  only at the end of the lifetime is it FAILED (the job policy's lifetime).
- SMTP cannot tell "delivered" from "lost" when the answer to the end of DATA never
  comes. The sending records "DATA sent, answer pending" before DATA; a retry of such
  a sending waits (AMBIGUOUS_DELAY) and its result is marked as a possible duplicate.
- The Message-ID is derived from the sending's idempotency key, so even a resend
  after a crash at the worst moment carries the same Message-ID.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from domain.delivery import InvoiceFormat
from domain.documents import DownloadFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, InvoiceId, JobId
from domain.job_store import JobStatus, Unavailable
from domain.periods import BillingPeriod, to_minsk
from domain.recipients import FIELD, RecipientList

MONTH_NAMES = (  # nominative: «за октябрь»
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


class DeliveryKind(str, Enum):
    """A regular sending at formation (D5) or a repeat ordered by the administrator (D4)."""

    REGULAR = "REGULAR"
    REPEAT = "REPEAT"


class RecipientStatus(str, Enum):
    """The result of one address of a sending."""

    PENDING = "PENDING"
    SENT = "SENT"
    REFUSED = "REFUSED"
    FAILED = "FAILED"
    DEFERRED = "DEFERRED"  # the server said "later" or could not be reached: retried

    @property
    def final(self) -> bool:
        return self not in (RecipientStatus.PENDING, RecipientStatus.DEFERRED)


# A sending whose DATA answer never came is sent again only after this delay.
AMBIGUOUS_DELAY = timedelta(minutes=15)
# How long a sending keeps trying after deferrals, and the delays between its
# attempts, are the one job policy's (domain/job_store.py: JobPolicy).


def attachments_for(fmt: InvoiceFormat) -> tuple[DownloadFormat, ...]:
    """D8: the PDF always; plus the workbook, with the breakdown for EXCEL_BREAKDOWN."""
    if fmt is InvoiceFormat.EXCEL:
        return (DownloadFormat.PDF, DownloadFormat.XLSX)
    if fmt is InvoiceFormat.EXCEL_BREAKDOWN:
        return (DownloadFormat.PDF, DownloadFormat.XLSX_BREAKDOWN)
    return (DownloadFormat.PDF,)


@dataclass(frozen=True)
class RecipientResult:
    address: str
    status: RecipientStatus
    at: datetime | None = None
    detail: str | None = None
    # Sent again after an attempt whose DATA answer never came: the address may hold
    # two copies (with one Message-ID, so mail systems can drop the second).
    possible_duplicate: bool = False


@dataclass(frozen=True)
class InvoiceEmail:
    """One sending of an invoice: to whom, in which format, and the result per address.

    `emails` is the recipients of the settings in force when it was ordered (never
    empty: the repeat and the regular sending refuse an account without an address).
    """

    id: JobId
    client_id: ClientId
    invoice_id: InvoiceId
    kind: DeliveryKind
    emails: RecipientList
    format: InvoiceFormat
    status: JobStatus  # a sending ends DONE (results per address) or FAILED (given up)
    idempotency_key: str
    created_at: datetime
    results: Mapping[str, RecipientResult] = field(default_factory=dict)
    requested_by: str | None = None
    finished_at: datetime | None = None
    attempts: int = 0
    claimed_at: datetime | None = None
    retry_at: datetime | None = None  # a deferred sending: not before this time
    data_sent_at: datetime | None = None  # DATA sent, answer not recorded (ambiguous)
    lifetime_from: datetime | None = None  # ordered again by an operator: from then
    deferrals: int = 0  # scheduled attempts after the broker's quick retries
    touched_at: datetime | None = None  # the last heartbeat of the running attempt

    def result_of(self, address: str) -> RecipientResult:
        return self.results.get(address) or RecipientResult(address, RecipientStatus.PENDING)

    @property
    def pending(self) -> tuple[str, ...]:
        """Addresses still without a final result: the only ones a retry mails."""
        return tuple(a for a in self.emails if not self.result_of(a).status.final)

    @property
    def attachments(self) -> tuple[DownloadFormat, ...]:
        return attachments_for(self.format)


@dataclass(frozen=True)
class MailFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class MailMessage:
    """A message ready for a Mailer; recipients are a checked, non-empty list (D7)."""

    recipients: RecipientList
    subject: str
    body: str
    files: tuple[MailFile, ...] = ()
    message_key: str = ""

    def __post_init__(self) -> None:
        if not self.recipients:
            raise DomainError(
                ErrorCode.EMAILS_REQUIRED, "Введите адрес e-mail для доставки счетов.", FIELD
            )
        self.recipients.checked()  # a stored list is checked here, once

    @property
    def message_id_local(self) -> str:
        """A stable left part of the Message-ID: the same sending, the same id."""
        return hashlib.sha256(self.message_key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class SendOutcome:
    """What the server said about one address of one attempt."""

    status: RecipientStatus  # SENT, REFUSED, or PENDING (try again later)
    detail: str | None = None


class MailUnavailable(Unavailable):
    """The mail server could not be reached or answered "try later": retry the job."""


class MailAmbiguous(MailUnavailable):
    """DATA was sent but its answer never came: the message may have been delivered."""


def one_line(text: str, limit: int = 200) -> str:
    """Text safe for a header: controls (CR, LF…) become spaces, runs of spaces one."""
    cleaned = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join(cleaned.split())[:limit]


def period_words(period: BillingPeriod) -> str:
    return f"{MONTH_NAMES[period.month - 1]} {period.year} г."


def invoice_subject(client_name: str, account_number: str, period: BillingPeriod) -> str:
    """D4, D5: the subject names the client, the account and the period."""
    return one_line(
        f"Счёт за услуги связи за {period_words(period)}, лицевой счёт {account_number}, "
        f"{client_name}"
    )


def invoice_body(
    client_name: str,
    account_number: str,
    period: BillingPeriod,
    invoice_number: str,
    kind: DeliveryKind,
    fmt: InvoiceFormat,
) -> str:
    repeat = (
        "По Вашему запросу из Личного кабинета повторно направляем"
        if kind is DeliveryKind.REPEAT
        else "Направляем"
    )
    extra = {
        InvoiceFormat.PDF: "",
        InvoiceFormat.EXCEL: " и в формате Excel",
        InvoiceFormat.EXCEL_BREAKDOWN: (
            " и в формате Excel с разбивкой детализации на рабочее (9:00–18:00), "
            "нерабочее время и выходные/праздничные дни"
        ),
    }[fmt]
    return (
        "Здравствуйте!\n\n"
        f"{repeat} счёт № {one_line(invoice_number)} за услуги связи за {period_words(period)}\n"
        f"Клиент: {one_line(client_name)}\n"
        f"Лицевой счёт: {one_line(account_number)}\n\n"
        f"Счёт приложен к письму в формате PDF{extra}.\n\n"
        "Изменить адрес или способ доставки счетов можно в Личном кабинете: "
        "«Счета» → «Изменить способ/адрес доставки».\n\n"
        "Письмо отправлено автоматически, отвечать на него не нужно.\n"
    )


def charges_subject(client_name: str, account_number: str, at: datetime) -> str:
    """D9: the current charges report names the client, the account and the date."""
    local = to_minsk(at)
    return one_line(
        f"Начисления за текущий период на {local:%d.%m.%Y}, лицевой счёт {account_number}, "
        f"{client_name}"
    )


def charges_body(client_name: str, account_number: str, at: datetime) -> str:
    local = to_minsk(at)
    period = BillingPeriod.containing(at)
    return (
        "Здравствуйте!\n\n"
        f"Направляем начисления по абонентам за {period_words(period)} "
        f"по состоянию на {local:%d.%m.%Y %H:%M}.\n"
        f"Клиент: {one_line(client_name)}\n"
        f"Лицевой счёт: {one_line(account_number)}\n\n"
        "Это не счёт: суммы могут измениться до конца месяца.\n\n"
        "Письмо отправлено автоматически, отвечать на него не нужно.\n"
    )
