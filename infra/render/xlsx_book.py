"""Writing workbooks with xlsxwriter in constant_memory mode: styles and typed cells.

Each sheet streams its rows to its own temporary file as they are written, so
memory does not grow with the rows, and rows of several sheets may be written
interleaved. A sheet's rows must be written in order.

User text always goes through `write_string`, never `write()`: a subscriber
named "=HYPERLINK(…)" stays text, never a formula (and text that looks like
xlsxwriter's rich-text XML through `write_rich_string`, see `put`). Money is written as a
number with a money format, dates as dates (D10).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO

import xlsxwriter

from domain.periods import to_minsk
from infra.render.formatting import one_line

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM:SS"
DURATION_FORMAT = "[H]:MM:SS"
EXCEL_TEXT_LIMIT = 32_767
EXCEL_MAX_ROWS = 1_048_576
HEADER_FILL = "#DDE3EA"
# Characters XML 1.0 cannot hold that one_line leaves: lone surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")

Format = Any  # xlsxwriter.format.Format; xlsxwriter ships no type information


def excel_text(value: str) -> str:
    """User text as Excel can hold it: no control characters, nothing XML cannot
    hold, within the cell limit (32,767 UTF-16 units)."""
    # The common case, printable text without outer spaces, needs no regex. Text
    # under half the limit cannot exceed it in UTF-16 units, which Excel counts.
    if (
        value.isprintable()
        and len(value) <= EXCEL_TEXT_LIMIT // 2
        and value[:1] != " "
        and value[-1:] != " "
    ):
        return value
    text = _NOT_XML.sub("\ufffd", one_line(value))
    if len(text) > EXCEL_TEXT_LIMIT // 2:
        # A pair split by the cut is dropped whole ("ignore").
        units = text.encode("utf-16-le")[: 2 * EXCEL_TEXT_LIMIT]
        text = units.decode("utf-16-le", "ignore")
    return text


def local_naive(moment: datetime) -> datetime:
    """Excel has no time zones: the Minsk wall clock (D0)."""
    return to_minsk(moment).replace(tzinfo=None)


def new_workbook(out: BinaryIO) -> Any:
    """A workbook that streams every sheet (constant_memory) and writes to `out` on close."""
    return xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            # Text is text: write() is never used for user text, and these keep
            # it so should it ever be.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )


class Styles:
    """The formats of the invoice workbooks, made once per workbook."""

    def __init__(self, wb: Any) -> None:
        bold = {"bold": True}
        top = {"top": 1, "top_color": "#000000"}
        self.bold: Format = wb.add_format(bold)
        self.plain: Format = wb.add_format()  # a rich-text run in the default font
        self.header: Format = wb.add_format(
            {
                **bold,
                "bg_color": HEADER_FILL,
                "pattern": 1,
                "bottom": 1,
                "bottom_color": "#000000",
                "text_wrap": True,
                "valign": "bottom",
            }
        )
        self.money: Format = wb.add_format({"num_format": MONEY_FORMAT})
        self.money_bold: Format = wb.add_format({"num_format": MONEY_FORMAT, **bold})
        self.total_label: Format = wb.add_format({**bold, **top})
        self.total_money: Format = wb.add_format({"num_format": MONEY_FORMAT, **bold, **top})
        self.date: Format = wb.add_format({"num_format": DATE_FORMAT})
        self.datetime: Format = wb.add_format({"num_format": DATETIME_FORMAT})
        self.duration: Format = wb.add_format({"num_format": DURATION_FORMAT})


@dataclass(frozen=True, slots=True)
class Styled:
    """A value with a format other than its type's default."""

    value: str | Decimal | date | datetime | int | float
    style: Format


def put(ws: Any, styles: Styles, row: int, col: int, value: object) -> None:
    """One cell, written by its type: text as text, money as a number, dates as dates."""
    style: Format = None
    if isinstance(value, Styled):
        style = value.style
        value = value.value
    if value is None:
        return
    if isinstance(value, str):
        text = excel_text(value)
        if text.startswith("<r>") and text.endswith("</r>"):
            # xlsxwriter (constant_memory) copies such a string into the sheet
            # XML unescaped, as rich text, where it could add cells and
            # formulas; as a rich string of two plain runs it is escaped.
            runs = [text[:1], styles.plain, text[1:], *([style] if style is not None else [])]
            if ws.write_rich_string(row, col, *runs) != 0:
                raise ValueError(f"rich string refused at {row},{col}")
        else:
            ws.write_string(row, col, text, style)
    elif isinstance(value, Decimal):
        ws.write_number(row, col, float(value), style or styles.money)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, local_naive(value), style or styles.datetime)
    elif isinstance(value, date):
        ws.write_datetime(row, col, value, style or styles.date)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value, style)
    else:
        raise TypeError(f"no cell for {type(value).__name__}")


class Sheet:
    """A worksheet written row by row, from the top."""

    def __init__(
        self, wb: Any, styles: Styles, title: str, widths: Mapping[str, float] | None = None
    ) -> None:
        self.ws: Any = wb.add_worksheet(title)
        self.styles = styles
        self.rows = 0  # rows written so far; the next row's index (0-based)
        for column, width in (widths or {}).items():
            index = ord(column) - ord("A")
            self.ws.set_column(index, index, width)

    def append(self, values: Sequence[object] = ()) -> None:
        for col, value in enumerate(values):
            put(self.ws, self.styles, self.rows, col, value)
        self.rows += 1

    def header(self, labels: Sequence[str]) -> None:
        self.append([Styled(label, self.styles.header) for label in labels])

    def freeze(self, rows: int) -> None:
        """Keeps the top `rows` rows in view."""
        self.ws.freeze_panes(rows, 0)

    def filter(self, first_row: int, last_row: int, last_col: int) -> None:
        """An auto filter over 1-based rows first_row..last_row, columns A..last_col."""
        self.ws.autofilter(first_row - 1, 0, last_row - 1, last_col)
