"""Dispatchers: hand an outbox command to Dramatiq, or run it in this process."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import dramatiq

from domain.commands import Command
from domain.ids import OutboxId
from infra.db.outage import is_database_outage
from infra.queue.commands import encode

log = logging.getLogger("kabinet.jobs")

# Handlers.handle of the composition root: the use case of each command type.
Handle = Callable[[Command], Awaitable[None]]
QUEUE = "kabinet"
_NAMESPACE = uuid.UUID("6f1c4e0e-2f6a-4c55-9a86-6b1b0c1f7a10")


def message_id(outbox_id: OutboxId) -> str:
    """A stable message id per outbox row: a resent row is recognisably the same."""
    return str(uuid.uuid5(_NAMESPACE, f"outbox:{outbox_id}"))


class DramatiqDispatcher:
    """Enqueues to the command's actor by name: the API process needs no actor code, only
    the broker. The message is the command's name and fields (infra/queue/commands.py)."""

    def __init__(self, broker: dramatiq.Broker, queue: str = QUEUE) -> None:
        self._broker = broker
        self._queue = queue

    def dispatch(self, command: Command, message_id_: OutboxId) -> None:
        name, fields = encode(command)
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=self._queue,
            actor_name=name,
            args=(fields,),
            kwargs={},
            options={},
            message_id=message_id(message_id_),
        )
        self._broker.enqueue(message)


class InProcessDispatcher:
    """No broker configured: run the job on the server's own event loop, with retries."""

    def __init__(
        self,
        handle: Handle,
        loop: asyncio.AbstractEventLoop,
        # As many attempts as a Dramatiq actor gets (1 + max_retries 10), so that every
        # job reaches a final state of its own (e.g. FAILED after its MAX_ATTEMPTS).
        retries: int = 11,
        backoff: float = 1.0,
    ) -> None:
        self._handle = handle
        self._loop = loop
        self._retries = retries
        self._backoff = backoff
        self.tasks: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()

    def dispatch(self, command: Command, message_id_: OutboxId) -> None:
        def start() -> None:
            # An empty context: the job must not inherit the relay's transaction
            # (its connection goes back to the pool when the relay commits).
            task = self._loop.create_task(self._run(command), context=contextvars.Context())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

        self._loop.call_soon_threadsafe(start)

    def close(self) -> None:
        """Shutting down: no more retries (what is left is recovered by maintenance)."""
        self._closing.set()

    async def _run(self, command: Command) -> None:
        actor = command.name
        for attempt in range(1, self._retries + 1):
            try:
                await self._handle(command)
                return
            except Exception as error:
                if is_database_outage(error):  # a line, not a traceback per attempt
                    log.warning(
                        "job %s waits for the database (attempt %s of %s): %s",
                        actor,
                        attempt,
                        self._retries,
                        error or type(error).__name__,
                    )
                else:
                    log.exception("job %s failed (attempt %s of %s)", actor, attempt, self._retries)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._backoff * attempt):
                    await self._closing.wait()
            if self._closing.is_set():
                return
