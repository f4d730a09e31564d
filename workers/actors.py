"""Dramatiq actors: one per command (domain/commands.py); each reads its message back
into the command and hands it to the container's handler map."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import dramatiq
from dramatiq.asyncio import EventLoopThread, get_event_loop_thread
from dramatiq.middleware import Middleware

from domain.commands import (
    COMMANDS,
    C,
    CarryOutRenames,
    ChangeSubscriberServices,
    RenderDocument,
    SendCurrentCharges,
    SendInvoiceEmail,
)
from infra.bootstrap import BadCommand, Container, bootstrap, decode_as, make_broker
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


def _actor(kind: type[C]) -> Any:
    """The Dramatiq actor of one command type, named after it (the outbox row's `actor`).

    Its message is the command's fields (what the relay sent); the actor reads them back
    into the command and hands it to the handler map. Retried with back-off on failure
    (the use cases are idempotent); a message that is no such command is not retried.
    """

    async def run(fields: Mapping[str, Any]) -> None:
        await container.commands.handle(decode_as(kind, fields))

    run.__name__ = kind.name
    run.__qualname__ = kind.name
    decorate = dramatiq.actor(
        actor_name=kind.name,
        queue_name=container.settings.queue,
        max_retries=10,
        min_backoff=1000,
        # At most 10 s apart: a server that said "later" (451) and takes mail again is
        # tried again within seconds (a server that was down is woken by recovery).
        max_backoff=10_000,
        throws=(BadCommand,),
    )
    return decorate(run)


# One actor per command (domain/commands.py).
render_document = _actor(RenderDocument)
send_invoice_email = _actor(SendInvoiceEmail)
send_current_charges = _actor(SendCurrentCharges)
carry_out_renames = _actor(CarryOutRenames)
change_subscriber_services = _actor(ChangeSubscriberServices)

_missing = {kind.name for kind in COMMANDS} - set(broker.get_declared_actors())
if _missing:
    raise RuntimeError(f"no actor for the commands {sorted(_missing)}")
