"""The one recovery pass on fakes: every kind of job, one policy, one owner at a time."""

from __future__ import annotations

from datetime import timedelta

from domain.commands import CarryOutRenames, RenderDocument
from domain.documents import DownloadFormat
from domain.ids import AccountId, JobId
from domain.job_store import DEAD_AFTER, LOST_AFTER, JobPolicy, JobStatus, PassMemory
from domain.use_cases.documents import DocumentService
from domain.use_cases.job_recovery import JobRecovery, RecoverableJobs
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


async def _ordered(world: World) -> int:
    service: DocumentService = documents(world)
    return (await service.order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)).id


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

    class Shared:
        def __init__(self) -> None:
            self.values: dict[str, bool] = {}

        async def remember(self, name: str, value: bool) -> bool:
            was = self.values.get(name, False)
            self.values[name] = value
            return was

    await _deferred(world)
    memory = Shared()
    world.files.up = False
    assert await _probed(world, memory).recover_once() == {"document_job": 0}
    world.files.up = True
    assert await _probed(world, memory).recover_once() == {"document_job": 1}  # another one
