"""Cells for write-only openpyxl sheets: text that stays text, money, dates.

Only the D9 charges workbook (charges.py) still writes with openpyxl; the
invoice workbooks use xlsxwriter (xlsx_book.py), whose text cleaning, number
formats and header colour these cells share, so both kinds of workbook look
and read alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from infra.render.xlsx_book import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    HEADER_FILL,
    MONEY_FORMAT,
    excel_text,
    local_naive,
)

BOLD = Font(bold=True)
HEADER_BACKGROUND = PatternFill("solid", fgColor=HEADER_FILL.lstrip("#"))
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))
WRAP = Alignment(wrap_text=True, vertical="bottom")


def _any(value: object) -> Any:
    """openpyxl takes Decimal and date; its stubs say only str, float, datetime."""
    return value


def text_cell(ws: WriteOnlyWorksheet, value: str, bold: bool = False) -> Cell:
    """A string cell that is never read as a formula ("=SUM(A1)", "+375…", "@x")."""
    cell = WriteOnlyCell(ws, value=excel_text(value))
    cell.data_type = "s"  # after the value: openpyxl marks "=…" as a formula
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


def header_row(ws: WriteOnlyWorksheet, labels: list[str]) -> list[Cell]:
    cells = []
    for label in labels:
        cell = text_cell(ws, label, bold=True)
        cell.fill = HEADER_BACKGROUND
        cell.border = HEADER_BORDER
        cell.alignment = WRAP
        cells.append(cell)
    return cells
