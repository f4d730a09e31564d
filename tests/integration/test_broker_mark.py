"""The recovery pass's mark in a real broker (infra/queue/mark.py): there once put, gone
when the broker loses its data (Redis: the database flushed; RabbitMQ: the mark's queue
gone, as after a node reset), and an unreachable broker raises rather than answers."""

from __future__ import annotations

import pytest

from infra.queue.mark import RabbitmqBrokerMark, RedisBrokerMark, broker_mark, mark_name


def _lose(url: str, queue: str) -> None:
    """What a broker that lost its data no longer has."""
    if url.startswith("amqp"):
        import pika  # type: ignore[import-untyped]

        connection = pika.BlockingConnection(pika.URLParameters(url))
        connection.channel().queue_delete(queue=mark_name(queue))
        connection.close()
    else:
        import redis

        client = redis.Redis.from_url(url)
        client.delete(mark_name(queue))
        client.close()


async def test_the_mark_is_there_once_put_and_gone_with_the_brokers_data(
    broker_url: str, queue: str
) -> None:
    mark = broker_mark(broker_url, queue)
    assert mark is not None
    try:
        assert not await mark.present()  # a broker never marked: nothing known of it
        await mark.put()
        assert await mark.present()
        assert await broker_mark(broker_url, queue).present()  # type: ignore[union-attr]
        assert not await broker_mark(broker_url, queue + "x").present()  # type: ignore[union-attr]
        _lose(broker_url, queue)
        assert not await mark.present()
        await mark.put()
        assert await mark.present()
    finally:
        _lose(broker_url, queue)
        mark.close()


@pytest.mark.parametrize(
    "mark",
    [
        RedisBrokerMark("redis://127.0.0.1:1/0", "q"),
        RabbitmqBrokerMark("amqp://guest:guest@127.0.0.1:1/", "q"),
    ],
    ids=["redis", "rabbitmq"],
)
async def test_a_broker_that_does_not_answer_raises(
    mark: RedisBrokerMark | RabbitmqBrokerMark,
) -> None:
    with pytest.raises(Exception):  # noqa: B017 - each client its own error
        await mark.present()
    mark.close()


def test_jobs_in_the_process_have_no_mark() -> None:
    assert broker_mark("", "kabinet") is None
