"""Live job progress when the job runs in another process (issue 12).

A real `kabinet worker` renders the job; its changes reach the API process's
subscription through Redis pub/sub (the Redis broker) or PostgreSQL NOTIFY (the
RabbitMQ broker on PostgreSQL). The subscriptions' safety poll is set far beyond the
test's time-out, so only an event can bring each change.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.bootstrap import Container
from infra.events.hub import PostgresTransport, RedisTransport
from tests.api.live_helpers import live, serving
from tests.api.test_documents import first_account, order
from tests.db_fixtures import Api
from tests.integration.test_jobs_broker import Workers

pytestmark = pytest.mark.usefixtures("worker_backend")

LIVE_JOB = """subscription($id: ID!) { documentJob(id: $id) {
  id status progress downloadUrl error { code } } }"""


@pytest.fixture
def settings_overrides(broker_url: str, queue: str) -> dict[str, Any]:
    # The safety poll (ten times this with a transport) never fires within the test.
    return {"broker_url": broker_url, "queue": queue, "job_watch_poll_seconds": 60.0}


@pytest.fixture
def workers(container: Container, workdir: Path) -> Iterator[Workers]:
    w = Workers(container, workdir)
    yield w
    w.stop()


async def test_d3_live_job_run_by_a_worker_process_reaches_the_subscription(
    demo: Api, container: Container, workers: Workers, broker_url: str
) -> None:
    transport = container.job_events.transport
    expected = RedisTransport if broker_url.startswith("redis") else PostgresTransport
    assert isinstance(transport, expected)
    account = await first_account(demo)
    job = (await order(demo, account["id"], "2026-10", "PDF"))["job"]
    async with serving(container) as base, live(base, {"token": demo.token}) as ws:
        op = await ws.start(LIVE_JOB, {"id": job["id"]})
        first = await ws.receive()
        assert first["payload"]["data"]["documentJob"]["status"] == "QUEUED"
        workers.start()  # only now may the job run, in another process
        rest, errors = await ws.until_complete(op)
        assert errors == []
        items = [first["payload"]["data"], *rest]
        states: list[str] = []
        for item in items:
            if not states or states[-1] != item["documentJob"]["status"]:
                states.append(item["documentJob"]["status"])
        assert states == ["QUEUED", "RUNNING", "DONE"], items
        done = items[-1]["documentJob"]
        assert done["progress"] == 100 and done["downloadUrl"]
        async with httpx.AsyncClient() as http:
            response = await http.get(f"http://{base}/{done['downloadUrl'].split('/', 3)[3]}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
