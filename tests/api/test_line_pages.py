"""Issue 9: the lines of a list are bounded and paged (`first` ≤ 10,000, `afterPosition`)."""

from __future__ import annotations

from typing import Any

import pytest

from schema.features.lines import LineResult
from tests.api.menu_helpers import numbers_of
from tests.db_fixtures import Api

DRY_RUN = """mutation($i: RenameSubscribersInput!, $f: Int, $a: Int) {
  renameSubscribers(input: $i) {
    all: lines { position } page: lines(first: $f, afterPosition: $a) { position number }
    errors { code } } }"""


async def _dry_run(api: Api, numbers: list[str], **page: int) -> dict[str, object]:
    items = [{"number": n, "name": f"Отдел {i}"} for i, n in enumerate(numbers)]
    body = await api.raw(
        DRY_RUN, {"i": {"items": items, "dryRun": True}, "f": page.get("f"), "a": page.get("a")}
    )
    return body


async def test_d13_payload_lines_are_paged_after_a_position(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:4]
    data = (await _dry_run(demo, numbers, f=2, a=0))["data"]["renameSubscribers"]  # type: ignore[index]
    assert [line["position"] for line in data["all"]] == [0, 1, 2, 3]
    assert data["page"] == [
        {"position": 1, "number": numbers[1]},
        {"position": 2, "number": numbers[2]},
    ]
    assert data["errors"] == []


async def test_d13_lines_page_over_the_bound_is_refused(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:1]
    body = await _dry_run(demo, numbers, f=10_001)
    errors = body["errors"]
    assert isinstance(errors, list) and errors
    assert errors[0]["extensions"]["code"] == "INVALID_INPUT"
    assert "не больше 10000 строк" in errors[0]["message"]


SERVICES = """mutation($i: ChangeSubscriberServicesInput!, $f: Int, $a: Int) {
  changeSubscriberServices(input: $i) {
    all: lines { position } page: lines(first: $f, afterPosition: $a) { position number ok }
    errors { code field } } }"""


async def _change(api: Api, numbers: list[str], **page: int) -> dict[str, object]:
    values = {"action": "ADD", "serviceCode": "MMS", "numbers": numbers}
    body = await api.raw(SERVICES, {"i": values, "f": page.get("f"), "a": page.get("a")})
    return body


async def test_d14_payload_lines_are_paged_after_a_position(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:3]
    # A refused list (nothing stored): its lines are the checks, in input order.
    listed = [numbers[0], "abc", numbers[1], numbers[2]]
    data = (await _change(demo, listed, f=2, a=0))["data"]["changeSubscriberServices"]  # type: ignore[index]
    assert [line["position"] for line in data["all"]] == [0, 1, 2, 3]
    assert data["page"] == [
        {"position": 1, "number": "abc", "ok": False},
        {"position": 2, "number": numbers[1], "ok": True},
    ]
    assert [(e["code"], e["field"]) for e in data["errors"]] == [
        ("LIST_HAS_ERRORS", "numbers"),
        ("INVALID_NUMBER", "numbers.1"),
    ]


async def test_d14_payload_lines_convert_only_the_window(
    demo: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = (await numbers_of("demo"))[:4]
    built: list[int] = []
    original = LineResult.checked.__func__  # type: ignore[attr-defined]

    def counting(cls: type[LineResult], check: Any, accepted: bool) -> LineResult:
        built.append(check.position)
        result: LineResult = original(cls, check, accepted)
        return result

    monkeypatch.setattr(LineResult, "checked", classmethod(counting))
    query = """mutation($i: ChangeSubscriberServicesInput!) { changeSubscriberServices(input: $i) {
      lines(first: 1, afterPosition: 2) { position } } }"""
    values = {"action": "ADD", "serviceCode": "MMS", "numbers": [*numbers[:3], "abc"]}
    data = await demo(query, {"i": values})
    assert data["changeSubscriberServices"]["lines"] == [{"position": 3}]
    assert built == [3]


async def test_d14_payload_lines_page_over_the_bound_is_refused(demo: Api) -> None:
    numbers = (await numbers_of("demo"))[:1]
    for page, field in (({"f": 10_001}, "first"), ({"a": -2}, "afterPosition")):
        errors = (await _change(demo, numbers, **page))["errors"]
        assert isinstance(errors, list) and errors
        assert errors[0]["extensions"]["code"] == "INVALID_INPUT"
        assert errors[0]["extensions"]["field"] == field
