"""carry_out_list and the recovery pass on fakes: the job of a list request (D13, D14)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest

from domain.commands import CarryOutRenames
from domain.ids import ClientId, JobId
from domain.job_store import LOST_AFTER as STALE_AFTER
from domain.job_store import JobPolicy
from domain.jobs import JobStatus
from domain.list_requests import LineResult, LineStatus, PendingRename, RenameRequest
from domain.renaming import RenameLine
from domain.use_cases import list_jobs
from domain.use_cases.list_jobs import carry_out_list
from tests.unit.use_cases.world import World, recover


async def request_of(world: World, count: int) -> int:
    lines = [RenameLine(i, f"+37529{i:07d}", f"Имя {i}") for i in range(count)]
    added = await world.renames.add(ClientId(1), "demo", None, lines, world.clock.now())
    assert added is not None
    return added.id


async def test_d13_lines_are_carried_out_in_chunks_with_progress(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_jobs, "JOB_CHUNK", 2)
    request_id = await request_of(world, 5)
    chunks: list[int] = []
    progress: list[int] = []

    async def chunk(
        request: RenameRequest, pending: Sequence[PendingRename], now: datetime
    ) -> list[LineResult]:
        chunks.append(len(pending))
        progress.append(world.renames.progress.get(request.id, 0))
        return [LineResult(p.line_id, LineStatus.DONE) for p in pending]

    await carry_out_list(
        world.uow, world.clock, world.renames, JobId(request_id), chunk, JobPolicy()
    )
    assert chunks == [2, 2, 1]
    assert progress == [0, 40, 80]
    assert world.renames.rows[request_id].status is JobStatus.DONE
    assert world.renames.progress[request_id] == 100


async def test_d13_a_failed_chunk_keeps_the_lines_done_before_it(world: World) -> None:
    request_id = await request_of(world, 1)

    async def broken(
        request: RenameRequest, pending: Sequence[PendingRename], now: datetime
    ) -> list[LineResult]:
        await world.renames.record([LineResult(pending[0].line_id, LineStatus.DONE)])
        raise RuntimeError("worker crashed mid-chunk")

    with pytest.raises(RuntimeError):
        await carry_out_list(
            world.uow, world.clock, world.renames, JobId(request_id), broken, JobPolicy()
        )
    # The chunk's transaction rolled back: the line is QUEUED again for the retry.
    [line] = await world.renames.lines(JobId(request_id))
    assert line.status is LineStatus.QUEUED
    assert world.renames.rows[request_id].status is JobStatus.QUEUED  # released for it


async def test_d13_finished_request_is_left_alone(world: World) -> None:
    request_id = await request_of(world, 1)
    calls: list[int] = []

    async def chunk(
        request: RenameRequest, pending: Sequence[PendingRename], now: datetime
    ) -> list[LineResult]:
        calls.append(len(pending))
        return [LineResult(p.line_id, LineStatus.DONE) for p in pending]

    await carry_out_list(
        world.uow, world.clock, world.renames, JobId(request_id), chunk, JobPolicy()
    )
    await carry_out_list(
        world.uow, world.clock, world.renames, JobId(request_id), chunk, JobPolicy()
    )
    assert calls == [1]


async def test_d13_recovery_touches_and_queues_each_lost_request_once(world: World) -> None:
    first = await request_of(world, 1)
    world.clock.advance(STALE_AFTER)
    second = await request_of(world, 1)  # fresh: not stale
    assert await recover(world, world.renames, CarryOutRenames) == 1
    assert world.uow.outbox.jobs(CarryOutRenames) == [CarryOutRenames(JobId(first))]
    assert world.renames.touched[first] == world.clock.now()
    assert second not in world.renames.touched
