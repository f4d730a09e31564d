"""Cells for write-only openpyxl sheets: text that stays text, money, dates.

Cell objects are made once per column and reused for every row: a write-only
sheet serialises a row as soon as it is appended, so a reused cell is safe and
saves building millions of objects and style look-ups.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from domain.periods import to_minsk
from infra.render.formatting import one_line

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM:SS"
DURATION_FORMAT = "[H]:MM:SS"
EXCEL_TEXT_LIMIT = 32_767

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))
WRAP = Alignment(wrap_text=True, vertical="bottom")


def _any(value: object) -> Any:
    """openpyxl takes Decimal and date; its stubs say only str, float, datetime."""
    return value


def excel_text(value: str) -> str:
    """User text as Excel can hold it: no control characters, within the cell limit."""
    return one_line(value)[:EXCEL_TEXT_LIMIT]


def local_naive(moment: datetime) -> datetime:
    """Excel has no time zones: the Minsk wall clock (D0)."""
    return to_minsk(moment).replace(tzinfo=None)


def text_cell(ws: WriteOnlyWorksheet, value: str, bold: bool = False) -> Cell:
    """A string cell that is never read as a formula ("=SUM(A1)", "+375…", "@x")."""
    cell = WriteOnlyCell(ws, value=excel_text(value))
    cell.data_type = "s"
    if bold:
        cell.font = BOLD
    return cell


def money_cell(ws: WriteOnlyWorksheet, value: Decimal, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(ws, value=_any(value))
    cell.number_format = MONEY_FORMAT
    if bold:
        cell.font = BOLD
    return cell


def date_cell(ws: WriteOnlyWorksheet, value: date | datetime) -> Cell:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=local_naive(value))
        cell.number_format = DATETIME_FORMAT
    else:
        cell = WriteOnlyCell(ws, value=_any(value))
        cell.number_format = DATE_FORMAT
    return cell


def set_widths(ws: WriteOnlyWorksheet, widths: Mapping[str, float]) -> None:
    """Column widths; a write-only sheet writes them before its first row."""
    sheet: Any = ws  # the stubs lack the attributes openpyxl gives write-only sheets
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def set_filter(ws: WriteOnlyWorksheet, ref: str) -> None:
    """The auto filter; a write-only sheet writes it when the workbook is saved."""
    sheet: Any = ws
    sheet.auto_filter.ref = ref


def header_row(ws: WriteOnlyWorksheet, labels: list[str]) -> list[Cell]:
    cells = []
    for label in labels:
        cell = text_cell(ws, label, bold=True)
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = WRAP
        cells.append(cell)
    return cells


class ReusableText:
    """One text cell reused row after row; set() keeps it a string."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.cell = WriteOnlyCell(ws)

    def set(self, value: str) -> Cell:
        self.cell.value = excel_text(value)
        self.cell.data_type = "s"  # after the value: openpyxl marks "=…" as a formula
        return self.cell


class ReusableFormatted:
    """One number or date cell reused row after row, with its number format."""

    def __init__(self, ws: WriteOnlyWorksheet, number_format: str) -> None:
        self.cell = WriteOnlyCell(ws)
        self.cell.number_format = number_format

    def set(self, value: Any) -> Cell:
        self.cell.value = value
        return self.cell
