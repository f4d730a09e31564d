"""Dramatiq broker from KABINET_BROKER_URL: redis://… or amqp://…"""

from __future__ import annotations

import dramatiq
from dramatiq.middleware import AsyncIO

# A worker process that died holds the messages it had taken (prefetched, not yet
# started) until Redis's maintenance gives them back: after no heartbeat for this long
# (Dramatiq's default 60 s) and only when a command draws maintenance (its default 1 in
# 1,000 commands), which made a killed worker's downloads and sendings wait 200-300 s
# (bench/README.md, drills). Each consumer sends a heartbeat with every fetch (about
# every second), so 15 s is safe; maintenance is a few cheap Redis calls.
REDIS_HEARTBEAT_TIMEOUT_MS = 15_000
REDIS_MAINTENANCE_CHANCE = 20_000  # of a million commands: 1 in 50


def make_broker(url: str, namespace: str = "kabinet") -> dramatiq.Broker:
    broker: dramatiq.Broker
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(  # type: ignore[no-untyped-call]
            url=url,
            namespace=namespace,
            heartbeat_timeout=REDIS_HEARTBEAT_TIMEOUT_MS,
            maintenance_chance=REDIS_MAINTENANCE_CHANCE,
        )
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    else:
        raise ValueError("KABINET_BROKER_URL must start with redis:// or amqp://")
    broker.add_middleware(AsyncIO())
    return broker
