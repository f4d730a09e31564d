"""The one retry and staleness policy, and heartbeats (domain/job_store.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.ids import JobId
from domain.job_store import Decision, Heartbeat, JobPolicy, JobStatus

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
POLICY = JobPolicy()


def test_a_running_job_is_dead_only_after_dead_after_without_a_heartbeat() -> None:
    beat = T0
    assert not POLICY.is_due(JobStatus.RUNNING, beat, T0, None, beat + POLICY.dead_after / 2)
    assert POLICY.is_due(JobStatus.RUNNING, beat, T0, None, beat + POLICY.dead_after)
    # A long job that keeps beating is never dead, however long it runs.
    assert not POLICY.is_due(
        JobStatus.RUNNING, T0 + timedelta(hours=3), T0, None, T0 + timedelta(hours=3, seconds=1)
    )


def test_a_queued_job_is_lost_only_after_lost_after() -> None:
    assert not POLICY.is_due(JobStatus.QUEUED, None, T0, None, T0 + POLICY.dead_after)
    assert POLICY.is_due(JobStatus.QUEUED, None, T0, None, T0 + POLICY.lost_after)


def test_a_deferred_job_is_due_at_its_retry_time_and_finished_ones_never() -> None:
    due = T0 + timedelta(minutes=5)
    assert not POLICY.is_due(JobStatus.DEFERRED, T0, T0, due, due - timedelta(seconds=1))
    assert POLICY.is_due(JobStatus.DEFERRED, T0, T0, due, due)
    far = T0 + timedelta(days=30)
    assert not POLICY.is_due(JobStatus.DONE, None, T0, None, far)
    assert not POLICY.is_due(JobStatus.FAILED, None, T0, None, far)


def test_quick_attempts_then_an_outage_defers_and_an_error_fails() -> None:
    quick = POLICY.quick_attempts
    now = T0 + timedelta(minutes=1)
    assert POLICY.after_failure(1, deferral=False, since=T0, now=now) is Decision.RETRY
    assert POLICY.after_failure(quick - 1, deferral=True, since=T0, now=now) is Decision.RETRY
    assert POLICY.after_failure(quick, deferral=True, since=T0, now=now) is Decision.DEFER
    assert POLICY.after_failure(quick, deferral=False, since=T0, now=now) is Decision.FAIL


def test_an_outage_fails_a_job_only_at_the_end_of_its_lifetime() -> None:
    end = T0 + POLICY.lifetime
    assert POLICY.after_failure(50, deferral=True, since=T0, now=end - timedelta(seconds=1)) is (
        Decision.DEFER
    )
    assert POLICY.after_failure(50, deferral=True, since=T0, now=end) is Decision.FAIL
    assert POLICY.after_failure(1, deferral=True, since=T0, now=end) is Decision.FAIL


def test_deferrals_grow_and_are_capped() -> None:
    delays = [POLICY.deferral_delay(n) for n in range(8)]
    assert delays[:3] == [timedelta(minutes=m) for m in (5, 10, 20)]
    assert delays == sorted(delays) and max(delays) == POLICY.longest_deferral


def test_a_job_gets_more_than_one_heartbeat_before_it_is_dead() -> None:
    with pytest.raises(ValueError):
        JobPolicy(heartbeat=timedelta(seconds=15), dead_after=timedelta(seconds=15))


class FakeTouches:
    """A job store's touch, answering whether the attempt still holds the claim."""

    def __init__(self) -> None:
        self.holder = 1
        self.touched: list[tuple[int, int]] = []

    async def __call__(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        self.touched.append((job_id, attempt))
        return attempt == self.holder


class FakeUow:
    def __init__(self) -> None:
        self.transactions = 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        self.transactions += 1
        yield


class FakeClock:
    def now(self) -> datetime:
        return T0


async def test_a_running_job_is_touched_every_beat_in_a_transaction_of_its_own() -> None:
    touches, uow = FakeTouches(), FakeUow()
    async with Heartbeat(
        uow, touches, FakeClock(), JobId(7), 1, timedelta(milliseconds=20)
    ) as beat:
        await asyncio.sleep(0.15)
    assert beat.beats >= 3 and not beat.lost
    assert set(touches.touched) == {(7, 1)} and uow.transactions == len(touches.touched)
    after = len(touches.touched)
    await asyncio.sleep(0.05)
    assert len(touches.touched) == after  # stopped with the job


async def test_a_heartbeat_that_finds_the_claim_taken_says_so_and_stops() -> None:
    touches = FakeTouches()
    touches.holder = 2  # recovery gave the job to another attempt
    async with Heartbeat(
        FakeUow(), touches, FakeClock(), JobId(7), 1, timedelta(milliseconds=10)
    ) as beat:
        await asyncio.sleep(0.1)
    assert beat.lost and touches.touched == [(7, 1)]
