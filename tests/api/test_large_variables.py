"""Large variables (a 10,000-line rename) are checked and coerced on a worker thread, not
on the event loop (issue 9 §2), with the same answers as a small one gets on the loop."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from schema.bad_input import LARGE_LIST, is_large
from tests.db_fixtures import Api

DRY_RUN = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id } lines { position number ok error { code field } } errors { code } } }"""


def items(count: int) -> list[dict[str, Any]]:
    return [
        {"number": f"+37544{7_000_000 + i:07d}", "name": f"Сотрудник {i}"} for i in range(count)
    ]


def test_what_is_large() -> None:
    assert not is_large({"i": {"items": items(LARGE_LIST)}})
    assert is_large({"i": {"items": items(LARGE_LIST + 1)}})
    assert is_large([[list(range(LARGE_LIST + 1))]])
    assert not is_large({"a": {"b": {"c": {"d": list(range(10 * LARGE_LIST))}}}})  # too deep


async def test_a_large_variable_is_coerced_once_off_the_loop_same_answer(
    demo: Api, coercions: list[str]
) -> None:
    small = await demo(DRY_RUN, {"i": {"items": items(3), "dryRun": True}})
    assert coercions == [threading.main_thread().name]  # small: on the loop, as before
    coercions.clear()
    large = await demo(DRY_RUN, {"i": {"items": items(LARGE_LIST * 2), "dryRun": True}})
    assert len(coercions) == 1 and coercions[0] != threading.main_thread().name
    lines = large["renameSubscribers"]["lines"]
    assert len(lines) == LARGE_LIST * 2
    assert lines[:3] == small["renameSubscribers"]["lines"]  # the same numbers, same checks
    assert large["renameSubscribers"]["request"] is None


# Large variables coerced in a worker process instead of on the heavy thread.
IN_PROCESS = {"heavy_work_in_process": True}


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    overrides: dict[str, Any] = getattr(request, "param", {})
    return overrides


@pytest.mark.parametrize(
    "settings_overrides", [{}, IN_PROCESS], ids=["thread", "process"], indirect=True
)
@pytest.mark.parametrize("bad", [5, None, "\ud800"])
async def test_a_bad_item_of_a_large_variable_is_refused_as_in_a_small_one(
    demo: Api, bad: Any
) -> None:
    answers = []
    for count, at in ((3, 1), (LARGE_LIST * 2, 1)):
        lines = items(count)
        lines[at]["number"] = bad
        # As text: a lone surrogate is only sent escaped (json.dumps writes \\ud800).
        content = json.dumps(
            {"query": DRY_RUN, "variables": {"i": {"items": lines, "dryRun": True}}}
        )
        response = await demo.http.post(
            "/graphql",
            content=content,
            headers={"Authorization": f"Bearer {demo.token}", "content-type": "application/json"},
        )
        body = response.json()
        assert body.get("data") is None
        answers.append(body["errors"])
    small, large = answers
    assert [e["extensions"]["code"] for e in large] == ["BAD_USER_INPUT"]
    # The same message, path and code (in a worker process: the child found a refusal and
    # left it to the heavy thread, which made the same one).
    assert large == small
