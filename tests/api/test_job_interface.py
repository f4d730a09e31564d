"""`interface Job`: every job type shows the one lifecycle (issue 10, part 2).

Each type keeps its own `status` (JobStatus, DeliveryStatus, ChargesReportStatus, as
the contract has them); `jobStatus`, `createdAt`, `finishedAt` and `error` are the same
on every job, so a front end can list and follow any job with one fragment.
"""

from __future__ import annotations

from typing import Any

from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from schema.ids import encode_id
from tests.api import test_current_charges as charges
from tests.api import test_documents as documents
from tests.api import test_invoice_email as mail
from tests.api.menu_helpers import (
    accepted_rename,
    accepted_service_change,
    add_subscribers,
    client_id_of,
)
from tests.conftest import Api

JOB = """query($id: ID!) { node(id: $id) { __typename ... on Job {
  id jobStatus createdAt finishedAt error { code message } } } }"""
JOB_TYPES = {
    "DocumentJob",
    "InvoiceEmailRequest",
    "ChargesReport",
    "RenameRequest",
    "ServiceRequest",
}


async def _job(api: Api, gid: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api(JOB, {"id": gid}))["node"]
    return found


async def test_every_job_type_implements_job(demo: Api) -> None:
    data = await demo('{ __type(name: "Job") { kind possibleTypes { name } } }')
    assert data["__type"]["kind"] == "INTERFACE"
    assert {t["name"] for t in data["__type"]["possibleTypes"]} == JOB_TYPES


async def test_every_finished_job_reads_done_through_the_interface(
    demo: Api, container: Container
) -> None:
    account = await documents.first_account(demo)
    download = (await documents.order(demo, account["id"], "2026-10", "PDF"))["job"]
    await documents.wait_done(demo, download["id"], container)
    emailed = (await mail.order(demo, (await mail.email_account(demo))["id"], "2026-10"))["request"]
    await mail.wait_done(demo, emailed["id"])
    charged, _ = await charges.first_account(demo)
    report = (await demo(charges.ORDER, {"i": {"billingAccountId": charged["id"]}}))[
        "orderCurrentCharges"
    ]["report"]
    await charges.wait_finished(demo, report["id"])
    numbers = await add_subscribers("demo", 2)
    rename = await accepted_rename(container, numbers)
    await container.renaming.carry_out(rename.id)
    service = await accepted_service_change(container, numbers)
    await container.services.carry_out(service.id)
    ids = [
        download["id"],
        emailed["id"],
        report["id"],
        encode_id("RenameRequest", rename.id),
        encode_id("ServiceRequest", service.id),
    ]
    seen = [await _job(demo, gid) for gid in ids]
    assert {job["__typename"] for job in seen} == JOB_TYPES
    for gid, job in zip(ids, seen, strict=True):
        assert job["id"] == gid
        assert job["jobStatus"] == "DONE" and job["error"] is None, job
        assert job["createdAt"] and job["finishedAt"], job


async def test_a_failed_report_and_a_deferred_download_through_the_interface(
    demo: Api, container: Container, clock: FixedClock
) -> None:
    client_id = await client_id_of("demo")
    account = await m.BillingAccountRow.filter(client_id=client_id).order_by("number").first()
    assert account is not None
    failed = await m.ChargesReportRow.create(
        client_id=client_id, account_id=account.id, email="a@example.by", status="FAILED",
        created_at=clock.now(), finished_at=clock.now(), result="a@example.by: REFUSED",
        error_code="DOCUMENT_FAILED", error_message="Не удалось отправить начисления.",
    )  # fmt: skip
    gid = encode_id("ChargesReport", failed.id)
    shown = await demo("query($id: ID!) { chargesReport(id: $id) { status } }", {"id": gid})
    assert shown["chargesReport"]["status"] == "FAILED"
    job = await _job(demo, gid)
    assert job["jobStatus"] == "FAILED"
    assert job["error"] == {
        "code": "DOCUMENT_FAILED",
        "message": "Не удалось отправить начисления.",
    }
    deferred = await m.DocumentJobRow.create(
        client_id=client_id, account_id=account.id, period="2026-10", format="PDF",
        status="DEFERRED", attempts=10, created_at=clock.now(), retry_at=clock.now(),
    )  # fmt: skip
    gid = encode_id("DocumentJob", deferred.id)
    shown = await demo("query($id: ID!) { documentJob(id: $id) { status } }", {"id": gid})
    assert shown["documentJob"]["status"] == "QUEUED"  # waiting to be tried again
    assert (await _job(demo, gid))["jobStatus"] == "QUEUED"


async def test_d18_another_clients_job_is_not_found_through_the_interface(
    demo: Api, demo2: Api, container: Container
) -> None:
    account = await documents.first_account(demo)
    download = (await documents.order(demo, account["id"], "2026-10", "PDF"))["job"]
    assert (await demo2(JOB, {"id": download["id"]}))["node"] is None
