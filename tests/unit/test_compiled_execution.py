"""The compiled execution path (schema/compiled.py) against graphql-core, on a small schema
whose data is made to fail in every way a plain field can: nulls for non-null fields and
list items, values a scalar or an enum refuses, strings where lists are due, attributes
that raise, awaitables, next to resolvers, async resolvers, interfaces and unions; plain
object fields that are null, not objects, or whose own fields fail; queries and mutations.

Each document runs twice through the same wiring as the app's (TrustedDocuments with
TrustedDocumentCache, the schema's execution_context_class): once compiled, once with
graphql-core alone; data and errors (messages, paths, locations) must be identical.
The tests of the API (tests/api/test_compiled_differential.py) do the same on the
cabinet's own schema and demo data."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import parse
from strawberry.extensions import SchemaExtension

import schema.compiled as compiled
from schema.compiled import CompiledExecutor, executor_class_for
from schema.persisted import TrustedDocumentCache, TrustedDocuments
from tests.generated_queries import draw_queries


@strawberry.enum
class Color(Enum):
    RED = "red"
    GREEN = "green"


@strawberry.interface
class Pet:
    name: str


@strawberry.type
class Dog(Pet):
    barks: bool


@strawberry.type
class Cat(Pet):
    lives: int | None


@strawberry.type
class Maker:
    name: str
    code: int | None

    @strawberry.field
    async def later_code(self) -> int:  # an awaitable inside a plain object
        await asyncio.sleep(0)
        if self.code is None or self.code < 0:
            raise ValueError("no code")
        return self.code


@strawberry.type
class Item:
    name: str
    count: int | None
    color: Color
    tags: list[str]
    notes: list[str | None] | None
    price: float
    maker: Maker | None  # a plain object field (read in place, its selection executed)
    boss: Maker
    makers: list[Maker]  # a plain list of objects
    maybe_makers: list[Maker | None] | None
    dogs: list[Dog]  # objects of an interface: Strawberry's is_type_of checks them
    best_dog: Dog | None


class RaisingItem(Item):
    """An Item whose `name` raises when read (a property over the dataclass field)."""

    @property
    def name(self) -> str:  # type: ignore[override]
        raise ValueError("name is broken")


def item(**values: Any) -> Item:
    base: dict[str, Any] = {
        "name": "a",
        "count": 1,
        "color": Color.RED,
        "tags": ["x", "y"],
        "notes": ["n", None],
        "price": 1.5,
        "maker": Maker(name="m", code=7),
        "boss": Maker(name="b", code=None),
        "makers": [Maker(name="m1", code=1), Maker(name="m2", code=2)],
        "maybe_makers": None,
        "dogs": [Dog(name="rex", barks=True)],
        "best_dog": Dog(name="ace", barks=False),
    }
    base.update(values)
    made = Item(**base)
    return made


def raising_item() -> Item:
    made = object.__new__(RaisingItem)
    for key, value in vars(item()).items():
        if key != "name":
            object.__setattr__(made, key, value)
    return made


class Later:
    """An awaitable (of "late") where a plain value is due."""

    def __await__(self) -> Any:
        yield from ()
        return "late"


def items() -> list[Item | None]:
    return [
        item(),
        item(name="b", count=None, notes=None),
        item(name=None),  # null for String!
        item(count="many"),  # Int refuses a word
        item(color="purple"),  # not an enum member
        item(tags=[None]),  # null for [String!]! item
        item(tags="abc"),  # a string where a list is due
        item(notes=[1, None, "z"]),  # String coerces an int
        item(price=float("nan")),  # Float refuses NaN
        item(name=Later()),
        raising_item(),
        item(maker=None),  # null for a nullable object
        item(boss=None),  # null for a non-null object: the item is null
        item(maker=Maker(name=None, code=1)),  # type: ignore[arg-type]  # its name nulls maker
        item(boss=Maker(name=None, code=1)),  # type: ignore[arg-type]  # ... and the item
        item(maker=Maker(name="m", code="x")),  # type: ignore[arg-type]  # Int refuses "x"
        item(maker=Later()),  # an awaitable where an object is due
        item(maker="oops"),  # a string where an object is due
        item(makers=[Maker(name="x", code=1), Maker(name=None, code=1)]),  # type: ignore[arg-type]
        item(
            maybe_makers=[None, Maker(name="y", code=-1), Maker(name=None, code=3)]  # type: ignore[arg-type]
        ),
        item(makers=[None]),  # null for a non-null item
        item(makers="abc"),  # a string where a list is due
        item(makers=[Later()]),  # an awaitable item
        item(makers=[]),
        item(dogs=[Dog(name="a", barks=True), Maker(name="c", code=1)]),  # not a Pet
        item(best_dog=Maker(name="c", code=1)),
    ]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:  # an item's error nulls that item only
        return items()

    @strawberry.field
    def strict_items(self) -> list[Item] | None:
        return [
            one for one in items()[:3] if one is not None
        ]  # the third's null name nulls the whole (nullable) list

    @strawberry.field
    async def later_items(self) -> list[Item | None]:
        await asyncio.sleep(0)
        return items()

    @strawberry.field
    def item(self, name: str) -> Item | None:
        return next((one for one in items()[:2] if one is not None and one.name == name), None)

    @strawberry.field
    def shout(self, word: str) -> str:
        if word == "boom":
            raise RuntimeError("boom")
        return word.upper()

    @strawberry.field
    def pets(self) -> list[Pet]:
        return [Dog(name="rex", barks=True), Cat(name="tom", lives=None)]

    @strawberry.field
    def either(self) -> list[Dog | Cat]:
        return [Cat(name="kit", lives=9), Dog(name="ace", barks=False)]


@strawberry.type
class Mutation:
    """Mutations without side effects: a payload's fields are compiled like a query's."""

    @strawberry.mutation
    def touch(self) -> list[Item | None]:
        return items()

    @strawberry.mutation
    async def touch_one(self, index: int) -> Item | None:
        await asyncio.sleep(0)
        return items()[index]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Upper(SchemaExtension):
    """An extension that overrides resolve: the compiled path must leave it every field."""

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: Any, *args: str, **kwargs: Any
    ) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) else value


def make(
    texts: list[str], compiled_on: bool, extensions: tuple[Any, ...] = ()
) -> tuple[strawberry.Schema, TrustedDocuments]:
    store = TrustedDocuments({sha(text): text for text in texts}, compiled=compiled_on)
    made = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Dog, Cat],
        extensions=[lambda: TrustedDocumentCache(store), *extensions],
    )
    made.execution_context_class = executor_class_for(store.plans)
    return made, store


def answer(made: strawberry.Schema, text: str, variables: dict[str, Any] | None = None) -> str:
    result = asyncio.run(made.execute(text, variable_values=variables))
    errors = [error.formatted for error in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)


def differ(
    texts: list[str], variables: dict[str, Any] | None = None, extensions: tuple[Any, ...] = ()
) -> Iterator[str]:
    """Each text whose compiled answer is not graphql-core's, with both answers."""
    fast, store = make(texts, True, extensions)
    slow, _ = make(texts, False, extensions)
    for text in texts:
        expected, got = answer(slow, text, variables), answer(fast, text, variables)
        if got != expected:
            yield f"{text}\n  graphql-core: {expected}\n  compiled:     {got}"
    assert len(store.plans) == len(set(texts))  # every one of them was compiled


