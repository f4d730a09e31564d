"""An existing database is upgraded in place by `kabinet migrate` (Tortoise migrations)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from infra.db.config import tortoise_config
from infra.db.database import close_database, migrate

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    yield f"sqlite://{tmp_path / 'old.db'}"
    await close_database()


async def _columns(table: str) -> set[str]:
    _, rows = await connections.get("default").execute_query(f"PRAGMA table_info({table})")
    return {str(r["name"]) for r in rows}


async def test_a_database_of_0001_is_upgraded_keeping_its_rows(url: str) -> None:
    await tortoise_migrate(config=tortoise_config(url), target="kabinet.0001_initial")
    await Tortoise.init(config=tortoise_config(url))
    conn = connections.get("default")
    assert "monthly_fee" not in await _columns("service")
    await conn.execute_query(
        "INSERT INTO service (code, name, allowed_tariffs) VALUES ('MMS', 'MMS', '[]')"
    )
    await close_database()

    await migrate(url)  # what `kabinet migrate` runs
    await Tortoise.init(config=tortoise_config(url))
    conn = connections.get("default")
    assert {"monthly_fee"} <= await _columns("service")
    for table in ("rename_request", "service_request", "charges_report"):
        assert "touched_at" in await _columns(table), table
    _, rows = await conn.execute_query("SELECT code, monthly_fee FROM service")
    assert [(r["code"], float(r["monthly_fee"])) for r in rows] == [("MMS", 0.0)]
    await migrate(url)  # nothing left to apply: a second run changes nothing
