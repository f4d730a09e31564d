"""/healthz names each dependency: 200 when all are up, 503 naming the one that is down."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from tests.conftest import RABBITMQ_URL, REDIS_URL, require


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # closed again: nothing listens there


BROKERS = [
    pytest.param(("redis", "down"), id="redis-down"),
    pytest.param(("amqp", "down"), id="rabbitmq-down"),
    pytest.param(("redis", "ok"), id="redis-up", marks=pytest.mark.redis),
    pytest.param(("amqp", "ok"), id="rabbitmq-up", marks=pytest.mark.rabbitmq),
]


@pytest.fixture(params=BROKERS)
def broker_case(request: pytest.FixtureRequest) -> tuple[str, str]:
    kind, state = request.param
    if state == "ok":
        url = require(REDIS_URL, "Redis") if kind == "redis" else require(RABBITMQ_URL, "RabbitMQ")
    else:
        port = _closed_port()
        scheme = "redis://" if kind == "redis" else "amqp://guest:guest@"
        url = f"{scheme}127.0.0.1:{port}/"
    return url, state


@pytest.fixture
def settings_overrides(broker_case: tuple[str, str]) -> dict[str, Any]:
    return {"broker_url": broker_case[0]}


async def test_d14_health_names_the_broker_when_it_is_down(
    client: httpx.AsyncClient, broker_case: tuple[str, str]
) -> None:
    response = await client.get("/healthz")
    body = response.json()
    if broker_case[1] == "ok":
        assert response.status_code == 200
        assert body == {"status": "ok", "database": "ok", "broker": "ok"}
        return
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert body["database"] == "ok" and body["broker"] == "down"
    assert body["status"] == "unavailable" and body["down"] == ["broker"]
