"""An existing database is upgraded in place by `kabinet migrate` (Tortoise migrations)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from infra.db.config import SQLITE_BUSY_TIMEOUT_MS, tortoise_config
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
    assert {"key", "attempts", "blocked_until", "last_attempt_at", "version"} <= await _columns(
        "login_throttle"
    )
    for table in ("document_job", "rename_request", "service_request"):
        assert "progress" in await _columns(table), table  # 0004: live job progress
    # 0005: the per-login lock-out's columns are gone (sign-in is throttled by address).
    assert not {"failed_attempts", "locked_until"} & await _columns("admin")
    _, rows = await conn.execute_query("SELECT code, monthly_fee FROM service")
    assert [(r["code"], float(r["monthly_fee"])) for r in rows] == [("MMS", 0.0)]
    await migrate(url)  # nothing left to apply: a second run changes nothing


async def test_sqlite_writers_wait_for_the_lock_instead_of_failing(url: str) -> None:
    """Two processes on one SQLite file (server and `kabinet form-invoices`): a writer
    waits for the other's lock (30 s), not sqlite3's 5 s, before "database is locked"."""
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    _, rows = await connections.get("default").execute_query("PRAGMA busy_timeout")
    assert rows[0][0] == SQLITE_BUSY_TIMEOUT_MS


async def test_0006_gives_every_job_the_lifecycle_columns_and_one_status(url: str) -> None:
    """0006: the one job lifecycle. A mailed charges report (SENT) becomes DONE; every
    job table has its attempts (the claim), heartbeat and deferral columns."""
    await tortoise_migrate(config=tortoise_config(url), target="kabinet.0005_admin_lockout_columns")
    await Tortoise.init(config=tortoise_config(url))
    conn = connections.get("default")
    await conn.execute_script("PRAGMA foreign_keys = OFF")
    for status in ("SENT", "FAILED", "QUEUED"):
        await conn.execute_query(
            "INSERT INTO charges_report (client_id, account_id, email, status, created_at) "
            "VALUES (1, 1, 'a@example.by', ?, ?)",
            [status, AT.isoformat()],
        )
    await close_database()

    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    conn = connections.get("default")
    _, rows = await conn.execute_query("SELECT status FROM charges_report ORDER BY id")
    assert [r["status"] for r in rows] == ["DONE", "FAILED", "QUEUED"]
    for table in ("document_job", "charges_report", "rename_request", "service_request"):
        assert {"attempts", "touched_at", "retry_at"} <= await _columns(table), table
    for table in ("charges_report", "rename_request", "service_request"):
        assert {"error_code", "error_message"} <= await _columns(table), table
    assert "touched_at" in await _columns("invoice_email_request")
    assert {"name", "owner", "until"} <= await _columns("pass_lease")
    _, rows = await conn.execute_query("SELECT attempts FROM charges_report")
    assert {r["attempts"] for r in rows} == {0}
