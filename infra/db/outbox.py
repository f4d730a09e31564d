"""Transactional outbox: jobs are rows written with the change, sent after commit."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.commands import Command
from domain.ids import OutboxId
from domain.ports import JobDispatcher
from infra.db import models as m
from infra.queue.commands import BadCommand, decode, encode

log = logging.getLogger("kabinet.outbox")


class TortoiseOutbox:
    """Writes job messages in the caller's transaction (see TortoiseUnitOfWork)."""

    def __init__(self) -> None:
        self.added = 0

    async def add(self, command: Command, key: str | None = None) -> OutboxId:
        if key is not None:
            existing = await m.OutboxRow.get_or_none(key=key)
            if existing is not None:
                return OutboxId(int(existing.id))
        name, fields = encode(command)
        row = await m.OutboxRow.create(actor=name, payload=fields, key=key)
        self.added += 1
        return OutboxId(int(row.id))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


@dataclass(frozen=True)
class _Claimed:
    id: OutboxId
    actor: str
    payload: Any  # the command's fields, as stored (decoded by infra/queue/commands.py)
    attempts: int


class OutboxRelay:
    """Hands committed outbox rows to the broker; safe to run in several processes.

    A row is marked dispatched only after the broker took it, so a crash in between
    sends it again: actors are idempotent, so at-least-once is harmless. A row that is
    no command this version knows (written by a newer one, or by hand) is logged and
    left undispatched for a version that knows it; the rows after it go on.
    """

    def __init__(self, dispatcher: JobDispatcher, batch: int = 100) -> None:
        self._dispatcher = dispatcher
        self._batch = batch
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._stopping = False
        # An outage (broker or database): logged once when it starts and once when it
        # ends; meanwhile the passes back off (1 s, 2 s, 4 s … MAX_BACKOFF).
        self._down_since: float | None = None
        self._failures = 0
        self._down_what = ""

    MAX_BACKOFF = 30.0

    @property
    def failing(self) -> bool:
        return self._down_since is not None

    def _failed(self, what: str, error: BaseException) -> None:
        self._failures += 1
        self._down_what = what
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.warning("outbox: %s unavailable (%s); retrying with back-off", what, error)
        else:
            log.debug("outbox: %s still unavailable: %s", what, error)

    def _recovered(self) -> None:
        if self._down_since is not None:
            log.warning(
                "outbox: relaying again after %.1f s and %s failed tries",
                time.monotonic() - self._down_since,
                self._failures,
            )
        self._down_since = None
        self._failures = 0

    def _pause(self, interval: float) -> float:
        if self._down_since is None:
            return interval
        pause: float = max(interval, 1.0) * 2.0 ** min(self._failures - 1, 10)
        return min(pause, self.MAX_BACKOFF)

    def kick(self) -> None:
        self._wake.set()

    async def relay_once(self) -> int:
        sent = 0
        async with self._lock:
            while True:
                async with in_transaction() as conn:
                    rows = await self._claim(conn)
                    readable = 0
                    for row in rows:
                        try:
                            command = decode(row.actor, row.payload)
                        except BadCommand as error:
                            await self._unreadable(conn, row, error)
                            continue
                        readable += 1
                        try:
                            await asyncio.to_thread(self._dispatcher.dispatch, command, row.id)
                        except Exception as error:
                            self._failed("broker", error)
                            await (
                                m.OutboxRow.filter(id=row.id)
                                .using_db(conn)
                                .update(attempts=row.attempts + 1)
                            )
                            return sent
                        await (
                            m.OutboxRow.filter(id=row.id)
                            .using_db(conn)
                            .update(dispatched_at=datetime.now(UTC), attempts=row.attempts + 1)
                        )
                        sent += 1
                self._recovered()
                if len(rows) < self._batch or not readable:
                    return sent

    async def _unreadable(self, conn: BaseDBAsyncClient, row: _Claimed, error: BadCommand) -> None:
        # Once at error level (the row's first try), then quietly: it is claimed every pass.
        level = logging.ERROR if row.attempts == 0 else logging.DEBUG
        log.log(level, "outbox: row %s left undispatched: %s", row.id, error)
        await m.OutboxRow.filter(id=row.id).using_db(conn).update(attempts=row.attempts + 1)

    async def _claim(self, conn: BaseDBAsyncClient) -> list[_Claimed]:
        """The next undispatched rows, held by this transaction only, until it ends.

        PostgreSQL: FOR UPDATE SKIP LOCKED, so relays of other processes take other rows.
        SQLite has no row locks: the claim is one conditional UPDATE, the transaction's
        first statement, so it takes the database's write lock at once and reads the
        latest rows; a relay of another process waits for the lock and then finds these
        rows dispatched. (A SELECT first would let two processes read the same rows and
        both dispatch them before one of them failed to write.)
        """
        if conn.capabilities.dialect == "sqlite":
            claimed = await conn.execute_query_dict(
                # attempts = attempts: a write that changes nothing but takes the lock.
                "UPDATE outbox SET attempts = attempts WHERE dispatched_at IS NULL AND id IN "
                "(SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT ?) "
                "RETURNING id, actor, payload, attempts",
                [self._batch],
            )
            rows = [
                _Claimed(
                    OutboxId(int(r["id"])), str(r["actor"]), _json(r["payload"]), int(r["attempts"])
                )
                for r in claimed
            ]
            return sorted(rows, key=lambda row: row.id)
        locked = (
            await m.OutboxRow.filter(dispatched_at__isnull=True)
            .order_by("id")
            .limit(self._batch)
            .select_for_update(skip_locked=True)
            .using_db(conn)
        )
        return [_Claimed(OutboxId(int(r.id)), r.actor, r.payload, r.attempts) for r in locked]

    def stop(self) -> None:
        """Let `run` finish its current pass and return (see Container.running)."""
        self._stopping = True
        self._wake.set()

    async def run(self, interval: float) -> None:
        """Relay until stopped: on every kick, and every `interval` seconds as a safety net.

        Stopped, not cancelled: a cancellation inside a pass would land in the middle of
        its transaction or of a dispatch already handed to a thread (whose job would then
        start after shutdown had waited for the jobs)."""
        self._stopping = False
        while not self._stopping:
            try:
                await self.relay_once()
            except Exception as error:
                self._failed("database", error)
            # asyncio.timeout, not wait_for: on 3.11 wait_for swallows a cancellation that
            # arrives as the event is set. While the broker is down a kick does not shorten
            # the back-off (every commit kicks), only a stop does. While the database was
            # down, a kick is a commit: the database is back, so the relay tries at once
            # rather than after up to MAX_BACKOFF.
            pause = self._pause(interval)
            deadline = asyncio.get_running_loop().time() + pause
            while not self._stopping:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(left):
                        await self._wake.wait()
                self._wake.clear()
                if not self.failing or self._down_what == "database":
                    break