ITEM_FIELDS = (
    "name count color tags notes price __typename maker { name code __typename } boss { name }"
    " makers { name code } maybeMakers { name laterCode } dogs { name barks __typename }"
    " bestDog { ... on Pet { name } barks }"
)
DOCUMENTS = [
    f"{{ items {{ {ITEM_FIELDS} }} }}",
    f"{{ strictItems {{ {ITEM_FIELDS} }} }}",
    f"{{ laterItems {{ {ITEM_FIELDS} }} }}",
    "{ items { name } items { count } first: items { n: name, name } }",
    '{ a: item(name: "a") { name tags } b: item(name: "b") { count notes } '
    'z: item(name: "z") { name } }',
    '{ shout(word: "hi") boom: shout(word: "boom") items { color } }',
    "{ pets { __typename name ... on Dog { barks } ... on Cat { lives } } }",
    "{ either { __typename ... on Cat { name lives } ... on Dog { name barks } } }",
    "query Q($on: Boolean!, $off: Boolean!) { items { name @include(if: $on) "
    "count @skip(if: $on) tags @include(if: $off) ... @include(if: $on) { color } } }",
    "fragment F on Item { name count } fragment G on Item { ...F tags } "
    "{ items { ...G ... on Item { price } } }",
    "{ __typename items { __typename } pets { __typename } }",
    "{ __schema { queryType { name } } items { name } }",
    "{ items { maker { ... on Maker { code } ...M } } } fragment M on Maker { name }",
    f"mutation {{ touch {{ {ITEM_FIELDS} }} second: touch {{ name maker {{ code }} }} }}",
    "mutation { a: touchOne(index: 0) { name boss { name } } "
    "b: touchOne(index: 12) { boss { name } } c: touchOne(index: 13) { maker { name } } "
    "d: touchOne(index: 14) { boss { name } } e: touchOne(index: 15) { maker { code } } "
    "f: touchOne(index: 17) { maker { name } } g: touchOne(index: 18) { makers { name } } "
    "h: touchOne(index: 19) { maybeMakers { name laterCode } } "
    "i: touchOne(index: 1) { makers { laterCode } } }",
]


