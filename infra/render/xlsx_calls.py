"""The call detail of XLSX_BREAKDOWN: three parts by D8, streamed in one pass.

The calls may be a generator over millions of rows, read once. Each part has
its own write-only sheet; write-only sheets each stream to their own temporary
file, so rows can be appended to the three sheets interleaved, in the order the
calls arrive. A part that reaches the row limit continues on a new sheet
(«Рабочее время (2)»). Only the per-subscriber sums stay in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from domain.documents import CallRecord
from domain.worktime import CallPart, WorkingDays, classify
from infra.render.xlsx_cells import (
    DATETIME_FORMAT,
    DURATION_FORMAT,
    MONEY_FORMAT,
    TOTAL_BORDER,
    ReusableFormatted,
    ReusableText,
    header_row,
    local_naive,
    money_cell,
    set_filter,
    set_widths,
    text_cell,
)

EXCEL_MAX_ROWS = 1_048_576
SHEET_TITLES = {
    CallPart.WORK: "Рабочее время",
    CallPart.NON_WORK: "Нерабочее время",
    CallPart.WEEKEND_HOLIDAY: "Выходные и праздничные дни",
}
HEADERS = [
    "Номер абонента",
    "Дата и время начала",
    "Вызываемый номер",
    "Вид вызова",
    "Длительность",
    "Стоимость, руб. без НДС",
]
WIDTHS = {"A": 19, "B": 20, "C": 20, "D": 26, "E": 13, "F": 14}
FOOTER_ROWS = 2  # «Итого по листу» and, on a part's last sheet, the part's total
SECONDS_PER_DAY = 86_400


@dataclass
class _PartSheet:
    """The sheet a part is currently written to, with its reusable cells."""

    ws: WriteOnlyWorksheet
    rows: int = 1  # the header
    total: Decimal = field(default_factory=lambda: Decimal(0))

    def __post_init__(self) -> None:
        self.number = ReusableText(self.ws)
        self.started = ReusableFormatted(self.ws, DATETIME_FORMAT)
        self.callee = ReusableText(self.ws)
        self.kind = ReusableText(self.ws)
        self.duration = ReusableFormatted(self.ws, DURATION_FORMAT)
        self.cost = ReusableFormatted(self.ws, MONEY_FORMAT)


class CallBreakdownWriter:
    """Writes the three D8 parts and keeps the sums that reconcile them with the invoice."""

    def __init__(self, wb: Workbook, calendar: WorkingDays, max_rows: int = EXCEL_MAX_ROWS):
        if max_rows < 1 + FOOTER_ROWS + 1:
            raise ValueError("max_rows leaves no room for a call")
        self._wb = wb
        self._calendar = calendar
        self._max_rows = max_rows
        self.sheets: dict[CallPart, list[WriteOnlyWorksheet]] = {part: [] for part in CallPart}
        self.part_totals = {part: Decimal(0) for part in CallPart}
        self.by_subscriber: dict[str, dict[CallPart, Decimal]] = {}
        self._current = {part: self._open(part) for part in CallPart}

    def write(self, calls: Iterable[CallRecord]) -> None:
        """One pass over the calls: each goes to the part of its start time (D8)."""
        limit = self._max_rows - FOOTER_ROWS
        calendar = self._calendar
        by_subscriber = self.by_subscriber
        for call in calls:
            part = classify(call.started_at, calendar)
            sheet = self._current[part]
            if sheet.rows >= limit:
                self._close_sheet(sheet, last=False, part=part)
                sheet = self._current[part] = self._open(part)
            sheet.ws.append(
                [
                    sheet.number.set(call.subscriber_number),
                    sheet.started.set(local_naive(call.started_at)),
                    sheet.callee.set(call.callee),
                    sheet.kind.set(call.kind),
                    sheet.duration.set(call.duration_s / SECONDS_PER_DAY),
                    sheet.cost.set(call.cost),
                ]
            )
            sheet.rows += 1
            sheet.total += call.cost
            sums = by_subscriber.get(call.subscriber_number)
            if sums is None:
                sums = by_subscriber[call.subscriber_number] = dict.fromkeys(CallPart, Decimal(0))
            sums[part] += call.cost
        for part, sheet in self._current.items():
            self._close_sheet(sheet, last=True, part=part)

    def _open(self, part: CallPart) -> _PartSheet:
        number = len(self.sheets[part]) + 1
        title = SHEET_TITLES[part] if number == 1 else f"{SHEET_TITLES[part]} ({number})"
        ws = self._wb.create_sheet(title)
        # Widths and frozen panes are written before the first row, so set them now.
        set_widths(ws, WIDTHS)
        ws.freeze_panes = "A2"
        ws.append(header_row(ws, HEADERS))
        self.sheets[part].append(ws)
        return _PartSheet(ws)

    def _close_sheet(self, sheet: _PartSheet, last: bool, part: CallPart) -> None:
        ws = sheet.ws
        set_filter(ws, f"A1:F{max(sheet.rows, 2)}")
        self.part_totals[part] += sheet.total
        ws.append(self._total_row(ws, "Итого по листу", sheet.total))
        if last:
            ws.append(self._total_row(ws, f"Итого: {part.label}", self.part_totals[part]))

    @staticmethod
    def _total_row(ws: WriteOnlyWorksheet, label: str, amount: Decimal) -> list[object]:
        first = text_cell(ws, label, bold=True)
        first.border = TOTAL_BORDER
        total = money_cell(ws, amount, bold=True)
        total.border = TOTAL_BORDER
        return [first, None, None, None, None, total]
