"""What a process runs in the background once the container is built: the outbox relay,
the maintenance loop (job recovery, file clean-up, the monthly schedule) and the jobs of
`kabinet serve` with no broker; plus the health check of /healthz.

The composition root (`infra/bootstrap.py`) only builds; this module runs what it built.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable

from infra.bootstrap import Container
from infra.db.database import close_database, migrate, open_database, ping
from infra.db.outage import is_database_outage
from infra.queue.dispatch import DramatiqDispatcher, InProcessDispatcher
from infra.recovery_loop import run_recovery

log = logging.getLogger("kabinet")


async def health(container: Container) -> dict[str, str]:
    """Each dependency this process needs: "ok" or "down" (/healthz)."""
    checks: dict[str, Awaitable[bool]] = {"database": ping()}
    if container.settings.broker_url:
        checks["broker"] = _broker_reachable(container)
    results = await asyncio.gather(*checks.values())
    return {name: "ok" if up else "down" for name, up in zip(checks, results, strict=True)}


async def _broker_reachable(container: Container) -> bool:
    from infra.queue.health import CHECK_TIMEOUT_SECONDS, broker_reachable

    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS + 1):
            return await asyncio.to_thread(broker_reachable, container.settings.broker_url)
    except TimeoutError:
        log.warning("broker health check timed out")
        return False


@contextlib.asynccontextmanager
async def running(
    container: Container,
    *,
    relay: bool = True,
    maintenance: bool = True,
    migrate_first: bool = False,
) -> AsyncIterator[None]:
    """Open the database, start the background loops asked for; close all on exit.

    relay: the outbox relay; maintenance: the job recovery loop (every
    KABINET_RECOVERY_INTERVAL_SECONDS), and file clean-up and the monthly schedule
    (tests run them by hand: container.recovery.recover_once, maintain_once).
    """
    settings = container.settings
    if migrate_first:
        await migrate(settings.database_url)
    await open_database(settings.database_url)
    loop = Maintenance(container)
    recovery_stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    if settings.broker_url:
        from infra.queue.broker import make_broker

        broker = make_broker(settings.broker_url, settings.queue)
        container.dispatcher.target = DramatiqDispatcher(broker, settings.queue)
    else:
        container.dispatcher.target = InProcessDispatcher(
            container.commands.handle,
            asyncio.get_running_loop(),
            backoff=settings.job_retry_backoff_seconds,
        )
    if relay:
        tasks.append(asyncio.create_task(container.relay.run(settings.relay_interval_seconds)))
    if maintenance:
        tasks.append(asyncio.create_task(loop.run()))
        tasks.append(
            asyncio.create_task(
                run_recovery(container.recovery, settings.recovery_interval_seconds, recovery_stop)
            )
        )
    try:
        yield
    finally:
        # The loops are stopped, not cancelled, so that none is cut in the middle of a
        # transaction; then the in-process jobs (also those the relay's last pass
        # started) finish before the database closes.
        container.relay.stop()
        loop.stop()
        recovery_stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        target = container.dispatcher.target
        if isinstance(target, InProcessDispatcher):
            target.close()
            while target.tasks:
                await asyncio.gather(*list(target.tasks), return_exceptions=True)
        await container.job_events.close()
        for pool in container.cpu_pools:
            pool.close()
        if container.heavy_process is not None:
            container.heavy_process.close()
        await close_database()


async def maintain_once(container: Container) -> None:
    """One maintenance pass now (tests, and the loop below)."""
    await Maintenance(container).maintain_once()


class Maintenance:
    """The maintenance loop of one process: its passes, and their pace."""

    def __init__(self, container: Container) -> None:
        self.recovery = container.recovery
        self.documents = container.documents
        self.delivery = container.delivery
        self.auth = container.auth
        self.maintenance_interval = 60.0
        # While the database is down, a maintenance pass is tried this often, so that what
        # waited is taken up within seconds of its return.
        self.outage_retry_interval = 2.0
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Let `run` finish its current pass and return."""
        self._stopping.set()

    async def maintain_once(self) -> None:
        """Take up jobs whose worker died; delete files whose links expired, form the
        invoices when due and forget sign-in counters nobody remembers."""
        await self.recovery.recover_once()
        await self.documents.clean_expired()
        await self.delivery.monthly.run_if_due()
        await self.auth.maintain()

    async def run(self) -> None:
        """Every maintenance_interval; while the database is down, every
        outage_retry_interval, with one log line when the outage starts and one when it ends."""
        down_since: float | None = None
        while not self._stopping.is_set():
            pause = self.maintenance_interval
            try:
                await self.maintain_once()
            except Exception as error:
                if not is_database_outage(error):
                    log.exception("maintenance pass failed; retrying")
                else:
                    pause = min(pause, self.outage_retry_interval)
                    if down_since is None:
                        down_since = time.monotonic()
                        log.warning(
                            "maintenance: database unavailable (%s); retrying every %.0f s",
                            error or type(error).__name__,
                            pause,
                        )
            else:
                if down_since is not None:
                    log.warning(
                        "maintenance: database available again after %.1f s",
                        time.monotonic() - down_since,
                    )
                    down_since = None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._stopping.wait()
