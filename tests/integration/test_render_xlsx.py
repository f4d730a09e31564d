"""D8, D10: the workbook shows the API's figures; the breakdown adds up; read back with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.documents import CallRecord
from domain.invoices import ChargeType
from domain.periods import MINSK
from domain.worktime import CallPart, WorkCalendar, classify
from infra.render.xlsx import HEADER_ROW, XlsxInvoiceRenderer
from infra.render.xlsx_calls import SHEET_TITLES
from tests.integration.render_fixtures import HOSTILE_NAMES, make_calls, make_document

CALLS = 3_000
SUBSCRIBERS = 8
CALENDAR = WorkCalendar()
NUMBER = make_document(1).invoice.lines[0].subscriber_number


def render(calls: int | None = None, max_rows: int = 1_048_576) -> tuple[Any, Workbook]:
    document = make_document(SUBSCRIBERS, calls=calls)
    out = io.BytesIO()
    source = make_calls(calls, SUBSCRIBERS) if calls is not None else None
    XlsxInvoiceRenderer(CALENDAR, max_rows=max_rows).workbook(document, out, source)
    return document, load_workbook(io.BytesIO(out.getvalue()))


def kopecks(value: object) -> Decimal:
    assert isinstance(value, int | float), f"{value!r} is not a number"
    return Decimal(str(value)).quantize(Decimal("0.01"))


def find(ws: Worksheet, label: str) -> Any:
    """The first number to the right of a label."""
    for row in ws.iter_rows():
        for index, cell in enumerate(row):
            if cell.value == label:
                return next(c for c in row[index + 1 :] if c.value is not None)
    raise AssertionError(f"{label!r} not found")


@pytest.fixture(scope="module")
def plain() -> tuple[Any, Workbook]:
    return render()


@pytest.fixture(scope="module")
def breakdown() -> tuple[Any, Workbook]:
    return render(CALLS)


def test_d10_xlsx_shows_same_totals_vat_and_amount_due(plain: tuple[Any, Workbook]) -> None:
    document, wb = plain
    ws, invoice = wb["Счёт"], document.invoice
    for label, expected in (
        ("Начислено без НДС", invoice.total),
        ("НДС 20 %", invoice.vat),
        ("Начислено с НДС", invoice.gross),
        ("К оплате", invoice.amount_due),
        ("Входящий остаток", invoice.opening_balance),
        ("Поступило платежей", invoice.payments),
    ):
        cell = find(ws, label)
        assert kopecks(cell.value) == expected, label
        assert cell.number_format == "#,##0.00"


def test_d10_xlsx_shows_each_subscriber_line_as_numbers(plain: tuple[Any, Workbook]) -> None:
    document, wb = plain
    ws = wb["Счёт"]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + SUBSCRIBERS))
    for line, row in zip(document.invoice.lines, rows, strict=True):
        assert row[1].value == line.subscriber_number
        assert row[2].value == line.subscriber_name and row[2].data_type == "s"
        expected = [line.amount(charge) for charge in ChargeType] + [line.total]
        assert [kopecks(c.value) for c in row[3:9]] == expected
        assert all(c.number_format == "#,##0.00" for c in row[3:9])
    totals = next(ws.iter_rows(min_row=HEADER_ROW + SUBSCRIBERS + 1, max_row=HEADER_ROW + 9))
    assert totals[2].value == "Итого без НДС"
    assert kopecks(totals[8].value) == document.invoice.total


def test_d10_xlsx_dates_are_dates_header_frozen_and_filtered(plain: tuple[Any, Workbook]) -> None:
    _, wb = plain
    ws = wb["Счёт"]
    assert find(ws, "Дата договора").value == datetime(2021, 3, 15)
    formed = find(ws, "Дата формирования")
    assert formed.value == datetime(2026, 11, 1, 3, 15) and formed.is_date
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{HEADER_ROW + SUBSCRIBERS}"
    assert ws.column_dimensions["C"].width >= 30


def test_d10_xlsx_refuses_formula_injection(plain: tuple[Any, Workbook]) -> None:
    _, wb = plain
    names = [row[2].value for row in wb["Счёт"].iter_rows(min_row=HEADER_ROW + 1)]
    for hostile in HOSTILE_NAMES:
        assert hostile in names
    for row in wb["Счёт"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_d8_xlsx_breakdown_has_three_parts_in_order(breakdown: tuple[Any, Workbook]) -> None:
    _, wb = breakdown
    assert wb.sheetnames == ["Счёт", "Сводка по звонкам", *SHEET_TITLES.values()]


def part_total(wb: Workbook, title: str) -> Decimal:
    """The sheet's own subtotal, on its last or last but one row."""
    rows = list(wb[title].iter_rows(values_only=True))
    subtotal = next(row for row in reversed(rows[-2:]) if row[0] == "Итого по листу")
    return kopecks(subtotal[5])


