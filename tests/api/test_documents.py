"""orderInvoiceDownload → DocumentJob → signed link (D2, D3, D18), in-process jobs."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import openpyxl
import pytest
from pypdf import PdfReader

from infra.bootstrap import Container
from infra.clock import FixedClock
from tests.conftest import MINSK
from tests.db_fixtures import Api

ORDER = """
mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) {
  job { id status format period downloadUrl expiresAt error { code message } }
  errors { code field message }
} }
"""
JOB = "query($id: ID!) { documentJob(id: $id) { id status downloadUrl expiresAt error { code } } }"
ACCOUNTS = """{ billingAccounts(first: 100) { nodes { id number
  invoices(first: 2) { nodes { period total vat amountDue } } } } }"""


async def first_account(api: Api) -> dict[str, Any]:
    data = await api(ACCOUNTS)
    account: dict[str, Any] = data["billingAccounts"]["nodes"][0]
    return account


async def order(api: Api, account_id: str, period: str, fmt: str) -> dict[str, Any]:
    data = await api(
        ORDER, {"i": {"billingAccountId": account_id, "period": period, "format": fmt}}
    )
    result: dict[str, Any] = data["orderInvoiceDownload"]
    return result


async def wait_done(api: Api, job_id: str, container: Container) -> dict[str, Any]:
    for _ in range(300):
        job: dict[str, Any] = (await api(JOB, {"id": job_id}))["documentJob"]
        if job["status"] in ("DONE", "FAILED"):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("fmt", ["PDF", "XLSX", "XLSX_BREAKDOWN"])
async def test_d3_order_ends_done_with_a_link_to_a_correct_file(
    demo: Api, container: Container, client: httpx.AsyncClient, fmt: str
) -> None:
    account = await first_account(demo)
    invoice = account["invoices"]["nodes"][0]
    result = await order(demo, account["id"], "2026-10", fmt)
    assert result["errors"] == []
    assert result["job"]["status"] == "QUEUED"
    job = await wait_done(demo, result["job"]["id"], container)
    assert job["status"] == "DONE", job
    response = await client.get(path_of(job["downloadUrl"]))
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert f"invoice_{account['number']}_2026-10" in disposition
    if fmt == "PDF":
        assert response.headers["content-type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        for figure in (invoice["total"], invoice["vat"], invoice["amountDue"]):
            assert _rubles(figure) in text.replace("\u00a0", " "), figure
    else:
        assert "spreadsheetml" in response.headers["content-type"]
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        values = {
            Decimal(str(c)).quantize(Decimal("0.01"))
            for ws in book.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if isinstance(c, int | float | Decimal) and not isinstance(c, bool)
        }
        for figure in (invoice["total"], invoice["vat"], invoice["amountDue"]):
            assert Decimal(figure) in values, figure
        if fmt == "XLSX_BREAKDOWN":
            assert len(book.worksheets) >= 4


def _rubles(figure: str) -> str:
    whole, cents = figure.split(".")
    groups = f"{int(whole):,}".replace(",", " ")
    return f"{groups},{cents}"


async def test_d3_same_order_while_alive_returns_the_same_job(demo: Api) -> None:
    account = await first_account(demo)
    one = await order(demo, account["id"], "2026-09", "PDF")
    two = await order(demo, account["id"], "2026-09", "PDF")
    assert one["job"]["id"] == two["job"]["id"]
    other = await order(demo, account["id"], "2026-09", "XLSX")
    assert other["job"]["id"] != one["job"]["id"]


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-11", "CURRENT_PERIOD"),
        ("2026-08", "PERIOD_NOT_AVAILABLE"),
        ("2027-01", "PERIOD_NOT_AVAILABLE"),
        ("2026-1", "INVALID_PERIOD"),
    ],
)
async def test_d3_refusals(demo: Api, period: str, code: str) -> None:
    account = await first_account(demo)
    result = await order(demo, account["id"], period, "PDF")
    assert result["job"] is None
    assert result["errors"][0]["code"] == code
    assert result["errors"][0]["message"]


async def test_d2_formation_window_refuses_downloads(
    demo: Api, anon: Api, clock: FixedClock
) -> None:
    account = await first_account(demo)
    clock.set(datetime(2026, 12, 3, 23, 59, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    result = await order(demo, account["id"], "2026-11", "PDF")
    assert result["errors"][0]["code"] == "FORMATION_WINDOW"
    assert "04.12.2026" in result["errors"][0]["message"]


async def test_d3_new_account_without_invoice(demo: Api, container: Container) -> None:
    from infra.db import models as m

    admin = await m.AdminRow.get(login="demo")
    row = await m.BillingAccountRow.create(
        client_id=admin.client_id,  # type: ignore[attr-defined]
        number="000000000777",
        balance=0,
        opened_on=datetime(2026, 11, 1).date(),
    )
    from schema.ids import encode_id

    result = await order(demo, encode_id("BillingAccount", row.id), "2026-10", "PDF")
    assert result["errors"][0]["code"] == "INVOICE_NOT_FOUND"


async def test_d18_other_clients_account_and_job_are_not_found(
    demo: Api, demo2: Api, container: Container, client: httpx.AsyncClient
) -> None:
    theirs = await first_account(demo2)
    result = await order(demo, theirs["id"], "2026-10", "PDF")
    assert result["errors"][0]["code"] == "NOT_FOUND"
    mine = await order(demo2, theirs["id"], "2026-10", "PDF")
    assert (await demo(JOB, {"id": mine["job"]["id"]}))["documentJob"] is None
    done = await wait_done(demo2, mine["job"]["id"], container)
    assert (await demo(JOB, {"id": mine["job"]["id"]}))["documentJob"] is None
    assert done["status"] == "DONE"


async def test_d3_links_tampered_or_expired_are_refused(
    demo: Api, container: Container, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    account = await first_account(demo)
    result = await order(demo, account["id"], "2026-10", "PDF")
    job = await wait_done(demo, result["job"]["id"], container)
    path = path_of(job["downloadUrl"])
    payload, signature = path.removeprefix("/files/").split(".", 1)
    forged = f"/files/{payload[:-2]}xx.{signature}"
    assert (await client.get(forged)).status_code == 403
    assert (await client.get(path[:-3] + "abc")).status_code == 403
    clock.advance(timedelta(hours=1, seconds=1))
    assert (await client.get(path)).status_code == 410


async def test_d3_expired_files_are_cleaned_up(
    demo: Api, container: Container, clock: FixedClock
) -> None:
    account = await first_account(demo)
    result = await order(demo, account["id"], "2026-10", "PDF")
    await wait_done(demo, result["job"]["id"], container)
    files = [p for p in container.settings.storage_dir.rglob("*") if p.is_file()]
    assert files
    clock.advance(timedelta(hours=2))
    assert await container.documents.clean_expired() == 1
    assert not [p for p in container.settings.storage_dir.rglob("*") if p.is_file()]
