"""Failure paths that had no test: a dependency down while a caller uses the API.

Each is cheap (seconds) and runs on SQLite and PostgreSQL: the database "down" is the
error its driver raises when it cannot be reached (as tests/api/test_hardening.py does),
the SMTP server, the broker and the object store are dead ports on loopback.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
from typing import Any

import httpx
import pytest
from tortoise.exceptions import OperationalError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from domain.commands import SendCurrentCharges
from domain.ids import ClientId, JobId
from infra.bootstrap import Container
from infra.db import models as m
from infra.metrics import JOB_RUNS
from schema.ids import decode_any
from tests.api.live_helpers import PROTOCOL, live, serving
from tests.api.test_current_charges import ORDER as CHARGES
from tests.api.test_current_charges import REPORT
from tests.api.test_current_charges import first_account as charges_account
from tests.api.test_documents import first_account, order
from tests.db_fixtures import Api
from tests.smtp_server import SmtpServer

LIVE_JOB = "subscription($id: ID!) { documentJob(id: $id) { id status } }"


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def database_down(*args: object, **kwargs: object) -> Any:
    raise OperationalError("down") from sqlite3.OperationalError("unable to open database file")


async def test_d14_subscription_when_the_database_is_down_at_sign_in_closes_cleanly(
    container: Container, demo: Api
) -> None:
    """connection_init needs the session: with the database down the socket is closed
    with 1013 (try again later), not left open nor answered with an internal error."""
    container.auth.authenticate = database_down  # type: ignore[method-assign]
    init = {"type": "connection_init", "payload": {"token": demo.token}}
    async with (
        serving(container) as base,
        connect(f"ws://{base}/graphql", subprotocols=[PROTOCOL]) as ws,  # type: ignore[list-item]
    ):
        await ws.send(json.dumps(init))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=10)
    assert closed.value.rcvd is not None, closed.value
    assert closed.value.rcvd.code == 1013, closed.value.rcvd
    assert "недоступен" in closed.value.rcvd.reason


async def test_d14_subscription_when_the_database_goes_down_is_service_unavailable(
    container: Container, demo: Api
) -> None:
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "PDF"))["job"]
    container.documents.job = database_down  # type: ignore[method-assign]
    async with serving(container) as base, live(base, {"token": demo.token}) as ws:
        items, errors = await ws.until_complete(await ws.start(LIVE_JOB, {"id": job["id"]}))
    assert items == []
    assert [e["extensions"]["code"] for e in errors] == ["SERVICE_UNAVAILABLE"], errors
    assert "Внутренняя ошибка" not in json.dumps(errors, ensure_ascii=False)


async def test_d14_metrics_when_the_database_is_down_is_503_not_500(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import infra.metrics

    monkeypatch.setattr(infra.metrics, "outbox_stats", database_down)
    response = await client.get("/metrics")
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    assert "недоступ" in response.text


SMTP_PORT = dead_port()
BROKER_PORT = dead_port()


async def _report(demo: Api, report_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await demo(REPORT, {"id": report_id}))["chargesReport"]
    return found


@pytest.mark.parametrize(
    "settings_overrides", [{"smtp_url": f"smtp://127.0.0.1:{SMTP_PORT}"}], ids=["dead-smtp"]
)
async def test_d9_current_charges_with_the_smtp_server_dead_wait_and_are_sent_once_it_is_back(
    container: Container, demo: Api
) -> None:
    """The order is accepted; while nothing answers on the SMTP port the report is not
    FAILED (a refused connection is a deferral), and once the server is up it is sent once."""
    account, email = await first_charges_account(demo)
    failed_runs = JOB_RUNS.labels(SendCurrentCharges.name, "error")._value.get()
    ordered = (await demo(CHARGES, {"i": {"billingAccountId": account["id"]}}))[
        "orderCurrentCharges"
    ]
    assert ordered["errors"] == [] and ordered["report"]["status"] == "QUEUED", ordered
    report_id = ordered["report"]["id"]
    pk = int(decode_any(report_id)[1])  # type: ignore[index]
    # The in-process job has tried (its claim was released: QUEUED again), more than once.
    for _ in range(200):
        await asyncio.sleep(0.05)
        row = await m.ChargesReportRow.get(id=pk)
        if (
            row.status == "QUEUED"
            and JOB_RUNS.labels(SendCurrentCharges.name, "error")._value.get() > failed_runs
        ):
            break
    assert JOB_RUNS.labels(SendCurrentCharges.name, "error")._value.get() > failed_runs, (
        "the job never ran"
    )
    seen = await _report(demo, report_id)
    assert seen["status"] in ("QUEUED", "RUNNING"), seen
    assert seen["finishedAt"] is None and seen["result"] is None, seen
    server = SmtpServer(SMTP_PORT).start()
    try:
        await container.delivery.charges.send(JobId(pk))  # the next retry, or recovery, runs this
        for _ in range(100):
            if (await _report(demo, report_id))["status"] == "SENT":
                break
            await asyncio.sleep(0.05)
        assert (await _report(demo, report_id))["status"] == "SENT"
        await asyncio.sleep(0.3)  # a retry still queued in-process must find it sent
        assert [r.message["To"] for r in server.received] == [email]
    finally:
        server.stop()


async def first_charges_account(demo: Api) -> tuple[dict[str, Any], str]:
    account, email = await charges_account(demo)
    assert email, "the demo client has a contact address"
    return account, email


@pytest.mark.parametrize(
    "settings_overrides",
    [{"broker_url": f"amqp://guest:guest@127.0.0.1:{BROKER_PORT}/"}],
    ids=["dead-broker"],
)
async def test_d3_an_order_while_the_broker_is_dead_is_accepted_and_kept_in_the_outbox(
    container: Container, demo: Api
) -> None:
    account = await first_account(demo)
    before = await m.OutboxRow.all().count()
    result = await order(demo, account["id"], "2026-10", "PDF")
    assert result["errors"] == [] and result["job"]["status"] == "QUEUED", result
    await asyncio.sleep(0.5)  # the relay tried (interval 0.2 s) and could not hand it over
    rows = await m.OutboxRow.all().order_by("id")
    assert len(rows) == before + 1
    assert rows[-1].dispatched_at is None and rows[-1].attempts >= 1, rows[-1].attempts
    job = await demo(
        "query($id: ID!) { documentJob(id: $id) { status } }", {"id": result["job"]["id"]}
    )
    assert job["documentJob"]["status"] == "QUEUED"
    health = await demo.http.get("/healthz")
    assert health.status_code == 503 and health.json()["broker"] == "down", health.text


S3_PORT = dead_port()


@pytest.mark.parametrize(
    "settings_overrides",
    [
        {
            "storage_url": "s3://kabinet-audit/files",
            "s3_endpoint_url": f"http://127.0.0.1:{S3_PORT}",
            "s3_access_key_id": "audit",
            "s3_secret_access_key": "audit-secret",
        }
    ],
    ids=["dead-s3"],
)
async def test_d3_a_download_ordered_while_the_object_store_is_down_is_retried_not_an_error(
    container: Container, demo: Api
) -> None:
    """The order is accepted; the job that cannot store its file goes back to QUEUED for
    another attempt, and nothing the caller reads is an internal error."""
    account = await first_account(demo)
    result = await order(demo, account["id"], "2026-10", "PDF")
    assert result["errors"] == [] and result["job"]["status"] == "QUEUED", result
    pk = int(decode_any(result["job"]["id"])[1])  # type: ignore[index]
    for _ in range(400):
        row = await m.DocumentJobRow.get(id=pk)
        if row.attempts >= 1 and row.status == "QUEUED":
            break
        await asyncio.sleep(0.05)
    assert row.attempts >= 1 and row.status == "QUEUED", (row.attempts, row.status)
    body = await demo.raw(
        "query($id: ID!) { documentJob(id: $id) { status downloadUrl error { code message } } }",
        {"id": result["job"]["id"]},
    )
    assert "errors" not in body, body
    assert body["data"]["documentJob"]["status"] in ("QUEUED", "RUNNING"), body
    assert body["data"]["documentJob"]["downloadUrl"] is None


S3_DOWN = {
    "storage_url": "s3://kabinet-audit/files",
    "s3_endpoint_url": f"http://127.0.0.1:{S3_PORT}",
    "s3_access_key_id": "audit",
    "s3_secret_access_key": "audit-secret",
}


@pytest.mark.parametrize("settings_overrides", [S3_DOWN], ids=["dead-s3"])
async def test_d3_a_link_followed_while_the_object_store_is_down_is_503_not_500(
    container: Container, client: httpx.AsyncClient
) -> None:
    from datetime import timedelta

    expires = container.clock.now() + timedelta(hours=1)
    url = container.links.sign("1/1.pdf", ClientId(1), "invoice.pdf", expires)
    response = await client.get("/files/" + url.rsplit("/files/", 1)[1])
    assert response.status_code == 503, (response.status_code, response.text)
    assert int(response.headers["retry-after"]) > 0
    assert "недоступ" in response.text
