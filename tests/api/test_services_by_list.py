"""changeSubscriberServices, the job's outcomes and serviceRequests (D14)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from tests.api.menu_helpers import (
    accepted_service_change,
    add_subscribers,
    client_id_of,
    numbers_of,
    snapshot,
    wait_for,
)
from tests.conftest import MINSK
from tests.db_fixtures import Api

CHANGE = """mutation($i: ChangeSubscriberServicesInput!) { changeSubscriberServices(input: $i) {
  request { id action serviceCode status createdAt }
  lines { position number ok status error { code field } }
  errors { code field message } } }"""
REQUEST = """query($id: ID!) { node(id: $id) { id ... on ServiceRequest { status finishedAt
  lines { position number ok status outcome error { code } } } } }"""
HISTORY = "{ serviceRequests(first: 100) { nodes { id action serviceCode status createdAt } } }"


async def change(api: Api, action: str, code: str, numbers: list[str]) -> dict[str, Any]:
    data = await api(CHANGE, {"i": {"action": action, "serviceCode": code, "numbers": numbers}})
    result: dict[str, Any] = data["changeSubscriberServices"]
    return result


async def finished(api: Api, request_id: str) -> dict[str, Any]:
    data = await wait_for(api, REQUEST, {"id": request_id}, lambda d: d["node"]["status"] == "DONE")
    node: dict[str, Any] = data["node"]
    return node


async def by_state(code: str) -> dict[str, list[str]]:
    """The demo client's numbers: with/without the service, on each tariff."""
    client_id = await client_id_of("demo")
    rows = await m.SubscriberRow.filter(client_id=client_id).order_by("number")
    links: list[Any] = await m.SubscriberServiceRow.filter(service_id=code).values_list(
        "subscriber_id", flat=True
    )
    having = {int(i) for i in links}
    groups: dict[str, list[str]] = {}
    for row in rows:
        key = f"{'has' if row.id in having else 'not'}:{row.tariff_id}"  # type: ignore[attr-defined]
        groups.setdefault(key, []).append(row.number)
    return groups


async def has(number: str, code: str) -> bool:
    return await m.SubscriberServiceRow.filter(subscriber__number=number, service_id=code).exists()


async def test_d14_add_with_every_outcome(demo: Api, demo2: Api) -> None:
    groups = await by_state("ROAMING")
    allowed = next(
        n for k, v in groups.items() if k.startswith("not:") and "START" not in k for n in v
    )
    start = groups["not:BIZ_START"][0]
    already = next(n for k, v in groups.items() if k.startswith("has:") for n in v)
    theirs = (await numbers_of("demo2"))[0]
    theirs_before = await has(theirs, "ROAMING")
    numbers = [allowed, already, start, "+375299999999", theirs]
    result = await change(demo, "ADD", "ROAMING", numbers)
    assert result["errors"] == []
    assert result["request"]["status"] == "QUEUED" and result["request"]["action"] == "ADD"
    assert [line["status"] for line in result["lines"]] == ["QUEUED"] * 5
    done = await finished(demo, result["request"]["id"])
    assert [line["outcome"] for line in done["lines"]] == [
        "DONE",
        "ALREADY",
        "NOT_ALLOWED",
        "UNKNOWN_NUMBER",
        "UNKNOWN_NUMBER",
    ]
    assert [line["ok"] for line in done["lines"]] == [True, True, False, False, False]
    assert done["lines"][2]["error"]["code"] == "SERVICE_NOT_ALLOWED"
    assert done["lines"][3]["error"] == done["lines"][4]["error"]  # D18: indistinguishable
    assert await has(allowed, "ROAMING") and not await has(start, "ROAMING")
    assert await has(theirs, "ROAMING") == theirs_before
    audit = await m.AuditRow.filter(action="changeSubscriberService").all()
    assert [(a.target, a.before["active"], a.after["active"]) for a in audit] == [
        (allowed, False, True)
    ]


async def test_d14_remove(demo: Api) -> None:
    groups = await by_state("CALLER_ID")
    having = next(n for k, v in groups.items() if k.startswith("has:") for n in v)
    lacking = next(n for k, v in groups.items() if k.startswith("not:") for n in v)
    result = await change(demo, "REMOVE", "CALLER_ID", [having, lacking])
    done = await finished(demo, result["request"]["id"])
    assert [line["outcome"] for line in done["lines"]] == ["DONE", "ALREADY"]
    assert not await has(having, "CALLER_ID")


