"""Fixtures of the tests that run jobs through a real broker (Redis and RabbitMQ) or send
mail to a real SMTP server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import RABBITMQ_URL, REDIS_URL, require
from tests.db_fixtures import *  # noqa: F403
from tests.smtp_server import SmtpServer

BROKERS = [
    pytest.param("redis", marks=pytest.mark.redis),
    pytest.param("rabbitmq", marks=pytest.mark.rabbitmq),
]


@pytest.fixture(params=BROKERS)
def broker_url(request: pytest.FixtureRequest) -> str:
    if request.param == "redis":
        return require(REDIS_URL, "Redis")
    return require(RABBITMQ_URL, "RabbitMQ")


@pytest.fixture
def queue(broker_url: str) -> Iterator[str]:
    """A queue (and Redis namespace) of this test alone: concurrent runs never meet."""
    name = f"t{uuid.uuid4().hex[:12]}"
    yield name
    if broker_url.startswith("amqp"):
        import pika  # type: ignore[import-untyped]

        connection = pika.BlockingConnection(pika.URLParameters(broker_url))
        channel = connection.channel()
        for suffix in ("", ".DQ", ".XQ"):
            channel.queue_delete(queue=name + suffix)
        connection.close()
    else:
        import redis

        client = redis.Redis.from_url(broker_url)
        keys = list(client.scan_iter(f"{name}:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that accepts every message (tests/smtp_server.py)."""
    server = SmtpServer().start()
    yield server
    server.stop()
