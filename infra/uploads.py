"""Reading an uploaded list safely: CSV or XLSX, hostile files refused (D13, D14).

A renaming list has the columns «Номер» and «Имя»; a services list (D14) only «Номер».

Everything a file can do wrong ends in INVALID_FILE (or LIST_TOO_LONG) before a line is
checked, and nothing is saved:
- neither an XLSX workbook nor CSV text (binary, an old .xls, a PDF, an image…);
- an XLSX whose zip holds too many entries, or entries whose uncompressed size is too
  large or unlike their compressed size (a zip bomb): checked from the zip directory,
  then enforced while inflating, before openpyxl sees a byte;
- a formula anywhere in the first sheet (XLSX) or a cell starting with '=' (CSV);
- a first row without the «Номер» and «Имя» columns;
- more than 10,000 lines (LIST_TOO_LONG).
CSV text is UTF-8 (with or without BOM) or Windows-1251; the separator is ';', ',' or
a tab, whichever the header row uses most.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from openpyxl.cell.read_only import EmptyCell

from domain.errors import DomainError, ErrorCode
from domain.list_requests import RenameList
from domain.renaming import RENAME_MAX_LINES, ensure_list_size

FIELD = "file"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_ZIP_ENTRIES = 200
MAX_UNCOMPRESSED = 50_000_000
MAX_RATIO = 200
RATIO_CHECK_FROM = 1_000_000
MAX_COLUMNS = 50
MAX_BLANK_ROWS = 1_000
MAX_CELL_CHARS = 1_000

NUMBER_HEADERS = frozenset(
    {"номер", "номер абонента", "номер телефона", "телефон", "абонент", "number", "msisdn"}
)
NAME_HEADERS = frozenset(
    {"имя", "новое имя", "имя абонента", "новое имя абонента", "наименование", "name", "new name"}
)


def invalid_file(reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_FILE, f"Файл не принят: {reason}", FIELD)


class SpreadsheetRenameListReader:
    """D13: an uploaded CSV or XLSX list → lines, or INVALID_FILE / LIST_TOO_LONG."""

    def __init__(self, max_bytes: int, max_lines: int = RENAME_MAX_LINES) -> None:
        self._max_bytes = max_bytes
        self._max_lines = max_lines

    def read(self, filename: str | None, data: bytes) -> RenameList:
        """D13: the (number, name) lines."""
        return self._read(data, names=True)

    def read_numbers(self, filename: str | None, data: bytes) -> RenameList:
        """D14: the numbers of a services list (every name is empty)."""
        return self._read(data, names=False)

    def _read(self, data: bytes, names: bool) -> RenameList:
        if not data:
            raise invalid_file("файл пуст.")
        if len(data) > self._max_bytes:
            raise invalid_file(f"размер файла больше {self._max_bytes // 1_000_000} МБ.")
        if data.startswith(ZIP_MAGIC):
            return self._xlsx(data, names)
        if data.startswith(OLE_MAGIC):
            raise invalid_file("старый формат Excel (.xls) не поддерживается, сохраните .xlsx.")
        return self._csv(data, names)

    # -- XLSX ------------------------------------------------------------------------

    def _xlsx(self, data: bytes, names: bool) -> RenameList:
        safe = _inflated_safely(data)
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(safe), read_only=True, data_only=False, keep_links=False
            )
        except Exception as exc:  # openpyxl raises many kinds on a broken workbook
            raise invalid_file("это не книга Excel (.xlsx) или она повреждена.") from exc
        try:
            if not book.worksheets:
                raise invalid_file("в книге нет листов.")
            sheet = book.worksheets[0]
            return self._table(_xlsx_rows(sheet.iter_rows(max_col=MAX_COLUMNS)), names)
        except DomainError:
            raise
        except Exception as exc:
            raise invalid_file("это не книга Excel (.xlsx) или она повреждена.") from exc
        finally:
            book.close()

    # -- CSV -------------------------------------------------------------------------

    def _csv(self, data: bytes, names: bool) -> RenameList:
        if b"\x00" in data:
            raise invalid_file("это не таблица CSV или XLSX.")
        text = _decode(data)
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            return self._table(_csv_rows(reader), names)
        except csv.Error as exc:
            raise invalid_file("строки CSV разобрать не удалось.") from exc

    # -- both ------------------------------------------------------------------------

    def _table(self, table: Iterable[tuple[int, list[str]]], names: bool) -> RenameList:
        iterator = iter(table)
        header = next(iterator, None)
        if header is None:
            raise invalid_file("файл пуст.")
        columns = [" ".join(c.split()).casefold() for c in header[1]]
        number_at = next((i for i, c in enumerate(columns) if c in NUMBER_HEADERS), None)
        name_at = next((i for i, c in enumerate(columns) if c in NAME_HEADERS), None)
        if number_at is None:
            if not names:
                raise invalid_file(
                    "в первой строке должен быть заголовок столбца «Номер» (номер абонента)."
                )
            raise invalid_file(
                "в первой строке должны быть заголовки столбцов «Номер» и «Имя» "
                "(номер абонента и новое имя)."
            )
        if name_at is None and names:
            raise invalid_file(
                "в первой строке должны быть заголовки столбцов «Номер» и «Имя» "
                "(номер абонента и новое имя)."
            )
        items: list[tuple[str, str]] = []
        rows: list[int] = []
        blank_run = 0
        for row_number, cells in iterator:
            number = cells[number_at] if number_at < len(cells) else ""
            name = cells[name_at] if name_at is not None and name_at < len(cells) else ""
            if not number.strip() and not name.strip():
                blank_run += 1
                if blank_run > MAX_BLANK_ROWS:
                    break  # a sheet of empty rows: the list has ended
                continue
            blank_run = 0
            if len(items) >= self._max_lines:
                limit = f"{self._max_lines:,}".replace(",", "\u00a0")
                raise DomainError(
                    ErrorCode.LIST_TOO_LONG,
                    f"В списке должно быть не более {limit} строк, в файле их больше.",
                    FIELD,
                )
            items.append((number, name))
            rows.append(row_number)
        ensure_list_size(len(items), FIELD)
        return RenameList(items, rows)


def _inflated_safely(data: bytes) -> bytes:
    """Check the zip directory, then inflate every entry with a hard cap (zip bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise invalid_file("это не книга Excel (.xlsx) или она повреждена.") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise invalid_file("в книге слишком много частей.")
        declared = sum(e.file_size for e in entries)
        if declared > MAX_UNCOMPRESSED:
            raise invalid_file("распакованный файл слишком велик.")
        for entry in entries:
            if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise invalid_file("распакованный файл слишком велик (похоже на zip-бомбу).")
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise invalid_file("это не книга Excel (.xlsx).")
        if any(n.startswith("xl/vbaProject") for n in names):
            raise invalid_file("книги с макросами не принимаются.")
        # The directory can lie: inflate for real, never past what it declared.
        total = 0
        out = io.BytesIO()
        try:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for entry in entries:
                    with archive.open(entry) as source:
                        chunks: list[bytes] = []
                        size = 0
                        while chunk := source.read(65_536):
                            size += len(chunk)
                            total += len(chunk)
                            if size > entry.file_size or total > MAX_UNCOMPRESSED:
                                raise invalid_file("распакованный файл слишком велик.")
                            chunks.append(chunk)
                    copy.writestr(entry.filename, b"".join(chunks))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
            raise invalid_file("это не книга Excel (.xlsx) или она повреждена.") from exc
        except EOFError as exc:
            raise invalid_file("это не книга Excel (.xlsx) или она повреждена.") from exc
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        return text[:MAX_CELL_CHARS]
    return text


def _xlsx_rows(rows: Iterable[Sequence[Any]]) -> Iterable[tuple[int, list[str]]]:
    for index, row in enumerate(rows, start=1):
        cells: list[str] = []
        row_number = index
        for cell in row:
            if isinstance(cell, EmptyCell):
                cells.append("")
                continue
            row_number = getattr(cell, "row", None) or row_number
            if getattr(cell, "data_type", None) == "f":
                raise invalid_file(
                    f"в строке {row_number} формула; укажите номера и имена значениями."
                )
            cells.append(_text(cell.value))
        yield row_number, cells


def _csv_rows(reader: Iterable[list[str]]) -> Iterable[tuple[int, list[str]]]:
    for index, row in enumerate(reader, start=1):
        cells = [c[:MAX_CELL_CHARS] for c in row[:MAX_COLUMNS]]
        if any(c.lstrip().startswith("=") for c in cells):
            raise invalid_file(f"в строке {index} формула; укажите номера и имена значениями.")
        yield index, cells


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp1251")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise invalid_file("текст не в кодировке UTF-8 или Windows-1251.")
