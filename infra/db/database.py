"""Open, migrate and close the database."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import tortoise.backends.sqlite.executor  # noqa: F401  (registers its adapters first)
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from infra.db.config import tortoise_config
from infra.db.outage import is_database_outage

log = logging.getLogger("kabinet.db")


def _utc_text(value: datetime) -> str:
    return (value.astimezone(UTC) if value.tzinfo else value).isoformat(" ")


# SQLite compares datetimes as text. Tortoise stores them in UTC but passes filter
# values as given, so a Minsk-time bound would be off by three hours: every aware
# datetime goes to SQLite in UTC.
sqlite3.register_adapter(datetime, _utc_text)


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite://") and ":memory:" not in url:
        Path(url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)


async def open_database(url: str, *, global_fallback: bool = True) -> None:
    """Connect; global_fallback lets tasks other than the opener use it (lifespan)."""
    _ensure_sqlite_dir(url)
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=global_fallback)


async def migrate(url: str) -> None:
    """Apply the migrations in migrations/ (upgrades an existing database)."""
    _ensure_sqlite_dir(url)
    await tortoise_migrate(config=tortoise_config(url))


async def close_database() -> None:
    await Tortoise.close_connections()
    # Tortoise caches INSERT statements per connection name: a later database of
    # another kind (tests run SQLite, then PostgreSQL) must not reuse them.
    EXECUTOR_CACHE.clear()


PING_TIMEOUT_SECONDS = 2.0


async def ping(*, quiet: bool = False) -> bool:
    """SELECT 1 within PING_TIMEOUT_SECONDS; a failure is logged in one line (no traceback)."""
    try:
        async with asyncio.timeout(PING_TIMEOUT_SECONDS):
            conn = connections.get("default")
            await conn.execute_query("SELECT 1")
    except Exception as error:  # every failure means "down" here
        if not quiet:
            log.warning("database ping failed: %s", error or type(error).__name__)
        return False
    return True


async def through_outage(
    run: Callable[[], Awaitable[None]], name: str, wait_seconds: float, poll: float = 0.5
) -> None:
    """`run()`; when it fails because the database is away, wait here for the database
    (a ping every `poll` seconds) and run it again as soon as it answers, for up to
    `wait_seconds` in all; then the error goes up (to the broker's retries).

    Without it a job that met an outage waited out the broker's back-off (doubling up to
    a minute) after the database was back; now it runs again within `poll` of the return.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    while True:
        try:
            await run()
            return
        except Exception as error:
            if not is_database_outage(error) or loop.time() >= deadline:
                raise
            log.warning(
                "job %s waits for the database (up to %.0f s): %s",
                name,
                deadline - loop.time(),
                error or type(error).__name__,
            )
        while loop.time() < deadline:
            await asyncio.sleep(poll)
            if await ping(quiet=True):
                break
