"""The call detail of XLSX_BREAKDOWN: three parts by D8, streamed in one pass.

The calls may be a generator over millions of rows, read once. Each part has
its own sheet, whose rows stream to a temporary file of sheet XML
(xlsx_stream.py), so rows are appended to the three sheets interleaved, in the
order the calls arrive. A part that reaches the row limit continues on a new
sheet («Рабочее время (2)», added after the sheets already there). Only the
per-subscriber sums stay in memory.

The loop is the hot path of the biggest document: per call it does a few
float operations instead of building local datetimes (`MinskClock`), and
formats one string for the row with the style ids xlsxwriter gave the formats,
instead of six xlsxwriter cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.documents import CallRecord
from domain.periods import MINSK
from domain.worktime import WORK_ENDS, WORK_STARTS, CallPart, WorkingDays
from infra.render.xlsx_book import EXCEL_MAX_ROWS, Sheet, Styled, Styles
from infra.render.xlsx_stream import RowFile, sheet_part, xf_id, xml_text

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
EXCEL_UNIX_EPOCH = 25_569  # the Excel serial of 1970-01-01 (1900 date system)
UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_PARTS = list(CallPart)
_WORK_FROM = WORK_STARTS.hour * 3600 + WORK_STARTS.minute * 60 + WORK_STARTS.second
_WORK_UNTIL = WORK_ENDS.hour * 3600 + WORK_ENDS.minute * 60 + WORK_ENDS.second
_TEXT_CACHE_LIMIT = 100_000


class MinskClock:
    """D8 classification and the Excel serial of a call's start, without local datetimes.

    `domain.worktime.classify` is the reference; this gives the same answer
    from the moment's POSIX time: the Minsk UTC offset is looked up once per
    UTC hour (offsets change on whole hours), and whether a day is a working
    day once per day.
    """

    def __init__(self, calendar: WorkingDays) -> None:
        self._calendar = calendar
        self._offsets: dict[float, float] = {}
        self._working: dict[float, bool] = {}

    def part_and_serial(self, moment: datetime) -> tuple[int, float]:
        """The index in `CallPart` of the part of a call started at `moment`, and
        `moment` on the Minsk wall clock as an Excel serial (days since 1899-12-30)."""
        if moment.tzinfo is None:
            raise ValueError("naive datetime: every moment must be aware (D0)")
        seconds = moment.timestamp()
        hour = seconds // 3600
        offset = self._offsets.get(hour)
        if offset is None:
            offset = self._offsets[hour] = self._offset(hour)
        local = seconds + offset
        day = local // SECONDS_PER_DAY
        second_of_day = local - day * SECONDS_PER_DAY
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = self._calendar.is_working_day(
                date.fromordinal(UNIX_EPOCH_ORDINAL + int(day))
            )
        if not working:
            part = 2
        elif _WORK_FROM <= second_of_day < _WORK_UNTIL:
            part = 0
        else:
            part = 1
        return part, day + EXCEL_UNIX_EPOCH + second_of_day / SECONDS_PER_DAY

    @staticmethod
    def _offset(hour: float) -> float:
        utc_offset = datetime.fromtimestamp(hour * 3600, MINSK).utcoffset()
        assert utc_offset is not None
        return utc_offset.total_seconds()


@dataclass
class DetailSheet:
    """One sheet of a part: its rows stream to `body` until the sheet is full."""

    part: CallPart
    title: str
    body: RowFile = field(default_factory=RowFile)
    rows: int = 1  # rows so far, the header included; the next row's 0-based index
    total: Decimal = field(default_factory=lambda: Decimal(0))
    last: bool = False  # the part's last sheet, which also shows the part's total


class CallBreakdownWriter:
    """Writes the three D8 parts and keeps the sums that reconcile them with the invoice.

    `write` streams the call rows to temporary files; `add_sheets` then adds
    their placeholders to the workbook, and `rows_by_part` says which package
    part each file belongs in (xlsx_stream.splice).
    """

    def __init__(self, styles: Styles, calendar: WorkingDays, max_rows: int = EXCEL_MAX_ROWS):
        if max_rows < 1 + FOOTER_ROWS + 1:
            raise ValueError("max_rows leaves no room for a call")
        self._styles = styles
        self._calendar = calendar
        self._max_rows = max_rows
        self.sheets: dict[CallPart, list[str]] = {part: [] for part in CallPart}
        self.part_totals = {part: Decimal(0) for part in CallPart}
        self.by_subscriber: dict[str, list[Decimal]] = {}
        self.detail: list[DetailSheet] = []  # in the order the sheets were opened
        self.rows_by_part: dict[str, RowFile] = {}

    def subscriber_sums(self, number: str) -> dict[CallPart, Decimal] | None:
        sums = self.by_subscriber.get(number)
        return None if sums is None else dict(zip(_PARTS, sums, strict=True))

    def write(self, calls: Iterable[CallRecord]) -> None:
        """One pass over the calls: each goes to the part of its start time (D8)."""
        current = [self._open(part) for part in _PARTS]
        limit = self._max_rows - FOOTER_ROWS
        part_and_serial = MinskClock(self._calendar).part_and_serial
        by_subscriber = self.by_subscriber
        styles = self._styles
        stamp, duration, money = (
            xf_id(styles.datetime),
            xf_id(styles.duration),
            xf_id(styles.money),
        )
        # Subscriber numbers and call kinds repeat: clean and escape each once.
        texts: dict[str, str] = {}
        zero = Decimal(0)
        for call in calls:
            part, serial = part_and_serial(call.started_at)
            target = current[part]
            row = target.rows
            if row >= limit:
                target = current[part] = self._open(_PARTS[part])
                row = 1
            number = call.subscriber_number
            kind = call.kind
            clean_number = texts.get(number)
            if clean_number is None:
                if len(texts) > _TEXT_CACHE_LIMIT:
                    texts.clear()
                clean_number = texts[number] = xml_text(number)
            clean_kind = texts.get(kind)
            if clean_kind is None:
                clean_kind = texts[kind] = xml_text(kind)
            cost = call.cost
            r = row + 1  # 1-based in the XML
            target.body.text.write(
                f'<row r="{r}">'
                f'<c r="A{r}" t="inlineStr"><is><t>{clean_number}</t></is></c>'
                f'<c r="B{r}" s="{stamp}"><v>{serial!r}</v></c>'
                f'<c r="C{r}" t="inlineStr"><is><t>{xml_text(call.callee)}</t></is></c>'
                f'<c r="D{r}" t="inlineStr"><is><t>{clean_kind}</t></is></c>'
                f'<c r="E{r}" s="{duration}"><v>{call.duration_s / SECONDS_PER_DAY!r}</v></c>'
                f'<c r="F{r}" s="{money}"><v>{float(cost)!r}</v></c>'
                "</row>"
            )
            target.rows = r
            target.total += cost
            sums = by_subscriber.get(number)
            if sums is None:
                sums = by_subscriber[number] = [zero, zero, zero]
            sums[part] += cost
        for target in current:
            target.last = True
        for sheet in self.detail:
            self.part_totals[sheet.part] += sheet.total

    def add_sheets(self, wb: Any) -> None:
        """The detail sheets as placeholders, in the order they were opened: header,
        footers below where the rows go, frozen header, filter, column widths."""
        styles = self._styles
        label, amount = styles.total_label, styles.total_money
        for detail in self.detail:
            sheet = Sheet(wb, styles, detail.title, WIDTHS)
            self.rows_by_part[sheet_part(sheet.ws.index)] = detail.body
            sheet.freeze(1)
            sheet.header(HEADERS)
            sheet.rows = detail.rows
            sheet.filter(1, max(sheet.rows, 2), len(HEADERS) - 1)
            blank = [None] * (len(HEADERS) - 2)
            sheet.append([Styled("Итого по листу", label), *blank, Styled(detail.total, amount)])
            if detail.last:
                total = self.part_totals[detail.part]
                sheet.append(
                    [Styled(f"Итого: {detail.part.label}", label), *blank, Styled(total, amount)]
                )

    def close(self) -> None:
        """Removes the temporary files."""
        for detail in self.detail:
            detail.body.close()

    def _open(self, part: CallPart) -> DetailSheet:
        number = len(self.sheets[part]) + 1
        title = SHEET_TITLES[part] if number == 1 else f"{SHEET_TITLES[part]} ({number})"
        self.sheets[part].append(title)
        detail = DetailSheet(part, title)
        self.detail.append(detail)
        return detail