def test_d8_xlsx_breakdown_subtotals_add_up_to_calls_charges(
    breakdown: tuple[Any, Workbook],
) -> None:
    document, wb = breakdown
    invoiced = sum((line.amount(ChargeType.CALLS) for line in document.invoice.lines), Decimal(0))
    parts = [part_total(wb, title) for title in SHEET_TITLES.values()]
    assert sum(parts, Decimal(0)) == invoiced
    assert all(part > 0 for part in parts)
    summary = list(wb["Сводка по звонкам"].iter_rows(values_only=True))
    assert [kopecks(v) for v in summary[-1][2:5]] == parts
    assert kopecks(summary[-1][6]) == invoiced and kopecks(summary[-1][7]) == 0


def test_d8_xlsx_summary_reconciles_each_subscriber(breakdown: tuple[Any, Workbook]) -> None:
    document, wb = breakdown
    rows = list(wb["Сводка по звонкам"].iter_rows(min_row=2, values_only=True))[:-1]
    for line, row in zip(document.invoice.lines, rows, strict=True):
        assert row[0] == line.subscriber_number and row[1] == line.subscriber_name
        assert kopecks(row[5]) == kopecks(row[6]) == line.amount(ChargeType.CALLS)
        assert sum((kopecks(v) for v in row[2:5]), Decimal(0)) == kopecks(row[5])


def test_d8_xlsx_each_call_is_in_the_part_of_its_start(breakdown: tuple[Any, Workbook]) -> None:
    _, wb = breakdown
    seen = 0
    for part, title in SHEET_TITLES.items():
        ws = wb[title]
        assert ws.freeze_panes == "A2"
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "Итого по листу":
                break
            started = row[1].value
            assert isinstance(row[1], Cell) and row[1].is_date
            assert isinstance(started, datetime)
            assert classify(started.replace(tzinfo=MINSK), CALENDAR) is part
            assert row[2].data_type == "s" and row[5].number_format == "#,##0.00"
            seen += 1
    assert seen == CALLS


def test_d8_xlsx_callee_formula_stays_text(breakdown: tuple[Any, Workbook]) -> None:
    _, wb = breakdown
    callees = {
        row[2]
        for title in SHEET_TITLES.values()
        for row in wb[title].iter_rows(min_row=2, values_only=True)
    }
    assert "=1+1" in callees


def test_d8_xlsx_rolls_over_to_a_new_sheet_past_the_row_limit() -> None:
    document, wb = render(CALLS, max_rows=400)
    work = [t for t in wb.sheetnames if t.startswith("Рабочее время")]
    assert work[:3] == ["Рабочее время", "Рабочее время (2)", "Рабочее время (3)"]
    invoiced = sum((line.amount(ChargeType.CALLS) for line in document.invoice.lines), Decimal(0))
    total = Decimal(0)
    calls = 0
    for title in wb.sheetnames[2:]:
        ws = wb[title]
        assert ws.max_row <= 400
        total += part_total(wb, title)
        calls += sum(1 for row in ws.iter_rows(min_row=2, values_only=True) if row[1] is not None)
    assert total == invoiced
    assert calls == CALLS


def test_d8_xlsx_reads_calls_once_from_a_generator() -> None:
    document = make_document(SUBSCRIBERS, calls=50)
    consumed = 0

    def once() -> Any:
        nonlocal consumed
        for call in make_calls(50, SUBSCRIBERS):
            consumed += 1
            yield call

    XlsxInvoiceRenderer(CALENDAR).workbook(document, io.BytesIO(), once())
    assert consumed == 50


def render_calls(calls: list[CallRecord]) -> Workbook:
    """The breakdown of a one-subscriber invoice with the given calls."""
    out = io.BytesIO()
    XlsxInvoiceRenderer(CALENDAR).workbook(make_document(1), out, calls)
    return load_workbook(io.BytesIO(out.getvalue()))


def call(started_at: datetime, cost: str, duration_s: int = 60, number: str = NUMBER) -> CallRecord:
    return CallRecord(number, started_at, duration_s, "+375171234567", "Местный", Decimal(cost))


