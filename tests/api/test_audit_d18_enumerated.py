"""D18 by enumeration: every operation that takes an id, read from the schema, given every
kind of object of another client, answers exactly as for an id that does not exist.

The hand-picked D18 tests (test_documents, test_feedback, test_subscriptions, ...) check
one operation each. Here the operations come from the schema: every Query, Mutation and
Subscription field with an `ID` argument (nested input fields included), so a new one is
covered, or fails below until it is given a valid input, without anyone remembering it.
The other client's objects are one of every `Node` type (a new type fails until made).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)

from infra.bootstrap import Container
from schema.ids import decode_any, encode_id
from schema.root import build_schema
from tests.api.live_helpers import live, serving
from tests.api.menu_helpers import numbers_of
from tests.api.test_hostile_inputs import row_counts
from tests.db_fixtures import Api

SCHEMA = build_schema()._schema
NODE_TYPES = sorted(
    name
    for name, type_ in SCHEMA.type_map.items()
    if isinstance(type_, GraphQLObjectType) and any(i.name == "Node" for i in type_.interfaces)
)
MISSING_PK = 987654

# A valid input of every mutation that takes an id, the id left as None: the id is then
# the only reason a refusal can have. A new mutation with an id fails
# test_d18_every_operation_with_an_id_is_enumerated until it is listed here.
VALID: dict[str, dict[str, Any]] = {
    "orderInvoiceEmail": {"billingAccountId": None, "period": "2026-10"},
    "orderInvoiceDownload": {"billingAccountId": None, "period": "2026-10", "format": "PDF"},
    "changeDeliveryMethod": {
        "billingAccountId": None,
        "method": "EMAIL",
        "emails": "audit@example.by",
    },
    "changeDeliveryEmails": {"billingAccountId": None, "emails": "audit@example.by"},
    "changeInvoiceFormat": {"billingAccountId": None, "format": "EXCEL"},
    "orderCurrentCharges": {"billingAccountId": None},
    "replyToFeedbackTicket": {"ticketId": None, "text": "Ответ на чужое обращение"},
}


def _is_id(type_: Any) -> bool:
    named = get_named_type(type_)
    return isinstance(named, GraphQLScalarType) and named.name == "ID"


def _id_leaves(type_: GraphQLInputType, path: list[str]) -> Iterator[list[str]]:
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        for name, field in named.fields.items():
            yield from _id_leaves(field.type, [*path, name])
    elif _is_id(type_):
        yield path


def operations_with_ids() -> list[tuple[str, str, GraphQLField, list[str]]]:
    """(root, field, its definition, path of the id: [arg] or [arg, input field])."""
    found = []
    for root in ("Query", "Mutation", "Subscription"):
        type_ = SCHEMA.get_type(root)
        assert isinstance(type_, GraphQLObjectType)
        for name, field in type_.fields.items():
            for arg_name, arg in field.args.items():
                for path in _id_leaves(arg.type, [arg_name]):
                    found.append((root, name, field, path))
    return found


OPERATIONS = operations_with_ids()


def _selection(field: GraphQLField) -> str:
    """Every argument-free field of the answer one level down, objects as __typename."""
    target = get_named_type(field.type)
    if not isinstance(target, GraphQLObjectType | GraphQLInterfaceType):
        return ""
    parts = ["__typename"]
    for name, sub in target.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in sub.args.values()):
            continue
        inner = get_named_type(sub.type)
        if inner.name == "UserError":
            parts.append(f"{name} {{ code field message }}")
        elif isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
            parts.append(f"{name} {{ __typename }}")
        else:
            parts.append(name)
    return " { " + " ".join(parts) + " }"


def _document(root: str, name: str, field: GraphQLField) -> str:
    (arg_name, arg), *others = field.args.items()
    assert not [a for _, a in others if isinstance(a.type, GraphQLNonNull)], name
    return f"{root.lower()}($v: {arg.type}) {{ {name}({arg_name}: $v){_selection(field)} }}"


def _value(name: str, path: list[str], global_id: str) -> Any:
    if len(path) == 1:
        return global_id
    assert len(path) == 2, path
    return {**VALID[name], path[1]: global_id}


def _missing(global_id: str) -> str:
    decoded = decode_any(global_id)
    assert decoded is not None
    return encode_id(decoded[0], MISSING_PK)


async def _post(http: httpx.AsyncClient, token: str | None, query: str, v: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": {"v": v}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


ALL_IDS = """{
  billingAccounts(first: 100) { nodes { id invoices(first: 1) { nodes { id } } } }
  payments(first: 1) { nodes { id } }
  subscribers(first: 1) { nodes { id } }
  renameRequests(first: 1) { nodes { id } }
  serviceRequests(first: 1) { nodes { id } }
  feedbackTickets(first: 1) { nodes { id } }
  auditLog(first: 1) { nodes { id } }
}"""


async def objects_of(api: Api, login: str) -> dict[str, str]:
    """One object of every Node type of the client, made where the demo has none."""
    account = (await api(ALL_IDS))["billingAccounts"]["nodes"][0]["id"]
    number = (await numbers_of(login))[0]
    made = [
        await api(
            "mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) "
            "{ job { id } errors { code } } }",
            {"i": {"billingAccountId": account, "period": "2026-10", "format": "PDF"}},
        ),
        await api(
            "mutation($i: OrderCurrentChargesInput!) { orderCurrentCharges(input: $i) "
            "{ report { id } errors { code } } }",
            {"i": {"billingAccountId": account}},
        ),
        await api(
            "mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) "
            "{ request { id } errors { code } } }",
            {"i": {"items": [{"number": number, "name": "Аудит"}]}},
        ),
        await api(
            "mutation($i: ChangeSubscriberServicesInput!) { changeSubscriberServices(input: $i) "
            "{ request { id } errors { code } } }",
            {"i": {"action": "ADD", "serviceCode": "MMS", "numbers": [number]}},
        ),
        await api(
            "mutation($i: CreateFeedbackTicketInput!) { createFeedbackTicket(input: $i) "
            "{ ticket { id } errors { code } } }",
            {"i": {"subject": "Аудит", "text": "Проверка"}},
        ),
        await api(
            "mutation($i: RegisterPaymentInput!) { registerPayment(input: $i) "
            "{ payment { id } errors { code } } }",
            {"i": {"amount": "1.00", "paidOn": "2026-11-20", "documentNumber": f"А-{login}"}},
        ),
    ]
    accounts = (await api(ALL_IDS))["billingAccounts"]["nodes"]
    emailed = next(
        a["id"]
        for a in (
            await api("{ billingAccounts(first: 100) { nodes { id delivery { method } } } }")
        )["billingAccounts"]["nodes"]
        if a["delivery"]["method"] == "EMAIL"
    )
    made.append(
        await api(
            "mutation($i: OrderInvoiceEmailInput!) { orderInvoiceEmail(input: $i) "
            "{ request { id } errors { code } } }",
            {"i": {"billingAccountId": emailed, "period": "2026-10", "idempotencyKey": "k1"}},
        )
    )
    ids: dict[str, str] = {}
    for answer in made:
        (payload,) = answer.values()
        assert payload["errors"] == [], answer
        (obj,) = [v for k, v in payload.items() if k != "errors"]
        ids[decode_any(obj["id"])[0]] = obj["id"]  # type: ignore[index]
    every = await api(ALL_IDS)
    for connection in every.values():
        for node in connection["nodes"][:1]:
            ids.setdefault(decode_any(node["id"])[0], node["id"])  # type: ignore[index]
    ids["Invoice"] = accounts[0]["invoices"]["nodes"][0]["id"]
    return ids


def test_d18_every_operation_with_an_id_is_enumerated() -> None:
    """The schema's operations with ids are found, and every mutation among them has a
    valid input here (a new one fails until added)."""
    by_root: dict[str, set[str]] = {}
    for root, name, _, path in OPERATIONS:
        by_root.setdefault(root, set()).add(name)
        if root == "Mutation":
            assert name in VALID and path[1] in VALID[name], (name, path)
    assert set(VALID) == by_root["Mutation"], set(VALID) ^ by_root["Mutation"]
    assert {"node", "documentJob", "invoiceEmailRequest", "chargesReport"} <= by_root["Query"]
    assert len(by_root["Subscription"]) >= 5
    assert len(NODE_TYPES) >= 11, NODE_TYPES


async def test_d18_every_operation_answers_another_clients_id_as_a_missing_one(
    container: Container, client: httpx.AsyncClient, demo: Api, demo2: Api
) -> None:
    theirs = await objects_of(demo, "demo")
    assert set(theirs) == set(NODE_TYPES), set(NODE_TYPES) - set(theirs)
    before = await row_counts()
    problems: list[str] = []
    probes = 0
    for root, name, field, path in OPERATIONS:
        if root == "Subscription":
            continue
        query = _document(root, name, field)
        for type_name, global_id in theirs.items():
            foreign = await _post(client, demo2.token, query, _value(name, path, global_id))
            missing = await _post(
                client, demo2.token, query, _value(name, path, _missing(global_id))
            )
            probes += 1
            where = f"{name}({'.'.join(path)}={type_name})"
            if foreign != missing:
                problems.append(f"{where}: {foreign} but a missing id: {missing}")
            elif root == "Query" and foreign != {"data": {name: None}}:
                problems.append(f"{where}: {foreign}")
            elif root == "Mutation":
                errors = foreign["data"][name]["errors"]
                if [(e["code"], e["field"]) for e in errors] != [("NOT_FOUND", path[1])]:
                    problems.append(f"{where}: {errors}")
                answer = foreign["data"][name]
                objects = {k: v for k, v in answer.items() if k not in ("errors", "__typename")}
                if any(v not in (None, []) for v in objects.values()):
                    problems.append(f"{where}: {objects}")
    assert probes >= 11 * 10
    assert not problems, "\n".join(problems)
    # demo's own objects answer for demo (the ids were right, the refusals were D18's).
    for type_name, global_id in theirs.items():
        own = await demo("query($id: ID!) { node(id: $id) { id } }", {"id": global_id})
        assert own["node"] == {"id": global_id}, type_name
    assert await row_counts() == before


async def test_d18_every_subscription_yields_nothing_for_another_clients_id(
    container: Container, demo: Api, demo2: Api
) -> None:
    theirs = await objects_of(demo, "demo")
    subscriptions = [(n, f, p) for r, n, f, p in OPERATIONS if r == "Subscription"]
    async with serving(container) as base, live(base, {"token": demo2.token}) as ws:
        for name, field, _ in subscriptions:
            query = _document("Subscription", name, field)
            for type_name, global_id in theirs.items():
                foreign = await ws.until_complete(await ws.start(query, {"v": global_id}))
                missing = await ws.until_complete(await ws.start(query, {"v": _missing(global_id)}))
                assert foreign == missing, (name, type_name, foreign, missing)
                items, errors = foreign
                assert items == [], (name, type_name, items)
                assert [e["extensions"]["code"] for e in errors] == ["NOT_FOUND"], errors
    # The same subscriptions answer demo for its own objects (the ids were right).
    async with serving(container) as base:
        for name, field, _ in subscriptions:
            target = get_named_type(field.type).name
            async with live(base, {"token": demo.token}) as ws:
                await ws.start(_document("Subscription", name, field), {"v": theirs[target]})
                first = await ws.receive()
            assert first["type"] == "next", (name, first)
            assert first["payload"]["data"][name]["__typename"] == target, (name, first)


LISTS = [
    name
    for name, f in SCHEMA.query_type.fields.items()  # type: ignore[union-attr]
    if get_named_type(f.type).name.endswith("Connection")
]


@pytest.mark.parametrize("field", LISTS)
async def test_d18_every_list_holds_only_the_clients_own_objects(
    demo: Api, demo2: Api, field: str
) -> None:
    query = f"{{ {field}(first: 100) {{ nodes {{ id }} }} }}"
    await objects_of(demo, "demo")
    mine = {n["id"] for n in (await demo(query))[field]["nodes"]}
    theirs = {n["id"] for n in (await demo2(query))[field]["nodes"]}
    assert mine, field  # the check can see a leak: demo has objects of this list
    assert not mine & theirs, field


async def test_d18_another_clients_numbers_in_a_services_list_answer_as_unknown_ones(
    demo: Api, demo2: Api
) -> None:
    query = (
        "mutation($i: ChangeSubscriberServicesInput!) { changeSubscriberServices(input: $i) "
        "{ request { id } lines { position ok error { code field message } outcome } "
        "errors { code field message } } }"
    )
    foreign = (await numbers_of("demo"))[0]
    unknown = "+375290000001"
    assert unknown not in await numbers_of("demo2") and unknown not in await numbers_of("demo")
    answers = []
    for number in (foreign, unknown):
        data = await demo2(
            query, {"i": {"action": "ADD", "serviceCode": "MMS", "numbers": [number]}}
        )
        result = data["changeSubscriberServices"]
        answers.append((result["errors"], result["lines"], result["request"] is None))
    assert answers[0] == answers[1]


async def test_d18_another_clients_idempotency_key_is_a_new_order(demo: Api, demo2: Api) -> None:
    """orderInvoiceEmail: demo2 reusing demo's key gets its own request, never demo's."""
    ordered = await objects_of(demo, "demo")
    accounts = (
        await demo2("{ billingAccounts(first: 100) { nodes { id delivery { method } } } }")
    )["billingAccounts"]["nodes"]
    account = next(a["id"] for a in accounts if a["delivery"]["method"] == "EMAIL")
    data = await demo2(
        "mutation($i: OrderInvoiceEmailInput!) { orderInvoiceEmail(input: $i) "
        "{ request { id } errors { code } } }",
        {"i": {"billingAccountId": account, "period": "2026-10", "idempotencyKey": "k1"}},
    )
    request = data["orderInvoiceEmail"]["request"]
    assert data["orderInvoiceEmail"]["errors"] == []
    assert request["id"] != ordered["InvoiceEmailRequest"]
    own = await demo2("query($id: ID!) { node(id: $id) { id } }", {"id": request["id"]})
    assert own["node"] == {"id": request["id"]}
