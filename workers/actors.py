"""Dramatiq actors: thin, ids in, a use case out; every job handler of the container."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import dramatiq
from dramatiq.asyncio import EventLoopThread, get_event_loop_thread
from dramatiq.middleware import Middleware

from infra.bootstrap import Container, JobHandler, bootstrap, make_broker
from infra.logs import configure_logging
from infra.loops import running
from infra.metrics import serve_worker_metrics
from infra.settings import Settings

log = logging.getLogger("kabinet.worker")

_settings = Settings()
# Dramatiq set up its own handler: ours instead (JSON lines in production, quiet WeasyPrint),
# and before bootstrap(): the renderer trims its fonts there, and fontTools' INFO lines
# (≈100 KB) filled the pipe Dramatiq's main process reads only once every worker process
# has booted, so each worker stood still for its 30 s --worker-fork-timeout.
configure_logging(_settings.effective_log_format, _settings.log_level)
container: Container = bootstrap(_settings)
serve_worker_metrics(container.settings.metrics_port, container.settings.metrics_host)
broker = make_broker(container.settings)
dramatiq.set_broker(broker)


class OpenDatabase(Middleware):
    """Open the database inside the worker's event loop, once per worker process.

    Before the worker threads start (before_worker_boot; the AsyncIO middleware, added
    earlier, has started the loop by then): opened after them, a backlog's first
    messages ran with no database («No TortoiseContext is currently active»).
    """

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        _loop_thread().run_coroutine(_start())

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        _loop_thread().run_coroutine(_stop())


def _loop_thread() -> EventLoopThread:
    thread = get_event_loop_thread()
    if thread is None:
        raise RuntimeError("the AsyncIO middleware must be installed before OpenDatabase")
    return thread


_running: Any = None


async def _start() -> None:
    global _running
    _running = running(container, relay=True)
    await _running.__aenter__()


async def _stop() -> None:
    if _running is not None:
        # Never hang a shutdown: the broker redelivers whatever was in flight.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_running.__aexit__(None, None, None), timeout=10)


broker.add_middleware(OpenDatabase())


def _make_actor(name: str, handler: JobHandler) -> None:
    async def run(payload: Mapping[str, Any]) -> None:
        await handler(payload)

    run.__name__ = name
    decorate = dramatiq.actor(
        actor_name=name,
        queue_name=container.settings.queue,
        max_retries=10,
        min_backoff=1000,
        max_backoff=60_000,
    )
    decorate(run)


for _name, _handler in container.jobs.items():
    _make_actor(_name, _handler)
