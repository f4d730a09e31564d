"""renameSubscribers with items, dryRun, idempotency, the job, renameRequests (D13)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest

from domain.ids import ClientId, JobId
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from tests.api.menu_helpers import (
    accepted_rename,
    add_subscribers,
    client_id_of,
    numbers_of,
    snapshot,
    wait_for,
)
from tests.conftest import MINSK
from tests.db_fixtures import Api

RENAME = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id status lineCount idempotencyKey createdAt }
  lines { position number ok status error { code field message } }
  errors { code field message } } }"""
REQUEST = """query($id: ID!) { node(id: $id) { id ... on RenameRequest {
  status finishedAt lineCount lines { position number ok status error { code field } } } } }"""
REQUESTS = "{ renameRequests(first: 100) { nodes { id status lineCount } } }"


async def rename(api: Api, items: list[tuple[str, str]] | None, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"items": None}
    if items is not None:
        payload["items"] = [{"number": n, "name": name} for n, name in items]
    payload.update(extra)
    data = await api(RENAME, {"i": payload})
    result: dict[str, Any] = data["renameSubscribers"]
    return result


async def finished(api: Api, request_id: str) -> dict[str, Any]:
    data = await wait_for(api, REQUEST, {"id": request_id}, lambda d: d["node"]["status"] == "DONE")
    node: dict[str, Any] = data["node"]
    return node


async def name_of(number: str) -> str:
    row = await m.SubscriberRow.get(number=number)
    return row.name


