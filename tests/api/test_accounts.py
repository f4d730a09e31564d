"""Accounts, invoices, invoiceService and node over HTTP; tenancy (D2, D3, D5, D18)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from infra.clock import FixedClock
from tests.conftest import MINSK
from tests.db_fixtures import Api

ACCOUNTS = """
query($first: Int, $after: String) {
  billingAccounts(first: $first, after: $after) {
    edges { cursor node { id number balance
      delivery { method emails format validFrom }
      downloadablePeriods
      invoices(first: 12) { nodes { id number period total vat totalWithVat amountDue sentTo } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def accounts(api: Api) -> list[dict]:  # type: ignore[type-arg]
    data = await api(ACCOUNTS, {"first": 100})
    return [e["node"] for e in data["billingAccounts"]["edges"]]


async def test_d18_each_client_sees_only_its_own_accounts(demo: Api, demo2: Api) -> None:
    mine = await accounts(demo)
    theirs = await accounts(demo2)
    assert mine and theirs
    assert not {a["id"] for a in mine} & {a["id"] for a in theirs}
    assert not {a["number"] for a in mine} & {a["number"] for a in theirs}


async def test_d10_invoices_newest_first_with_decimal_strings(demo: Api) -> None:
    account = (await accounts(demo))[0]
    invoices = account["invoices"]["nodes"]
    periods = [i["period"] for i in invoices]
    assert periods == sorted(periods, reverse=True)
    assert periods[0] == "2026-10" and len(periods) == 12
    for invoice in invoices:
        total, vat = Decimal(invoice["total"]), Decimal(invoice["vat"])
        assert invoice["total"].count(".") == 1 and len(invoice["total"].split(".")[1]) == 2
        assert vat == (total * Decimal("0.20")).quantize(Decimal("0.01"))
        assert Decimal(invoice["totalWithVat"]) == total + vat


async def test_d3_downloadable_periods_are_the_two_previous_months(demo: Api) -> None:
    for account in await accounts(demo):
        assert account["downloadablePeriods"] == ["2026-10", "2026-09"]


async def test_d2_invoice_service_closed_days_1_to_3(
    demo: Api, anon: Api, clock: FixedClock
) -> None:
    query = "{ invoiceService { available reason resumesAt } }"
    assert (await demo(query))["invoiceService"] == {
        "available": True,
        "reason": None,
        "resumesAt": None,
    }
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")  # the earlier session expired meanwhile
    status = (await demo(query))["invoiceService"]
    assert status["available"] is False
    assert status["reason"] == "FORMATION_WINDOW"
    assert datetime.fromisoformat(status["resumesAt"]) == datetime(2026, 12, 4, tzinfo=MINSK)


async def test_d18_node_of_another_client_is_null(demo: Api, demo2: Api) -> None:
    theirs = (await accounts(demo2))[0]
    query = "query($id: ID!) { node(id: $id) { id ... on BillingAccount { number } } }"
    assert (await demo2(query, {"id": theirs["id"]}))["node"]["number"] == theirs["number"]
    assert (await demo(query, {"id": theirs["id"]}))["node"] is None
    their_invoice = theirs["invoices"]["nodes"][0]["id"]
    assert (await demo(query, {"id": their_invoice}))["node"] is None
    assert (await demo(query, {"id": "garbage!!"}))["node"] is None


async def test_paging_is_bounded_and_walks_all_pages(demo: Api) -> None:
    body = await demo.raw(ACCOUNTS, {"first": 101})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    seen: list[str] = []
    after = None
    while True:
        data = await demo(ACCOUNTS, {"first": 1, "after": after})
        conn = data["billingAccounts"]
        seen += [e["node"]["number"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == [a["number"] for a in await accounts(demo)]


async def test_client_personal_information(demo: Api) -> None:
    data = await demo(
        "{ client { name unp okpo balance status paymentForm contractNumber "
        "contractDate email bankAccounts { iban bic bank } } }"
    )
    client = data["client"]
    assert len(client["unp"]) == 9 and client["unp"].isdigit()
    assert client["bankAccounts"] and client["bankAccounts"][0]["iban"].startswith("BY")


async def test_d3_d5_new_account_has_no_periods_and_receives_nothing(demo: Api) -> None:
    from datetime import date

    from infra.db import models as m

    admin = await m.AdminRow.get(login="demo")
    await m.BillingAccountRow.create(
        client_id=admin.client_id,  # type: ignore[attr-defined]
        number="000000000001",  # sorts first
        balance=0,
        opened_on=date(2026, 11, 1),
    )
    new = (await accounts(demo))[0]
    assert new["number"] == "000000000001"
    assert new["downloadablePeriods"] == []
    assert new["invoices"]["nodes"] == []
    assert new["delivery"]["method"] == "SELF_PICKUP"
    assert new["delivery"]["emails"] == []
