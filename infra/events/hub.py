"""Job events: a local hub of watchers fed by the process's own writes and by a
transport that carries other processes' (Redis pub/sub or PostgreSQL LISTEN/NOTIFY).

Events only wake a watcher, which then re-reads the job scoped to its client: an event
carries no data, so a lost or duplicated one costs at most a poll interval or a read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, Protocol

from domain.ids import JobId
from infra.events.changes import JobKey

log = logging.getLogger("kabinet.events")

Deliver = Callable[[str, JobId], None]
RECONNECT_SECONDS = 1.0
# A first watcher waits this long for the listener to be subscribed (else: the poll).
READY_SECONDS = 3.0


def _encode(kind: str, job_id: JobId) -> str:
    return f"{kind}:{job_id}"


def _decode(text: str) -> JobKey | None:
    kind, _, pk = text.partition(":")
    return (kind, JobId(int(pk))) if kind and pk.isdigit() else None


class Transport(Protocol):
    """Carries events between processes."""

    cross_process: bool

    async def publish(self, events: Iterable[JobKey]) -> None: ...

    async def listen(self, deliver: Deliver, ready: Callable[[], None]) -> None:
        """Deliver every event published anywhere until cancelled; call ready() once
        subscribed."""
        ...

    async def close(self) -> None: ...


class LocalTransport:
    """No broker and no PostgreSQL: this process's own events only (plus the poll)."""

    cross_process = False

    async def publish(self, events: Iterable[JobKey]) -> None:
        return None

    async def listen(self, deliver: Deliver, ready: Callable[[], None]) -> None:
        ready()
        await asyncio.Event().wait()

    async def close(self) -> None:
        return None


class RedisTransport:
    """Redis pub/sub on the broker's server (KABINET_BROKER_URL=redis://…)."""

    cross_process = True

    def __init__(self, url: str, channel: str) -> None:
        self._url = url
        self.channel = channel
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:
            from redis.asyncio import Redis

            self._client = Redis.from_url(self._url)
        return self._client

    async def publish(self, events: Iterable[JobKey]) -> None:
        client = self._redis()
        for kind, job_id in events:
            await client.publish(self.channel, _encode(kind, job_id))

    async def listen(self, deliver: Deliver, ready: Callable[[], None]) -> None:
        pubsub = self._redis().pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            ready()
            async for message in pubsub.listen():
                data = message.get("data")
                key = _decode(data.decode() if isinstance(data, bytes) else str(data))
                if key is not None:
                    deliver(*key)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()


class PostgresTransport:
    """PostgreSQL LISTEN/NOTIFY on the application's own database."""

    cross_process = True

    def __init__(self, dsn: str, channel: str) -> None:
        self._dsn = dsn
        self.channel = channel

    async def publish(self, events: Iterable[JobKey]) -> None:
        from tortoise import connections

        conn = connections.get("default")
        for kind, job_id in events:
            payload = _encode(kind, job_id)
            await conn.execute_query("SELECT pg_notify($1, $2)", [self.channel, payload])

    async def listen(self, deliver: Deliver, ready: Callable[[], None]) -> None:
        import asyncpg  # type: ignore[import-untyped]

        def on_notify(_conn: object, _pid: int, _channel: str, payload: str) -> None:
            key = _decode(payload)
            if key is not None:
                deliver(*key)

        conn = await asyncpg.connect(self._dsn)
        try:
            await conn.add_listener(self.channel, on_notify)
            ready()
            lost = asyncio.Event()
            conn.add_termination_listener(lambda _c: lost.set())
            await lost.wait()
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(conn.close(timeout=2))

    async def close(self) -> None:
        return None


class JobEvents:
    """Publishes committed job changes and wakes the watchers of this process."""

    def __init__(self, transport: Transport, poll_seconds: float) -> None:
        self.transport = transport
        # The watchers' safety net: a short poll when no transport carries other
        # processes' events, a long one when one does (an event may still be lost).
        self.poll_seconds = poll_seconds if not transport.cross_process else poll_seconds * 10
        self._watchers: dict[JobKey, set[asyncio.Event]] = {}
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        # What is failing now ("publish", "listen"): an outage is logged when it starts
        # and when it ends, not at every commit or reconnect while it lasts.
        self._failing: set[str] = set()

    def _failed(self, what: str, message: str) -> None:
        if what in self._failing:
            log.debug(message, exc_info=True)
            return
        self._failing.add(what)
        log.warning(message, exc_info=True)

    def _working(self, what: str) -> None:
        if what in self._failing:
            self._failing.discard(what)
            log.warning("job events: %s works again", what)

    async def publish(self, events: Iterable[JobKey]) -> None:
        """After a commit: wake local watchers, then tell other processes (best effort)."""
        events = list(events)
        if not events:
            return
        for kind, job_id in events:
            self._deliver(kind, job_id)
        try:
            await self.transport.publish(events)
        except Exception:
            self._failed("publish", "job events not published (watchers fall back to polling)")
        else:
            self._working("publish")

    def _deliver(self, kind: str, job_id: JobId) -> None:
        for event in self._watchers.get((kind, job_id), ()):
            event.set()

    @contextlib.asynccontextmanager
    async def watch(self, kind: str, job_id: JobId) -> AsyncIterator[Callable[[], Awaitable[None]]]:
        """A wait() that returns on the job's next change or after the poll interval."""
        event = asyncio.Event()
        key = (kind, job_id)
        self._watchers.setdefault(key, set()).add(event)
        if self._ensure_listening():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(READY_SECONDS):
                    await self._ready.wait()

        async def wait() -> None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_seconds):
                    await event.wait()
            event.clear()

        try:
            yield wait
        finally:
            watchers = self._watchers.get(key)
            if watchers is not None:
                watchers.discard(event)
                if not watchers:
                    del self._watchers[key]

    def _ensure_listening(self) -> bool:
        """Start the listener on the first watch (only API processes need one)."""
        if not self.transport.cross_process:
            return False
        if self._listener is None or self._listener.done():
            self._ready = asyncio.Event()
            self._listener = asyncio.get_running_loop().create_task(self._listen())
        return not self._ready.is_set()

    async def _listen(self) -> None:
        while True:
            try:
                await self.transport.listen(self._deliver, self._listening)
            except asyncio.CancelledError:
                raise
            except Exception:
                self._failed("listen", "job events listener lost; reconnecting")
            # Whatever happened meanwhile is seen on the watchers' next read.
            for watchers in self._watchers.values():
                for event in watchers:
                    event.set()
            await asyncio.sleep(RECONNECT_SECONDS)

    def _listening(self) -> None:
        self._working("listen")
        self._ready.set()

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        await self.transport.close()


def make_transport(database_url: str, broker_url: str, queue: str) -> Transport:
    """Redis when the broker is Redis, else NOTIFY when the database is PostgreSQL."""
    channel = f"kabinet.{queue}.jobs"
    if broker_url.startswith(("redis://", "rediss://")):
        return RedisTransport(broker_url, channel)
    if database_url.startswith(("postgres://", "postgresql://")):
        return PostgresTransport(database_url, channel)
    return LocalTransport()
