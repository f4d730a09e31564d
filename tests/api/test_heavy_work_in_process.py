"""The heavy work of renaming and services by list (an uploaded list read, its lines
checked) in the child process (KABINET_HEAVY_WORK_IN_PROCESS, on outside tests): the
same answers as on the heavy thread, and on the thread when the child is gone (issue 9
§2)."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from infra.bootstrap import Container
from infra.cpu import ProcessCpuWork
from tests.api import test_renaming_upload as renaming
from tests.api import test_services_upload as services
from tests.api.menu_helpers import numbers_of, snapshot, workbook
from tests.api.test_services_by_list import change
from tests.db_fixtures import Api

RENAME = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id } lines { position number ok status error { code field } }
  errors { code field message } } }"""


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"heavy_work_in_process": True}


async def answers(demo: Api) -> list[Any]:
    """Dry runs by items and by file with an unknown number, services lists (by numbers
    and by file) with a malformed one: each refused, writing nothing."""
    known = (await numbers_of("demo"))[:2]
    lines = [(known[0], "Приёмная"), ("+375290000001", "Кто-то"), (known[1], "Склад")]
    items = [{"number": n, "name": name} for n, name in lines]
    by_items = await demo(RENAME, {"i": {"items": items, "dryRun": True}})
    data = workbook([("Номер", "Новое имя"), *lines])
    by_file = await renaming.payload(demo, data, dryRun=True)
    listed = await change(demo, "ADD", "MMS", [known[0], "8029 12"])
    from_file = await services.payload(demo, workbook([("Номер",), (known[1],), ("12",)]))
    return [by_items["renameSubscribers"], by_file, listed, from_file]


async def test_renaming_and_services_work_in_the_child(demo: Api, container: Container) -> None:
    before = await snapshot()
    got = await answers(demo)
    assert await snapshot() == before  # dry runs and refused lists write nothing
    assert container.heavy is not None and not container.heavy.has_threads  # not one call
    assert container.heavy_process is not None and container.heavy_process.has_processes
    by_items, by_file, listed, from_file = got
    assert [(x["ok"], x["error"]) for x in by_items["lines"]] == [
        (True, None),
        (False, {"code": "UNKNOWN_SUBSCRIBER", "field": "items.1.number"}),
        (True, None),
    ]
    assert by_items["request"] is None and by_items["errors"][0]["code"] == "LIST_HAS_ERRORS"
    assert [x["number"] for x in by_file["lines"]] == [x["number"] for x in by_items["lines"]]
    assert [e["code"] for e in by_file["errors"]] == ["LIST_HAS_ERRORS", "UNKNOWN_SUBSCRIBER"]
    for refused, field in ((listed, "numbers.1"), (from_file, "file.3")):
        assert refused["request"] is None and [x["ok"] for x in refused["lines"]] == [True, False]
        assert [(e["code"], e["field"]) for e in refused["errors"][1:]] == [
            ("INVALID_NUMBER", field)
        ]


async def test_a_file_refused_in_the_child_is_refused_to_the_caller(
    demo: Api, container: Container
) -> None:
    before = await snapshot()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the reader's DomainError comes back pickled
    for result in (
        await renaming.payload(demo, png, dryRun=True),
        await services.payload(demo, png),
    ):
        assert result["request"] is None
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_FILE", "file")]
    assert await snapshot() == before
    assert container.heavy is not None and not container.heavy.has_threads


async def test_without_the_child_the_heavy_thread_gives_the_same_answers(
    demo: Api, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_child = await answers(demo)

    async def died(*args: object, **kwargs: object) -> object:
        raise BrokenProcessPool("the child was killed")

    monkeypatch.setattr(ProcessCpuWork, "run", died)
    on_thread = await answers(demo)
    assert container.heavy is not None and container.heavy.has_threads
    assert on_thread == in_child
