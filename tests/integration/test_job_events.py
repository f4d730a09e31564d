"""Job change events (issue 12): published after commit, carried between processes.

"Another process" here is another connection: a raw Redis client, or an asyncpg
connection of its own sending NOTIFY, exactly what a worker on another host sends.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

import asyncpg  # type: ignore[import-untyped]
import pytest
import redis.asyncio as aioredis

from domain.errors import DomainError, ErrorCode
from domain.ids import JobId
from infra.bootstrap import Container
from infra.db import models as m
from infra.events import hub
from infra.events.changes import DOCUMENT_JOB, JobKey, changed
from infra.events.hub import JobEvents, LocalTransport, PostgresTransport, RedisTransport
from tests.conftest import REDIS_URL, require
from tests.smtp_server import free_port

NEVER = 600.0  # a poll interval no test waits for: only an event wakes the watcher


async def _woken(wait: object, seconds: float = 10.0) -> bool:
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.wait_for(wait(), timeout=seconds)  # type: ignore[operator]
    return loop.time() - start < seconds


@pytest.mark.redis
async def test_live_redis_event_from_another_connection_wakes_the_watcher() -> None:
    url = require(REDIS_URL, "Redis")
    channel = f"kabinet.t{uuid.uuid4().hex[:10]}.jobs"
    events = JobEvents(RedisTransport(url, channel), NEVER / 10)
    other = aioredis.Redis.from_url(url)
    try:
        async with events.watch(DOCUMENT_JOB, JobId(7)) as wait:
            await other.publish(channel, f"{DOCUMENT_JOB}:8")  # another job: no wake
            await other.publish(channel, f"{DOCUMENT_JOB}:7")
            assert await _woken(wait)
    finally:
        await other.aclose()
        await events.close()


async def test_live_postgres_notify_from_another_connection_wakes_the_watcher(
    container: Container,
) -> None:
    transport = container.job_events.transport
    if not isinstance(transport, PostgresTransport):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    events = JobEvents(PostgresTransport(container.settings.database_url, transport.channel), 60)
    other = await asyncpg.connect(container.settings.database_url)
    try:
        async with events.watch(DOCUMENT_JOB, JobId(7)) as wait:
            await other.execute("SELECT pg_notify($1, $2)", transport.channel, "DocumentJob:7")
            assert await _woken(wait)
    finally:
        await other.close()
        await events.close()


async def test_live_events_are_published_only_once_the_transaction_commits(
    container: Container,
) -> None:
    job = await m.DocumentJobRow.filter().first()
    pk = JobId(job.id if job else 1)
    events = container.job_events
    events.poll_seconds = NEVER
    async with events.watch(DOCUMENT_JOB, pk) as wait:
        with pytest.raises(DomainError):
            async with container.uow.transaction():
                changed(DOCUMENT_JOB, pk)
                raise DomainError(ErrorCode.NOT_FOUND, "отменено")
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(wait(), timeout=0.3)  # rolled back: no event
        async with container.uow.transaction():
            async with container.uow.transaction():
                changed(DOCUMENT_JOB, pk)
            with pytest.raises(TimeoutError):  # a nested one publishes with its outer
                await asyncio.wait_for(wait(), timeout=0.3)
        assert await _woken(wait)


async def test_live_without_a_transport_the_watcher_polls() -> None:
    events = JobEvents(LocalTransport(), 0.05)
    async with events.watch(DOCUMENT_JOB, JobId(1)) as wait:
        assert await _woken(wait, 5)  # no event at all: back after the poll interval


async def test_live_redis_down_a_change_still_wakes_this_process_and_nothing_raises(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(hub, "READY_SECONDS", 0.1)  # the listener never gets subscribed
    dead = RedisTransport(f"redis://127.0.0.1:{free_port()}/0", "kabinet.dead.jobs")
    events = JobEvents(dead, NEVER / 10)
    try:
        async with events.watch(DOCUMENT_JOB, JobId(7)) as wait:
            await events.publish([(DOCUMENT_JOB, JobId(7))])  # committed: must not raise
            assert await _woken(wait)
        assert "job events not published" in caplog.text
    finally:
        await events.close()


async def test_live_a_transport_outage_is_logged_once_not_at_every_commit_or_reconnect(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(hub, "READY_SECONDS", 0.1)
    monkeypatch.setattr(hub, "RECONNECT_SECONDS", 0.05)
    dead = RedisTransport(f"redis://127.0.0.1:{free_port()}/0", "kabinet.dead.jobs")
    events = JobEvents(dead, NEVER / 10)
    try:
        with caplog.at_level("WARNING", logger=hub.log.name):
            async with events.watch(DOCUMENT_JOB, JobId(7)):
                for _ in range(5):
                    await events.publish([(DOCUMENT_JOB, JobId(7))])
                await asyncio.sleep(0.5)  # the listener fails and reconnects several times
        warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert warnings.count("job events not published (watchers fall back to polling)") == 1
        assert warnings.count("job events listener lost; reconnecting") == 1, warnings
    finally:
        await events.close()


class _Flaky(LocalTransport):
    """Publishing fails while `down`, as a broker that went away and came back."""

    down = True

    async def publish(self, events: Iterable[JobKey]) -> None:
        if self.down:
            raise ConnectionError("broker away")


async def test_live_the_end_of_a_publish_outage_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = _Flaky()
    events = JobEvents(transport, NEVER)
    with caplog.at_level("WARNING", logger=hub.log.name):
        await events.publish([(DOCUMENT_JOB, JobId(7))])
        await events.publish([(DOCUMENT_JOB, JobId(7))])
        transport.down = False
        await events.publish([(DOCUMENT_JOB, JobId(7))])
        await events.publish([(DOCUMENT_JOB, JobId(7))])
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "job events not published (watchers fall back to polling)",
        "job events: publish works again",
    ]
    await events.close()
