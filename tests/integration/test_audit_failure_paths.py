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

from infra.bootstrap import Container
from tests.api.live_helpers import PROTOCOL, live, serving
from tests.api.test_documents import first_account, order
from tests.conftest import Api

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
