"""Invoice delivery settings as an effective-dated history (D5–D8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from domain.errors import DomainError, ErrorCode
from domain.ids import DeliverySettingsId
from domain.periods import BillingPeriod, current_period
from domain.recipients import NONE, RecipientList


class DeliveryMethod(str, Enum):
    EMAIL = "EMAIL"
    SELF_PICKUP = "SELF_PICKUP"

    @property
    def label(self) -> str:
        return "E-mail" if self is DeliveryMethod.EMAIL else "Получает сам"


class InvoiceFormat(str, Enum):
    """D8: the PDF always goes; an additional medium may be chosen."""

    PDF = "PDF"
    EXCEL = "EXCEL"
    EXCEL_BREAKDOWN = "EXCEL_BREAKDOWN"

    @property
    def label(self) -> str:
        return {
            InvoiceFormat.PDF: "PDF",
            InvoiceFormat.EXCEL: "PDF + Excel",
            InvoiceFormat.EXCEL_BREAKDOWN: "PDF + Excel с разбивкой",
        }[self]


@dataclass(frozen=True)
class DeliverySettings:
    """One version of an account's delivery settings, in force from valid_from (D5).

    `emails` may be empty: an account that receives its invoices itself need not have an
    address (D6); a version with method EMAIL always has one (`next_version` refuses
    otherwise). A SELF_PICKUP version keeps the addresses it had, for a switch back.
    """

    method: DeliveryMethod
    emails: RecipientList
    format: InvoiceFormat
    valid_from: datetime
    changed_by: str | None = None
    id: DeliverySettingsId | None = None

    @property
    def sends_email(self) -> bool:
        return self.method is DeliveryMethod.EMAIL and bool(self.emails)


def in_force_at(history: Sequence[DeliverySettings], moment: datetime) -> DeliverySettings | None:
    """D5: the version in force at a moment: the latest one that started by then."""
    best: DeliverySettings | None = None
    for version in history:
        if version.valid_from <= moment and (
            best is None or (version.valid_from, version.id or 0) > (best.valid_from, best.id or 0)
        ):
            best = version
    return best


# Settings of an account nobody has set up yet: nothing is sent, invoices are only
# downloadable (D5, D6).
NEVER_SET = DeliverySettings(
    method=DeliveryMethod.SELF_PICKUP,
    emails=NONE,
    format=InvoiceFormat.PDF,
    valid_from=datetime(1970, 1, 1, tzinfo=UTC),
)


def applies_from_period(changed_at: datetime, previous_formed: bool) -> BillingPeriod:
    """D5: the first invoice period a change made at changed_at reaches.

    The monthly run forms period P-1 early in month P; a change made before that
    formation still catches P-1, a change made after it first reaches P.
    """
    current = current_period(changed_at)
    return current if previous_formed else current.previous()


def next_version(
    current: DeliverySettings | None,
    at: datetime,
    changed_by: str,
    *,
    method: DeliveryMethod | None = None,
    emails: RecipientList | None = None,
    format: InvoiceFormat | None = None,
) -> DeliverySettings:
    """D5, D6: a new version in force from `at`; what is not given carries over.

    Switching to (or staying on) EMAIL needs at least one address (D6); the
    addresses are a RecipientList, checked where they were typed (D7).
    """
    new_method = method or (current.method if current else DeliveryMethod.SELF_PICKUP)
    new_emails = emails if emails is not None else (current.emails if current else NONE)
    new_format = format or (current.format if current else InvoiceFormat.PDF)
    if new_method is DeliveryMethod.EMAIL and not new_emails:
        raise DomainError(
            ErrorCode.EMAIL_REQUIRED_FOR_METHOD,
            "Для доставки счетов по e-mail укажите хотя бы один адрес электронной почты.",
            "emails",
        )
    return DeliverySettings(
        method=new_method,
        emails=new_emails,
        format=new_format,
        valid_from=at,
        changed_by=changed_by,
    )
