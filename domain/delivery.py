"""Invoice delivery settings as an effective-dated history (D5–D8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


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
    """One version of an account's delivery settings, in force from valid_from (D5)."""

    method: DeliveryMethod
    emails: tuple[str, ...]
    format: InvoiceFormat
    valid_from: datetime
    changed_by: str | None = None
    id: int | None = None

    @property
    def sends_email(self) -> bool:
        return self.method is DeliveryMethod.EMAIL and bool(self.emails)


def in_force_at(history: Sequence[DeliverySettings], moment: datetime) -> DeliverySettings | None:
    """D5: the version in force at a moment: the latest one that started by then."""
    best: DeliverySettings | None = None
    for version in history:
        if version.valid_from <= moment and (
            best is None
            or (version.valid_from, version.id or 0) > (best.valid_from, best.id or 0)
        ):
            best = version
    return best