def test_d8_xlsx_transferred_working_saturday_is_working_time() -> None:
    assert date(2026, 4, 25).weekday() == 5
    wb = render_calls(
        [
            call(datetime(2026, 4, 25, 10, tzinfo=MINSK), "1.00"),  # the working Saturday
            call(datetime(2026, 4, 20, 10, tzinfo=MINSK), "2.00"),  # the Monday given off
        ]
    )
    assert part_total(wb, SHEET_TITLES[CallPart.WORK]) == Decimal("1.00")
    assert part_total(wb, SHEET_TITLES[CallPart.WEEKEND_HOLIDAY]) == Decimal("2.00")


def test_d8_xlsx_a_call_counts_in_the_part_of_its_start_whatever_its_length() -> None:
    wb = render_calls(
        [
            # Starts at 17:59:59 on a working day, ends after 18:00: working time.
            call(datetime(2026, 10, 5, 17, 59, 59, tzinfo=MINSK), "1.00", duration_s=2 * 3600),
            # Starts at 08:59:59, ends after 09:00: non-working time.
            call(datetime(2026, 10, 5, 8, 59, 59, tzinfo=MINSK), "2.00", duration_s=600),
            # Starts on New Year's Eve (a working day), ends on New Year: non-working time.
            call(datetime(2025, 12, 31, 23, 55, tzinfo=MINSK), "4.00", duration_s=1200),
            # Starts on Friday night, ends on Saturday: non-working time.
            call(datetime(2026, 10, 9, 23, 59, tzinfo=MINSK), "8.00", duration_s=600),
            # Starts at 18:00:00 sharp: non-working time.
            call(datetime(2026, 10, 5, 18, tzinfo=MINSK), "16.00"),
        ]
    )
    assert part_total(wb, SHEET_TITLES[CallPart.WORK]) == Decimal("1.00")
    assert part_total(wb, SHEET_TITLES[CallPart.NON_WORK]) == Decimal("30.00")
    assert part_total(wb, SHEET_TITLES[CallPart.WEEKEND_HOLIDAY]) == Decimal("0.00")


def test_d8_xlsx_summary_shows_calls_of_a_number_missing_from_the_invoice() -> None:
    stranger = "+375 33 999-99-99"
    wb = render_calls(
        [
            call(datetime(2026, 10, 5, 10, tzinfo=MINSK), "1.50"),
            call(datetime(2026, 10, 5, 19, tzinfo=MINSK), "2.25", number=stranger),
        ]
    )
    rows = list(wb["Сводка по звонкам"].iter_rows(min_row=2, values_only=True))
    own, extra, totals = rows
    assert own[0] == NUMBER
    assert kopecks(own[5]) == Decimal("1.50")
    assert extra[:2] == (stranger, "нет в счёте")
    assert [kopecks(v) for v in extra[2:8]] == [
        Decimal("0.00"),
        Decimal("2.25"),
        Decimal("0.00"),
        Decimal("2.25"),
        Decimal("0.00"),
        Decimal("2.25"),
    ]
    invoiced = make_document(1).invoice.lines[0].amount(ChargeType.CALLS)
    assert kopecks(own[6]) == invoiced and kopecks(own[7]) == Decimal("1.50") - invoiced
    # The totals count the stranger's calls in the detail, not in the invoice.
    assert totals[0] == "Итого"
    assert kopecks(totals[5]) == Decimal("3.75") and kopecks(totals[6]) == invoiced
    assert kopecks(totals[7]) == Decimal("3.75") - invoiced


