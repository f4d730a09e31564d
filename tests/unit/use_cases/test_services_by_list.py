"""ServiceListService on fakes: a list accepted at once, an outcome per subscriber (D14, D18)."""

from __future__ import annotations

import pytest

from domain.commands import ChangeSubscriberServices
from domain.errors import DomainError, ErrorCode
from domain.ids import JobId
from domain.job_store import LOST_AFTER as STALE_AFTER
from domain.jobs import JobStatus
from domain.list_requests import LineStatus
from domain.paging import PageRequest
from domain.services_by_list import ServiceAction, ServiceOutcome
from domain.use_cases.services_by_list import ServiceListService
from tests.unit.use_cases.world import ME, OTHER, World, minsk, recover

IVANOV = "+375291111111"  # tariff T1, no service
PETROV = "+375292222222"  # tariff T2, has SMS
SIDOROV = "+375293333333"  # client 2's


def service(world: World) -> ServiceListService:
    return ServiceListService(
        world.uow,
        world.service_requests,
        world.subscribers,
        world.catalogue,
        world.audit,
        world.clock,
        world.reader,
    )


async def outcomes(world: World, request_id: JobId) -> list[ServiceOutcome | None]:
    return [line.outcome for line in await world.service_requests.lines(request_id)]


async def test_d14_list_is_accepted_and_queued(world: World) -> None:
    result = await service(world).change(ME, ServiceAction.ADD, "SMS", [IVANOV, "80292222222"])
    assert result.request is not None and result.request.status is JobStatus.QUEUED
    lines = await world.service_requests.lines(result.request.id)
    assert [line.number for line in lines] == [IVANOV, PETROV]
    assert world.uow.outbox.jobs(ChangeSubscriberServices) == [
        ChangeSubscriberServices(result.request.id)
    ]
    assert world.audit.records[0].after == {
        "action": "ADD",
        "serviceCode": "SMS",
        "lines": 2,
        "numbers": [IVANOV, PETROV],
    }


async def test_d14_job_gives_done_already_not_allowed_and_unknown_number(world: World) -> None:
    numbers = [IVANOV, PETROV, SIDOROV, "+375299999999"]
    result = await service(world).change(ME, ServiceAction.ADD, "SMS", numbers)
    assert result.request is not None
    await service(world).carry_out(result.request.id)
    assert await outcomes(world, result.request.id) == [
        ServiceOutcome.DONE,  # T1 allows SMS
        ServiceOutcome.ALREADY,
        ServiceOutcome.UNKNOWN_NUMBER,  # D18: another client's reads as unknown
        ServiceOutcome.UNKNOWN_NUMBER,
    ]
    assert [s.code for s in world.subscribers.by_number(IVANOV).services] == ["SMS"]
    assert world.subscribers.by_number(SIDOROV).services == ()
    assert world.service_requests.rows[result.request.id].status is JobStatus.DONE
    assert world.audit.actions() == ["changeSubscriberServices", "changeSubscriberService"]


async def test_d14_adding_needs_a_tariff_that_allows_it(world: World) -> None:
    result = await service(world).change(ME, ServiceAction.ADD, "ROAM", [IVANOV])
    assert result.request is not None
    await service(world).carry_out(result.request.id)
    assert await outcomes(world, result.request.id) == [ServiceOutcome.NOT_ALLOWED]
    line = (await world.service_requests.lines(result.request.id))[0]
    assert line.status is LineStatus.FAILED
    assert world.subscribers.by_number(IVANOV).services == ()


async def test_d14_removing_is_allowed_on_every_tariff(world: World) -> None:
    result = await service(world).change(ME, ServiceAction.REMOVE, "SMS", [PETROV, IVANOV])
    assert result.request is not None
    await service(world).carry_out(result.request.id)
    assert await outcomes(world, result.request.id) == [
        ServiceOutcome.DONE,
        ServiceOutcome.ALREADY,
    ]
    assert world.subscribers.by_number(PETROV).services == ()


async def test_d14_unknown_service_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).change(ME, ServiceAction.ADD, "NOPE", [IVANOV])
    assert (refused.value.code, refused.value.field) == (ErrorCode.UNKNOWN_SERVICE, "serviceCode")
    assert world.service_requests.rows == {}


async def test_d14_malformed_or_repeated_number_refuses_the_whole_list(world: World) -> None:
    result = await service(world).change(ME, ServiceAction.ADD, "SMS", [IVANOV, "12", IVANOV])
    assert result.request is None
    assert [e.code for e in result.errors] == [
        ErrorCode.LIST_HAS_ERRORS,
        ErrorCode.INVALID_NUMBER,
        ErrorCode.DUPLICATE_NUMBER,
    ]
    assert world.service_requests.rows == {} and world.uow.outbox.messages == []


async def test_d14_file_lines_are_named_by_their_row(world: World) -> None:
    data = f"Номер\n{IVANOV}\n12\n".encode()
    result = await service(world).submit(ME, ServiceAction.ADD, "SMS", None, ("n.csv", data))
    assert result.request is None
    assert [e.field for e in result.errors] == ["file", "file.3"]


async def test_d14_numbers_and_file_together_are_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).submit(ME, ServiceAction.ADD, "SMS", [IVANOV], ("n.csv", b"x"))
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_d14_history_shows_the_current_and_two_previous_months(world: World) -> None:
    for when in (minsk(2026, 8, 31, 23), minsk(2026, 9, 1, 0), minsk(2026, 11, 24, 11)):
        world.clock.set(when)
        await service(world).change(ME, ServiceAction.ADD, "SMS", [IVANOV])
    world.clock.set(minsk(2026, 11, 24, 12))
    page = await service(world).requests(ME, PageRequest())
    assert [r.created_at for r in page.items] == [minsk(2026, 11, 24, 11), minsk(2026, 9, 1, 0)]


async def test_d18_other_clients_request_reads_as_missing(world: World) -> None:
    theirs = await service(world).change(OTHER, ServiceAction.ADD, "SMS", [SIDOROV])
    assert theirs.request is not None
    assert await service(world).request(ME, theirs.request.id) is None
    assert await service(world).lines(ME, theirs.request.id) == []
    assert (await service(world).requests(ME, PageRequest())).items == []


async def test_d14_stale_request_is_sent_again(world: World) -> None:
    result = await service(world).change(ME, ServiceAction.ADD, "SMS", [IVANOV])
    assert result.request is not None
    world.clock.advance(STALE_AFTER)
    assert await recover(world, world.service_requests, ChangeSubscriberServices) == 1
    assert len(world.uow.outbox.jobs(ChangeSubscriberServices)) == 2
