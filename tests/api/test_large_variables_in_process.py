"""Large variables coerced in a worker process (KABINET_HEAVY_WORK_IN_PROCESS, on
outside tests): the same answers as on the heavy thread (issue 9 §2)."""

from __future__ import annotations

import threading
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from graphql import parse
from graphql.execution.values import VariableValues

from infra.cpu import ProcessCpuWork
from schema.bad_input import LARGE_LIST, _operation, check_and_coerce, with_sources
from schema.variables_child import child_schema, coerced_in_child
from tests.api.test_large_variables import DRY_RUN, items
from tests.db_fixtures import Api


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"heavy_work_in_process": True}


async def test_a_large_variable_is_coerced_in_the_child_same_answer(
    demo: Api, coercions: list[str]
) -> None:
    small = await demo(DRY_RUN, {"i": {"items": items(3), "dryRun": True}})
    assert coercions == [threading.main_thread().name]  # small: on the loop, as before
    coercions.clear()
    large = await demo(DRY_RUN, {"i": {"items": items(LARGE_LIST * 2), "dryRun": True}})
    assert coercions == []  # neither on the loop nor on the heavy thread: in the child
    lines = large["renameSubscribers"]["lines"]
    assert len(lines) == LARGE_LIST * 2
    assert lines[:3] == small["renameSubscribers"]["lines"]
    assert large["renameSubscribers"]["request"] is None


async def test_a_dead_child_leaves_the_work_to_the_heavy_thread(
    demo: Api, coercions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def died(*args: object, **kwargs: object) -> object:
        raise BrokenProcessPool("the child was killed")

    monkeypatch.setattr(ProcessCpuWork, "run", died)
    small = await demo(DRY_RUN, {"i": {"items": items(3), "dryRun": True}})
    coercions.clear()
    large = await demo(DRY_RUN, {"i": {"items": items(LARGE_LIST * 2), "dryRun": True}})
    assert len(coercions) == 1 and coercions[0].startswith("kabinet-heavy")
    assert large["renameSubscribers"]["lines"][:3] == small["renameSubscribers"]["lines"]


LARGE = """mutation($i: RenameSubscribersInput!, $k: String) {
  renameSubscribers(input: $i) { request { id } } }"""


def _large(number: object = "+375447000000") -> dict[str, object]:
    lines: list[dict[str, object]] = [
        {"number": f"+37544{7_000_000 + i:07d}", "name": f"Имя {i}"} for i in range(300)
    ]
    lines[1]["number"] = number
    return {"i": {"items": lines, "dryRun": True}}


def test_coerced_in_the_child_is_what_graphql_core_gives_here() -> None:
    schema = child_schema()
    operation = _operation(parse(LARGE), None)
    assert operation is not None
    variables = _large()
    errors, here = check_and_coerce(schema, operation, variables)
    assert errors == [] and isinstance(here, VariableValues)
    coerced = coerced_in_child(LARGE, None, variables)
    assert coerced is not None
    there = with_sources(schema, operation, variables, coerced)
    assert there is not None
    assert there.coerced == here.coerced
    assert there.sources.keys() == here.sources.keys() == {"i", "k"}  # $k: not given
    for name, source in there.sources.items():
        assert source.value is here.sources[name].value
        mine, theirs = source.signature, here.sources[name].signature
        # A type wrapper (NonNull, List) is made anew each time: compared by its name.
        assert (mine.name, str(mine.type), mine.default, mine.default_value) == (
            theirs.name,
            str(theirs.type),
            theirs.default,
            theirs.default_value,
        )


def test_the_child_leaves_refusals_and_unknown_operations_to_the_caller() -> None:
    assert coerced_in_child(LARGE, None, _large(number=5)) is None  # a refusal
    assert coerced_in_child(LARGE, None, _large(number="\ud800")) is None
    assert coerced_in_child(LARGE, "Other", _large()) is None  # no such operation
    assert coerced_in_child("{", None, _large()) is None  # does not parse
