"""The transactional outbox when the broker is down, and in-process retries."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from infra.bootstrap import Container
from infra.db import models as m
from infra.db.outbox import OutboxRelay, TortoiseOutbox
from infra.queue.dispatch import InProcessDispatcher


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The container's own relay wakes only when kicked: this test drives its own relay.
    return {"relay_interval_seconds": 3600}


class FlakyBroker:
    """A broker that is down until told otherwise, and records what it took."""

    def __init__(self) -> None:
        self.down = True
        self.taken: list[tuple[str, dict[str, Any], int]] = []

    def dispatch(self, actor: str, payload: Mapping[str, Any], message_id: int) -> None:
        if self.down:
            raise ConnectionError("broker unreachable")
        self.taken.append((actor, dict(payload), message_id))


async def test_a_message_the_broker_refused_stays_and_is_sent_once_later(
    container: Container,
) -> None:
    async with in_transaction():  # no unit of work: nothing kicks the container's relay
        row_id = await TortoiseOutbox().add("render_document", {"job_id": 42})
    broker = FlakyBroker()
    relay = OutboxRelay(broker)

    assert await relay.relay_once() == 0
    row = await m.OutboxRow.get(id=row_id)
    assert row.dispatched_at is None and row.attempts == 1

    broker.down = False
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0
    assert broker.taken == [("render_document", {"job_id": 42}, row_id)]
    row = await m.OutboxRow.get(id=row_id)
    assert row.dispatched_at is not None and row.attempts == 2


async def test_outbox_key_records_a_job_once(container: Container) -> None:
    async with in_transaction():
        first = await TortoiseOutbox().add("render_document", {"job_id": 1}, key="k-1")
        again = await TortoiseOutbox().add("render_document", {"job_id": 1}, key="k-1")
    assert first == again
    assert await m.OutboxRow.filter(key="k-1").count() == 1


async def test_in_process_jobs_are_retried_after_a_failure() -> None:
    calls: list[int] = []

    async def handler(payload: Mapping[str, Any]) -> None:
        calls.append(int(payload["n"]))
        if len(calls) == 1:
            raise RuntimeError("first attempt fails")

    dispatcher = InProcessDispatcher({"job": handler}, asyncio.get_running_loop(), backoff=0)
    dispatcher.dispatch("job", {"n": 7}, 1)
    for _ in range(100):
        await asyncio.sleep(0.01)
        if not dispatcher.tasks and calls:
            break
    assert calls == [7, 7]
