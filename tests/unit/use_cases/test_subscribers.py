"""SubscriberQueries on fakes (D14, D16, D18)."""

from __future__ import annotations

from domain.ids import SubscriberId
from domain.paging import PageRequest
from domain.use_cases.subscribers import SubscriberQueries
from tests.unit.use_cases.world import ME, OTHER, World


def queries(world: World) -> SubscriberQueries:
    return SubscriberQueries(world.subscribers, world.catalogue)


async def test_d16_search_by_part_of_the_number_or_the_name(world: World) -> None:
    by_number = await queries(world).search(ME, "2222", PageRequest())
    assert [s.name for s in by_number.items] == ["Петров"]
    by_name = await queries(world).search(ME, "иван", PageRequest())
    assert [s.number for s in by_name.items] == ["+375291111111"]


async def test_d16_search_is_paged(world: World) -> None:
    first = await queries(world).search(ME, None, PageRequest(first=1))
    assert (len(first.items), first.has_next) == (1, True)
    rest = await queries(world).search(ME, None, PageRequest(first=1, offset=1))
    assert (len(rest.items), rest.has_next) == (1, False)


async def test_d18_other_clients_subscriber_is_neither_found_nor_opened(world: World) -> None:
    assert (await queries(world).search(ME, "3333", PageRequest())).items == []
    assert await queries(world).subscriber(ME, SubscriberId(201)) is None
    found = await queries(world).subscriber(OTHER, SubscriberId(201))
    assert found is not None and found.name == "Сидоров"


async def test_d14_catalogue_lists_the_services_with_their_tariffs(world: World) -> None:
    catalogue = await queries(world).catalogue()
    assert [(s.code, s.allowed_tariffs) for s in catalogue] == [("SMS", ("T1",)), ("ROAM", ("T2",))]
