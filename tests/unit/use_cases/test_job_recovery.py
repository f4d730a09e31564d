"""The one recovery pass on fakes: every kind of job, one policy, one owner at a time."""

from __future__ import annotations

from datetime import timedelta

from domain.commands import CarryOutRenames, RenderDocument
from domain.documents import DownloadFormat
from domain.job_store import DEAD_AFTER, LOST_AFTER, JobPolicy, JobStatus
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
    return (await service.order_download(ME, 11, "2026-10", DownloadFormat.PDF)).id


async def test_a_dead_workers_job_is_queued_again_with_one_new_message(world: World) -> None:
    job_id = await _ordered(world)
    await world.document_jobs.claim(job_id, world.clock.now())
    world.clock.advance(DEAD_AFTER / 2)
    assert await _recovery(world).recover_once() == {"document_job": 0, "rename_request": 0}
    world.clock.advance(DEAD_AFTER)
    assert (await _recovery(world).recover_once())["document_job"] == 1
    assert world.document_jobs.rows[job_id].status is JobStatus.QUEUED
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(job_id)] * 2
    assert (await _recovery(world).recover_once())["document_job"] == 0  # handed out once


async def test_a_heartbeat_keeps_a_long_job_with_its_worker(world: World) -> None:
    job_id = await _ordered(world)
    await world.document_jobs.claim(job_id, world.clock.now())
    for _ in range(10):  # ten times the staleness limit, beating all along
        world.clock.advance(DEAD_AFTER / 3)
        await world.document_jobs.touch(job_id, 1, world.clock.now())
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
