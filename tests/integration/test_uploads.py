"""The renaming list reader against real and hostile files (D13)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

import openpyxl
import pytest

from domain.errors import DomainError
from infra.uploads import SpreadsheetRenameListReader

READER = SpreadsheetRenameListReader(max_bytes=5_000_000)


def xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(data: bytes, code: str = "INVALID_FILE", name: str = "list.xlsx") -> DomainError:
    with pytest.raises(DomainError) as caught:
        READER.read(name, data)
    assert caught.value.code.value == code
    assert caught.value.field == "file"
    assert caught.value.message.startswith(("Файл не принят", "В списке", "Список"))
    return caught.value


def test_d13_reads_xlsx_with_row_numbers_and_numeric_cells() -> None:
    data = xlsx(
        [("Номер", "Имя"), (375291234567, "Склад"), (None, None), ("+375 29 765-43-21", 42)]
    )
    found = READER.read("list.xlsx", data)
    assert found.items == [("375291234567", "Склад"), ("+375 29 765-43-21", "42")]
    assert found.rows == [2, 4]


def test_d13_reads_csv_utf8_bom_cp1251_and_separators() -> None:
    text = "номер;новое имя\r\n+375291234567;Бухгалтерия\r\n"
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("cp1251"),
    ):
        assert READER.read("list.csv", data).items == [("+375291234567", "Бухгалтерия")]
    comma = 'Number,Name\n+375291234567,"Иванов, Иван"\n'.encode()
    assert READER.read(None, comma).items == [("+375291234567", "Иванов, Иван")]
    tab = "Телефон\tИмя\n+375291234567\tА\n".encode()
    assert READER.read(None, tab).items == [("+375291234567", "А")]


def test_d13_not_a_spreadsheet_is_refused() -> None:
    refused(b"")
    refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)  # an old .xls
    refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    refused(b"PK\x03\x04 not really a zip")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    refused(plain_zip.getvalue())


def test_d13_wrong_columns_are_refused() -> None:
    refused(xlsx([("Телефон сотрудника", "ФИО"), ("+375291234567", "А")]))
    refused(b"a;b\n1;2\n")
    refused(xlsx([]))


def test_d13_formulas_are_refused() -> None:
    refused(xlsx([("Номер", "Имя"), ("+375291234567", '=HYPERLINK("http://x","y")')]))
    refused(xlsx([("Номер", "Имя"), ("=A1", "Имя")]))
    refused("Номер;Имя\n+375291234567;=1+2\n".encode())


def test_d13_zip_bomb_is_refused_before_reading() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * 60_000_000)
    assert len(bomb.getvalue()) < 200_000
    error = refused(bomb.getvalue())
    assert "велик" in error.message


def test_d13_zip_that_lies_about_sizes_is_refused() -> None:
    honest = io.BytesIO()
    with zipfile.ZipFile(honest, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"A" * 2_000_000)
    data = bytearray(honest.getvalue())
    # Make the directory claim 100 bytes for the big entry: inflating must stop there.
    central = data.rfind(b"PK\x01\x02")
    name_at = data.find(b"xl/worksheets/sheet1.xml", central)
    header = data.rfind(b"PK\x01\x02", 0, name_at)
    data[header + 24 : header + 28] = (100).to_bytes(4, "little")
    refused(bytes(data))


def test_d13_too_many_rows_is_list_too_long() -> None:
    rows = [("Номер", "Имя")] + [(f"+37529{i:07d}", "Имя") for i in range(10_001)]
    refused(xlsx(rows), "LIST_TOO_LONG")
    text = "Номер;Имя\n" + "".join(f"+37529{i:07d};Имя\n" for i in range(10_001))
    refused(text.encode(), "LIST_TOO_LONG")
    exactly = "Номер;Имя\n" + "".join(f"+37529{i:07d};Имя\n" for i in range(10_000))
    assert len(READER.read(None, exactly.encode()).items) == 10_000


def test_d13_empty_list_and_oversized_file() -> None:
    refused("Номер;Имя\n".encode(), "LIST_EMPTY")
    small = SpreadsheetRenameListReader(max_bytes=100)
    with pytest.raises(DomainError) as caught:
        small.read(None, b"x" * 101)
    assert caught.value.code.value == "INVALID_FILE"


def test_d13_binary_text_is_refused() -> None:
    refused(b"\xd0\xbd\xff\xfe\x00\x01\x02")
    refused('Номер;Имя\n"unterminated;x\n'.encode() + b"\x98\x98")
