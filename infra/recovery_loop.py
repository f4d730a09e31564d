"""The recovery loop: the one recovery pass over every kind of job, every few seconds.

Separate from the slower maintenance loop (files, the monthly run, sign-in counters),
so that a job whose worker died runs again within seconds of its last heartbeat
(KABINET_JOB_DEAD_AFTER_SECONDS + KABINET_RECOVERY_INTERVAL_SECONDS). An outage of the
database is logged once when it starts and once when it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from domain.use_cases.job_recovery import JobRecovery
from infra.db.outage import is_database_outage

log = logging.getLogger("kabinet.recovery")


async def run_recovery(recovery: JobRecovery, interval: float, stopping: asyncio.Event) -> None:
    """Until `stopping` is set: a pass, then `interval` seconds (stopped, not cancelled,
    so that no pass is cut in the middle of a transaction)."""
    down_since: float | None = None
    while not stopping.is_set():
        try:
            await recovery.recover_once()
        except Exception as error:
            if not is_database_outage(error):
                log.exception("recovery pass failed; retrying")
            elif down_since is None:
                down_since = time.monotonic()
                log.warning("recovery: database unavailable (%s)", error or type(error).__name__)
        else:
            if down_since is not None:
                log.warning(
                    "recovery: database available again after %.1f s",
                    time.monotonic() - down_since,
                )
                down_since = None
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval):
                await stopping.wait()
