"""One lifecycle for every kind of job: the status, the job-store port, the policy.

Downloads (D3), invoice sendings (D4, D5), current-charges reports (D9) and list
requests (D13, D14) all move the same way:

    QUEUED → RUNNING → DONE | FAILED
               ↓  ↑
             DEFERRED   (a dependency said "later": retried when `retry_at` is due)

- A worker takes a job by `claim`: one conditional UPDATE on (status, attempts),
  checked by its row count, that counts the attempt. The attempt number is the claim:
  every later change (`touch`, `release`, `finish`, `fail`) names it and changes
  nothing once another worker holds a newer attempt.
- While it runs, the worker `touch`es the job every `JobPolicy.heartbeat`. A RUNNING
  job with no heartbeat for `JobPolicy.dead_after` has lost its worker; a QUEUED one
  untouched for `JobPolicy.lost_after` has lost its message; a DEFERRED one is due at
  its `retry_at`. One recovery pass (domain/use_cases/job_recovery.py) hands all of
  them out again, the same way for every kind.
- A job that waits for a dependency (DEFERRED, or QUEUED after a failed attempt, its
  retry with the broker's back-off) is `waiting`. When the pass sees that dependency
  come back (its probe failed at an earlier pass and answers now), it hands the waiting
  jobs out at once instead of letting them wait out their delays: the mail server's or
  the object store's return is taken up within a pass or two.
- A QUEUED job whose message the broker lost (the broker restarted without its data)
  would wait `lost_after`. The pass keeps a mark in the broker (`BrokerMark`); when the
  mark is gone, every QUEUED job is handed out again at once. A message that did survive
  is then one of two: the claim takes one, the other finds the job taken.
- A failure is retried `JobPolicy.quick_attempts` times by the broker. An outage of a
  dependency (`Unavailable`: the mail server, the object store) is a deferral, never a
  final failure: after the quick attempts the job waits growing delays, for
  `JobPolicy.lifetime`. Any other error ends the job FAILED after the quick attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from types import TracebackType
from typing import Protocol, TypeVar

from domain.errors import DomainError
from domain.ids import JobId

log = logging.getLogger("kabinet.jobs")


class JobStatus(str, Enum):
    """The one status of every job (the GraphQL enums are mapped from it)."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DEFERRED = "DEFERRED"  # waits until its retry_at: a dependency said "later"
    DONE = "DONE"
    FAILED = "FAILED"

    @property
    def final(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


OPEN = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DEFERRED)


class Unavailable(Exception):
    """A dependency (the mail server, the object store) is down or said "try later":
    the job is deferred and tried again, never failed for it before its lifetime ends."""


# The defaults of JobPolicy (settings: KABINET_JOB_HEARTBEAT_SECONDS, …).
HEARTBEAT = timedelta(seconds=5)
DEAD_AFTER = timedelta(seconds=15)
LOST_AFTER = timedelta(minutes=5)
QUICK_ATTEMPTS = 10
LIFETIME = timedelta(days=3)
FIRST_DEFERRAL = timedelta(minutes=5)
LONGEST_DEFERRAL = timedelta(hours=1)


class Decision(str, Enum):
    """What becomes of a job whose attempt failed."""

    RETRY = "RETRY"  # back to QUEUED; the broker tries again soon
    DEFER = "DEFER"  # DEFERRED until retry_at
    FAIL = "FAIL"  # FAILED for good


@dataclass(frozen=True)
class JobPolicy:
    """The one retry and staleness policy of every kind of job."""

    heartbeat: timedelta = HEARTBEAT
    dead_after: timedelta = DEAD_AFTER
    lost_after: timedelta = LOST_AFTER
    quick_attempts: int = QUICK_ATTEMPTS
    lifetime: timedelta = LIFETIME
    first_deferral: timedelta = FIRST_DEFERRAL
    longest_deferral: timedelta = LONGEST_DEFERRAL

    def __post_init__(self) -> None:
        if self.dead_after <= self.heartbeat:
            raise ValueError("a job must be given more than one heartbeat before it is dead")

    def is_due(
        self,
        status: JobStatus,
        touched_at: datetime | None,
        created_at: datetime,
        retry_at: datetime | None,
        now: datetime,
    ) -> bool:
        """Whether recovery hands the job out again (see the module's docstring)."""
        if status is JobStatus.DEFERRED:
            return retry_at is None or now >= retry_at
        last = touched_at or created_at
        if status is JobStatus.RUNNING:
            return now - last >= self.dead_after
        if status is JobStatus.QUEUED:
            if retry_at is not None:  # a deferral written before DEFERRED existed
                return now >= retry_at
            return now - last >= self.lost_after
        return False

    def is_waiting(
        self, status: JobStatus, attempts: int, retry_at: datetime | None, now: datetime
    ) -> bool:
        """Waits to be tried again (and is not due yet): DEFERRED until a later
        `retry_at`, or QUEUED after a failed attempt (the broker retries it after a
        back-off). Recovery hands such a job out at once when its dependency is back."""
        if status is JobStatus.DEFERRED:
            return retry_at is not None and now < retry_at
        if status is JobStatus.QUEUED:
            return attempts >= 1 and (retry_at is None or now < retry_at)
        return False

    def deferral_delay(self, deferrals: int) -> timedelta:
        """The wait before the next attempt, after `deferrals` scheduled ones (0, 1, …)."""
        delay: timedelta = self.first_deferral * (2 ** min(deferrals, 16))
        return min(delay, self.longest_deferral)

    def after_failure(
        self, attempt: int, *, deferral: bool, since: datetime, now: datetime
    ) -> Decision:
        """A failed attempt number `attempt` of a job trying since `since`."""
        if deferral and now - since >= self.lifetime:
            return Decision.FAIL
        if attempt < self.quick_attempts:
            return Decision.RETRY
        return Decision.DEFER if deferral else Decision.FAIL


