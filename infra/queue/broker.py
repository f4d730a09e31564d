"""Dramatiq broker from KABINET_BROKER_URL: redis://… or amqp://…"""

from __future__ import annotations

import dramatiq
from dramatiq.middleware import AsyncIO


def make_broker(url: str, namespace: str = "kabinet") -> dramatiq.Broker:
    broker: dramatiq.Broker
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url, namespace=namespace)  # type: ignore[no-untyped-call]
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    else:
        raise ValueError("KABINET_BROKER_URL must start with redis:// or amqp://")
    broker.add_middleware(AsyncIO())
    return broker
