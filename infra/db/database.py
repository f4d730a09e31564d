"""Open, migrate and close the database."""

from __future__ import annotations

import logging
from pathlib import Path

from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from infra.db.config import tortoise_config

log = logging.getLogger("kabinet.db")


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
    await connections.close_all()


async def ping() -> bool:
    try:
        conn = connections.get("default")
        await conn.execute_query("SELECT 1")
    except Exception:
        log.exception("database ping failed")
        return False
    return True