def test_documents_answer_as_graphql_core() -> None:
    found = list(differ(DOCUMENTS, {"on": True, "off": False}))
    assert found == [], "\n".join(found)
    found = list(differ(DOCUMENTS[8:9], {"on": False, "off": True}))
    assert found == [], "\n".join(found)
    slow, _ = make([], False)
    answered = json.loads(answer(slow, DOCUMENTS[-1]))
    # The cases are what they say: each kind of failure below a plain object field.
    assert answered["data"]["a"] == {"name": "a", "boss": {"name": "b"}}
    data = answered["data"]
    assert data["b"] is None and data["c"] == {"maker": None} and data["d"] is None
    assert data["e"] == {"maker": {"code": None}} and data["f"] == {"maker": None}
    assert data["g"] is None and data["i"] == {"makers": [{"laterCode": 1}, {"laterCode": 2}]}
    assert data["h"] == {"maybeMakers": [None, None, None]}
    assert len(answered["errors"]) == 8, answered


def test_the_plain_fields_are_really_read_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled path is taken (else the tests above compare graphql-core with itself),
    and a wrong plain read would be caught by the comparison."""
    original = compiled._complete_plain

    def off_by_one(plain: Any, source: Any, is_awaitable: Any) -> Any:
        value = original(plain, source, is_awaitable)
        return value + 1 if isinstance(value, int) and not isinstance(value, bool) else value

    # The general way (_complete_plain), with the inline one closed to every value:
    monkeypatch.setattr(compiled, "_complete_plain", off_by_one)
    monkeypatch.setattr(compiled, "_PLAIN_VALUES", frozenset())
    found = list(differ(DOCUMENTS[:1]))
    assert len(found) == 1 and '"count": 2' in found[0], found
    monkeypatch.undo()

    # The inline way of execute_fields (a scalar field of a plain value), on its own:
    planned = compiled.plan_field

    def off_by_one_inline(*args: Any) -> Any:
        plain = planned(*args)
        if plain is None or plain.coerce is None:
            return plain
        coerce = plain.coerce

        def wrong(value: Any) -> Any:
            done = coerce(value)
            return done + 1 if isinstance(done, int) and not isinstance(done, bool) else done

        return dataclasses.replace(plain, coerce=wrong)

    monkeypatch.setattr(compiled, "plan_field", off_by_one_inline)
    found = list(differ(DOCUMENTS[:1]))
    assert len(found) == 1 and '"count": 2' in found[0], found


def test_object_fields_and_mutations_take_the_compiled_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain object fields and lists of objects, in queries and in mutations' payloads,
    are read in place."""
    original = CompiledExecutor._complete_object
    calls: list[tuple[int, str]] = []

    def counted(self: CompiledExecutor, plain: Any, *args: Any) -> Any:
        calls.append((plain.kind, self.operation.operation.value))
        return original(self, plain, *args)

    monkeypatch.setattr(CompiledExecutor, "_complete_object", counted)
    found = list(differ([DOCUMENTS[0], *DOCUMENTS[-2:]]))
    assert found == [], "\n".join(found)
    kinds = {"query", "mutation"}
    taken = {
        (kind, operation) for kind in (compiled.OBJECT, compiled.OBJECT_LIST) for operation in kinds
    }
    assert taken <= set(calls), calls


def test_a_resolve_extension_sees_every_field() -> None:
    found = list(differ(DOCUMENTS, {"on": True, "off": False}, extensions=(Upper,)))
    assert found == [], "\n".join(found)
    fast, _ = make(DOCUMENTS[:1], True, (Upper,))
    assert '"name": "A"' in answer(fast, DOCUMENTS[0])  # the extension did run


