"""Shutting down while jobs are being handed out: nothing hangs, nothing is lost.

The relay and the maintenance loop are stopped (not cancelled mid-transaction),
the in-process jobs the relay's last pass started are waited for, and only then
is the database closed. A job cut short is left for recovery (never stuck).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from domain.auth import Actor
from domain.documents import DownloadFormat
from domain.ids import AccountId, AdminId
from domain.jobs import JobStatus
from infra.bootstrap import bootstrap
from infra.clock import FixedClock
from infra.db import models as m
from infra.loops import running
from infra.passwords import Argon2PasswordHasher
from infra.settings import Settings
from tests.db_fixtures import Backend

HANG = 120  # seconds: far beyond any shutdown; only a hang reaches it


async def test_shutdown_right_after_orders_neither_hangs_nor_loses_jobs(
    backend: Backend, clock: FixedClock, tmp_path: Path
) -> None:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": await backend.fresh_url(),
        "broker_url": "",
        "outbox_dir": tmp_path / "outbox",
        "storage_dir": tmp_path / "files",
        "secret_key": "test-secret-key",
        "relay_interval_seconds": 0.05,
    }
    periods = ["2026-09", "2026-10"]
    for round_ in range(4):
        container = bootstrap(Settings(**values), clock=clock, hasher=Argon2PasswordHasher(True))
        async with asyncio.timeout(HANG):
            async with running(container):
                admin = await m.AdminRow.get(login="demo")
                actor = Actor(AdminId(admin.id), admin.client_id, "demo")  # type: ignore[attr-defined]
                accounts = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by(
                    "number"
                )
                for account in accounts[:2]:
                    for fmt in DownloadFormat:
                        await container.documents.order_download(
                            actor, AccountId(account.id), periods[round_ % 2], fmt
                        )
                await asyncio.sleep(0.01 * round_)  # stop at a different moment each round
    container = bootstrap(Settings(**values), clock=clock, hasher=Argon2PasswordHasher(True))
    async with running(container, relay=False, maintenance=False):
        statuses = set(await m.DocumentJobRow.all().values_list("status", flat=True))
        # Finished, or still waiting for its worker: recovery sends those again.
        assert statuses <= {JobStatus.DONE.value, JobStatus.QUEUED.value, JobStatus.RUNNING.value}
        assert await m.DocumentJobRow.filter(status=JobStatus.FAILED.value).count() == 0


async def test_shutdown_closes_the_cpu_work_threads(
    backend: Backend, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(
        env="test",
        database_url=await backend.fresh_url(),
        broker_url="",
        outbox_dir=tmp_path / "outbox",
        storage_dir=tmp_path / "files",
        secret_key="test-secret-key",
    )
    container = bootstrap(settings, clock=clock)  # its own argon2 pool, not a test hasher
    async with running(container, relay=False, maintenance=False):
        await container.auth.login("demo", "demo", "192.0.2.7")  # argon2 on its pool
        assert any(pool.has_threads for pool in container.cpu_pools)
    assert len(container.cpu_pools) == 2
    assert not any(pool.has_threads for pool in container.cpu_pools)
