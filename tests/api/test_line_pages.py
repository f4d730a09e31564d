"""Issue 9: the lines of a list are bounded and paged (`first` ≤ 10,000, `afterPosition`)."""

from __future__ import annotations

from tests.api.menu_helpers import numbers_of
from tests.conftest import Api

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
