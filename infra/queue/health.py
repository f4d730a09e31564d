"""Is the broker reachable? One short-lived connection, for /healthz."""

from __future__ import annotations

import logging

log = logging.getLogger("kabinet.health")


CHECK_TIMEOUT_SECONDS = 2.0


def broker_reachable(url: str, timeout: float = CHECK_TIMEOUT_SECONDS) -> bool:
    """Blocking: run it in a thread. Connects, then closes; any failure is False."""
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(
                url, socket_connect_timeout=timeout, socket_timeout=timeout
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            import pika  # type: ignore[import-untyped]

            parameters = pika.URLParameters(url)
            parameters.socket_timeout = timeout
            parameters.stack_timeout = timeout
            parameters.blocked_connection_timeout = timeout
            parameters.connection_attempts = 1
            parameters.retry_delay = 0
            pika.BlockingConnection(parameters).close()
    except Exception as error:  # every failure means "down" here
        log.warning("broker health check failed: %s", error)
        return False
    return True
