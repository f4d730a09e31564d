"""The adapter of the InvoiceRenderer port (D8, D10): PDF by WeasyPrint, workbooks by xlsxwriter."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from domain.documents import CallRecord, InvoiceDocument
from domain.worktime import WorkingDays
from infra.render.pdf import DEJAVU_DIR, WeasyPrintInvoiceRenderer
from infra.render.xlsx import XlsxInvoiceRenderer
from infra.render.xlsx_book import EXCEL_MAX_ROWS


class InvoiceRenderer:
    """Both media of an invoice behind the domain's InvoiceRenderer port."""

    def __init__(
        self,
        calendar: WorkingDays | None = None,
        fonts_dir: Path = DEJAVU_DIR,
        max_rows: int = EXCEL_MAX_ROWS,
    ) -> None:
        self._pdf = WeasyPrintInvoiceRenderer(fonts_dir)
        self._xlsx = XlsxInvoiceRenderer(calendar, max_rows)

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        """D10: the invoice as PDF."""
        self._pdf.pdf(document, out)

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """D10, and with calls the D8 breakdown: the invoice as a workbook."""
        self._xlsx.workbook(document, out, calls)