async def test_d14_job_is_idempotent(demo: Api, container: Any) -> None:
    groups = await by_state("MMS")
    lacking = next(n for k, v in groups.items() if k.startswith("not:") for n in v)
    result = await change(demo, "ADD", "MMS", [lacking])
    await finished(demo, result["request"]["id"])
    before = await snapshot()
    request_id = (await m.ServiceRequestRow.all().first()).id  # type: ignore[union-attr]
    await m.ServiceRequestRow.filter(id=request_id).update(status="RUNNING")
    await container.services.carry_out(request_id)
    assert await snapshot() == before


async def test_d14_unknown_service_changes_nothing(demo: Api) -> None:
    before = await snapshot()
    result = await change(demo, "ADD", "NO_SUCH", [(await numbers_of("demo"))[0]])
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("UNKNOWN_SERVICE", "serviceCode")
    ]
    assert await snapshot() == before


async def test_d14_malformed_or_repeated_numbers_refuse_the_list(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    before = await snapshot()
    result = await change(demo, "ADD", "MMS", [number, "abc", number])
    assert result["request"] is None
    codes = [e["code"] for e in result["errors"]]
    assert codes == ["LIST_HAS_ERRORS", "INVALID_NUMBER", "DUPLICATE_NUMBER"]
    assert [e["field"] for e in result["errors"]] == ["numbers", "numbers.1", "numbers.2"]
    assert result["errors"][0]["message"].startswith("2 строки из 3 содержат ошибки")
    assert [line["ok"] for line in result["lines"]] == [True, False, False]
    empty = await change(demo, "ADD", "MMS", [])
    assert empty["errors"][0]["code"] == "LIST_EMPTY"
    too_long = await change(demo, "ADD", "MMS", [number] * 10_001)
    assert too_long["errors"][0]["code"] == "LIST_TOO_LONG"
    assert await snapshot() == before


async def test_d14_history_shows_current_and_two_previous_months(demo: Api, demo2: Api) -> None:
    number = (await numbers_of("demo"))[0]
    client_id = await client_id_of("demo")
    for created in (
        datetime(2026, 9, 1, 0, 0, tzinfo=MINSK),
        datetime(2026, 8, 31, 23, 59, tzinfo=MINSK),
    ):
        await m.ServiceRequestRow.create(
            client_id=client_id,
            action="ADD",
            service_code="MMS",
            status="DONE",
            requested_by="demo",
            created_at=created,
        )
    await change(demo, "ADD", "MMS", [number])
    nodes = (await demo(HISTORY))["serviceRequests"]["nodes"]
    assert len(nodes) == 2
    assert nodes[0]["createdAt"] > nodes[1]["createdAt"]
    assert nodes[1]["createdAt"] == "2026-09-01T00:00:00+03:00"  # D0: shown in Minsk time
    assert (await demo2(HISTORY))["serviceRequests"]["nodes"] == []


async def test_d14_history_window_moves_with_the_clock(
    demo: Api, anon: Api, clock: FixedClock
) -> None:
    await change(demo, "ADD", "MMS", [(await numbers_of("demo"))[0]])
    clock.set(clock.now() + timedelta(days=68))  # 2027-01-31: Nov is still shown
    again = await anon.login("demo", "demo")
    assert len((await again(HISTORY))["serviceRequests"]["nodes"]) == 1
    clock.set(datetime(2027, 2, 1, 0, 0, tzinfo=MINSK))
    again = await anon.login("demo", "demo")
    assert (await again(HISTORY))["serviceRequests"]["nodes"] == []


async def test_d18_other_clients_service_request_is_missing(demo: Api, demo2: Api) -> None:
    theirs = await change(demo2, "ADD", "MMS", [(await numbers_of("demo2"))[0]])
    assert (await demo(REQUEST, {"id": theirs["request"]["id"]}))["node"] is None


async def test_d14_job_delivered_twice_at_once_changes_each_line_once(
    demo: Api, container: Container
) -> None:
    """Two deliveries of the same message racing: every line is carried out exactly once."""
    from infra.db.requests_repo import TortoiseServiceRequestRepository

    numbers = await add_subscribers("demo", 1200)  # new, none has MMS; two job chunks and more
    request = await accepted_service_change(container, numbers)
    links = await m.SubscriberServiceRow.filter(service_id="MMS").count()
    await asyncio.gather(
        container.services.carry_out(request.id),
        container.services.carry_out(request.id),
    )
    assert await m.SubscriberServiceRow.filter(service_id="MMS").count() == links + len(numbers)
    assert await m.AuditRow.filter(action="changeSubscriberService").count() == len(numbers)
    lines = await TortoiseServiceRequestRepository().lines(request.id)
    assert {line.outcome.value if line.outcome else None for line in lines} == {"DONE"}
    assert (await m.ServiceRequestRow.get(id=request.id)).status == "DONE"
