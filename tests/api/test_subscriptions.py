"""Live job progress by subscription over graphql-transport-ws (issue 12, D3, D13, D18).

A real WebSocket client talks to uvicorn on loopback. The jobs run in this process
(on SQLite and PostgreSQL), held at a gate so that every state can be seen.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import pytest

from domain.documents import CallRecord, InvoiceDocument
from infra.bootstrap import Container, bootstrap, make_renderer
from infra.clock import FixedClock
from infra.passwords import Argon2PasswordHasher
from infra.settings import Settings
from tests.api.live_helpers import live, refused, serving
from tests.api.menu_helpers import numbers_of
from tests.api.test_current_charges import ORDER as CHARGES
from tests.api.test_documents import first_account, order, wait_done
from tests.api.test_invoice_email import email_account
from tests.api.test_invoice_email import order as order_email
from tests.api.test_renaming import rename
from tests.api.test_services_by_list import change as change_services
from tests.db_fixtures import Api, Backend

LIVE_JOB = """subscription($id: ID!) { documentJob(id: $id) {
  id status progress downloadUrl error { code } } }"""
LIVE_RENAME = (
    """subscription($id: ID!) { renameRequest(id: $id) { id status progress lineCount } }"""
)


class GatedRenderer:
    """The real renderer, held before it starts until the test opens the gate."""

    def __init__(self) -> None:
        self.inner = make_renderer()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        self._wait()
        self.inner.pdf(document, out)

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        self._wait()
        self.inner.workbook(document, out, calls)

    def _wait(self) -> None:
        self.entered.set()
        assert self.gate.wait(timeout=30), "the test never opened the gate"


@pytest.fixture
def renderer() -> GatedRenderer:
    return GatedRenderer()


@pytest.fixture
async def container(
    backend: Backend, clock: FixedClock, tmp_path: Path, renderer: GatedRenderer
) -> AsyncIterator[Container]:
    """As conftest's, but the outbox relay runs only when a test calls it: a job
    stays QUEUED until then."""
    settings = Settings(
        env="test",
        database_url=await backend.fresh_url(),
        broker_url="",
        outbox_dir=tmp_path / "outbox",
        storage_dir=tmp_path / "files",
        secret_key="test-secret-key",
    )
    c = bootstrap(settings, clock=clock, hasher=Argon2PasswordHasher(fast=True), renderer=renderer)
    async with c.running(relay=False, maintenance=False):
        yield c


@pytest.fixture
async def base(container: Container) -> AsyncIterator[str]:
    async with serving(container) as url:
        yield url


def _states(items: list[dict[str, Any]], field: str) -> list[str]:
    seen: list[str] = []
    for item in items:
        status = item[field]["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
    return seen


async def _follow_to_the_end(
    base: str, token: str, container: Container, query: str, field: str, item_id: str
) -> list[dict[str, Any]]:
    """Subscribes to one request (QUEUED at first), lets the relay start its job, and
    returns every item (the first included) once the subscription completed cleanly."""
    async with live(base, {"token": token}) as ws:
        op = await ws.start(query, {"id": item_id})
        first = await ws.receive()
        assert first["payload"]["data"][field]["status"] == "QUEUED"
        await container.relay.relay_once()
        rest, errors = await ws.until_complete(op)
    assert errors == []
    return [first["payload"]["data"], *rest]


async def test_d3_live_job_goes_queued_running_done_with_a_link(
    demo: Api, container: Container, renderer: GatedRenderer, base: str
) -> None:
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "XLSX"))["job"]
    async with live(base, {"Authorization": f"Bearer {demo.token}"}) as ws:
        op = await ws.start(LIVE_JOB, {"id": job["id"]})
        first = await ws.receive()
        assert first["type"] == "next", first
        assert first["payload"]["data"]["documentJob"]["status"] == "QUEUED"
        await container.relay.relay_once()  # the job starts, and waits at the gate
        await asyncio.to_thread(renderer.entered.wait, 30)
        second = await ws.receive()
        assert second["payload"]["data"]["documentJob"]["status"] == "RUNNING"
        renderer.gate.set()
        rest, errors = await ws.until_complete(op)
    assert errors == []
    items = [first["payload"]["data"], second["payload"]["data"], *rest]
    assert _states(items, "documentJob") == ["QUEUED", "RUNNING", "DONE"]
    progress = [i["documentJob"]["progress"] for i in items]
    assert progress == sorted(progress) and progress[0] == 0 and progress[-1] == 100
    done = items[-1]["documentJob"]
    assert done["id"] == job["id"] and done["error"] is None
    async with httpx.AsyncClient() as http:
        response = await http.get(f"http://{base}/{done['downloadUrl'].split('/', 3)[3]}")
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]


async def test_d3_live_job_of_a_finished_job_yields_it_once_and_completes(
    demo: Api, container: Container, renderer: GatedRenderer, base: str
) -> None:
    renderer.gate.set()
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "XLSX"))["job"]
    await container.relay.relay_once()
    assert (await wait_done(demo, job["id"], container))["status"] == "DONE"
    async with live(base, {"token": demo.token}) as ws:
        items, errors = await ws.until_complete(await ws.start(LIVE_JOB, {"id": job["id"]}))
    assert [i["documentJob"]["status"] for i in items] == ["DONE"]
    assert errors == []
    assert items[-1]["documentJob"]["downloadUrl"]


async def test_d3_live_job_stopped_by_the_client_releases_its_watcher(
    demo: Api, container: Container, base: str
) -> None:
    """A subscription the client stops (or a socket it drops) watches the job no more."""
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "XLSX"))["job"]
    watchers = container.job_events._watchers
    for stop in ("complete", "disconnect"):
        async with live(base, {"token": demo.token}) as ws:
            op = await ws.start(LIVE_JOB, {"id": job["id"]})
            assert (await ws.receive())["payload"]["data"]["documentJob"]["status"] == "QUEUED"
            assert watchers, "the subscription watches its job"
            if stop == "complete":
                await ws.send({"id": op, "type": "complete"})
                for _ in range(500):
                    if not watchers:
                        break
                    await asyncio.sleep(0.01)
                assert not watchers, stop
        for _ in range(500):
            if not watchers:
                break
            await asyncio.sleep(0.01)
        assert not watchers, stop


async def test_live_subscribe_that_does_not_parse_is_answered_and_the_connection_stays(
    demo: Api, base: str
) -> None:
    async with live(base, {"token": demo.token}) as ws:
        _, broken = await ws.until_complete(await ws.start("subscription { documentJob(", {}))
        _, unknown = await ws.until_complete(await ws.start("subscription { nosuch }", {}))
        items, errors = await ws.until_complete(
            await ws.start(LIVE_JOB, {"id": "RG9jdW1lbnRKb2I6OTk5OTk"})
        )
    assert [e["extensions"]["code"] for e in broken] == ["GRAPHQL_PARSE_FAILED"]
    assert broken[0]["message"].startswith("Синтаксическая ошибка в запросе: ")
    assert [e["extensions"]["code"] for e in unknown] == ["GRAPHQL_VALIDATION_FAILED"]
    assert unknown[0]["message"].startswith("Запрос не соответствует схеме: ")
    # The same connection still serves: the next operation is answered, not refused.
    assert items == [] and [e["extensions"]["code"] for e in errors] == ["NOT_FOUND"]


async def test_d18_live_job_of_another_client_yields_nothing_as_a_missing_one(
    demo: Api, demo2: Api, base: str
) -> None:
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "XLSX"))["job"]
    async with live(base, {"Authorization": f"Bearer {demo2.token}"}) as ws:
        foreign = await ws.until_complete(await ws.start(LIVE_JOB, {"id": job["id"]}))
        missing = await ws.until_complete(
            await ws.start(LIVE_JOB, {"id": "RG9jdW1lbnRKb2I6OTk5OTk"})
        )
        garbage = await ws.until_complete(await ws.start(LIVE_JOB, {"id": "nonsense"}))
    for items, errors in (foreign, missing, garbage):
        assert items == []
        assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
            ("Объект не найден.", "NOT_FOUND")
        ]


@pytest.mark.parametrize(
    "init",
    [
        None,
        {},
        {"token": "not-a-token"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "not-a-token"},
    ],
)
async def test_d18_live_connection_without_a_valid_token_is_refused(
    base: str, init: dict[str, Any] | None
) -> None:
    assert await refused(base, init) == 4403


async def test_d18_live_connection_with_a_token_is_accepted(demo: Api, base: str) -> None:
    assert await refused(base, {"token": demo.token}) is None
    assert await refused(base, {"authorization": f"bearer {demo.token}"}) is None


async def test_d18_live_subscribe_before_connection_init_is_refused(base: str) -> None:
    import json

    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    async with connect(f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": LIVE_JOB}}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_d13_live_rename_request_reports_progress_to_done(
    demo: Api, container: Container, base: str
) -> None:
    numbers = (await numbers_of("demo"))[:3]
    result = await rename(demo, [(n, f"Отдел {i}") for i, n in enumerate(numbers)])
    request = result["request"]
    items = await _follow_to_the_end(
        base, demo.token or "", container, LIVE_RENAME, "renameRequest", request["id"]
    )
    assert _states(items, "renameRequest")[-1] == "DONE"
    assert [i["renameRequest"]["progress"] for i in items][:: len(items) - 1] == [0, 100]


LIVE_EMAIL = """subscription($id: ID!) { invoiceEmailRequest(id: $id) {
  id status progress results { address status } } }"""
LIVE_CHARGES = """subscription($id: ID!) { chargesReport(id: $id) { id status result } }"""


async def test_d4_live_repeat_by_email_reports_addresses_sent_to_done(
    demo: Api, container: Container, renderer: GatedRenderer, base: str
) -> None:
    renderer.gate.set()
    account = await email_account(demo)
    request = (await order_email(demo, account["id"], "2026-10"))["request"]
    items = await _follow_to_the_end(
        base, demo.token or "", container, LIVE_EMAIL, "invoiceEmailRequest", request["id"]
    )
    assert _states(items, "invoiceEmailRequest")[-1] == "DONE"
    done = items[-1]["invoiceEmailRequest"]
    assert done["progress"] == 100 and {r["status"] for r in done["results"]} == {"SENT"}
    assert items[0]["invoiceEmailRequest"]["progress"] == 0


async def test_d9_live_current_charges_order_ends_sent(
    demo: Api, container: Container, base: str
) -> None:
    data = await demo("{ billingAccounts(first: 1) { nodes { id } } }")
    account_id = data["billingAccounts"]["nodes"][0]["id"]
    report = (await demo(CHARGES, {"i": {"billingAccountId": account_id}}))["orderCurrentCharges"][
        "report"
    ]
    items = await _follow_to_the_end(
        base, demo.token or "", container, LIVE_CHARGES, "chargesReport", report["id"]
    )
    assert [i["chargesReport"]["status"] for i in items[1:]][-1] == "SENT"


async def test_live_subscription_over_plain_http_is_refused_with_a_code(demo: Api) -> None:
    body = await demo.raw(LIVE_JOB, {"id": "RG9jdW1lbnRKb2I6MQ"})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["SUBSCRIPTION_NEEDS_WEBSOCKET"]
    assert "WebSocket" in body["errors"][0]["message"]
    # Over GET as well (Strawberry would take a subscription there).
    response = await demo.http.get(
        "/graphql",
        params={"query": LIVE_JOB, "variables": '{"id": "RG9jdW1lbnRKb2I6MQ"}'},
        headers={"Authorization": f"Bearer {demo.token}", "accept": "application/json"},
    )
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["SUBSCRIPTION_NEEDS_WEBSOCKET"]
    # A query that only mentions the word is a query.
    data = await demo("{ invoiceService { available } } # subscription")
    assert "invoiceService" in data


LIVE_SERVICES = """subscription($id: ID!) { serviceRequest(id: $id) { id status progress } }"""


async def test_d14_live_services_request_reports_progress_to_done(
    demo: Api, container: Container, base: str
) -> None:
    numbers = (await numbers_of("demo"))[:2]
    result = await change_services(demo, "ADD", "ROAMING", numbers)
    request = result["request"]
    items = await _follow_to_the_end(
        base, demo.token or "", container, LIVE_SERVICES, "serviceRequest", request["id"]
    )
    assert _states(items, "serviceRequest")[-1] == "DONE"
    assert [i["serviceRequest"]["progress"] for i in items][:: len(items) - 1] == [0, 100]


async def test_d18_live_subscription_ends_when_its_session_signs_out(
    demo: Api, container: Container, renderer: GatedRenderer, base: str
) -> None:
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "XLSX"))["job"]
    async with live(base, {"token": demo.token}) as ws:
        op = await ws.start(LIVE_JOB, {"id": job["id"]})
        assert (await ws.receive())["payload"]["data"]["documentJob"]["status"] == "QUEUED"
        assert (await demo("mutation { logout { errors { code } } }"))["logout"]["errors"] == []
        await container.relay.relay_once()  # a change: the watcher wakes and checks again
        rest, errors = await ws.until_complete(op)
    renderer.gate.set()
    assert rest == []
    assert [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"]