async def test_d13_rename_one_subscriber(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    result = await rename(demo, [(number, "  Бухгалтерия,   главный бухгалтер ")])
    assert result["errors"] == []
    assert result["request"]["status"] == "QUEUED" and result["request"]["lineCount"] == 1
    assert result["lines"] == [
        {"position": 0, "number": number, "ok": True, "status": "QUEUED", "error": None}
    ]
    done = await finished(demo, result["request"]["id"])
    assert done["lines"][0]["status"] == "DONE" and done["finishedAt"]
    assert await name_of(number) == "Бухгалтерия, главный бухгалтер"
    history = await m.SubscriberNameRow.filter(subscriber__number=number).order_by("-valid_from")
    assert history[0].name == "Бухгалтерия, главный бухгалтер"
    audit = await m.AuditRow.filter(action="renameSubscriber", target=number).first()
    assert audit is not None and audit.actor == "demo"
    assert audit.after["name"] == "Бухгалтерия, главный бухгалтер"
    assert audit.before["name"] != audit.after["name"]
    assert await m.AuditRow.filter(action="renameSubscribers").count() == 1


async def test_d13_rename_a_list_in_any_number_spelling(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:3]
    national = numbers[1][4:]
    items = [
        (numbers[0], "Склад №1"),
        (f"8 0{national[:2]} {national[2:]}", "Склад №2"),
        (numbers[2][1:], "Охрана"),
    ]
    result = await rename(demo, items)
    assert result["errors"] == [] and [line["ok"] for line in result["lines"]] == [True] * 3
    await finished(demo, result["request"]["id"])
    assert [await name_of(n) for n in numbers] == ["Склад №1", "Склад №2", "Охрана"]


async def test_d13_each_bad_line_is_answered_and_nothing_is_saved(demo: Api, demo2: Api) -> None:
    mine = await numbers_of("demo")
    theirs = (await numbers_of("demo2"))[0]
    before = await snapshot()
    items = [
        (mine[0], "Хороший"),
        ("12345", "Плохой номер"),
        (theirs, "Чужой"),
        ("+375299999999", "Несуществующий"),
        (mine[1], '=HYPERLINK("x")'),
        (mine[0], "Повтор"),
        (mine[2], ""),
    ]
    result = await rename(demo, items)
    assert result["request"] is None
    codes = [line["error"]["code"] if line["error"] else None for line in result["lines"]]
    assert codes == [
        None,
        "INVALID_NUMBER",
        "UNKNOWN_SUBSCRIBER",
        "UNKNOWN_SUBSCRIBER",
        "INVALID_NAME",
        "DUPLICATE_NUMBER",
        "INVALID_NAME",
    ]
    assert [line["status"] for line in result["lines"]] == [None] * 7
    summary, *per_line = result["errors"]
    assert summary["code"] == "LIST_HAS_ERRORS" and summary["field"] == "items"
    assert summary["message"].startswith("6 строк из 7 содержат ошибки")
    assert [e["field"] for e in per_line] == [
        "items.1.number",
        "items.2.number",
        "items.3.number",
        "items.4.name",
        "items.5.number",
        "items.6.name",
    ]
    # Another client's number reads exactly as a number that does not exist (D18).
    foreign, missing = result["lines"][2]["error"], result["lines"][3]["error"]
    assert foreign["message"].replace(theirs, "N") == missing["message"].replace(
        "+375299999999", "N"
    )
    assert await snapshot() == before


async def test_d13_dry_run_checks_and_saves_nothing(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:2]
    before = await snapshot()
    result = await rename(demo, [(numbers[0], "Новое имя"), (numbers[1], "Другое")], dryRun=True)
    assert result["request"] is None and result["errors"] == []
    assert [(line["ok"], line["status"]) for line in result["lines"]] == [(True, None)] * 2
    bad = await rename(demo, [(numbers[0], "@bad")], dryRun=True)
    assert [e["code"] for e in bad["errors"]] == ["LIST_HAS_ERRORS", "INVALID_NAME"]
    assert bad["errors"][0]["message"].startswith("1 строка из 1 содержит ошибку")
    assert await snapshot() == before


async def test_d13_input_written_in_the_document_or_with_fields_left_out(demo: Api) -> None:
    # The input is built by its own hook (schema/features/renaming.py): literals, a
    # bare variable (defaults filled in by GraphQL) and a single item not in a list.
    numbers = (await numbers_of("demo"))[:2]
    before = await snapshot()
    literal = f"""mutation {{ renameSubscribers(input: {{dryRun: true, items: [
      {{number: "{numbers[0]}", name: " Склад  №1 "}}, {{number: "{numbers[0]}", name: "Б"}}]}})
      {{ request {{ id }} lines {{ position number ok status error {{ code field }} }} }} }}"""
    data = (await demo(literal))["renameSubscribers"]
    assert data["request"] is None
    assert [(line["ok"], line["error"]) for line in data["lines"]] == [
        (True, None),
        (False, {"code": "DUPLICATE_NUMBER", "field": "items.1.number"}),
    ]
    assert await snapshot() == before
    single = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
      request { lineCount idempotencyKey } lines { number } errors { code } } }"""
    data = (await demo(single, {"i": {"items": {"number": numbers[1], "name": "Охрана"}}}))[
        "renameSubscribers"
    ]
    assert data["errors"] == [] and data["lines"] == [{"number": numbers[1]}]
    assert data["request"] == {"lineCount": 1, "idempotencyKey": None}  # not a dry run
    data = (await demo(single, {"i": {}}))["renameSubscribers"]
    assert data["errors"] == [{"code": "INVALID_INPUT"}] and data["request"] is None
    assert data["lines"] == []


async def test_d13_idempotency_key_makes_a_resubmission_harmless(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    items = [(number, "Приёмная")]
    one = await rename(demo, items, idempotencyKey="list-2026-11-24-a")
    two = await rename(demo, items, idempotencyKey="list-2026-11-24-a")
    assert one["request"]["id"] == two["request"]["id"]
    assert two["request"]["idempotencyKey"] == "list-2026-11-24-a"
    assert len(two["lines"]) == 1 and two["errors"] == []
    assert await m.RenameRequestRow.all().count() == 1
    assert await m.AuditRow.filter(action="renameSubscribers").count() == 1
    three = await rename(demo, items, idempotencyKey="list-2026-11-24-b")
    assert three["request"]["id"] != one["request"]["id"]


async def test_d18_idempotency_keys_are_per_client(demo: Api, demo2: Api) -> None:
    one = await rename(demo, [((await numbers_of("demo"))[0], "А")], idempotencyKey="k1")
    two = await rename(demo2, [((await numbers_of("demo2"))[0], "Б")], idempotencyKey="k1")
    assert one["request"]["id"] != two["request"]["id"]


async def test_d13_bad_idempotency_key_is_refused(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    result = await rename(demo, [(number, "А")], idempotencyKey="к" * 10)
    assert result["errors"][0]["field"] == "idempotencyKey"


@pytest.mark.parametrize("day", [29, 30])
async def test_d13_refused_in_the_last_two_days_of_the_month(
    anon: Api, clock: FixedClock, day: int
) -> None:
    number = (await numbers_of("demo"))[0]
    clock.set(datetime(2026, 11, day, 0, 0, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")  # a session of that day
    before = await snapshot()
    for dry_run in (False, True):
        result = await rename(demo, [(number, "Новое")], dryRun=dry_run)
        assert result["request"] is None
        assert result["errors"][0]["code"] == "RENAME_MONTH_END"
        assert "заявлению" in result["errors"][0]["message"]
    assert await snapshot() == before


async def test_d13_accepted_until_the_end_of_the_third_to_last_day(
    anon: Api, clock: FixedClock
) -> None:
    number = (await numbers_of("demo"))[0]
    clock.set(datetime(2026, 11, 28, 23, 59, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    assert (await rename(demo, [(number, "Новое")]))["errors"] == []


@pytest.mark.parametrize(
    ("items", "code"),
    [([], "LIST_EMPTY"), (None, "INVALID_INPUT")],
)
async def test_d13_empty_or_missing_list(
    demo: Api, items: list[tuple[str, str]] | None, code: str
) -> None:
    before = await snapshot()
    result = await rename(demo, items)
    assert result["errors"][0]["code"] == code
    assert await snapshot() == before


async def test_d13_more_than_10000_lines_is_refused(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    before = await snapshot()
    result = await rename(demo, [(number, "Имя")] * 10_001)
    assert result["errors"][0]["code"] == "LIST_TOO_LONG"
    assert await snapshot() == before


async def test_d13_job_is_idempotent_on_retry(demo: Api, container: Container) -> None:
    number = (await numbers_of("demo"))[0]
    result = await rename(demo, [(number, "Один раз")])
    await finished(demo, result["request"]["id"])
    names = await m.SubscriberNameRow.all().count()
    audits = await m.AuditRow.all().count()
    request_id = JobId((await m.RenameRequestRow.all().first()).id)  # type: ignore[union-attr]
    await container.renaming.carry_out(request_id)
    await m.RenameRequestRow.filter(id=request_id).update(status="RUNNING")
    await container.renaming.carry_out(request_id)  # a redelivery after a crash
    assert await m.SubscriberNameRow.all().count() == names
    assert await m.AuditRow.all().count() == audits


async def test_d13_job_fails_a_line_whose_subscriber_is_gone(
    demo: Api, container: Container
) -> None:
    from domain.renaming import RenameLine
    from infra.db.requests_repo import TortoiseRenameRequestRepository

    numbers = await numbers_of("demo")
    client_id = await client_id_of("demo")
    repo = TortoiseRenameRequestRepository()
    request = await repo.add(
        ClientId(client_id),
        "demo",
        None,
        [RenameLine(0, numbers[0], "Есть"), RenameLine(1, "+375290000001", "Нет")],
        container.clock.now(),
    )
    assert request is not None
    await container.renaming.carry_out(request.id)
    lines = await repo.lines(request.id)
    assert [line.status.value for line in lines] == ["DONE", "FAILED"]
    assert lines[1].error is not None and lines[1].error.code.value == "UNKNOWN_SUBSCRIBER"
    assert await name_of(numbers[0]) == "Есть"


async def test_d13_name_in_force_is_the_last_one(demo: Api, anon: Api, clock: FixedClock) -> None:
    number = (await numbers_of("demo"))[0]
    first = await rename(demo, [(number, "Первое")])
    await finished(demo, first["request"]["id"])
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    second = await rename(demo, [(number, "Второе")])
    await finished(demo, second["request"]["id"])
    assert await name_of(number) == "Второе"
    history = await m.SubscriberNameRow.filter(subscriber__number=number).order_by("valid_from")
    assert [h.name for h in history][-2:] == ["Первое", "Второе"]


async def test_d18_other_clients_requests_are_missing(demo: Api, demo2: Api) -> None:
    theirs = await rename(demo2, [((await numbers_of("demo2"))[0], "Чужое")])
    request_id = theirs["request"]["id"]
    assert (await demo(REQUEST, {"id": request_id}))["node"] is None
    assert (await demo(REQUESTS))["renameRequests"]["nodes"] == []
    mine = (await demo2(REQUESTS))["renameRequests"]["nodes"]
    assert [r["id"] for r in mine] == [request_id]


async def test_d13_job_delivered_twice_at_once_renames_each_line_once(
    demo: Api, container: Container
) -> None:
    """Two deliveries of the same message racing: every line is carried out exactly once."""
    from infra.db.requests_repo import TortoiseRenameRequestRepository

    numbers = await add_subscribers("demo", 1200)  # more than two job chunks
    request = await accepted_rename(container, numbers)
    names = await m.SubscriberNameRow.all().count()
    await asyncio.gather(
        container.renaming.carry_out(request.id),
        container.renaming.carry_out(request.id),
    )
    assert await m.SubscriberNameRow.all().count() == names + len(numbers)
    assert await m.AuditRow.filter(action="renameSubscriber").count() == len(numbers)
    lines = await TortoiseRenameRequestRepository().lines(request.id)
    assert {line.status.value for line in lines} == {"DONE"}
    assert (await m.RenameRequestRow.get(id=request.id)).status == "DONE"
    assert await name_of(numbers[-1]) == f"Сотрудник {len(numbers) - 1}"


async def test_d13_numbers_are_looked_up_in_one_query_per_list(demo: Api) -> None:
    # ids_by_number passes the numbers as one parameter (an array / a JSON list).
    from infra.db.subscribers_repo import TortoiseSubscriberRepository

    repo = TortoiseSubscriberRepository()
    mine = await add_subscribers("demo", 6_000)  # more than one IN (...) chunk held
    other = (await numbers_of("demo2"))[0]
    client_id = await client_id_of("demo")
    rows = await m.SubscriberRow.filter(number__in=mine[:3]).values_list("number", "id")
    asked = [*mine, mine[0], other, "+375290000000", "O'Brien\"; --"]
    found = await repo.ids_by_number(ClientId(client_id), asked)
    assert set(found) == set(mine) and len(found) == 6_000
    assert all(found[n] == i for n, i in rows)
    assert await repo.ids_by_number(ClientId(client_id), []) == {}
    assert await repo.ids_by_number(ClientId(client_id), [other]) == {}
