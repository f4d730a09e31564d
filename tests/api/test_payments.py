"""payments, registerPayment (D12), installments (D15) and client (D11) over the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from infra.db import models as m
from tests.api.menu_helpers import snapshot
from tests.db_fixtures import Api

PAYMENTS = """query($first: Int, $after: String) { payments(first: $first, after: $after) {
  nodes { id paidOn amount documentNumber bank confirmed }
  pageInfo { hasNextPage endCursor } } }"""
REGISTER = """mutation($i: RegisterPaymentInput!) { registerPayment(input: $i) {
  payment { id paidOn amount documentNumber bank confirmed } errors { code field message } } }"""
NODE = "query($id: ID!) { node(id: $id) { id ... on Payment { documentNumber amount } } }"
TODAY = date(2026, 11, 24)


def payment(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "amount": "125.50",
        "paidOn": TODAY.isoformat(),
        "documentNumber": "ПП-777001",
        "bank": 'ОАО "Приорбанк"',
    }
    values.update(overrides)
    return values


async def register(api: Api, **overrides: Any) -> dict[str, Any]:
    data = await api(REGISTER, {"i": payment(**overrides)})
    result: dict[str, Any] = data["registerPayment"]
    return result


async def test_d12_history_newest_first_with_confirmation(demo: Api) -> None:
    data = await demo(PAYMENTS, {"first": 100})
    nodes = data["payments"]["nodes"]
    assert len(nodes) > 5
    days = [n["paidOn"] for n in nodes]
    assert days == sorted(days, reverse=True)
    assert {n["confirmed"] for n in nodes} == {True, False}
    assert all(Decimal(n["amount"]) > 0 and len(n["amount"].split(".")[1]) == 2 for n in nodes)


async def test_d12_history_is_paged(demo: Api) -> None:
    first = (await demo(PAYMENTS, {"first": 2}))["payments"]
    assert len(first["nodes"]) == 2 and first["pageInfo"]["hasNextPage"]
    second = await demo(PAYMENTS, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    ids = {n["id"] for n in first["nodes"]} | {n["id"] for n in second["payments"]["nodes"]}
    assert len(ids) == 4
    refused = await demo.raw(PAYMENTS, {"first": 101})
    assert refused["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_d12_register_unconfirmed_payment(demo: Api) -> None:
    result = await register(demo, amount="100.1", documentNumber="  ПП-777001 ")
    assert result["errors"] == []
    created = result["payment"]
    assert created["confirmed"] is False
    assert created["amount"] == "100.10"
    assert created["documentNumber"] == "ПП-777001"
    newest = (await demo(PAYMENTS, {"first": 100}))["payments"]["nodes"]
    assert created["id"] in {n["id"] for n in newest}
    node = (await demo(NODE, {"id": created["id"]}))["node"]
    assert node["documentNumber"] == "ПП-777001"


async def test_d12_oldest_accepted_date_is_30_days_back(demo: Api) -> None:
    result = await register(demo, paidOn=(TODAY - timedelta(days=30)).isoformat())
    assert result["errors"] == []


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"amount": "0"}, "INVALID_AMOUNT", "amount"),
        ({"amount": "-5.00"}, "INVALID_AMOUNT", "amount"),
        ({"amount": "10.005"}, "INVALID_AMOUNT", "amount"),
        ({"paidOn": (TODAY + timedelta(days=1)).isoformat()}, "INVALID_DATE", "paidOn"),
        ({"paidOn": (TODAY - timedelta(days=31)).isoformat()}, "INVALID_DATE", "paidOn"),
        ({"documentNumber": "   "}, "INVALID_DOCUMENT_NUMBER", "documentNumber"),
        ({"documentNumber": "x" * 65}, "INVALID_DOCUMENT_NUMBER", "documentNumber"),
    ],
)
async def test_d12_refusals_change_nothing(
    demo: Api, overrides: dict[str, Any], code: str, field: str
) -> None:
    before = await snapshot()
    result = await register(demo, **overrides)
    assert result["payment"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert result["errors"][0]["message"]
    assert await snapshot() == before


async def test_d12_same_document_number_and_date_twice_is_refused(demo: Api) -> None:
    assert (await register(demo))["errors"] == []
    before = await snapshot()
    again = await register(demo, amount="1.00")
    assert again["errors"][0]["code"] == "DUPLICATE_PAYMENT"
    assert await snapshot() == before
    other_day = await register(demo, paidOn=(TODAY - timedelta(days=1)).isoformat())
    assert other_day["errors"] == []


async def test_d12_duplicate_of_a_demo_payment(demo: Api) -> None:
    existing = (await demo(PAYMENTS, {"first": 1}))["payments"]["nodes"][0]
    result = await register(
        demo, documentNumber=existing["documentNumber"], paidOn=existing["paidOn"]
    )
    assert result["errors"][0]["code"] == "DUPLICATE_PAYMENT"


async def test_d18_same_document_number_of_another_client_is_no_duplicate(
    demo: Api, demo2: Api
) -> None:
    assert (await register(demo2))["errors"] == []
    assert (await register(demo))["errors"] == []


async def test_d18_other_clients_payments_are_invisible(demo: Api, demo2: Api) -> None:
    theirs = (await demo2(PAYMENTS, {"first": 100}))["payments"]["nodes"]
    mine = (await demo(PAYMENTS, {"first": 100}))["payments"]["nodes"]
    assert theirs and not {n["id"] for n in theirs} & {n["id"] for n in mine}
    assert (await demo(NODE, {"id": theirs[0]["id"]}))["node"] is None


async def test_d12_register_is_audited(demo: Api) -> None:
    await register(demo)
    entry = await m.AuditRow.filter(action="registerPayment").first()
    assert entry is not None and entry.actor == "demo"
    assert entry.after["amount"] == "125.50" and entry.before is None


async def test_d12_needs_sign_in(anon: Api) -> None:
    body = await anon.raw(REGISTER, {"i": payment()})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


INSTALLMENTS = """{ installments { item total months monthlyPayment lastPayment paymentsMade
  paymentsLeft amountPaid amountLeft nextPaymentOn payoffDate } }"""


async def test_d15_installments_with_computed_figures(demo: Api, demo2: Api) -> None:
    items = (await demo(INSTALLMENTS))["installments"]
    assert len(items) == 3
    phone = next(i for i in items if i["item"].startswith("Смартфон"))
    assert phone["total"] == "1259.00" and phone["months"] == 12
    assert phone["monthlyPayment"] == "104.92"
    assert phone["paymentsMade"] + phone["paymentsLeft"] == 12
    assert Decimal(phone["amountPaid"]) + Decimal(phone["amountLeft"]) == Decimal("1259.00")
    assert phone["payoffDate"] > TODAY.isoformat()
    others = (await demo2(INSTALLMENTS))["installments"]
    assert [i["item"] for i in others] == ["Ноутбук Lenovo ThinkPad E14"]


CLIENT = """{ client { name unp unpValid okpo balance status paymentForm contractNumber
  contractDate email bankAccounts { iban bic bank ibanValid bicValid }
  billingAccounts(first: 10) { nodes { number delivery { method emails format } } } } }"""


async def test_d11_personal_information(demo: Api, demo2: Api) -> None:
    client = (await demo(CLIENT))["client"]
    assert len(client["unp"]) == 9 and client["unpValid"] is True
    assert client["bankAccounts"]
    for bank in client["bankAccounts"]:
        assert bank["iban"].startswith("BY") and bank["ibanValid"] and bank["bicValid"]
    accounts = client["billingAccounts"]["nodes"]
    assert len(accounts) == 3
    assert all(a["delivery"]["method"] in ("EMAIL", "SELF_PICKUP") for a in accounts)
    other = (await demo2(CLIENT))["client"]
    assert other["unp"] != client["unp"]
    assert not {a["number"] for a in accounts} & {
        a["number"] for a in other["billingAccounts"]["nodes"]
    }


async def test_d11_invalid_bank_details_are_flagged(demo: Api) -> None:
    from tests.api.menu_helpers import client_id_of

    client_id = await client_id_of("demo")
    await m.BankAccountRow.create(
        client_id=client_id, iban="BY13NBRB3600900000002Z00AB01", bic="NOTABIC", bank="Банк"
    )
    banks = (await demo(CLIENT))["client"]["bankAccounts"]
    broken = next(b for b in banks if b["bic"] == "NOTABIC")
    assert broken["ibanValid"] is False and broken["bicValid"] is False
