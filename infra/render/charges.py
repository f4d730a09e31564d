"""D9: the current month's charges per subscriber as a workbook (openpyxl, write-only)."""

from __future__ import annotations

from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook

from domain.charges import ChargesStatement
from domain.invoices import ChargeType
from domain.money import money
from infra.render.formatting import period_title
from infra.render.xlsx_cells import (
    TOTAL_BORDER,
    date_cell,
    header_row,
    money_cell,
    set_widths,
    text_cell,
)

SHEET = "Начисления"
WIDTHS = {"A": 7, "B": 22, "C": 40, "D": 19, "E": 13, "F": 12, "G": 12, "H": 14, "I": 19}


class OpenpyxlChargesWorkbook:
    """D9: one sheet: the client, the account, the moment, and a line per subscriber."""

    def workbook(self, report: ChargesStatement, out: BinaryIO) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(SHEET)
        set_widths(ws, WIDTHS)
        t, m = text_cell, money_cell
        ws.append(
            [t(ws, f"Начисления за текущий период: {period_title(report.period)}", bold=True)]
        )
        ws.append([None, t(ws, "Клиент"), t(ws, report.client.name)])
        ws.append([None, t(ws, "УНП"), t(ws, report.client.unp)])
        ws.append([None, t(ws, "Лицевой счёт"), t(ws, report.account.number)])
        ws.append([None, t(ws, "По состоянию на"), date_cell(ws, report.at)])
        ws.append([])
        charges = list(ChargeType)
        ws.append(
            header_row(
                ws, ["№", "Номер абонента", "Абонент", *(c.label for c in charges), "Итого, руб."]
            )
        )
        for index, line in enumerate(report.lines, 1):
            ws.append(
                [
                    index,
                    t(ws, line.subscriber_number),
                    t(ws, line.subscriber_name),
                    *(m(ws, line.amount(charge)) for charge in charges),
                    m(ws, line.total),
                ]
            )
        sums = [money(sum((line.amount(c) for line in report.lines), Decimal(0))) for c in charges]
        first = t(ws, "Итого без НДС", bold=True)
        totals = [m(ws, amount, bold=True) for amount in [*sums, report.net]]
        for cell in [first, *totals]:
            cell.border = TOTAL_BORDER
        ws.append([None, None, first, *totals])
        ws.append(
            [
                None,
                None,
                t(ws, "НДС 20 %", bold=True),
                *[None] * len(charges),
                m(ws, report.vat, True),
            ]
        )
        ws.append(
            [
                None,
                None,
                t(ws, "Итого с НДС", bold=True),
                *[None] * len(charges),
                m(ws, report.net + report.vat, True),
            ]
        )
        wb.save(out)
