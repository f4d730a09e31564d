"""Differential tests of the compiled execution path (schema/compiled.py, issue 11 §3).

Two apps on the same container (the same database, the same demo data, the same signed-in
caller): one compiles the trusted documents, the other runs graphql-core alone. Every
query is sent to both, as a trusted document (text and sha256Hash, as Apollo Client and
urql send it), and the HTTP status and the body's very bytes must be the same, errors,
their paths and masking included. The queries:

- every query of the front end's manifest (web/dist/persisted-documents.json when built,
  else web/src/gql/persisted-documents.json), with each id of the demo data (and another
  client's, and a bad one) for its id variables;
- every query found in the test suite (string constants that are valid queries of the
  schema), with the same ids and plain values for its required variables;
- hypothesis-graphql's generated queries of the schema;
- mutations that write nothing (dry runs, refused lists, a refused sign-in), whose
  payloads are compiled like a query's below the root field (graphql-core runs the root
  fields of a mutation serially). A mutation that writes would change the data between
  the two answers: these are compared by the same code path (plain fields of payloads),
  not sent here. Subscriptions are not compiled.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    DocumentNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
    validate,
)
from graphql.type.definition import GraphQLNamedType
from graphql.utilities import type_from_ast
from starlette.applications import Starlette

from infra.bootstrap import Container
from schema.app import create_app
from tests.api.menu_helpers import numbers_of, snapshot
from tests.generated_queries import draw_queries

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "web" / "dist" / "persisted-documents.json"
MANIFEST = BUILT if BUILT.is_file() else ROOT / "web" / "src" / "gql" / "persisted-documents.json"
# KABINET_DIFFERENTIAL_QUERIES=3000 for a long run; the suite's own is a quick one.
GENERATED = int(os.environ.get("KABINET_DIFFERENTIAL_QUERIES", "100"))
# The lists whose ids feed the documents' id variables.
ID_SOURCES = """{
  billingAccounts(first: 2) { nodes { id invoices(first: 1) { nodes { id } } } }
  subscribers(first: 1) { nodes { id } }
  payments(first: 1) { nodes { id } }
  renameRequests(first: 1) { nodes { id } }
  serviceRequests(first: 1) { nodes { id } }
  feedbackTickets(first: 1) { nodes { id } }
  auditLog(first: 1) { nodes { id } }
}"""
BAD_ID = "not-an-id"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"trusted_documents": str(MANIFEST)}


@dataclass
class Paths:
    compiled: httpx.AsyncClient
    plain: httpx.AsyncClient
    compiled_app: Starlette
    token: str
    compared: int = 0

    async def _send(
        self, http: httpx.AsyncClient, text: str, variables: dict[str, Any]
    ) -> httpx.Response:
        body = {
            "query": text,
            "variables": variables,
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}},
        }
        headers = {"Authorization": f"Bearer {self.token}"}
        return await http.post("/graphql", json=body, headers=headers)

    async def difference(self, text: str, variables: dict[str, Any] | None = None) -> str | None:
        """None when both paths answer the same bytes; else both answers."""
        variables = variables or {}
        plain = await self._send(self.plain, text, variables)
        compiled = await self._send(self.compiled, text, variables)
        self.compared += 1
        if (plain.status_code, plain.content) == (compiled.status_code, compiled.content):
            return None
        return (
            f"{text}\n  variables: {variables}\n"
            f"  graphql-core: {plain.status_code} {plain.text}\n"
            f"  compiled:     {compiled.status_code} {compiled.text}"
        )

    async def data(self, text: str) -> Any:
        answer = (await self._send(self.plain, text, {})).json()
        assert not answer.get("errors"), answer
        return answer["data"]

    def plain_fields(self) -> int:
        """How many fields the compiled app's plans read in place."""
        plans = self.compiled_app.state.graphql.trusted.plans
        return sum(plan.plain_fields() for plan in plans.all())


@pytest.fixture
async def paths(container: Container) -> AsyncIterator[Paths]:
    compiled_app = create_app(container, own_lifespan=False, compiled_execution=True)
    plain_app = create_app(container, own_lifespan=False, compiled_execution=False)
    base = "http://testserver"
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=compiled_app), base_url=base) as c,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=plain_app), base_url=base) as p,
    ):
        login = await p.post(
            "/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
                "variables": {"i": {"login": "demo", "password": "demo"}},
            },
        )
        token = login.json()["data"]["login"]["token"]
        yield Paths(c, p, compiled_app, token)


