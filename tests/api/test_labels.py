"""Russian labels for the values a front end shows (D11, D3, D5–D8, D14, D16, D17)."""

from __future__ import annotations

from infra.bootstrap import Container
from schema.labels import LABELS, label
from tests.api.test_documents import order, wait_done
from tests.db_fixtures import Api


async def test_d11_client_status_and_payment_form_have_russian_labels(demo: Api) -> None:
    data = await demo(
        """{ client { status statusLabel paymentForm paymentFormLabel }
             billingAccounts(first: 100) { nodes {
               delivery { method methodLabel format formatLabel } } }
             subscribers(first: 100) { nodes { status statusLabel } }
             feedbackTickets(first: 10) { nodes { status statusLabel } } }"""
    )
    client = data["client"]
    assert client["statusLabel"] == LABELS["client_status"][client["status"]]
    assert client["paymentFormLabel"] in ("Авансовая", "Кредитная")
    methods = {
        (d["delivery"]["method"], d["delivery"]["methodLabel"])
        for d in data["billingAccounts"]["nodes"]
    }
    assert methods <= {("EMAIL", "E-mail"), ("SELF_PICKUP", "Получает сам")} and methods
    formats = {d["delivery"]["formatLabel"] for d in data["billingAccounts"]["nodes"]}
    assert formats <= {"PDF", "Excel", "Excel с разбивкой"}
    subscribers = {(s["status"], s["statusLabel"]) for s in data["subscribers"]["nodes"]}
    assert ("ACTIVE", "Активен") in subscribers
    for ticket in data["feedbackTickets"]["nodes"]:
        assert ticket["statusLabel"] == LABELS["ticket_status"][ticket["status"]]


async def test_d3_job_has_status_and_format_labels(demo: Api, container: Container) -> None:
    accounts = await demo("{ billingAccounts(first: 1) { nodes { id downloadablePeriods } } }")
    account = accounts["billingAccounts"]["nodes"][0]
    job = await order(demo, account["id"], account["downloadablePeriods"][0], "XLSX_BREAKDOWN")
    await wait_done(demo, job["job"]["id"], container)
    data = await demo(
        "query($id: ID!) { documentJob(id: $id) { status statusLabel format formatLabel } }",
        {"id": job["job"]["id"]},
    )
    assert data["documentJob"] == {
        "status": "DONE",
        "statusLabel": "Выполнено",
        "format": "XLSX_BREAKDOWN",
        "formatLabel": "Excel с разбивкой",
    }


def test_d17_an_unknown_value_shows_as_itself() -> None:
    assert label("ticket_status", "NEW_ONE") == "NEW_ONE"
    assert all(all(v.strip() for v in kind.values()) for kind in LABELS.values())
