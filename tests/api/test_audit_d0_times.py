"""D0 by enumeration: every time in any answer is Minsk time (+03:00).

Issue 12 saw times in UTC (`finishedAt …+00:00`) beside Minsk ones. The DateTime scalar
converts, but a time can also travel as text: in JSON (the audit log's before/after), in
a String field or in a Russian message. Here every field reachable from Query (generated
from the schema, a few levels deep, every list entered), the payloads of the mutations
that made the objects, the first answer of every subscription, and the refusals that
name a moment are searched for anything that looks like a time, and each must be +03:00.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)

from infra.bootstrap import Container
from infra.clock import FixedClock
from tests.api.live_helpers import live, serving
from tests.api.test_audit_d18_enumerated import OPERATIONS, SCHEMA, objects_of
from tests.conftest import MINSK
from tests.db_fixtures import Api

# "2026-11-24T12:00:00+03:00", "2026-11-24 09:00:00Z", "2026-11-24T09:00:00.5"
TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?"
)
DEPTH = 4


def _fields(type_: GraphQLObjectType | GraphQLInterfaceType, depth: int) -> str:
    parts = []
    for name, field in type_.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        page = "(first: 5)" if "first" in field.args else ""
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
            if depth == 0:
                continue
            parts.append(f"{name}{page} {{ {_fields(inner, depth - 1)} }}")
        elif not isinstance(inner, GraphQLUnionType):
            parts.append(f"{name}{page}")
    return " ".join(parts) or "__typename"


def everything() -> list[tuple[str, str]]:
    """One query per argument-free root field of Query, selecting all it reaches."""
    assert SCHEMA.query_type is not None
    queries = []
    for name, field in SCHEMA.query_type.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue  # by id: reached through the lists and below
        queries.append((name, "{ " + _one(name, field) + " }"))
    return queries


def _one(name: str, field: GraphQLField) -> str:
    page = "(first: 5)" if "first" in field.args else ""
    inner = get_named_type(field.type)
    if isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
        return f"{name}{page} {{ {_fields(inner, DEPTH)} }}"
    return f"{name}{page}"


def times_not_in_minsk(answer: Any) -> tuple[int, list[str]]:
    """(times seen, those without +03:00) anywhere in the answer, texts and JSON included."""
    text = json.dumps(answer, ensure_ascii=False)
    seen = [m for m in TIME.finditer(text)]
    return len(seen), [m.group(0) for m in seen if m.group("zone") not in ("+03:00", "+0300")]


def test_d0_the_search_sees_a_time_in_utc_or_without_zone() -> None:
    assert times_not_in_minsk({"a": "2026-11-24T12:00:00+03:00"}) == (1, [])
    assert times_not_in_minsk({"a": "at 2026-11-24T09:00:00+00:00"})[1] == [
        "2026-11-24T09:00:00+00:00"
    ]
    assert times_not_in_minsk({"a": {"b": "2026-11-24 09:00"}})[1] == ["2026-11-24 09:00"]
    assert times_not_in_minsk({"a": "2026-11-24T09:00:00Z"})[1] == ["2026-11-24T09:00:00Z"]


async def test_d0_every_time_reachable_from_query_is_minsk_time(
    container: Container, demo: Api
) -> None:
    await objects_of(demo, "demo")  # one object of every kind, each with its times
    account = (await demo("{ billingAccounts(first: 1) { nodes { id } } }"))["billingAccounts"][
        "nodes"
    ][0]["id"]
    changed = await demo(
        "mutation($i: ChangeDeliveryEmailsInput!) { changeDeliveryEmails(input: $i) "
        "{ delivery { validFrom } errors { code } } }",
        {"i": {"billingAccountId": account, "emails": "d0@example.by"}},
    )
    assert changed["changeDeliveryEmails"]["errors"] == []
    assert times_not_in_minsk(changed) == (1, [])
    await container.relay.relay_once()
    total = 0
    problems = []
    for name, query in everything():
        body = await demo.raw(query)
        assert not body.get("errors"), (name, body["errors"])
        count, wrong = times_not_in_minsk(body["data"])
        total += count
        if wrong:
            problems.append(f"{name}: {wrong[:5]}")
    assert total > 50, total  # the walk reached the times (formedAt, createdAt, at, ...)
    assert not problems, problems


async def test_d0_every_subscription_answers_minsk_time(container: Container, demo: Api) -> None:
    theirs = await objects_of(demo, "demo")
    total = 0
    async with serving(container) as base:
        for root, name, field, _ in OPERATIONS:
            if root != "Subscription":
                continue
            target = get_named_type(field.type)
            assert isinstance(target, GraphQLObjectType)
            query = f"subscription($v: ID!) {{ {name}(id: $v) {{ {_fields(target, 2)} }} }}"
            async with live(base, {"token": demo.token}) as ws:
                await ws.start(query, {"v": theirs[target.name]})
                first = await ws.receive()
            assert first["type"] == "next", (name, first)
            count, wrong = times_not_in_minsk(first["payload"])
            total += count
            assert not wrong, (name, wrong)
    assert total >= 5, total


async def test_d0_refusals_and_sign_in_name_their_moments_in_minsk_time(
    demo: Api, anon: Api, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    from datetime import datetime

    account = (await demo("{ billingAccounts(first: 1) { nodes { id } } }"))["billingAccounts"][
        "nodes"
    ][0]["id"]
    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=MINSK))  # D2: inside the formation window
    signed_in = await anon.raw(
        'mutation { login(input: {login: "demo", password: "demo"}) { token expiresAt } }'
    )
    count, wrong = times_not_in_minsk(signed_in["data"])
    assert count == 1 and not wrong, signed_in
    demo = Api(client, signed_in["data"]["login"]["token"])
    status = await demo("{ invoiceService { available reason resumesAt } }")
    refused = await demo(
        "mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) "
        "{ errors { code field message } } }",
        {"i": {"billingAccountId": account, "period": "2026-10", "format": "PDF"}},
    )
    assert status["invoiceService"]["reason"] == "FORMATION_WINDOW", status
    assert refused["orderInvoiceDownload"]["errors"][0]["code"] == "FORMATION_WINDOW"
    for answer in (status, refused):
        count, wrong = times_not_in_minsk(answer)
        assert not wrong, answer
    assert status["invoiceService"]["resumesAt"] == "2026-12-04T00:00:00+03:00"
