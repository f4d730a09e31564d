"""The invoice as a workbook (D8, D10): openpyxl in write-only mode.

Sheet «Счёт» carries the same figures as the PDF and the API, as numbers with
money formats and dates as dates. With calls (XLSX_BREAKDOWN) the workbook
adds «Сводка по звонкам», which reconciles the three D8 parts with the
invoice's «Звонки» column per subscriber, and the parts themselves
(xlsx_calls.py). Every sheet streams, so memory does not grow with the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from domain.documents import CallRecord, InvoiceDocument
from domain.invoices import ChargeType
from domain.money import money
from domain.worktime import CallPart, WorkCalendar, WorkingDays
from infra.render.formatting import day, period_title
from infra.render.xlsx_calls import EXCEL_MAX_ROWS, CallBreakdownWriter
from infra.render.xlsx_cells import (
    TOTAL_BORDER,
    date_cell,
    header_row,
    money_cell,
    set_filter,
    set_widths,
    text_cell,
)

INVOICE_SHEET = "Счёт"
SUMMARY_SHEET = "Сводка по звонкам"
HEADER_ROW = 8  # the subscriber table's header, below the requisites
INVOICE_WIDTHS = {"A": 7, "B": 22, "C": 40, "D": 19, "E": 13, "F": 14, "G": 19, "H": 14, "I": 19}
SUMMARY_WIDTHS = {"A": 19, "B": 40, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16, "H": 14}


class OpenpyxlInvoiceRenderer:
    """Renders the D10 invoice as XLSX, and with calls the D8 breakdown."""

    def __init__(self, calendar: WorkingDays | None = None, max_rows: int = EXCEL_MAX_ROWS) -> None:
        self._calendar = calendar if calendar is not None else WorkCalendar()
        self._max_rows = max_rows

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        """D10 (and D8 with calls): the invoice as a workbook."""
        wb = Workbook(write_only=True)
        _invoice_sheet(wb.create_sheet(INVOICE_SHEET), document)
        if calls is not None:
            breakdown = CallBreakdownWriter(wb, self._calendar, self._max_rows)
            breakdown.write(calls)
            _summary_sheet(wb.create_sheet(SUMMARY_SHEET), document, breakdown)
            # Sheets were created as rows arrived; show them part by part, the
            # summary (written last, it needs the sums) right after the invoice.
            order = [INVOICE_SHEET, SUMMARY_SHEET]
            order += [ws.title for part in CallPart for ws in breakdown.sheets[part]]
            for position, title in enumerate(order):
                wb.move_sheet(title, position - wb.sheetnames.index(title))
        wb.save(out)


def _invoice_sheet(ws: WriteOnlyWorksheet, document: InvoiceDocument) -> None:
    invoice, client, operator = document.invoice, document.client, document.operator
    set_widths(ws, INVOICE_WIDTHS)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    t, m = text_cell, money_cell
    ws.append(
        [
            t(
                ws,
                f"Счёт № {invoice.number} от {day(invoice.formed_at)} за услуги электросвязи "
                f"за {period_title(invoice.period)}",
                bold=True,
            )
        ]
    )
    # Three label/value pairs per row (B:C, D:F, G:I), so the frozen band stays short.
    rows = [
        [t(ws, "Плательщик"), t(ws, client.name), t(ws, "УНП плательщика"), None,
         t(ws, client.unp), t(ws, "Лицевой счёт"), None, t(ws, document.account.number)],
        [t(ws, "Оператор"), t(ws, operator.name), t(ws, "УНП оператора"), None,
         t(ws, operator.unp), t(ws, "Расчётный период"), None,
         t(ws, period_title(invoice.period))],
        [t(ws, "Договор №"), t(ws, client.contract_number), t(ws, "Дата договора"), None,
         date_cell(ws, client.contract_date), t(ws, "Дата формирования"), None,
         date_cell(ws, invoice.formed_at)],
        [t(ws, "Входящий остаток"), m(ws, invoice.opening_balance),
         t(ws, "Поступило платежей"), None, m(ws, invoice.payments),
         t(ws, "Начислено без НДС"), None, m(ws, invoice.total)],
        [t(ws, "НДС 20 %"), m(ws, invoice.vat), t(ws, "Начислено с НДС"), None,
         m(ws, invoice.gross), t(ws, "К оплате", bold=True), None,
         m(ws, invoice.amount_due, bold=True)],
    ]  # fmt: skip
    for row in rows:
        ws.append([None, *row])
    ws.append([])
    charges = list(ChargeType)
    ws.append(
        header_row(
            ws, ["№", "Номер абонента", "Абонент", *(c.label for c in charges), "Итого, руб."]
        )
    )
    for index, line in enumerate(invoice.lines, 1):
        ws.append(
            [
                index,
                t(ws, line.subscriber_number),
                t(ws, line.subscriber_name),
                *(m(ws, line.amount(charge)) for charge in charges),
                m(ws, line.total),
            ]
        )
    last_line_row = HEADER_ROW + len(invoice.lines)
    set_filter(ws, f"A{HEADER_ROW}:I{max(last_line_row, HEADER_ROW + 1)}")
    column_totals = [
        money(sum((line.amount(charge) for line in invoice.lines), Decimal(0)))
        for charge in charges
    ]
    totals = [m(ws, amount, bold=True) for amount in [*column_totals, invoice.total]]
    first = t(ws, "Итого без НДС", bold=True)
    for cell in [first, *totals]:
        cell.border = TOTAL_BORDER
    ws.append([None, None, first, *totals])
    for label, amount in (
        ("НДС 20 %", invoice.vat),
        ("Итого с НДС", invoice.gross),
        ("Входящий остаток", invoice.opening_balance),
        ("Поступило платежей", invoice.payments),
        ("К оплате", invoice.amount_due),
    ):
        ws.append(
            [None, None, t(ws, label, bold=True), *[None] * len(charges), m(ws, amount, True)]
        )


def _summary_sheet(
    ws: WriteOnlyWorksheet, document: InvoiceDocument, breakdown: CallBreakdownWriter
) -> None:
    """Per subscriber: the three parts, their sum and the invoice's «Звонки» (D8, D10)."""
    set_widths(ws, SUMMARY_WIDTHS)
    ws.freeze_panes = "A2"
    parts = list(CallPart)
    ws.append(
        header_row(
            ws,
            [
                "Номер абонента",
                "Абонент",
                *(part.label for part in parts),
                "Звонки по детализации",
                "Звонки в счёте",
                "Расхождение",
            ],
        )
    )
    t, m = text_cell, money_cell
    zero = dict.fromkeys(parts, Decimal(0))
    seen: set[str] = set()
    invoiced_total = Decimal(0)
    rows = 1
    for line in document.invoice.lines:
        sums = breakdown.by_subscriber.get(line.subscriber_number, zero)
        seen.add(line.subscriber_number)
        detail = money(sum(sums.values(), Decimal(0)))
        invoiced = line.amount(ChargeType.CALLS)
        invoiced_total += invoiced
        ws.append(
            [
                t(ws, line.subscriber_number),
                t(ws, line.subscriber_name),
                *(m(ws, sums[part]) for part in parts),
                m(ws, detail),
                m(ws, invoiced),
                m(ws, detail - invoiced),
            ]
        )
        rows += 1
    # Calls of a number that has no line in the invoice are shown, not dropped.
    for number, sums in breakdown.by_subscriber.items():
        if number in seen:
            continue
        detail = money(sum(sums.values(), Decimal(0)))
        ws.append(
            [
                t(ws, number),
                t(ws, "нет в счёте"),
                *(m(ws, sums[part]) for part in parts),
                m(ws, detail),
                m(ws, Decimal(0)),
                m(ws, detail),
            ]
        )
        rows += 1
    set_filter(ws, f"A1:H{max(rows, 2)}")
    totals = [money(breakdown.part_totals[part]) for part in parts]
    detail_total = money(sum(totals, Decimal(0)))
    cells = [
        t(ws, "Итого", bold=True),
        None,
        *(m(ws, amount, True) for amount in totals),
        m(ws, detail_total, True),
        m(ws, invoiced_total, True),
        m(ws, detail_total - invoiced_total, True),
    ]
    for cell in cells:
        if cell is not None:
            cell.border = TOTAL_BORDER
    ws.append(cells)
