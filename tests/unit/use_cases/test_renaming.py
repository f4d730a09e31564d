"""RenameService on fakes: accept a list whole or not at all, carry it out in a job (D13, D18)."""

from __future__ import annotations

import pytest

from domain.commands import CarryOutRenames
from domain.errors import DomainError, ErrorCode
from domain.ids import SubscriberId
from domain.job_store import LOST_AFTER as STALE_AFTER
from domain.jobs import JobStatus
from domain.list_requests import LineStatus
from domain.paging import PageRequest
from domain.use_cases.renaming import RenameService
from tests.unit.use_cases.world import ME, OTHER, World, minsk, recover

IVANOV = "+375291111111"
PETROV = "+375292222222"
SIDOROV = "+375293333333"  # client 2's


def service(world: World) -> RenameService:
    return RenameService(
        world.uow, world.renames, world.subscribers, world.audit, world.clock, world.reader
    )


async def test_d13_list_is_accepted_at_once_and_queued_for_the_job(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И."), ("80292222222", "Петров П.")])
    assert result.request is not None and result.errors == []
    assert result.request.status is JobStatus.QUEUED
    lines = await world.renames.lines(result.request.id)
    assert [(line.number, line.name) for line in lines] == [
        (IVANOV, "Иванов И."),
        (PETROV, "Петров П."),
    ]
    assert world.uow.outbox.jobs(CarryOutRenames) == [CarryOutRenames(result.request.id)]
    assert world.audit.actions() == ["renameSubscribers"]
    # Not renamed yet: the job does it.
    assert world.subscribers.by_number(IVANOV).name == "Иванов"


async def test_d13_job_renames_each_line_and_keeps_the_name_history(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И."), (PETROV, "Петров")])
    assert result.request is not None
    await service(world).carry_out(result.request.id)
    assert world.subscribers.by_number(IVANOV).name == "Иванов И."
    assert world.subscribers.rows[SubscriberId(101)].names == [(world.clock.now(), "Иванов И.")]
    assert world.subscribers.rows[SubscriberId(102)].names == []  # the same name: nothing to rename
    request = world.renames.rows[result.request.id]
    assert (request.status, request.progress) == (JobStatus.DONE, 100)
    assert {line.status for line in await world.renames.lines(request.id)} == {LineStatus.DONE}
    assert world.audit.actions() == ["renameSubscribers", "renameSubscriber"]


async def test_d13_job_run_twice_renames_once(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И.")])
    assert result.request is not None
    await service(world).carry_out(result.request.id)
    await service(world).carry_out(result.request.id)
    assert len(world.subscribers.rows[SubscriberId(101)].names) == 1
    assert world.audit.actions().count("renameSubscriber") == 1


async def test_d13_subscriber_gone_before_the_job_fails_its_line_only(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Новое"), (PETROV, "Петров П.")])
    assert result.request is not None
    del world.subscribers.rows[SubscriberId(101)]
    await service(world).carry_out(result.request.id)
    lines = await world.renames.lines(result.request.id)
    assert [line.status for line in lines] == [LineStatus.FAILED, LineStatus.DONE]
    assert lines[0].error is not None and lines[0].error.code is ErrorCode.UNKNOWN_SUBSCRIBER


async def test_d13_one_bad_line_refuses_the_whole_list(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И."), ("123", "Кто-то")])
    assert result.request is None
    assert [e.code for e in result.errors] == [ErrorCode.LIST_HAS_ERRORS, ErrorCode.INVALID_NUMBER]
    assert result.errors[1].field == "items.1.number"
    assert world.renames.rows == {} and world.uow.outbox.messages == []
    assert world.audit.records == []


async def test_d18_other_clients_number_is_an_unknown_subscriber(world: World) -> None:
    result = await service(world).rename(ME, [(SIDOROV, "Чужой")])
    assert result.request is None
    assert ErrorCode.UNKNOWN_SUBSCRIBER in [e.code for e in result.errors]
    assert world.subscribers.by_number(SIDOROV).name == "Сидоров"


async def test_d13_dry_run_checks_and_saves_nothing(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И.")], dry_run=True)
    assert (result.request, result.errors) == (None, [])
    assert [c.number for c in result.lines] == [IVANOV]
    assert world.renames.rows == {} and world.uow.outbox.messages == []


@pytest.mark.parametrize("day", [29, 30])
async def test_d13_last_two_days_of_the_month_refuse_renaming(world: World, day: int) -> None:
    world.clock.set(minsk(2026, 11, day, 10))
    with pytest.raises(DomainError) as refused:
        await service(world).rename(ME, [(IVANOV, "Иванов И.")])
    assert refused.value.code is ErrorCode.RENAME_MONTH_END
    with pytest.raises(DomainError):
        await service(world).rename(ME, [(IVANOV, "Иванов И.")], dry_run=True)
    assert world.renames.rows == {}


async def test_d13_same_idempotency_key_replays_the_request(world: World) -> None:
    first = await service(world).rename(ME, [(IVANOV, "Иванов И.")], idempotency_key="k-1")
    again = await service(world).rename(ME, [(PETROV, "Другое")], idempotency_key=" k-1 ")
    assert first.request is not None and again.replayed
    assert again.request == first.request
    assert again.stored is not None and [line.number for line in again.stored] == [IVANOV]
    assert len(world.renames.rows) == 1 and len(world.uow.outbox.messages) == 1


async def test_d18_idempotency_keys_are_per_client(world: World) -> None:
    await service(world).rename(ME, [(IVANOV, "Иванов И.")], idempotency_key="k-1")
    theirs = await service(world).rename(OTHER, [(SIDOROV, "Сидоров С.")], idempotency_key="k-1")
    assert theirs.request is not None and not theirs.replayed
    assert theirs.request.client_id == 2


async def test_d13_bad_idempotency_key_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).rename(ME, [(IVANOV, "И")], idempotency_key="ключ")
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_INPUT, "idempotencyKey")


async def test_d13_file_lines_are_named_by_their_row(world: World) -> None:
    data = f"Номер;Имя\n{IVANOV};Иванов И.\n12;Плохой\n".encode()
    result = await service(world).submit(ME, None, ("list.csv", data))
    assert result.request is None
    assert [e.field for e in result.errors] == ["file", "file.3.number"]
    assert world.reader.read_files == ["list.csv"]


async def test_d13_items_and_file_together_are_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).submit(ME, [(IVANOV, "И")], ("a.csv", b"x"))
    assert refused.value.code is ErrorCode.INVALID_INPUT
    with pytest.raises(DomainError):
        await service(world).submit(ME, None, None)


async def test_d18_other_clients_request_and_lines_read_as_missing(world: World) -> None:
    theirs = await service(world).rename(OTHER, [(SIDOROV, "Сидоров С.")])
    assert theirs.request is not None
    assert await service(world).request(ME, theirs.request.id) is None
    assert await service(world).lines(ME, theirs.request.id) == []
    assert (await service(world).requests(ME, PageRequest())).items == []


async def test_d13_stale_request_is_sent_again(world: World) -> None:
    result = await service(world).rename(ME, [(IVANOV, "Иванов И.")])
    assert result.request is not None
    assert await recover(world, world.renames, CarryOutRenames) == 0
    world.clock.advance(STALE_AFTER)
    assert await recover(world, world.renames, CarryOutRenames) == 1
    assert world.uow.outbox.jobs(CarryOutRenames) == [CarryOutRenames(result.request.id)] * 2
    assert await recover(world, world.renames, CarryOutRenames) == 0  # touched: not stale
