"""The recovery pass's mark in the broker (domain/job_store.py `BrokerMark`).

It lives where the broker keeps its messages, so it goes when they go:
- Redis: a key beside Dramatiq's queues in the same database (a restart without an
  append-only file, a FLUSHDB, a new server);
- RabbitMQ: a durable, empty queue, like Dramatiq's own queues (a node reset or rebuilt).
Each check is one short connection on a thread (the clients block), made as /healthz
makes its own (infra/queue/health.py); a failure raises, and the pass takes it as "the
broker does not answer".
"""

from __future__ import annotations

import asyncio

from infra.queue.health import rabbitmq_connection, redis_client


def mark_name(queue: str) -> str:
    """One mark per queue (KABINET_QUEUE): deployments sharing a broker keep their own."""
    return f"{queue}.broker-mark"


class RedisBrokerMark:
    """A key in the broker's Redis database."""

    def __init__(self, url: str, queue: str) -> None:
        self._key = mark_name(queue)
        self._client = redis_client(url)

    async def present(self) -> bool:
        return bool(await asyncio.to_thread(self._client.exists, self._key))

    async def put(self) -> None:
        await asyncio.to_thread(self._client.set, self._key, "1")

    def close(self) -> None:
        self._client.close()


class RabbitmqBrokerMark:
    """A durable queue that holds nothing; asked for passively (404 when it is gone)."""

    def __init__(self, url: str, queue: str) -> None:
        self._url = url
        self._queue = mark_name(queue)

    def _present(self) -> bool:
        import pika  # type: ignore[import-untyped]

        connection = rabbitmq_connection(self._url)
        try:
            channel = connection.channel()
            try:
                channel.queue_declare(queue=self._queue, passive=True)
            except pika.exceptions.ChannelClosedByBroker as error:
                if error.reply_code == 404:  # NOT_FOUND: the node no longer has it
                    return False
                raise
            return True
        finally:
            connection.close()

    def _put(self) -> None:
        connection = rabbitmq_connection(self._url)
        try:
            connection.channel().queue_declare(queue=self._queue, durable=True)
        finally:
            connection.close()

    async def present(self) -> bool:
        return await asyncio.to_thread(self._present)

    async def put(self) -> None:
        await asyncio.to_thread(self._put)

    def close(self) -> None:
        """Nothing held between checks."""


def broker_mark(url: str, queue: str) -> RedisBrokerMark | RabbitmqBrokerMark | None:
    """The mark for KABINET_BROKER_URL; None for jobs in the process (no broker: what is
    queued in memory goes with the process, and `lost_after` stays the way back)."""
    if url.startswith(("redis://", "rediss://")):
        return RedisBrokerMark(url, queue)
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBrokerMark(url, queue)
    return None