def test_d8_fast_clock_agrees_with_classify_and_excel_dates() -> None:
    """The renderer's per-call arithmetic gives classify()'s part and the wall-clock serial."""
    from datetime import timedelta

    from openpyxl.utils.datetime import from_excel

    from infra.render.xlsx_calls import MinskClock

    clock = MinskClock(CALENDAR)
    moments = [
        datetime(2026, 10, 1, 9, 0, 0, tzinfo=MINSK),
        datetime(2026, 10, 1, 8, 59, 59, 999_999, tzinfo=MINSK),
        datetime(2026, 10, 1, 17, 59, 59, tzinfo=MINSK),
        datetime(2026, 10, 1, 18, 0, 0, tzinfo=MINSK),
        datetime(2026, 10, 1, 0, 0, 0, tzinfo=MINSK),
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=MINSK),
        datetime(2027, 1, 1, 0, 0, 0, tzinfo=MINSK),
        datetime(2026, 1, 2, 10, 0, tzinfo=MINSK),  # a substituted day off
        datetime(2026, 4, 25, 10, 0, tzinfo=MINSK),  # a transferred working Saturday
        datetime(2010, 3, 28, 10, 0, tzinfo=MINSK),  # Belarus kept summer time until 2011
        datetime(2010, 10, 31, 2, 30, tzinfo=MINSK),
    ]
    base = datetime(2009, 1, 1, tzinfo=MINSK)
    moments += [base + timedelta(seconds=k * 7_777_777 % (18 * 365 * 86_400)) for k in range(3_000)]
    parts = list(CallPart)
    for moment in moments:
        for aware in (moment, moment.astimezone(UTC)):
            part, serial = clock.part_and_serial(aware)
            assert parts[part] is classify(aware, CALENDAR), aware
            wall = aware.astimezone(MINSK).replace(tzinfo=None)
            assert abs(from_excel(serial) - wall) < timedelta(milliseconds=1), aware
    with pytest.raises(ValueError):
        clock.part_and_serial(datetime(2026, 10, 1, 10, 0))


# xlsxwriter writes a string that starts with "<r>" and ends with "</r>" into the
# sheet XML unescaped, as rich text: this one would add a formula cell.
RICH_TEXT_INJECTION = (
    '<r><t>x</t></r></is></c><c r="Z1"><f>1+1</f></c><c r="Z2" t="inlineStr"><is><r><t>y</t></r>'
)

HOSTILE_TEXT = {
    # what a call carries: what the cell reads back as
    "<b>&amp; 'x' \"y\"</b>": "<b>&amp; 'x' \"y\"</b>",
    "Иванов & Ко > Петров": "Иванов & Ко > Петров",
    "=SUM(A1:A2)": "=SUM(A1:A2)",
    "+375 (29) 1": "+375 (29) 1",
    "a\x00b\x07c\x1fd\te\nf": "a b c d e f",
    "  \x0b spaces  ": "spaces",
    # Excel decodes "_xHHHH_" in strings, so a literal one has its "_" escaped
    # (as xlsxwriter does); Excel shows "_x0041_ stays", openpyxl the escape.
    "_x0041_ stays": "_x005F_x0041_ stays",
    "bad \ud800 \ufffe \uffff": "bad \ufffd \ufffd \ufffd",
    RICH_TEXT_INJECTION: RICH_TEXT_INJECTION,
    "": "",
}


def test_d8_xlsx_detail_text_is_escaped_and_stays_text() -> None:
    """User text in the detail rows (our own sheet XML): XML-escaped, control
    characters and characters XML cannot hold replaced, never a formula."""
    start = datetime(2026, 10, 5, 10, tzinfo=MINSK)
    calls = [
        CallRecord(NUMBER, start, 60, text, text or "Местный", Decimal("1.00"))
        for text in HOSTILE_TEXT
    ]
    calls.append(CallRecord("=1+2", start, 60, "x", "<&>", Decimal("1.00")))
    out = io.BytesIO()
    XlsxInvoiceRenderer(CALENDAR).workbook(make_document(1), out, calls)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    rows = list(wb[SHEET_TITLES[CallPart.WORK]].iter_rows(min_row=2, max_row=len(calls) + 1))
    for row, expected in zip(rows, HOSTILE_TEXT.values(), strict=False):
        assert row[2].value == expected
        assert row[3].value == (expected or "Местный")
    last = rows[-1]
    assert [last[0].value, last[3].value] == ["=1+2", "<&>"]
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
        assert row[0].data_type == "s" and row[3].data_type == "s"