def test_an_unknown_document_runs_on_graphql_core_and_is_planned_once_valid() -> None:
    fast, store = make([], True)
    assert len(store.plans) == 0
    first = answer(fast, "{ items { name } }")  # not known: graphql-core alone
    assert json.loads(first)["data"]["items"][0] == {"name": "a"}
    assert len(store.plans) == 1  # valid: learned (schema/persisted.py) and planned
    assert answer(fast, "{ items { name } }") == first  # now on its plan, the same bytes
    answer(fast, "{ items { nosuchfield } }")
    assert len(store.plans) == 1  # an invalid text is never kept


def test_an_executor_of_a_subscription_has_no_plan() -> None:
    store = TrustedDocuments({})
    document = parse("subscription { items { name } }")
    store.plans.add(document)
    made = strawberry.Schema(query=Query, mutation=Mutation, types=[Dog, Cat])
    executor = executor_class_for(store.plans).build(made._schema, document)
    assert isinstance(executor, CompiledExecutor) and executor.plan is None
    for text in ("{ items { name } }", "mutation { touch { name } }"):
        known = parse(text)
        store.plans.add(known)
        executor = executor_class_for(store.plans).build(made._schema, known)
        assert isinstance(executor, CompiledExecutor) and executor.plan is not None


# KABINET_DIFFERENTIAL_QUERIES=3000 for a long run; the suite's own is a quick one.
GENERATED = int(os.environ.get("KABINET_DIFFERENTIAL_QUERIES", "200"))


def generated_queries(count: int) -> list[str]:
    """hypothesis-graphql's queries of this schema, drawn deterministically (no shrinking:
    a failure names the query)."""
    return draw_queries(str(strawberry.Schema(query=Query, types=[Dog, Cat])), count)


def test_generated_queries_answer_as_graphql_core() -> None:
    texts = generated_queries(GENERATED)
    assert len(texts) > GENERATED // 3
    found = list(differ(texts))
    assert found == [], f"{len(found)} of {len(texts)} differ:\n" + "\n".join(found[:5])


def test_a_failure_while_planning_falls_back_to_graphql_core(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("planning failed")

    monkeypatch.setattr(compiled, "plan_field", broken)
    with caplog.at_level(logging.DEBUG, logger="kabinet.api.compiled"):
        found = list(differ(DOCUMENTS[:2]))
    assert found == [], "\n".join(found)
    assert any(record.message.startswith("not compiled: Item.") for record in caplog.records)


def test_plans_live_as_long_as_the_store_keeps_the_document() -> None:
    store = TrustedDocuments({}, capacity=2)
    texts = [f"{{ items {{ name }} n{i}: items {{ count }} }}" for i in range(4)]
    for text in texts:
        store.register(sha(text), text)
        store.document(sha(text), text, {})
    assert len(store.plans) == 2  # the two evicted documents' plans went with them
    kept = {id(store.document(sha(text), text, {})) for text in texts[2:]}
    assert {id(plan.document) for plan in store.plans.all()} == kept


def test_a_schema_with_incremental_delivery_runs_on_graphql_core_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With @defer/@stream in the schema nothing is compiled: the compiled path never meets
    a deferred selection (it collects a list's selection once for all its objects)."""
    from strawberry.schema.config import StrawberryConfig

    text = "{ items { name makers { name code } } }"
    store = TrustedDocuments({sha(text): text}, compiled=True)
    made = strawberry.Schema(
        query=Query,
        types=[Dog, Cat],
        extensions=[lambda: TrustedDocumentCache(store)],
        config=StrawberryConfig(enable_experimental_incremental_execution=True),
    )
    made.execution_context_class = executor_class_for(store.plans)
    calls: list[Any] = []
    original = CompiledExecutor._steps_of

    def counted(self: CompiledExecutor, *args: Any) -> Any:
        calls.append(args)
        return original(self, *args)

    monkeypatch.setattr(CompiledExecutor, "_steps_of", counted)
    slow, _ = make([text], False)
    assert answer(made, text) == answer(slow, text)
    assert len(store.plans) == 1 and calls == []  # known, planned, yet not taken
    fast, _ = make([text], True)
    answer(fast, text)
    assert calls  # without @defer in the schema, the same document is compiled
