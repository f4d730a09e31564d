"""subscribers(search:), the Subscriber node (D16) and the services catalogue (D14)."""

from __future__ import annotations

from typing import Any

import pytest

from infra.db import models as m
from tests.api.menu_helpers import client_id_of
from tests.db_fixtures import Api

SEARCH = """query($s: String, $first: Int, $after: String) {
  subscribers(search: $s, first: $first, after: $after) {
    nodes { id number name tariff tariffCode status services { code name } }
    pageInfo { hasNextPage endCursor } } }"""
NODE = """query($id: ID!) { node(id: $id) { id ... on Subscriber {
  number name tariff status services { code } } } }"""


async def search(api: Api, text: str | None, first: int = 100) -> list[dict[str, Any]]:
    data = await api(SEARCH, {"s": text, "first": first})
    nodes: list[dict[str, Any]] = data["subscribers"]["nodes"]
    return nodes


async def test_d16_lists_every_subscriber_paged_by_number(demo: Api) -> None:
    everyone = await search(demo, None)
    assert len(everyone) == 36
    numbers = [s["number"] for s in everyone]
    assert numbers == sorted(numbers)
    page = (await demo(SEARCH, {"first": 10}))["subscribers"]
    assert len(page["nodes"]) == 10 and page["pageInfo"]["hasNextPage"]
    rest = await demo(SEARCH, {"first": 100, "after": page["pageInfo"]["endCursor"]})
    assert len(rest["subscribers"]["nodes"]) == 26


async def test_d16_find_by_number_in_any_spelling(demo: Api) -> None:
    target = (await search(demo, None))[5]
    national = target["number"][4:]
    spelled = f"+375 ({national[:2]}) {national[2:5]}-{national[5:7]}-{national[7:]}"
    for text in (target["number"], national, spelled, national[-7:]):
        found = await search(demo, text)
        assert target["id"] in {s["id"] for s in found}, text


async def test_d16_find_by_name_case_insensitive_cyrillic(demo: Api) -> None:
    client_id = await client_id_of("demo")
    row = await m.SubscriberRow.filter(client_id=client_id).order_by("id").first()
    assert row is not None
    row.name = "Бухгалтерия, Ковальчук Ольга"
    await row.save()
    for text in ("ковальчук", "БУХГАЛТЕРИЯ", "  ольга  "):
        found = await search(demo, text)
        assert row.number in {s["number"] for s in found}, text
    assert await search(demo, "нет такого имени") == []


async def test_d16_yo_and_ye_find_each_other(demo: Api) -> None:
    client_id = await client_id_of("demo")
    rows = await m.SubscriberRow.filter(client_id=client_id).order_by("id").limit(2)
    rows[0].name = "Приёмная, Ковалёв Пётр"
    rows[1].name = "Склад, Ковалев Семен"
    for row in rows:
        await row.save()
    for text in ("приемная", "Ковалев", "КОВАЛЁВ", "петр", "Семён"):
        found = {s["number"] for s in await search(demo, text)}
        wanted = {r.number for r in rows if fold(text) in fold(r.name)}
        assert wanted and wanted <= found, text
    both = {s["number"] for s in await search(demo, "ковалев")}
    assert {rows[0].number, rows[1].number} <= both


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


async def test_d16_national_80_spelling_finds_the_number(demo: Api) -> None:
    target = (await search(demo, None))[7]
    national = target["number"][4:]
    for text in (
        f"80{national}",
        f"8 0{national[:2]} {national[2:5]}-{national[5:7]}-{national[7:]}",
        f"00375{national}",
        f"80{national[:5]}",
    ):
        found = await search(demo, text)
        assert target["id"] in {s["id"] for s in found}, text
    assert all(
        s["number"].startswith(f"+375{national[:5]}") or f"80{national[:5]}" in s["number"]
        for s in await search(demo, f"80{national[:5]}")
    )


async def test_d16_subscriber_has_tariff_services_and_status(demo: Api) -> None:
    everyone = await search(demo, None)
    assert {s["status"] for s in everyone} >= {"ACTIVE", "BLOCKED"}
    assert {s["tariff"] for s in everyone} <= {"Бизнес Старт", "Бизнес Оптима", "Бизнес Безлимит"}
    with_services = next(s for s in everyone if s["services"])
    node = (await demo(NODE, {"id": with_services["id"]}))["node"]
    assert node["number"] == with_services["number"]
    assert [x["code"] for x in node["services"]] == [x["code"] for x in with_services["services"]]


async def test_d18_other_clients_subscribers_are_missing(demo: Api, demo2: Api) -> None:
    theirs = await search(demo2, None)
    assert (await demo(NODE, {"id": theirs[0]["id"]}))["node"] is None
    assert await search(demo, theirs[0]["number"]) == []
    mine = {s["number"] for s in await search(demo, None)}
    assert not mine & {s["number"] for s in theirs}


@pytest.mark.parametrize("first", [101, -1])
async def test_d16_page_size_is_bounded(demo: Api, first: int) -> None:
    body = await demo.raw(SEARCH, {"first": first})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_d16_overlong_search_is_refused(demo: Api) -> None:
    body = await demo.raw(SEARCH, {"s": "я" * 65})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "search"


async def test_d14_catalogue_with_allowed_tariffs(demo: Api) -> None:
    data = await demo("{ additionalServices { code name allowedTariffs } }")
    services = {s["code"]: s for s in data["additionalServices"]}
    assert len(services) == 7
    assert services["ROAMING"]["allowedTariffs"] == ["BIZ_OPTIMA", "BIZ_UNLIM"]
    assert services["ROAMING"]["name"] == "Международный роуминг"


async def test_d16_needs_sign_in(anon: Api) -> None:
    body = await anon.raw(SEARCH, {})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
