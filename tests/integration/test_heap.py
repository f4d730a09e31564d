"""The server freezes its startup objects out of the collector's reach (infra/heap.py)."""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from infra.bootstrap import Container, bootstrap
from infra.heap import freeze_startup_heap
from infra.settings import Settings
from schema.app import create_app


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the suite runs as before


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_is_collected_before_the_freeze(unfrozen: None) -> None:
    garbage = _Cycle()
    gone = weakref.ref(garbage)
    del garbage
    freeze_startup_heap()
    assert gone() is None  # not kept for the life of the process
    assert gc.get_freeze_count() > 0


async def test_the_apps_own_lifespan_freezes_once_started(
    tmp_path: Path, unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(
        env="test", database_url=f"sqlite://{tmp_path}/unused.db", storage_dir=tmp_path / "f"
    )
    container = bootstrap(settings)
    steps: list[str] = []

    @contextlib.asynccontextmanager
    async def running(opened: Container) -> AsyncIterator[None]:
        assert opened is container
        steps.append("opened")
        yield

    monkeypatch.setattr("schema.app.running", running)
    monkeypatch.setattr("schema.app.freeze_startup_heap", lambda: steps.append("frozen"))
    app = create_app(container)
    async with app.router.lifespan_context(app):
        assert steps == ["opened", "frozen"]
    steps.clear()
    other = create_app(container, own_lifespan=False)
    async with other.router.lifespan_context(other):
        assert steps == []  # tests and benchmarks that run the container decide themselves