@dataclass(frozen=True)
class StaleJob:
    """A job recovery found: what it saw, so that handing it out checks nothing moved."""

    id: JobId
    status: JobStatus
    attempt: int
    touched_at: datetime | None  # its last heartbeat as read: handing out checks no newer one


Job_co = TypeVar("Job_co", covariant=True)
Outcome_contra = TypeVar("Outcome_contra", contravariant=True)


class JobStore(Protocol[Job_co, Outcome_contra]):
    """The lifecycle of one kind of job; every change after `claim` names the attempt
    that holds the claim and changes nothing (answers False) once it does not."""

    async def claim(self, job_id: JobId, at: datetime) -> Job_co | None:
        """QUEUED (or a due DEFERRED, or a dead RUNNING) → RUNNING, one more attempt,
        touched at `at`; None when finished, deferred, or another worker holds it."""
        ...

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        """A heartbeat of the running attempt."""
        ...

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        """RUNNING → QUEUED (tried again by the broker), or DEFERRED until `retry_at`."""
        ...

    async def finish(
        self, job_id: JobId, attempt: int, outcome: Outcome_contra, at: datetime
    ) -> bool:
        """RUNNING → DONE with the kind's outcome (a file, a result…)."""
        ...

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        """RUNNING → FAILED with a user error."""
        ...

    async def stale(self, now: datetime, policy: JobPolicy) -> Sequence[StaleJob]:
        """Open jobs that `policy.is_due` hands out again."""
        ...

    async def waiting(self, now: datetime, policy: JobPolicy) -> Sequence[StaleJob]:
        """Open jobs that `policy.is_waiting`: handed out early when their dependency is
        back (never a sending whose DATA answer is pending: that one waits its delay)."""
        ...

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        """→ QUEUED and touched at `at`, only while the job is as recovery saw it."""
        ...


class Probe(Protocol):
    """Whether a dependency (the mail server, the object store) answers now."""

    async def reachable(self) -> bool: ...


class BrokerMark(Protocol):
    """A mark kept in the broker's own storage. It goes when the broker loses its
    messages (restarted without persistence, its data flushed or rebuilt), so its absence
    says that a QUEUED job's message may be gone with it."""

    async def present(self) -> bool:
        """Whether the mark is there; raises when the broker does not answer."""
        ...

    async def put(self) -> None:
        """Leave the mark (once what it guards has been handed out again)."""
        ...


class Touch(Protocol):
    async def __call__(self, job_id: JobId, attempt: int, at: datetime) -> bool: ...


class Transactions(Protocol):
    def transaction(self) -> contextlib.AbstractAsyncContextManager[None]: ...


class NowSource(Protocol):
    def now(self) -> datetime: ...


class Heartbeat:
    """While a job runs: `touch` it every `every`, in a transaction of its own.

    Entered outside any transaction (the task copies the caller's context). Stopped,
    never cancelled, so that no touch is cut in the middle of its transaction. `lost`
    turns true once the touch finds another attempt holding the claim.
    """

    def __init__(
        self,
        uow: Transactions,
        touch: Touch,
        clock: NowSource,
        job_id: JobId,
        attempt: int,
        every: timedelta,
    ) -> None:
        self._uow = uow
        self._touch = touch
        self._clock = clock
        self._job_id = job_id
        self._attempt = attempt
        self._every = every.total_seconds()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.lost = False
        self.beats = 0

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._every):
                    await self._stop.wait()
            if self._stop.is_set():
                return
            try:
                async with self._uow.transaction():
                    held = await self._touch(self._job_id, self._attempt, self._clock.now())
            except Exception as error:  # the database away: the next beat tries again
                log.warning("job %s: heartbeat failed: %s", self._job_id, error)
                continue
            self.beats += 1
            if not held:
                log.warning(
                    "job %s: attempt %s no longer holds the claim", self._job_id, self._attempt
                )
                self.lost = True
                return


class PassLease(Protocol):
    """One owner of a recurring pass across processes (a row with an expiry)."""

    async def acquire(self, name: str, owner: str, ttl: timedelta) -> bool: ...

    async def release(self, name: str, owner: str) -> None: ...


class PassMemory(Protocol):
    """A named yes/no that a recurring pass leaves to its next run, in whichever process
    that runs (the pass's lease makes them take turns)."""

    async def remember(self, name: str, value: bool) -> bool:
        """Set it; what it was (False when never set, or set more than a day ago)."""
        ...
