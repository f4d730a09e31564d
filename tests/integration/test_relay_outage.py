"""A broker outage seen by the outbox relay: logged once when it starts and once when it
ends, with back-off in between (issue 14, part 4b)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from domain.commands import Command, RenderDocument
from domain.ids import JobId
from infra.bootstrap import Container
from infra.db import models as m
from infra.db.outbox import OutboxRelay, TortoiseOutbox
from tests.integration.test_outbox import FlakyBroker


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The container's own relay wakes only when kicked: this test drives its own relay.
    return {"relay_interval_seconds": 3600}


class CountingBroker(FlakyBroker):
    def __init__(self) -> None:
        super().__init__()
        self.tries = 0

    def dispatch(self, command: Command, message_id: int) -> None:
        self.tries += 1
        super().dispatch(command, message_id)


async def test_a_broker_outage_is_logged_once_each_way_and_the_relay_backs_off(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    async with in_transaction():
        await TortoiseOutbox().add(RenderDocument(JobId(1)))
    broker = CountingBroker()
    relay = OutboxRelay(broker)
    caplog.set_level(logging.DEBUG, logger="kabinet.outbox")
    task = asyncio.create_task(relay.run(0.05))
    try:
        await asyncio.sleep(3.5)  # 70 passes at the interval; the back-off allows 1+1+2 s
        assert 2 <= broker.tries <= 3, broker.tries
        for _ in range(20):  # kicks (every commit kicks) do not break the back-off
            relay.kick()
            await asyncio.sleep(0.01)
        assert broker.tries <= 3
        broker.down = False
        for _ in range(200):
            if broker.taken:
                break
            await asyncio.sleep(0.05)
    finally:
        relay.stop()
        await task
    assert [t[0] for t in broker.taken] == [RenderDocument(JobId(1))]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 2, [r.getMessage() for r in warnings]
    assert "unavailable" in warnings[0].getMessage()
    assert "again" in warnings[1].getMessage()
    assert all(r.exc_info is None for r in warnings)  # no traceback per try
    assert await m.OutboxRow.filter(dispatched_at__isnull=True).count() == 0


class DatabaseDownRelay(OutboxRelay):
    """A relay whose passes fail as they do while the database is down, until it is back."""

    def __init__(self) -> None:
        super().__init__(CountingBroker())
        self.down = True
        self.tries = 0

    async def relay_once(self) -> int:
        self.tries += 1
        if self.down:
            raise ConnectionRefusedError("the database does not answer")
        self._recovered()
        return 0


async def test_after_a_database_outage_the_first_commit_ends_the_back_off() -> None:
    relay = DatabaseDownRelay()
    task = asyncio.create_task(relay.run(0.05))
    try:
        await asyncio.sleep(3.5)  # the back-off allows tries at 0, 1, 3 s; the next at 7 s
        assert 2 <= relay.tries <= 3, relay.tries
        assert relay.failing
        relay.down = False
        await asyncio.sleep(0.3)
        before = relay.tries
        assert before <= 3  # the database back, nothing committed yet: still backing off
        relay.kick()  # a commit: the database is back
        for _ in range(40):
            if not relay.failing:
                break
            await asyncio.sleep(0.01)
        assert relay.tries == before + 1 and not relay.failing
    finally:
        relay.stop()
        await task
