"""The app in the bench's own process (httpx over ASGI) on a fresh SQLite demo database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

NOW = datetime.fromisoformat("2026-11-24T12:00:00+03:00")


@asynccontextmanager
async def demo_app(folder: Path, hasher: Any, **settings: Any) -> AsyncIterator[Any]:
    """An httpx client of the app on `folder`/bench.db with the demo data, whose passwords
    and the container's are hashed by `hasher`; `settings` are added to the Settings."""
    import httpx

    from infra.bootstrap import bootstrap
    from infra.clock import FixedClock
    from infra.db.database import close_database, migrate, open_database
    from infra.demo import load_demo
    from infra.loops import running
    from infra.settings import Settings
    from schema.app import create_app

    url = f"sqlite://{folder / 'bench.db'}"
    await migrate(url)
    await open_database(url)
    try:
        await load_demo(NOW, hasher)
    finally:
        await close_database()
    container = bootstrap(
        Settings(
            env="development",
            database_url=url,
            storage_dir=folder / "files",
            outbox_dir=folder / "outbox",
            **settings,
        ),
        clock=FixedClock(NOW),
        hasher=hasher,
    )
    async with running(container, maintenance=False):
        app = create_app(container, own_lifespan=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            yield http
