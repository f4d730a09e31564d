"""D14: ChangeSubscriberServicesInput.file, the new argument, gets the hostile files the
renaming upload is refused (tests/api/test_renaming_upload.py): each is a UserError at
`file` with a stable code, nothing is saved, never an internal error. The hostile-input
enumeration (test_hostile_inputs.py) skips Upload arguments, so they are listed here."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.api.menu_helpers import snapshot, workbook
from tests.api.test_services_upload import payload, upload
from tests.db_fixtures import Api


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * 60_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "list.xlsx", "INVALID_FILE"),
        (b"\x00\x01\x02\xff\xfe" * 50, "list.csv", "INVALID_FILE"),
        (b"", "list.csv", "INVALID_FILE"),
        ("Номер\n".encode(), "list.csv", "LIST_EMPTY"),
        (workbook([("Адрес",), ("+375291234567",)]), "list.xlsx", "INVALID_FILE"),
        (workbook([("Номер",), ("=HYPERLINK(1)",)]), "list.xlsx", "INVALID_FILE"),
        (_bomb(), "list.xlsx", "INVALID_FILE"),
        ("Номер\n".encode() + b"+375291234567\n" * 10_001, "list.csv", "LIST_TOO_LONG"),
    ],
    ids=[
        "png",
        "binary",
        "empty",
        "header-only",
        "no-number-column",
        "formula",
        "zip-bomb",
        "10001-lines",
    ],
)
async def test_d14_hostile_files_are_refused_at_file_and_nothing_saved(
    demo: Api, data: bytes, filename: str, code: str
) -> None:
    before = await snapshot()
    result = await payload(demo, data, filename=filename)
    assert result["request"] is None and result["lines"] == [], result
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, "file")], result
    assert result["errors"][0]["message"]
    assert await snapshot() == before


async def test_d14_a_file_over_the_size_limit_is_413(demo: Api) -> None:
    before = await snapshot()
    response = await upload(demo, b"x" * 5_100_000, filename="big.csv")
    assert response.status_code == 413
    assert await snapshot() == before
