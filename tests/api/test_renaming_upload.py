"""renameSubscribers with an uploaded CSV/XLSX: multipart, CSRF, hostile files (D13)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from infra.db import models as m
from tests.api.menu_helpers import (
    CSRF,
    add_subscribers,
    numbers_of,
    snapshot,
    upload_list,
    upload_payload,
    wait_for,
    workbook,
)
from tests.db_fixtures import Api

RENAME = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id status lineCount } lines { position number ok status error { code field } }
  errors { code field message } } }"""
REQUEST = "query($id: ID!) { node(id: $id) { ... on RenameRequest { status } } }"


async def upload(
    api: Api,
    data: bytes,
    filename: str = "list.xlsx",
    csrf: dict[str, str] = CSRF,
    **extra: Any,
) -> httpx.Response:
    return await upload_list(api, RENAME, extra, data, filename, csrf)


async def payload(api: Api, data: bytes, **extra: Any) -> dict[str, Any]:
    return upload_payload(await upload(api, data, **extra), "renameSubscribers")


async def test_d13_dry_run_then_1000_lines_from_an_xlsx(demo: Api) -> None:
    numbers = await add_subscribers("demo", 1000)
    data = workbook(
        [("Номер", "Новое имя")] + [(n, f"Сотрудник {i}") for i, n in enumerate(numbers)]
    )
    before = await snapshot()
    dry = await payload(demo, data, dryRun=True)
    assert dry["request"] is None and dry["errors"] == []
    assert len(dry["lines"]) == 1000 and all(line["ok"] for line in dry["lines"])
    assert await snapshot() == before
    real = await payload(demo, data, idempotencyKey="upload-1")
    assert real["errors"] == [] and real["request"]["lineCount"] == 1000
    await wait_for(
        demo, REQUEST, {"id": real["request"]["id"]}, lambda d: d["node"]["status"] == "DONE"
    )
    renamed = await m.SubscriberRow.get(number=numbers[999])
    assert renamed.name == "Сотрудник 999"
    again = await payload(demo, data, idempotencyKey="upload-1")
    assert again["request"]["id"] == real["request"]["id"]


async def test_d13_csv_in_cp1251_and_bad_lines_named_by_row(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    text = f"Номер;Имя\n{number};Приёмная\n+375290000001;Кто-то\n"
    result = await payload(demo, text.encode("cp1251"), filename="list.csv")
    assert result["request"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("LIST_HAS_ERRORS", "file"),
        ("UNKNOWN_SUBSCRIBER", "file.3.number"),
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "INVALID_FILE"),
        (workbook([("Телефон", "ФИО"), ("+375291234567", "А")]), "INVALID_FILE"),
        (workbook([("Номер", "Имя"), ("+375291234567", "=1+1")]), "INVALID_FILE"),
        ("Номер;Имя\n".encode() + "+375291234567;А\n".encode() * 10_001, "LIST_TOO_LONG"),
    ],
)
async def test_d13_hostile_files_are_refused_and_nothing_saved(
    demo: Api, data: bytes, code: str
) -> None:
    before = await snapshot()
    result = await payload(demo, data)
    assert result["request"] is None and result["lines"] == []
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, "file")]
    assert await snapshot() == before


async def test_d13_upload_without_csrf_header_is_refused(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    before = await snapshot()
    response = await upload(demo, f"Номер;Имя\n{number};А\n".encode(), csrf={})
    assert response.status_code == 400
    assert "CSRF" in response.text
    assert await snapshot() == before
    ok = await upload(
        demo, f"Номер;Имя\n{number};А\n".encode(), csrf={"apollo-require-preflight": "true"}
    )
    assert ok.status_code == 200 and ok.json()["data"]["renameSubscribers"]["errors"] == []


async def test_d13_upload_over_the_size_limit_is_refused(demo: Api) -> None:
    response = await upload(demo, b"x" * 5_100_000, filename="big.csv")
    assert response.status_code == 413


async def test_d13_items_and_file_together_are_refused(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    result = await payload(
        demo, f"Номер;Имя\n{number};А\n".encode(), items=[{"number": number, "name": "Б"}]
    )
    assert result["errors"][0]["code"] == "INVALID_INPUT"
    assert result["errors"][0]["field"] == "items" and result["request"] is None


async def test_d13_neither_items_nor_a_file_is_refused(demo: Api) -> None:
    result = (await demo(RENAME, {"i": {"dryRun": True}}))["renameSubscribers"]
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", "items")]
    assert "одно из двух" in result["errors"][0]["message"] and result["request"] is None


async def test_d18_another_clients_numbers_in_a_file_are_unknown(demo: Api) -> None:
    theirs = (await numbers_of("demo2"))[0]
    result = await payload(demo, f"Номер;Имя\n{theirs};Чужой\n".encode())
    assert [e["code"] for e in result["errors"]] == ["LIST_HAS_ERRORS", "UNKNOWN_SUBSCRIBER"]
    assert await m.SubscriberRow.filter(number=theirs, name="Чужой").count() == 0