def test_d8_xlsx_detail_cells_read_back_with_their_types() -> None:
    """Numbers are numbers, the start a date-time on the Minsk wall clock, the
    duration a time span, the cost money, the number text."""
    from datetime import timedelta

    started = datetime(2026, 10, 5, 12, 34, 56, tzinfo=MINSK)
    wb = render_calls(
        [
            call(started, "12.34", duration_s=3 * 3600 + 25),  # past a day's 24 h: [H]
            call(started.astimezone(UTC), "0.05", duration_s=1),
        ]
    )
    ws = wb[SHEET_TITLES[CallPart.WORK]]
    rows = list(ws.iter_rows(min_row=2, max_row=3))
    for row, cost, seconds in zip(rows, ("12.34", "0.05"), (3 * 3600 + 25, 1), strict=True):
        number, moment, callee, kind, duration, amount = row
        assert number.value == NUMBER and number.data_type == "s"
        assert isinstance(moment, Cell) and moment.is_date
        assert moment.number_format == "DD.MM.YYYY HH:MM:SS"
        assert isinstance(moment.value, datetime)
        assert abs(moment.value - datetime(2026, 10, 5, 12, 34, 56)) < timedelta(milliseconds=1)
        assert callee.value == "+375171234567" and kind.value == "Местный"
        assert duration.number_format == "[H]:MM:SS"
        assert isinstance(duration.value, timedelta)
        assert abs(duration.value - timedelta(seconds=seconds)) < timedelta(milliseconds=1)
        assert amount.data_type == "n" and amount.number_format == "#,##0.00"
        assert kopecks(amount.value) == Decimal(cost)


def test_d8_xlsx_detail_sheets_keep_dimension_filter_pane_and_widths() -> None:
    """Each detail sheet, rolled over ones too: its refs span the rows we wrote."""
    _, wb = render(CALLS, max_rows=400)
    for title in wb.sheetnames[2:]:
        ws = wb[title]
        rows = list(ws.iter_rows(values_only=True))
        last_call = max(i for i, row in enumerate(rows, 1) if row[1] is not None)
        assert ws.calculate_dimension() == f"A1:F{ws.max_row}"
        closing = rows[-1][0]
        assert ws.max_row == last_call + (2 if str(closing).startswith("Итого:") else 1)
        assert ws.auto_filter.ref == f"A1:F{last_call}"
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["D"].width >= 26
        assert rows[0][0] == "Номер абонента"


def test_d10_xlsx_rich_text_markup_in_a_name_stays_text() -> None:
    """A name that looks like xlsxwriter's rich-text XML reads back as itself,
    on every sheet xlsxwriter writes, and adds no cell."""
    from dataclasses import replace

    document = make_document(1, calls=5)
    line = replace(document.invoice.lines[0], subscriber_name=RICH_TEXT_INJECTION)
    document = replace(document, invoice=replace(document.invoice, lines=[line]))
    out = io.BytesIO()
    XlsxInvoiceRenderer(CALENDAR).workbook(document, out, make_calls(5, 1))
    wb = load_workbook(io.BytesIO(out.getvalue()))
    assert find(wb["Счёт"], line.subscriber_number).value == RICH_TEXT_INJECTION
    summary = next(wb["Сводка по звонкам"].iter_rows(min_row=2, values_only=True))
    assert summary[1] == RICH_TEXT_INJECTION
    for ws in wb.worksheets:
        assert ws.max_column <= 9, ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_xml_text_escapes_and_keeps_within_excel_limits() -> None:
    from infra.render.xlsx_stream import xml_text

    assert xml_text("Иванов & Ко") == "Иванов &amp; Ко"
    assert xml_text("<t>\"'") == "&lt;t&gt;\"'"
    assert xml_text("a_x00e9_b") == "a_x005F_x00e9_b"
    assert xml_text("a\r\nb\x00") == "a b"
    assert xml_text("\udc00") == "\ufffd"
    assert xml_text("=1+1") == "=1+1"
    long = xml_text("я" * 40_000)
    assert long == "я" * 32_767
    # Excel counts UTF-16 units: an astral character is two, and is not split.
    emoji = xml_text("x" + "\U0001f600" * 20_000)
    assert emoji == "x" + "\U0001f600" * 16_383


@pytest.mark.parametrize("where", ["calls", "summary"])
def test_d8_xlsx_failure_midway_leaves_no_temporary_files(
    where: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the calls stream or after (sheets open): the error comes
    through and no temporary file, ours or xlsxwriter's, stays behind."""
    import tempfile

    from infra.render import xlsx

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken() -> Any:
        yield from make_calls(20, SUBSCRIBERS)
        if where == "calls":
            raise RuntimeError("went away")

    def failing_summary(sheet: Any, *args: object) -> None:
        sheet.header(["Номер абонента"])  # as the real one, which fails only after it
        raise RuntimeError("went away")

    if where == "summary":
        monkeypatch.setattr(xlsx, "_summary_sheet", failing_summary)
    with pytest.raises(RuntimeError, match="went away"):
        XlsxInvoiceRenderer(CALENDAR).workbook(make_document(SUBSCRIBERS), io.BytesIO(), broken())
    assert list(tmp_path.iterdir()) == []
