"""orderInvoiceEmail and Invoice.deliveries over HTTP, with the .eml outbox (D2, D4, D8, D18)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from schema.ids import decode_id
from tests.conftest import MINSK
from tests.db_fixtures import Api
from tests.smtp_server import parse

ORDER = """mutation($i: OrderInvoiceEmailInput!) { orderInvoiceEmail(input: $i) {
  request { id kind status emails format formats createdAt results { address status } }
  errors { code field message } } }"""
REQUEST = """query($id: ID!) { invoiceEmailRequest(id: $id) { id status finishedAt
  results { address status at detail } } }"""
EMAILS = """mutation($i: ChangeDeliveryEmailsInput!) {
  changeDeliveryEmails(input: $i) { errors { code } } }"""
FORMAT = """mutation($i: ChangeInvoiceFormatInput!) {
  changeInvoiceFormat(input: $i) { errors { code } } }"""
ACCOUNTS = """{ billingAccounts(first: 20) { nodes { id number
  delivery { method emails format }
  invoices(first: 12) { nodes { id period sentTo
    deliveries { kind status at emails format formats requestedBy
      results { address status } } } } } } }"""


async def accounts(api: Api) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = (await api(ACCOUNTS))["billingAccounts"]["nodes"]
    return nodes


async def email_account(api: Api) -> dict[str, Any]:
    return next(a for a in await accounts(api) if a["delivery"]["method"] == "EMAIL")


async def order(api: Api, account_id: str, period: str, key: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {"billingAccountId": account_id, "period": period}
    if key is not None:
        values["idempotencyKey"] = key
    result: dict[str, Any] = (await api(ORDER, {"i": values}))["orderInvoiceEmail"]
    return result


async def wait_done(api: Api, request_id: str) -> dict[str, Any]:
    for _ in range(600):
        found: dict[str, Any] = (await api(REQUEST, {"id": request_id}))["invoiceEmailRequest"]
        if found["status"] == "DONE":
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"request {request_id} did not finish: {found}")


def outbox(container: Container) -> list[Path]:
    folder = container.settings.outbox_dir
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def attachments(path: Path) -> dict[str, bytes]:
    message = parse(path.read_bytes())
    return {str(part.get_filename()): part.get_content() for part in message.iter_attachments()}


async def snapshot() -> tuple[int, int, int]:
    return (
        await m.InvoiceEmailRequestRow.all().count(),
        await m.OutboxRow.all().count(),
        await m.AuditRow.all().count(),
    )


@pytest.mark.parametrize(
    ("fmt", "suffixes"),
    [
        ("PDF", [".pdf"]),
        ("EXCEL", [".pdf", ".xlsx"]),
        ("EXCEL_BREAKDOWN", [".pdf", "_breakdown.xlsx"]),
    ],
)
async def test_d4_repeat_goes_to_the_addresses_and_format_in_force_now(
    demo: Api, container: Container, fmt: str, suffixes: list[str]
) -> None:
    account = await email_account(demo)
    now_emails = "glavbuh@beltehnosnab.by;archive@beltehnosnab.by"
    assert (await demo(EMAILS, {"i": {"billingAccountId": account["id"], "emails": now_emails}}))[
        "changeDeliveryEmails"
    ]["errors"] == []
    await demo(FORMAT, {"i": {"billingAccountId": account["id"], "format": fmt}})
    result = await order(demo, account["id"], "2026-10")
    assert result["errors"] == []
    request = result["request"]
    assert request["kind"] == "REPEAT" and request["status"] == "QUEUED"
    assert request["emails"] == now_emails.split(";") and request["format"] == fmt
    done = await wait_done(demo, request["id"])
    assert [(r["address"], r["status"]) for r in done["results"]] == [
        (a, "SENT") for a in now_emails.split(";")
    ]
    [eml] = outbox(container)
    message = parse(eml.read_bytes())
    assert [a.addr_spec for a in message["To"].addresses] == now_emails.split(";")
    subject = str(message["Subject"])
    assert "октябрь 2026" in subject and account["number"] in subject
    assert "Белтехноснаб" in subject
    body = message.get_body(("plain",))
    assert body is not None and account["number"] in body.get_content()
    files = attachments(eml)
    expected = [f"invoice_{account['number']}_2026-10{s}" for s in suffixes]
    assert sorted(files) == sorted(expected)
    assert files[expected[0]].startswith(b"%PDF")
    for name in expected[1:]:
        assert files[name].startswith(b"PK")  # a zip: the workbook


async def test_d4_repeat_ignores_the_addresses_the_invoice_was_sent_to(
    demo: Api, container: Container
) -> None:
    account = await email_account(demo)
    invoice = next(i for i in account["invoices"]["nodes"] if i["period"] == "2026-10")
    await demo(EMAILS, {"i": {"billingAccountId": account["id"], "emails": "only@beltehnosnab.by"}})
    done = await wait_done(demo, (await order(demo, account["id"], "2026-10"))["request"]["id"])
    assert [r["address"] for r in done["results"]] == ["only@beltehnosnab.by"]
    assert "only@beltehnosnab.by" not in invoice["sentTo"]


async def test_delivery_log_lists_every_sending_with_results(
    demo: Api, container: Container
) -> None:
    account = await email_account(demo)
    first = await order(demo, account["id"], "2026-09")
    await wait_done(demo, first["request"]["id"])
    second = await order(demo, account["id"], "2026-09")
    await wait_done(demo, second["request"]["id"])
    fresh = next(a for a in await accounts(demo) if a["id"] == account["id"])
    invoice = next(i for i in fresh["invoices"]["nodes"] if i["period"] == "2026-09")
    log = invoice["deliveries"]
    assert [d["kind"] for d in log] == ["REPEAT", "REPEAT"]
    for delivery in log:
        assert delivery["status"] == "DONE" and delivery["requestedBy"] == "demo"
        assert delivery["formats"][0] == "PDF"
        assert {r["status"] for r in delivery["results"]} == {"SENT"}
        assert [r["address"] for r in delivery["results"]] == delivery["emails"]
    others = [i for i in fresh["invoices"]["nodes"] if i["period"] != "2026-09"]
    assert all(i["deliveries"] == [] for i in others)


async def test_d4_same_idempotency_key_sends_once(demo: Api, container: Container) -> None:
    account = await email_account(demo)
    first = await order(demo, account["id"], "2026-10", key="click-1")
    again = await order(demo, account["id"], "2026-10", key="click-1")
    assert again["request"]["id"] == first["request"]["id"]
    await wait_done(demo, first["request"]["id"])
    assert len(outbox(container)) == 1
    assert await m.InvoiceEmailRequestRow.all().count() == 1


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-11", "PERIOD_NOT_AVAILABLE"),  # the current month
        ("2026-12", "PERIOD_NOT_AVAILABLE"),  # the future
        ("2025-10", "PERIOD_NOT_AVAILABLE"),  # beyond 12 months of retention
        ("2026-13", "INVALID_PERIOD"),
        ("октябрь", "INVALID_PERIOD"),
    ],
)
async def test_d4_refused_periods_change_nothing(
    demo: Api, container: Container, period: str, code: str
) -> None:
    account = await email_account(demo)
    before = await snapshot()
    result = await order(demo, account["id"], period)
    assert result["request"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, "period")]
    assert await snapshot() == before
    assert outbox(container) == []


async def test_d4_the_oldest_period_within_retention_is_repeated(demo: Api) -> None:
    account = await email_account(demo)
    result = await order(demo, account["id"], "2025-11")  # 12 months before November 2026
    assert result["errors"] == []
    await wait_done(demo, result["request"]["id"])


async def test_d2_formation_window_refuses_repeats(
    demo: Api, anon: Api, container: Container, clock: FixedClock
) -> None:
    account = await email_account(demo)
    clock.set(datetime(2026, 12, 3, 23, 59, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    before = await snapshot()
    result = await order(demo, account["id"], "2026-10")
    [error] = result["errors"]
    assert error["code"] == "FORMATION_WINDOW" and "04.12.2026" in error["message"]
    assert await snapshot() == before
    clock.set(datetime(2026, 12, 4, 0, 0, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    assert (await order(demo, account["id"], "2026-10"))["errors"] == []


async def test_d4_no_email_address_is_refused(demo: Api, container: Container) -> None:
    account = await email_account(demo)
    await m.DeliverySettingsRow.create(
        account_id=decode_id(account["id"], "BillingAccount"),
        method="SELF_PICKUP",
        emails="",
        format="PDF",
        valid_from=container.clock.now(),
        changed_by="demo",
    )
    before = await snapshot()
    result = await order(demo, account["id"], "2026-10")
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("NO_EMAIL_ADDRESS", "billingAccountId")
    ]
    assert await snapshot() == before


async def test_d4_period_without_a_formed_invoice_is_refused(
    demo: Api, container: Container
) -> None:
    account = await email_account(demo)
    await m.InvoiceRow.filter(
        account_id=decode_id(account["id"], "BillingAccount"), period="2026-08"
    ).delete()
    before = await snapshot()
    result = await order(demo, account["id"], "2026-08")
    assert [e["code"] for e in result["errors"]] == ["INVOICE_NOT_FOUND"]
    assert await snapshot() == before


async def test_d18_another_clients_account_and_request_are_not_found(
    demo: Api, demo2: Api, container: Container
) -> None:
    theirs = await email_account(demo)
    before = await snapshot()
    for account_id in (theirs["id"], "garbage", "SW52b2ljZTox"):
        result = await order(demo2, account_id, "2026-10")
        assert result["request"] is None
        assert [(e["code"], e["field"]) for e in result["errors"]] == [
            ("NOT_FOUND", "billingAccountId")
        ]
    assert await snapshot() == before
    mine = await order(demo, theirs["id"], "2026-10")
    request_id = mine["request"]["id"]
    await wait_done(demo, request_id)
    assert (await demo2(REQUEST, {"id": request_id}))["invoiceEmailRequest"] is None
    node = await demo2("query($id: ID!) { node(id: $id) { id } }", {"id": request_id})
    assert node["node"] is None
    own = await demo("query($id: ID!) { node(id: $id) { id } }", {"id": request_id})
    assert own["node"]["id"] == request_id
    # demo2's invoices show none of demo's sendings.
    for account in await accounts(demo2):
        for invoice in account["invoices"]["nodes"]:
            assert all(d["requestedBy"] != "demo" for d in invoice["deliveries"])


async def test_deliveries_of_many_invoices_cost_one_query(demo: Api, container: Container) -> None:
    from tortoise import connections

    account = await email_account(demo)
    await wait_done(demo, (await order(demo, account["id"], "2026-10"))["request"]["id"])
    connection = connections.get("default")
    calls: list[str] = []
    original = connection.execute_query

    async def counting(query: str, values: Any = None) -> Any:
        calls.append(query)
        return await original(query, values)

    connection.execute_query = counting
    try:
        await accounts(demo)
    finally:
        connection.execute_query = original
    assert sum("invoice_email_request" in q for q in calls) == 1


DELIVERY_PAGE = """query($f: Int) { billingAccounts(first: 20) { nodes { id
  invoices(first: 12) { nodes { period all: deliveries { at emails }
    page: deliveries(first: $f) { at emails } } } } } }"""


async def _log_of(api: Api, account_id: str, period: str, first: int | None) -> Any:
    data = await api(DELIVERY_PAGE, {"f": first})
    account = next(a for a in data["billingAccounts"]["nodes"] if a["id"] == account_id)
    return next(i for i in account["invoices"]["nodes"] if i["period"] == period)


async def test_delivery_log_is_bounded_to_the_newest_sendings_first(
    demo: Api, clock: FixedClock
) -> None:
    account = await email_account(demo)
    for n in range(3):
        address = f"log{n}@beltehnosnab.by"
        await demo(EMAILS, {"i": {"billingAccountId": account["id"], "emails": address}})
        await order(demo, account["id"], "2026-09")
        clock.advance(timedelta(minutes=1))
    invoice = await _log_of(demo, account["id"], "2026-09", 2)
    newest = [["log2@beltehnosnab.by"], ["log1@beltehnosnab.by"], ["log0@beltehnosnab.by"]]
    assert [d["emails"] for d in invoice["all"]] == newest
    assert [d["emails"] for d in invoice["page"]] == newest[:2]
    assert invoice["page"] == invoice["all"][:2]
    assert (await _log_of(demo, account["id"], "2026-09", 0))["page"] == []


async def test_delivery_log_page_over_100_is_refused(demo: Api) -> None:
    for first in (101, -1):
        body = await demo.raw(DELIVERY_PAGE, {"f": first})
        codes = {e["extensions"]["code"] for e in body["errors"]}
        assert codes == {"INVALID_INPUT"}
        assert "не больше 100 записей" in body["errors"][0]["message"]
    assert (await demo.raw(DELIVERY_PAGE, {"f": 100})).get("errors") is None
