"""The one recovery pass on fakes: every kind of job, one policy, one owner at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.commands import CarryOutRenames, RenderDocument
from domain.documents import DownloadFormat
from domain.ids import AccountId, JobId
from domain.job_store import DEAD_AFTER, LOST_AFTER, JobPolicy, JobStatus, PassMemory
from domain.use_cases.documents import DocumentService
from domain.use_cases.job_recovery import JobRecovery, LocalPassMemory, RecoverableJobs
from tests.fakes import FakeBroker
from tests.unit.use_cases.test_documents import service as documents
from tests.unit.use_cases.world import ME, World


class FakeLease:
    """A lease another process may hold."""

    def __init__(self) -> None:
        self.holder: str | None = None

    async def acquire(self, name: str, owner: str, ttl: timedelta) -> bool:
        if self.holder not in (None, owner):
            return False
        self.holder = owner
        return True

    async def release(self, name: str, owner: str) -> None:
        if self.holder == owner:
            self.holder = None


def _recovery(world: World, lease: FakeLease | None = None, owner: str = "me") -> JobRecovery:
    kinds = [
        RecoverableJobs("document_job", world.document_jobs, RenderDocument),
        RecoverableJobs("rename_request", world.renames, CarryOutRenames),
    ]
    return JobRecovery(world.uow, world.clock, JobPolicy(), kinds, lease, owner)


async def _ordered(
    world: World, period: str = "2026-10", form: DownloadFormat = DownloadFormat.PDF
) -> int:
    service: DocumentService = documents(world)
    return (await service.order_download(ME, AccountId(11), period, form)).id


async def test_a_dead_workers_job_is_queued_again_with_one_new_message(world: World) -> None:
    job_id = await _ordered(world)
    await world.document_jobs.claim(JobId(job_id), world.clock.now())
    world.clock.advance(DEAD_AFTER / 2)
    assert await _recovery(world).recover_once() == {"document_job": 0, "rename_request": 0}
    world.clock.advance(DEAD_AFTER)
    assert (await _recovery(world).recover_once())["document_job"] == 1
    assert world.document_jobs.rows[job_id].status is JobStatus.QUEUED
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(JobId(job_id))] * 2
    assert (await _recovery(world).recover_once())["document_job"] == 0  # handed out once


async def test_a_heartbeat_keeps_a_long_job_with_its_worker(world: World) -> None:
    job_id = await _ordered(world)
    await world.document_jobs.claim(JobId(job_id), world.clock.now())
    for _ in range(10):  # ten times the staleness limit, beating all along
        world.clock.advance(DEAD_AFTER / 3)
        await world.document_jobs.touch(JobId(job_id), 1, world.clock.now())
        assert (await _recovery(world).recover_once())["document_job"] == 0
    assert world.document_jobs.rows[job_id].status is JobStatus.RUNNING


async def test_a_lost_message_is_sent_again_only_after_lost_after(world: World) -> None:
    job_id = await _ordered(world)
    world.clock.advance(LOST_AFTER - timedelta(seconds=1))
    assert (await _recovery(world).recover_once())["document_job"] == 0
    world.clock.advance(timedelta(seconds=1))
    assert (await _recovery(world).recover_once())["document_job"] == 1
    assert len(world.uow.outbox.jobs(RenderDocument)) == 2 and job_id


async def test_only_the_owner_of_the_lease_runs_the_pass(world: World) -> None:
    await _ordered(world)
    world.clock.advance(LOST_AFTER)
    lease = FakeLease()
    lease.holder = "another process"
    assert await _recovery(world, lease).recover_once() == {}
    assert len(world.uow.outbox.jobs(RenderDocument)) == 1
    lease.holder = None
    assert (await _recovery(world, lease).recover_once())["document_job"] == 1
    assert lease.holder is None  # given back after the pass


def _probed(world: World, memory: PassMemory | None = None) -> JobRecovery:
    kinds = [RecoverableJobs("document_job", world.document_jobs, RenderDocument, world.files)]
    return JobRecovery(world.uow, world.clock, JobPolicy(), kinds, memory=memory)


async def _deferred(world: World, hours: int = 1) -> int:
    job_id = await _ordered(world)
    now = world.clock.now()
    await world.document_jobs.claim(JobId(job_id), now)
    await world.document_jobs.release(JobId(job_id), 1, now, now + timedelta(hours=hours))
    return job_id


async def test_a_deferred_job_runs_at_once_when_the_store_it_waits_for_is_back(
    world: World,
) -> None:
    job_id = await _deferred(world)
    recovery = _probed(world)
    world.files.up = False
    assert await recovery.recover_once() == {"document_job": 0}  # down: it keeps waiting
    world.clock.advance(timedelta(seconds=5))
    assert await recovery.recover_once() == {"document_job": 0}
    world.files.up = True
    world.clock.advance(timedelta(seconds=5))
    assert await recovery.recover_once() == {"document_job": 1}  # back: not in an hour
    assert world.document_jobs.rows[job_id].status is JobStatus.QUEUED
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(JobId(job_id))] * 2
    assert await recovery.recover_once() == {"document_job": 0}  # woken once per return


async def test_a_dependency_never_seen_down_wakes_nothing(world: World) -> None:
    """A server that answers the probe but defers the work (451 on DATA) is not hammered:
    its deferrals wait their time."""
    job_id = await _deferred(world)
    recovery = _probed(world)
    for _ in range(3):
        world.clock.advance(timedelta(seconds=5))
        assert await recovery.recover_once() == {"document_job": 0}
    assert world.document_jobs.rows[job_id].status is JobStatus.DEFERRED


async def test_a_job_in_the_brokers_back_off_is_woken_too(world: World) -> None:
    job_id = await _ordered(world)
    now = world.clock.now()
    await world.document_jobs.claim(JobId(job_id), now)
    await world.document_jobs.release(JobId(job_id), 1, now)  # QUEUED: the broker retries later
    recovery = _probed(world)
    world.files.up = False
    assert await recovery.recover_once() == {"document_job": 0}
    world.files.up = True
    assert await recovery.recover_once() == {"document_job": 1}
    assert len(world.uow.outbox.jobs(RenderDocument)) == 2


async def test_nothing_waiting_nothing_probed(world: World) -> None:
    class Counting:
        asked = 0

        async def reachable(self) -> bool:
            Counting.asked += 1
            return False

    await _ordered(world)  # queued, never tried: not waiting for anything
    kinds = [RecoverableJobs("document_job", world.document_jobs, RenderDocument, Counting())]
    recovery = JobRecovery(world.uow, world.clock, JobPolicy(), kinds)
    assert await recovery.recover_once() == {"document_job": 0}
    assert Counting.asked == 0


async def test_the_return_is_seen_by_whichever_process_runs_the_next_pass(world: World) -> None:
    """The processes take turns at the pass: what one saw (down) the next one knows."""

    await _deferred(world)
    memory = LocalPassMemory()
    world.files.up = False
    assert await _probed(world, memory).recover_once() == {"document_job": 0}
    world.files.up = True
    assert await _probed(world, memory).recover_once() == {"document_job": 1}  # another one


async def test_a_probe_that_raises_counts_as_down_and_its_return_still_wakes(
    world: World,
) -> None:
    class Flaky:
        broken = True

        async def reachable(self) -> bool:
            if Flaky.broken:
                raise OSError("no route to host")
            return True

    job_id = await _deferred(world)
    kinds = [RecoverableJobs("document_job", world.document_jobs, RenderDocument, Flaky())]
    recovery = JobRecovery(world.uow, world.clock, JobPolicy(), kinds)
    assert await recovery.recover_once() == {"document_job": 0}  # the pass goes on
    Flaky.broken = False
    assert await recovery.recover_once() == {"document_job": 1}
    assert world.document_jobs.rows[job_id].status is JobStatus.QUEUED


def _with_broker(world: World, *, marked: bool = True) -> tuple[JobRecovery, FakeBroker]:
    """The pass over two kinds, with a broker that holds its mark (or never had one)."""
    broker = FakeBroker()
    broker.marked = marked
    kinds = [
        RecoverableJobs("document_job", world.document_jobs, RenderDocument),
        RecoverableJobs("rename_request", world.renames, CarryOutRenames),
    ]
    return JobRecovery(world.uow, world.clock, JobPolicy(), kinds, broker=broker), broker


async def test_queued_jobs_are_handed_out_at_once_when_the_broker_lost_its_messages(
    world: World,
) -> None:
    recovery, broker = _with_broker(world)
    never_tried = await _ordered(world, "2026-10")
    retrying = await _ordered(world, "2026-09")
    running = await _ordered(world, "2026-10", DownloadFormat.XLSX)
    now = world.clock.now()
    await world.document_jobs.claim(JobId(retrying), now)
    await world.document_jobs.release(JobId(retrying), 1, now)  # QUEUED, the broker's retry
    await world.document_jobs.claim(JobId(running), now)
    assert await recovery.recover_once() == {"document_job": 0, "rename_request": 0}
    broker.lose()  # back without its data: both QUEUED jobs' messages are gone
    world.clock.advance(timedelta(seconds=5))  # not `lost_after`
    assert await recovery.recover_once() == {"document_job": 2, "rename_request": 0}
    assert world.uow.outbox.jobs(RenderDocument)[3:] == [
        RenderDocument(JobId(never_tried)),
        RenderDocument(JobId(retrying)),
    ]
    assert world.document_jobs.rows[running].status is JobStatus.RUNNING  # its worker lives
    assert broker.marked and broker.puts == 1
    assert await recovery.recover_once() == {"document_job": 0, "rename_request": 0}  # once


async def test_a_broker_that_does_not_answer_hands_out_nothing_until_it_is_back(
    world: World,
) -> None:
    recovery, broker = _with_broker(world)
    await _ordered(world)
    broker.up = False
    for _ in range(3):
        world.clock.advance(timedelta(seconds=5))
        assert await recovery.recover_once() == {"document_job": 0, "rename_request": 0}
    broker.up = True  # back with its data (an append-only file): nothing to hand out
    assert await recovery.recover_once() == {"document_job": 0, "rename_request": 0}
    assert len(world.uow.outbox.jobs(RenderDocument)) == 1


async def test_the_mark_is_put_back_only_after_the_jobs_were_handed_out(world: World) -> None:
    """A pass cut short (the database away) leaves the mark gone: the next one hands the
    jobs out."""

    class DatabaseAway(Exception):
        pass

    recovery, broker = _with_broker(world, marked=False)
    job_id = await _ordered(world)
    stale = world.document_jobs.stale

    async def failing(*args: object, **kwargs: object) -> list[object]:
        raise DatabaseAway

    world.document_jobs.stale = failing  # type: ignore[method-assign, assignment]
    with pytest.raises(DatabaseAway):
        await recovery.recover_once()
    assert not broker.marked
    world.document_jobs.stale = stale  # type: ignore[method-assign]
    assert (await recovery.recover_once())["document_job"] == 1
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(JobId(job_id))] * 2
    assert broker.marked


async def test_a_mark_that_could_not_be_put_back_hands_the_jobs_out_again(world: World) -> None:
    """The broker went away again between the hand-out and the mark: the next pass still
    finds it gone and hands the queued jobs out once more (a message too many, never one
    too few: the claim lets one of them run the job)."""
    recovery, broker = _with_broker(world, marked=False)
    job_id = await _ordered(world)
    broker.failing_puts = 1
    assert (await recovery.recover_once())["document_job"] == 1
    assert not broker.marked
    assert (await recovery.recover_once())["document_job"] == 1
    assert broker.marked
    assert await recovery.recover_once() == {"document_job": 0, "rename_request": 0}
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(JobId(job_id))] * 3
