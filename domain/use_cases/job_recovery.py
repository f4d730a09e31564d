"""The one recovery pass over every kind of job (domain/job_store.py).

A job whose worker died (no heartbeat for `JobPolicy.dead_after`), whose message was
lost (QUEUED and untouched for `JobPolicy.lost_after`) or whose deferral is due goes
back to QUEUED with a new message in the outbox, in one transaction, by a
compare-and-set on what the pass read: a worker that claimed it, or sent a heartbeat,
meanwhile keeps it. One process at a time runs the pass (a lease row), so several API
processes and workers do not all read and hand out the same rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from domain.commands import Command
from domain.job_store import JobPolicy, JobStore, PassLease
from domain.ports import Clock, UnitOfWork

log = logging.getLogger("kabinet.recovery")
RECOVERY_PASS = "job_recovery"  # noqa: S105 - the lease's name, not a secret


@dataclass(frozen=True)
class RecoverableJobs:
    """One kind of job: its store, and the command that runs one (made from its id)."""

    kind: str
    store: JobStore[Any, Any]
    command: Callable[[int], Command]


class JobRecovery:
    """Hands out again the stale and due jobs of every kind, with one policy."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        policy: JobPolicy,
        kinds: Sequence[RecoverableJobs],
        lease: PassLease | None = None,
        owner: str = "",
        lease_ttl: timedelta = timedelta(minutes=1),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy
        self._kinds = tuple(kinds)
        self._lease = lease
        self._owner = owner
        self._lease_ttl = lease_ttl

    async def recover_once(self) -> dict[str, int]:
        """One pass; the jobs handed out, by kind (empty when another process holds it)."""
        if self._lease is not None:
            async with self._uow.transaction():
                mine = await self._lease.acquire(RECOVERY_PASS, self._owner, self._lease_ttl)
            if not mine:
                return {}
        try:
            return {kind.kind: await self._recover(kind) for kind in self._kinds}
        finally:
            if self._lease is not None:
                async with self._uow.transaction():
                    await self._lease.release(RECOVERY_PASS, self._owner)

    async def _recover(self, kind: RecoverableJobs) -> int:
        now = self._clock.now()
        count = 0
        for job in await kind.store.stale(now, self.policy):
            async with self._uow.transaction():
                if not await kind.store.hand_off(job, now):
                    continue  # claimed, touched or handed out since the list was read
                await self._uow.outbox.add(kind.command(job.id))
            count += 1
            log.info(
                "%s %s (%s, attempt %s) handed out again",
                kind.kind,
                job.id,
                job.status.value,
                job.attempt,
            )
        return count
