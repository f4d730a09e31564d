"""The call detail of XLSX_BREAKDOWN: three parts by D8, streamed in one pass.

The calls may be a generator over millions of rows, read once. Each part has
its own sheet; xlsxwriter's constant_memory sheets each stream to their own
temporary file, so rows are appended to the three sheets interleaved, in the
order the calls arrive. A part that reaches the row limit continues on a new
sheet («Рабочее время (2)», added after the sheets already there). Only the
per-subscriber sums stay in memory.

The loop is the hot path of the biggest document: per call it does a few
float operations instead of building local datetimes (`MinskClock`), and
writes six cells with preset formats.
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
from infra.render.xlsx_book import EXCEL_MAX_ROWS, Sheet, Styled, Styles, excel_text

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
class _PartSheet:
    """The sheet a part is currently written to."""

    sheet: Sheet
    total: Decimal = field(default_factory=lambda: Decimal(0))


class CallBreakdownWriter:
    """Writes the three D8 parts and keeps the sums that reconcile them with the invoice."""

    def __init__(
        self, wb: Any, styles: Styles, calendar: WorkingDays, max_rows: int = EXCEL_MAX_ROWS
    ):
        if max_rows < 1 + FOOTER_ROWS + 1:
            raise ValueError("max_rows leaves no room for a call")
        self._wb = wb
        self._styles = styles
        self._calendar = calendar
        self._max_rows = max_rows
        self.sheets: dict[CallPart, list[str]] = {part: [] for part in CallPart}
        self.part_totals = {part: Decimal(0) for part in CallPart}
        self.by_subscriber: dict[str, list[Decimal]] = {}
        self._current = [self._open(part) for part in _PARTS]

    def subscriber_sums(self, number: str) -> dict[CallPart, Decimal] | None:
        sums = self.by_subscriber.get(number)
        return None if sums is None else dict(zip(_PARTS, sums, strict=True))

    def write(self, calls: Iterable[CallRecord]) -> None:
        """One pass over the calls: each goes to the part of its start time (D8)."""
        limit = self._max_rows - FOOTER_ROWS
        part_and_serial = MinskClock(self._calendar).part_and_serial
        current = self._current
        by_subscriber = self.by_subscriber
        stamp, duration, money = (
            self._styles.datetime,
            self._styles.duration,
            self._styles.money,
        )
        # Subscriber numbers and call kinds repeat: clean each once.
        texts: dict[str, str] = {}
        zero = Decimal(0)
        for call in calls:
            part, serial = part_and_serial(call.started_at)
            target = current[part]
            sheet = target.sheet
            if sheet.rows >= limit:
                self._close_sheet(target, last=False, part=_PARTS[part])
                target = current[part] = self._open(_PARTS[part])
                sheet = target.sheet
            row = sheet.rows
            number = call.subscriber_number
            kind = call.kind
            clean_number = texts.get(number)
            if clean_number is None:
                if len(texts) > _TEXT_CACHE_LIMIT:
                    texts.clear()
                clean_number = texts[number] = excel_text(number)
            clean_kind = texts.get(kind)
            if clean_kind is None:
                clean_kind = texts[kind] = excel_text(kind)
            cost = call.cost
            ws = sheet.ws
            ws.write_string(row, 0, clean_number)
            ws.write_number(row, 1, serial, stamp)
            ws.write_string(row, 2, excel_text(call.callee))
            ws.write_string(row, 3, clean_kind)
            ws.write_number(row, 4, call.duration_s / SECONDS_PER_DAY, duration)
            ws.write_number(row, 5, float(cost), money)
            sheet.rows = row + 1
            target.total += cost
            sums = by_subscriber.get(number)
            if sums is None:
                sums = by_subscriber[number] = [zero, zero, zero]
            sums[part] += cost
        for call_part, target in zip(_PARTS, current, strict=True):
            self._close_sheet(target, last=True, part=call_part)

    def _open(self, part: CallPart) -> _PartSheet:
        number = len(self.sheets[part]) + 1
        title = SHEET_TITLES[part] if number == 1 else f"{SHEET_TITLES[part]} ({number})"
        sheet = Sheet(self._wb, self._styles, title, WIDTHS)
        sheet.freeze(1)
        sheet.header(HEADERS)
        self.sheets[part].append(title)
        return _PartSheet(sheet)

    def _close_sheet(self, target: _PartSheet, last: bool, part: CallPart) -> None:
        sheet, styles = target.sheet, self._styles
        sheet.filter(1, max(sheet.rows, 2), len(HEADERS) - 1)
        self.part_totals[part] += target.total
        label, amount = styles.total_label, styles.total_money
        sheet.append(
            [Styled("Итого по листу", label), None, None, None, None, Styled(target.total, amount)]
        )
        if last:
            sheet.append(
                [
                    Styled(f"Итого: {part.label}", label),
                    None,
                    None,
                    None,
                    None,
                    Styled(self.part_totals[part], amount),
                ]
            )
