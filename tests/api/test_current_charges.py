"""orderCurrentCharges over HTTP: this month's charges as a workbook to the client (D9)."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import openpyxl

from domain.money import money
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from schema.ids import decode_id
from tests.conftest import MINSK, NOW
from tests.db_fixtures import Api
from tests.smtp_server import parse

ORDER = """mutation($i: OrderCurrentChargesInput!) { orderCurrentCharges(input: $i) {
  report { id status email createdAt } errors { code field message } } }"""
REPORT = "query($id: ID!) { chargesReport(id: $id) { id status email finishedAt result } }"
ACCOUNTS = "{ client { email } billingAccounts(first: 100) { nodes { id number } } }"


async def first_account(api: Api) -> tuple[dict[str, Any], str | None]:
    data = await api(ACCOUNTS)
    return data["billingAccounts"]["nodes"][0], data["client"]["email"]


async def wait_finished(api: Api, report_id: str) -> dict[str, Any]:
    for _ in range(600):
        found: dict[str, Any] = (await api(REPORT, {"id": report_id}))["chargesReport"]
        if found["status"] in ("SENT", "FAILED"):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"report {report_id} did not finish")


async def snapshot() -> tuple[int, int, int]:
    return (
        await m.ChargesReportRow.all().count(),
        await m.OutboxRow.all().count(),
        await m.AuditRow.all().count(),
    )


async def test_d9_current_charges_are_mailed_to_the_clients_address(
    demo: Api, container: Container
) -> None:
    account, contact = await first_account(demo)
    assert contact
    result = (await demo(ORDER, {"i": {"billingAccountId": account["id"]}}))["orderCurrentCharges"]
    assert result["errors"] == []
    assert result["report"]["status"] == "QUEUED" and result["report"]["email"] == contact
    done = await wait_finished(demo, result["report"]["id"])
    assert done["status"] == "SENT", done
    [eml] = sorted(container.settings.outbox_dir.glob("*.eml"))
    message = parse(eml.read_bytes())
    assert [a.addr_spec for a in message["To"].addresses] == [contact]
    assert account["number"] in str(message["Subject"]) and "24.11.2026" in str(message["Subject"])
    [part] = list(message.iter_attachments())
    assert str(part.get_filename()).endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(part.get_content())).active
    assert sheet is not None
    rows = {str(r[1]): r for r in sheet.iter_rows(min_row=8, values_only=True) if r[1] and r[0]}
    pk = decode_id(account["id"], "BillingAccount")
    calls: dict[str, Decimal] = {}
    for number, cost in await m.CallRow.filter(
        account_id=pk, started_at__gte=datetime(2026, 11, 1, tzinfo=MINSK), started_at__lt=NOW
    ).values_list("subscriber_number", "cost"):
        calls[number] = calls.get(number, Decimal(0)) + Decimal(str(cost))
    assert set(rows) == {
        str(value)
        for value in await m.SubscriberRow.filter(account_id=pk).values_list("number", flat=True)
    }
    for number, row in rows.items():
        assert money(Decimal(str(row[4]))) == money(calls.get(number, Decimal(0))), number


async def test_d9_allowed_in_the_formation_window(demo: Api, anon: Api, clock: FixedClock) -> None:
    account, _ = await first_account(demo)
    clock.set(datetime(2026, 12, 2, 10, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    result = (await demo(ORDER, {"i": {"billingAccountId": account["id"]}}))["orderCurrentCharges"]
    assert result["errors"] == []


async def test_d9_no_contact_address_is_refused(demo: Api, container: Container) -> None:
    account, _ = await first_account(demo)
    admin = await m.AdminRow.get(login="demo")
    await m.ClientRow.filter(id=admin.client_id).update(email=None)  # type: ignore[attr-defined]
    before = await snapshot()
    result = (await demo(ORDER, {"i": {"billingAccountId": account["id"]}}))["orderCurrentCharges"]
    assert result["report"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("NO_EMAIL_ADDRESS", "billingAccountId")
    ]
    assert await snapshot() == before


async def test_d18_another_clients_account_and_report_are_not_found(demo: Api, demo2: Api) -> None:
    theirs, _ = await first_account(demo)
    before = await snapshot()
    for account_id in (theirs["id"], "nonsense"):
        result = (await demo2(ORDER, {"i": {"billingAccountId": account_id}}))[
            "orderCurrentCharges"
        ]
        assert [(e["code"], e["field"]) for e in result["errors"]] == [
            ("NOT_FOUND", "billingAccountId")
        ]
    assert await snapshot() == before
    mine = (await demo(ORDER, {"i": {"billingAccountId": theirs["id"]}}))["orderCurrentCharges"]
    report_id = mine["report"]["id"]
    assert (await demo2(REPORT, {"id": report_id}))["chargesReport"] is None
    assert (await demo2("query($id: ID!) { node(id: $id) { id } }", {"id": report_id}))[
        "node"
    ] is None
    await wait_finished(demo, report_id)
