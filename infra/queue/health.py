"""Is the broker reachable? One short-lived connection, for /healthz and the recovery
pass's mark (infra/queue/mark.py): both connect the same way, briefly and once."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("kabinet.health")


CHECK_TIMEOUT_SECONDS = 2.0


def redis_client(url: str, timeout: float = CHECK_TIMEOUT_SECONDS) -> Any:
    """A Redis client that gives up after `timeout` (connect and each answer)."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def rabbitmq_connection(url: str, timeout: float = CHECK_TIMEOUT_SECONDS) -> Any:
    """One blocking RabbitMQ connection, one attempt, `timeout` for every step."""
    import pika  # type: ignore[import-untyped]

    parameters = pika.URLParameters(url)
    parameters.socket_timeout = timeout
    parameters.stack_timeout = timeout
    parameters.blocked_connection_timeout = timeout
    parameters.connection_attempts = 1
    parameters.retry_delay = 0
    return pika.BlockingConnection(parameters)


def broker_reachable(url: str, timeout: float = CHECK_TIMEOUT_SECONDS) -> bool:
    """Blocking: run it in a thread. Connects, then closes; any failure is False."""
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis_client(url, timeout)
            try:
                client.ping()
            finally:
                client.close()
        else:
            rabbitmq_connection(url, timeout).close()
    except Exception as error:  # every failure means "down" here
        log.warning("broker health check failed: %s", error)
        return False
    return True
