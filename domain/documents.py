"""What an invoice document shows, whatever its medium (D8, D10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from domain.accounts import BillingAccount, Client
from domain.ids import ClientId
from domain.invoices import Invoice
from domain.periods import BillingPeriod


@dataclass(frozen=True)
class Operator:
    name: str
    unp: str
    address: str
    iban: str
    bic: str
    bank: str


@dataclass(frozen=True)
class CallRecord:
    """One call of the detail; it belongs to the part of its start time (D8)."""

    subscriber_number: str
    started_at: datetime
    duration_s: int
    callee: str
    kind: str
    cost: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything an invoice shows: the same figures in PDF, workbook and API (D10)."""

    operator: Operator
    client: Client
    account: BillingAccount
    invoice: Invoice


class DownloadFormat(str, Enum):
    """D3: the file formats of a download by link."""

    PDF = "PDF"
    XLSX = "XLSX"
    XLSX_BREAKDOWN = "XLSX_BREAKDOWN"

    @property
    def extension(self) -> str:
        return "pdf" if self is DownloadFormat.PDF else "xlsx"

    @property
    def content_type(self) -> str:
        if self is DownloadFormat.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class LinkClaims:
    """What a signed download link names (D3): the file, its client, its name and expiry."""

    key: str
    client_id: ClientId
    filename: str
    expires_at: datetime


class LinkRefusal(Enum):
    """Why a download link opens nothing; each has its answer (D3, D18)."""

    INVALID = "Ссылка недействительна."
    EXPIRED = "Срок действия ссылки истёк. Закажите счёт ещё раз."
    NOT_FOUND = "Файл не найден."


class LinkRefused(Exception):
    """A download link that opens nothing: forged, expired, or not of its client's files."""

    def __init__(self, refusal: LinkRefusal) -> None:
        super().__init__(refusal.name)
        self.refusal = refusal


# A signed link is well under this; anything longer is refused before it is parsed.
MAX_LINK_TOKEN = 2048


def download_filename(account_number: str, period: BillingPeriod, fmt: DownloadFormat) -> str:
    """D3, D4: the name of an invoice file, e.g. invoice_1234567_2026-10_breakdown.xlsx."""
    suffix = "_breakdown" if fmt is DownloadFormat.XLSX_BREAKDOWN else ""
    return f"invoice_{account_number}_{period}{suffix}.{fmt.extension}"
