"""The invoice as a workbook (D8, D10): xlsxwriter in constant_memory mode.

Sheet «Счёт» carries the same figures as the PDF and the API, as numbers with
money formats and dates as dates. With calls (XLSX_BREAKDOWN) the workbook
adds «Сводка по звонкам», which reconciles the three D8 parts with the
invoice's «Звонки» column per subscriber, and the parts themselves
(xlsx_calls.py), whose rows are sheet XML of our own spliced into the package
(xlsx_stream.py). Every sheet streams, so memory does not grow with the rows.
xlsxwriter rather than openpyxl: openpyxl's write-only mode, even with lxml,
wrote the call detail at about a third of xlsxwriter's speed (bench/README.md).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

from domain.documents import CallRecord, InvoiceDocument
from domain.invoices import ChargeType
from domain.money import money
from domain.worktime import CallPart, WorkCalendar, WorkingDays
from infra.render.formatting import day, period_title
from infra.render.xlsx_book import EXCEL_MAX_ROWS, Sheet, Styled, Styles, new_workbook
from infra.render.xlsx_calls import CallBreakdownWriter
from infra.render.xlsx_stream import splice

INVOICE_SHEET = "Счёт"
SUMMARY_SHEET = "Сводка по звонкам"
HEADER_ROW = 8  # the subscriber table's header, below the requisites
INVOICE_WIDTHS = {"A": 7, "B": 22, "C": 40, "D": 19, "E": 13, "F": 14, "G": 19, "H": 14, "I": 19}
SUMMARY_WIDTHS = {"A": 19, "B": 40, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16, "H": 14}


class XlsxInvoiceRenderer:
    """Renders the D10 invoice as XLSX, and with calls the D8 breakdown."""

    def __init__(self, calendar: WorkingDays | None = None, max_rows: int = EXCEL_MAX_ROWS) -> None:
        self._calendar = calendar if calendar is not None else WorkCalendar()
        self._max_rows = max_rows

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """D10 (and D8 with calls): the invoice as a workbook."""
        if calls is None:
            wb = new_workbook(out)
            try:
                _invoice_sheet(Sheet(wb, Styles(wb), INVOICE_SHEET, INVOICE_WIDTHS), document)
            finally:
                wb.close()
            return
        # The call rows go first, to files of our own (xlsx_stream.py); then
        # xlsxwriter writes the workbook around them, and splice() joins the two.
        with tempfile.TemporaryFile() as book:
            wb = new_workbook(book)
            styles = Styles(wb)
            breakdown = CallBreakdownWriter(styles, self._calendar, self._max_rows)
            try:
                try:
                    breakdown.write(calls)
                    _invoice_sheet(Sheet(wb, styles, INVOICE_SHEET, INVOICE_WIDTHS), document)
                    summary = Sheet(wb, styles, SUMMARY_SHEET, SUMMARY_WIDTHS)
                    _summary_sheet(summary, document, breakdown)
                    breakdown.add_sheets(wb)
                finally:
                    # Also on failure: closing removes the sheets' temporary files.
                    # Without sheets (the calls failed) there are none, and close()
                    # would add an empty sheet whose file xlsxwriter never removes.
                    if wb.worksheets():
                        wb.close()
                book.seek(0)
                splice(book, out, breakdown.rows_by_part)
            finally:
                breakdown.close()


def _invoice_sheet(sheet: Sheet, document: InvoiceDocument) -> None:
    invoice, client, operator = document.invoice, document.client, document.operator
    styles = sheet.styles
    sheet.freeze(HEADER_ROW)
    sheet.append(
        [
            Styled(
                f"Счёт № {invoice.number} от {day(invoice.formed_at)} за услуги электросвязи "
                f"за {period_title(invoice.period)}",
                styles.bold,
            )
        ]
    )
    bold, money_bold = styles.bold, styles.money_bold
    # Three label/value pairs per row (B:C, D:F, G:I), so the frozen band stays short.
    rows: list[list[object]] = [
        ["Плательщик", client.name, "УНП плательщика", None, client.unp,
         "Лицевой счёт", None, document.account.number],
        ["Оператор", operator.name, "УНП оператора", None, operator.unp,
         "Расчётный период", None, period_title(invoice.period)],
        ["Договор №", client.contract_number, "Дата договора", None, client.contract_date,
         "Дата формирования", None, invoice.formed_at],
        ["Входящий остаток", invoice.opening_balance, "Поступило платежей", None,
         invoice.payments, "Начислено без НДС", None, invoice.total],
        ["НДС 20 %", invoice.vat, "Начислено с НДС", None, invoice.gross,
         Styled("К оплате", bold), None, Styled(invoice.amount_due, money_bold)],
    ]  # fmt: skip
    for row in rows:
        sheet.append([None, *row])
    sheet.append()
    charges = list(ChargeType)
    sheet.header(["№", "Номер абонента", "Абонент", *(c.label for c in charges), "Итого, руб."])
    for index, line in enumerate(invoice.lines, 1):
        sheet.append(
            [
                index,
                line.subscriber_number,
                line.subscriber_name,
                *(line.amount(charge) for charge in charges),
                line.total,
            ]
        )
    last_line_row = HEADER_ROW + len(invoice.lines)
    sheet.filter(HEADER_ROW, max(last_line_row, HEADER_ROW + 1), 2 + len(charges) + 1)
    column_totals = [
        money(sum((line.amount(charge) for line in invoice.lines), Decimal(0)))
        for charge in charges
    ]
    sheet.append(
        [
            None,
            None,
            Styled("Итого без НДС", styles.total_label),
            *(Styled(amount, styles.total_money) for amount in [*column_totals, invoice.total]),
        ]
    )
    for label, amount in (
        ("НДС 20 %", invoice.vat),
        ("Итого с НДС", invoice.gross),
        ("Входящий остаток", invoice.opening_balance),
        ("Поступило платежей", invoice.payments),
        ("К оплате", invoice.amount_due),
    ):
        sheet.append(
            [None, None, Styled(label, bold), *[None] * len(charges), Styled(amount, money_bold)]
        )


def _summary_sheet(sheet: Sheet, document: InvoiceDocument, breakdown: CallBreakdownWriter) -> None:
    """Per subscriber: the three parts, their sum and the invoice's «Звонки» (D8, D10)."""
    styles = sheet.styles
    sheet.freeze(1)
    parts = list(CallPart)
    sheet.header(
        [
            "Номер абонента",
            "Абонент",
            *(part.label for part in parts),
            "Звонки по детализации",
            "Звонки в счёте",
            "Расхождение",
        ]
    )
    zero = dict.fromkeys(parts, Decimal(0))
    rows = [
        (line.subscriber_number, line.subscriber_name, line.amount(ChargeType.CALLS))
        for line in document.invoice.lines
    ]
    # Calls of a number that has no line in the invoice are shown, not dropped.
    invoiced_numbers = {number for number, _, _ in rows}
    rows += [
        (number, "нет в счёте", money(0))
        for number in breakdown.by_subscriber
        if number not in invoiced_numbers
    ]
    for number, name, invoiced in rows:
        sums = breakdown.subscriber_sums(number) or zero
        detail = money(sum(sums.values(), Decimal(0)))
        sheet.append(
            [number, name, *(sums[part] for part in parts), detail, invoiced, detail - invoiced]
        )
    invoiced_total = sum((invoiced for _, _, invoiced in rows), Decimal(0))
    sheet.filter(1, max(sheet.rows, 2), 7)
    totals = [money(breakdown.part_totals[part]) for part in parts]
    detail_total = money(sum(totals, Decimal(0)))
    amount = styles.total_money
    sheet.append(
        [
            Styled("Итого", styles.total_label),
            None,
            *(Styled(total, amount) for total in totals),
            Styled(detail_total, amount),
            Styled(invoiced_total, amount),
            Styled(detail_total - invoiced_total, amount),
        ]
    )