def graphql_schema(paths: Paths) -> GraphQLSchema:
    made: GraphQLSchema = paths.compiled_app.state.graphql.schema._schema
    return made


def ids_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                yield item
            else:
                yield from ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids_in(item)


async def id_pool(paths: Paths, anon: Any) -> list[str]:
    """One id of each kind the demo client has, another client's, and a bad one."""
    found = list(dict.fromkeys(ids_in(await paths.data(ID_SOURCES))))
    demo2 = await anon.login("demo2", "demo2")
    other = await demo2("{ billingAccounts(first: 1) { nodes { id } } }")
    return [*found, *ids_in(other), BAD_ID]


def query_of(schema: GraphQLSchema, text: str) -> DocumentNode | None:
    """The document when it is one valid query of the schema."""
    try:
        document = parse(text)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    return document if not validate(schema, document) else None


def suite_texts() -> Iterator[str]:
    """The string constants of the test suite that may be GraphQL documents."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and "{" in text and "}" in text:
                yield text


PLAIN_VALUES: dict[str, Any] = {
    "Int": 3,
    "String": "а",
    "Boolean": True,
    "Date": "2026-11-01",
}


def variable_sets(
    schema: GraphQLSchema, document: DocumentNode, ids: list[str]
) -> list[dict[str, Any]] | None:
    """Values for the required variables (each id of the pool for id variables), or None
    when a required variable is of a type not filled here (an input object)."""
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    choices: dict[str, list[Any]] = {}
    for definition in operation.variable_definitions or ():
        declared = type_from_ast(schema, definition.type)
        if not isinstance(declared, GraphQLNonNull) or definition.default_value is not None:
            continue
        named = declared.of_type
        if not isinstance(named, GraphQLNamedType):
            return None  # a list: not filled here
        name = definition.variable.name.value
        if named.name == "ID":
            choices[name] = ids
        elif isinstance(named, GraphQLEnumType):
            choices[name] = list(named.values)[:1]
        elif named.name in PLAIN_VALUES:
            choices[name] = [PLAIN_VALUES[named.name]]
        else:
            return None
    keys = list(choices)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*choices.values())]


async def compare_all(
    paths: Paths, schema: GraphQLSchema, texts: list[str], ids: list[str]
) -> tuple[list[str], int]:
    differences: list[str] = []
    skipped = 0
    for text in dict.fromkeys(texts):
        document = query_of(schema, text)
        if document is None:
            continue
        sets = variable_sets(schema, document, ids)
        if sets is None:
            skipped += 1
            continue
        for variables in sets:
            found = await paths.difference(text, variables)
            if found is not None:
                differences.append(found)
    return differences, skipped


async def test_the_manifest_and_the_suite_answer_as_graphql_core(paths: Paths, anon: Any) -> None:
    schema = graphql_schema(paths)
    ids = await id_pool(paths, anon)
    assert len(ids) >= 8, ids
    manifest = list(json.loads(MANIFEST.read_text(encoding="utf-8")).values())
    differences, _ = await compare_all(paths, schema, manifest, ids)
    assert differences == [], "\n".join(differences[:5])
    from_manifest = paths.compared
    assert from_manifest >= 15, from_manifest

    differences, skipped = await compare_all(paths, schema, list(suite_texts()), ids)
    assert differences == [], "\n".join(differences[:5])
    assert paths.compared - from_manifest >= 100, (paths.compared, skipped)
    assert paths.plain_fields() >= 100  # the compiled path was taken, not graphql-core's


_generated: dict[int, list[str]] = {}


def generated_queries(schema: GraphQLSchema, count: int) -> list[str]:
    """hypothesis-graphql's queries of the cabinet's schema, drawn deterministically (the
    same on each back end: drawn once)."""
    if count not in _generated:
        _generated[count] = draw_queries(schema, count)
    return _generated[count]


async def test_generated_queries_answer_as_graphql_core(paths: Paths) -> None:
    schema = graphql_schema(paths)
    texts = generated_queries(schema, GENERATED)
    assert len(texts) >= GENERATED // 2
    differences = [found for text in texts if (found := await paths.difference(text))]
    assert differences == [], f"{len(differences)} of {len(texts)} differ:\n" + "\n".join(
        differences[:3]
    )
    assert paths.plain_fields() >= 50


async def test_an_unknown_document_answers_as_graphql_core(paths: Paths) -> None:
    """A document sent without being known runs on graphql-core alone and answers the
    same on both apps; the text, once valid, is known from then on and its next answers
    come from its plan, the same bytes again."""
    plans = paths.compiled_app.state.graphql.trusted.plans
    before = len(plans)
    unknown = "{ me { login } client { name } }"
    answers = []
    for http in (paths.plain, paths.compiled, paths.compiled):
        answer = await http.post(
            "/graphql",
            json={"query": unknown},
            headers={"Authorization": f"Bearer {paths.token}"},
        )
        assert answer.json()["data"]["me"] == {"login": "demo"}
        answers.append(answer.content)
        if http is paths.compiled:
            # Learned once it passed validation (schema/persisted.py): planned, compiled.
            assert len(plans) == before + 1
            mine = [
                p for p in plans.all() if p.document.loc and p.document.loc.source.body == unknown
            ]
            assert len(mine) == 1 and mine[0].plain_fields() > 0
    assert answers[0] == answers[1] == answers[2]


LINE_FIELDS = "position number ok status outcome __typename error { code field message }"
WRITING_NOTHING = [
    'mutation { login(input: {login: "nobody", password: "x"}) { token errors { code } } }',
    "mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) { __typename "
    f"request {{ id }} lines {{ {LINE_FIELDS} }} errors {{ code field message }} }} }}",
    "mutation($i: RenameSubscribersInput!) { r: renameSubscribers(input: $i) { "
    "page: lines(first: 2, afterPosition: 0) { ...L } errors { ... on UserError { code } } } }"
    " fragment L on LineResult { number ok error { ...E } } fragment E on UserError { field }",
    "mutation($s: ChangeSubscriberServicesInput!) { changeSubscriberServices(input: $s) { "
    f"request {{ id }} lines {{ {LINE_FIELDS} }} errors {{ code field }} }} }}",
]


async def test_mutations_writing_nothing_answer_as_graphql_core(paths: Paths) -> None:
    """Payloads of mutations that write nothing, through both paths: the same bytes, the
    lines' `error` objects and the payloads' leaves read in place (issue 9: a 10,000-line
    dry run's answer is completed off graphql-core's generic path)."""
    known = (await numbers_of("demo"))[:2]
    rename = [(known[0], "Приёмная"), ("+375290000001", "Кто-то"), ("abc", "Х")]
    rename += [(known[1], "=Склад"), (known[0], "Дубль")]
    variables = {
        "i": {"items": [{"number": n, "name": name} for n, name in rename], "dryRun": True},
        "s": {"action": "ADD", "serviceCode": "MMS", "numbers": [known[0], "8029 12"]},
    }
    before = await snapshot()
    for text in WRITING_NOTHING:
        used = {key: value for key, value in variables.items() if f"${key}:" in text}
        assert await paths.difference(text, used) is None
    checked = (await paths._send(paths.plain, WRITING_NOTHING[1], variables)).json()
    lines = checked["data"]["renameSubscribers"]["lines"]
    assert [line["error"] and line["error"]["code"] for line in lines] == [
        None,
        "UNKNOWN_SUBSCRIBER",
        "INVALID_NUMBER",
        "INVALID_NAME",
        "DUPLICATE_NUMBER",
    ]  # every kind of line the comparison is to cover
    empty = (
        "mutation { renameSubscribers(input: {dryRun: true}) { lines { number } errors { code } } }"
    )
    assert await paths.difference(empty) is None
    assert await snapshot() == before  # nothing written: both answers saw the same data
    plans = paths.compiled_app.state.graphql.trusted.plans
    mutations = [plan for plan in plans.all() if is_mutation(plan.document)]
    assert len(mutations) == len(WRITING_NOTHING) + 1
    assert all(plan.plain_fields() > 0 for plan in mutations)  # compiled, not graphql-core's


def is_mutation(document: DocumentNode) -> bool:
    return any(
        isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
        for d in document.definitions
    )
