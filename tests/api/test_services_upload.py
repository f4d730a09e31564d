"""changeSubscriberServices with an uploaded CSV/XLSX list: multipart, CSRF (D14, D18)."""

from __future__ import annotations

from typing import Any

import httpx

from infra.db import models as m
from tests.api.menu_helpers import CSRF, numbers_of, snapshot, upload_list, upload_payload, workbook
from tests.api.test_services_by_list import CHANGE, by_state, finished, has
from tests.db_fixtures import Api


async def upload(
    api: Api, data: bytes, filename: str = "list.xlsx", csrf: bool = True, **extra: Any
) -> httpx.Response:
    fields = {"action": "ADD", "serviceCode": "MMS", **extra}
    return await upload_list(api, CHANGE, fields, data, filename, CSRF if csrf else {})


async def payload(api: Api, data: bytes, **extra: Any) -> dict[str, Any]:
    return upload_payload(await upload(api, data, **extra), "changeSubscriberServices")


async def test_d14_services_by_an_xlsx_file(demo: Api) -> None:
    groups = await by_state("MMS")
    lacking = [n for k, v in groups.items() if k.startswith("not:") for n in v][:2]
    national = "80" + lacking[1][4:]  # the national spelling is accepted in a file too
    result = await payload(demo, workbook([("Номер",), (lacking[0],), (national,)]))
    assert result["errors"] == [], result
    assert [line["number"] for line in result["lines"]] == [lacking[0], national]
    done = await finished(demo, result["request"]["id"])
    assert all(line["ok"] for line in done["lines"])
    assert all([await has(n, "MMS") for n in lacking])


async def test_d14_services_by_a_csv_file_bad_rows_named_and_summarised(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    before = await snapshot()
    text = f"Номер;Примечание\n{number};\nabc;x\n{number};\n"
    result = await payload(demo, text.encode("cp1251"), filename="list.csv")
    assert result["request"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("LIST_HAS_ERRORS", "file"),
        ("INVALID_NUMBER", "file.3"),
        ("DUPLICATE_NUMBER", "file.4"),
    ]
    assert result["errors"][0]["message"].startswith("2 строки из 3 содержат ошибки")
    assert [line["ok"] for line in result["lines"]] == [True, False, False]
    assert await snapshot() == before


async def test_d14_a_file_without_the_number_column_is_refused(demo: Api) -> None:
    result = await payload(demo, workbook([("Телефон абонента?",), ("+375291234567",)]))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_FILE", "file")]
    assert "«Номер»" in result["errors"][0]["message"]


async def test_d14_numbers_and_file_together_or_neither_are_refused(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    both = await payload(demo, f"Номер\n{number}\n".encode(), numbers=[number])
    assert both["errors"][0]["code"] == "INVALID_INPUT" and both["request"] is None
    neither = await demo(CHANGE, {"i": {"action": "ADD", "serviceCode": "MMS"}})
    assert neither["changeSubscriberServices"]["errors"][0]["code"] == "INVALID_INPUT"


async def test_d14_a_file_upload_needs_the_csrf_header(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    response = await upload(demo, f"Номер\n{number}\n".encode(), csrf=False)
    assert response.status_code in (400, 403)
    assert await m.ServiceRequestRow.all().count() == 0


async def test_d18_another_clients_numbers_in_a_file_end_unknown(demo: Api) -> None:
    theirs = (await numbers_of("demo2"))[0]
    before = await has(theirs, "MMS")
    result = await payload(demo, f"Номер\n{theirs}\n".encode(), filename="l.csv")
    assert result["errors"] == []
    done = await finished(demo, result["request"]["id"])
    assert done["lines"][0]["outcome"] == "UNKNOWN_NUMBER"
    assert await has(theirs, "MMS") == before
