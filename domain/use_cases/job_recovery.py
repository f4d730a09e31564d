"""The one recovery pass over every kind of job (domain/job_store.py).

A job whose worker died (no heartbeat for `JobPolicy.dead_after`), whose message was
lost (QUEUED and untouched for `JobPolicy.lost_after`) or whose deferral is due goes
back to QUEUED with a new message in the outbox, in one transaction, by a
compare-and-set on what the pass read: a worker that claimed it, or sent a heartbeat,
meanwhile keeps it. One process at a time runs the pass (a lease row), so several API
processes and workers do not all read and hand out the same rows.

A kind with a probe (the mail server for sendings and reports, the object store for
downloads) is also woken: while jobs of that kind wait for a retry, each pass asks the
probe; once it has failed and then answers, the waiting jobs are handed out at once,
rather than after the broker's back-off or their deferral (up to an hour). A dependency
that answers the probe but refuses the work (a 451 on DATA) wakes nothing: only the
return of one that was seen down does.

The broker is checked too: when the mark the pass keeps in it is gone (the broker came
back without its data), every QUEUED job of every kind is handed out again in that pass,
instead of after `lost_after`; the mark is put back only once they all were. (A broker
never marked, at the first pass of a new deployment, counts as one that lost its data:
the extra messages it gets are harmless, each job's claim lets one of them run it.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from domain.commands import Command
from domain.ids import JobId
from domain.job_store import (
    BrokerMark,
    JobPolicy,
    JobStore,
    PassLease,
    PassMemory,
    Probe,
    StaleJob,
)
from domain.ports import Clock, UnitOfWork

log = logging.getLogger("kabinet.recovery")
RECOVERY_PASS = "job_recovery"  # noqa: S105 - the lease's name, not a secret


@dataclass(frozen=True)
class RecoverableJobs:
    """One kind of job: its store, the command that runs one (made from its id), and the
    probe of the dependency its deferrals wait for (None: nothing to wake them)."""

    kind: str
    store: JobStore[Any, Any]
    command: Callable[[JobId], Command]
    probe: Probe | None = None


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
        memory: PassMemory | None = None,
        broker: BrokerMark | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy
        self._kinds = tuple(kinds)
        self._lease = lease
        self._owner = owner
        self._lease_ttl = lease_ttl
        # Per kind: its probe failed at the last pass that asked (an answer now is a
        # return). Shared by the processes that take turns at the pass; else this one's.
        self._memory = memory or LocalPassMemory()
        self._broker = broker
        self._broker_silent = False  # its check failed at the last pass (logged once)

    async def recover_once(self) -> dict[str, int]:
        """One pass; the jobs handed out, by kind (empty when another process holds it)."""
        if self._lease is not None:
            async with self._uow.transaction():
                mine = await self._lease.acquire(RECOVERY_PASS, self._owner, self._lease_ttl)
            if not mine:
                return {}
        try:
            lost = await self._broker_lost()
            policy = replace(self.policy, lost_after=timedelta(0)) if lost else self.policy
            handed = {kind.kind: await self._recover(kind, policy) for kind in self._kinds}
            if lost and self._broker is not None:
                log.warning(
                    "the broker came back without its messages: %s jobs handed out again",
                    sum(handed.values()),
                )
                try:
                    await self._broker.put()
                except Exception as error:  # the next pass finds it gone and hands out again
                    log.warning("recovery: the broker's mark could not be put (%s)", error)
            return handed
        finally:
            if self._lease is not None:
                async with self._uow.transaction():
                    await self._lease.release(RECOVERY_PASS, self._owner)

    async def _broker_lost(self) -> bool:
        """Whether the broker's mark is gone; False when there is no broker to check or it
        does not answer (its outage is the relay's to wait out; the mark says what it
        kept once it is back)."""
        if self._broker is None:
            return False
        try:
            present = await self._broker.present()
        except Exception as error:
            if not self._broker_silent:
                log.warning("recovery: the broker does not answer (%s)", error)
            self._broker_silent = True
            return False
        if self._broker_silent:
            log.warning("recovery: the broker answers again")
            self._broker_silent = False
        return not present

    async def _recover(self, kind: RecoverableJobs, policy: JobPolicy) -> int:
        """Hands out `kind`'s jobs that `policy` finds stale or due, and the woken ones."""
        now = self._clock.now()
        count = 0
        jobs = list(await kind.store.stale(now, policy))
        if kind.probe is not None:
            jobs += await self._woken(kind, kind.probe, {job.id for job in jobs})
        for job in jobs:
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

    async def _woken(self, kind: RecoverableJobs, probe: Probe, due: set[JobId]) -> list[StaleJob]:
        """The jobs waiting for `kind`'s dependency, when it is back since the last pass."""
        now = self._clock.now()
        waiting = [job for job in await kind.store.waiting(now, self.policy) if job.id not in due]
        if not waiting:
            return []
        try:
            up = await probe.reachable()
        except Exception:  # a probe that fails is a dependency that is down
            log.warning("%s: probe failed", kind.kind, exc_info=True)
            up = False
        async with self._uow.transaction():
            was_down = await self._memory.remember(f"{kind.kind}:dependency_down", not up)
        if not up:
            if not was_down:
                log.warning("%s: %s jobs wait; their dependency is down", kind.kind, len(waiting))
            return []
        if not was_down:
            return []
        log.warning("%s: dependency back; %s waiting jobs handed out now", kind.kind, len(waiting))
        return waiting


class LocalPassMemory:
    """PassMemory in this process's memory (no lease: one process runs the pass; the
    unit tests share one between two passes as two processes share the table)."""

    def __init__(self) -> None:
        self._values: dict[str, bool] = {}

    async def remember(self, name: str, value: bool) -> bool:
        was = self._values.get(name, False)
        self._values[name] = value
        return was
