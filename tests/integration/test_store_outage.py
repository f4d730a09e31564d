"""A download ordered while the object store is down is deferred, never failed for it
before the job lifetime ends; it is made once the store is back (D3, issue 14: a store
outage is a deferral, as a mail server's "later" is).

A real S3-protocol server (moto) on a port of its own, started only when the test says
the store is back; the clock is moved, the recovery pass run by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from domain.auth import Actor
from domain.documents import DownloadFormat
from domain.ids import AccountId, AdminId, JobId
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from tests.conftest import Api
from tests.s3_server import MotoServer

BUCKET = "kabinet-outage"
QUICK = 2
JOB = "query($id: ID!) { documentJob(id: $id) { status jobStatus downloadUrl error { code } } }"


@pytest.fixture
def moto() -> Iterator[MotoServer]:
    server = MotoServer()  # its port is chosen, nothing listens there yet
    yield server
    server.stop()


@pytest.fixture
def settings_overrides(moto: MotoServer) -> dict[str, Any]:
    return {
        **moto.settings(BUCKET, "files"),
        "mail_quick_attempts": QUICK,
        "mail_lifetime_seconds": 24 * 3600,
        "job_retry_backoff_seconds": 0.01,
    }


async def _order(container: Container) -> int:
    admin = await m.AdminRow.get(login="demo")
    actor = Actor(AdminId(admin.id), admin.client_id, "demo")  # type: ignore[attr-defined]
    account = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by("number").first()
    assert account is not None
    job = await container.documents.order_download(
        actor, AccountId(account.id), "2026-10", DownloadFormat.PDF
    )
    return job.id


async def _settled(job_id: JobId, *statuses: str, attempts: int) -> m.DocumentJobRow:
    for _ in range(600):
        row = await m.DocumentJobRow.get(id=job_id)
        if row.status in statuses and row.attempts >= attempts:
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id}: {row.status}, attempt {row.attempts}")


async def test_d3_a_download_during_a_store_outage_is_deferred_then_made(
    container: Container, clock: FixedClock, moto: MotoServer, demo: Api
) -> None:
    job_id = await _order(container)
    # The broker's quick attempts fail on the store; then the job waits, not FAILED.
    row = await _settled(JobId(job_id), "DEFERRED", attempts=QUICK)
    assert row.attempts == QUICK and row.error_code is None and row.file_key is None
    assert row.retry_at == clock.now() + timedelta(minutes=5)
    shown = (await demo(JOB, {"id": _gid(JobId(job_id))}))["documentJob"]
    assert shown == {"status": "QUEUED", "jobStatus": "QUEUED", "downloadUrl": None, "error": None}
    assert await container.recovery.recover_once() == {**_none(), "document_job": 0}  # not due yet

    clock.advance(timedelta(minutes=5))
    assert (await container.recovery.recover_once())["document_job"] == 1
    row = await _settled(JobId(job_id), "DEFERRED", attempts=QUICK + 1)  # still down: longer wait
    assert row.retry_at == clock.now() + timedelta(minutes=10)

    await asyncio.to_thread(moto.start)  # the store is back (empty: its bucket made again)
    async with httpx.AsyncClient(timeout=10) as http:
        (await http.put(f"{moto.endpoint}/{BUCKET}")).raise_for_status()
    clock.advance(timedelta(minutes=10))
    assert (await container.recovery.recover_once())["document_job"] == 1
    row = await _settled(JobId(job_id), "DONE", "FAILED", attempts=QUICK + 2)
    assert (row.status, row.attempts, row.error_code) == ("DONE", QUICK + 2, None)
    assert await container.files.exists(str(row.file_key))
    shown = (await demo(JOB, {"id": _gid(JobId(job_id))}))["documentJob"]
    assert shown["status"] == shown["jobStatus"] == "DONE" and shown["downloadUrl"]


async def test_d3_a_store_outage_past_the_job_lifetime_fails_the_download(
    container: Container, clock: FixedClock
) -> None:
    job_id = await _order(container)
    await _settled(JobId(job_id), "DEFERRED", attempts=QUICK)
    clock.advance(timedelta(days=1))  # the lifetime is over, the store still down
    assert (await container.recovery.recover_once())["document_job"] == 1
    row = await _settled(JobId(job_id), "FAILED", attempts=QUICK + 1)
    assert row.error_code == "DOCUMENT_FAILED" and row.error_message


def _gid(job_id: JobId) -> str:
    from schema.ids import encode_id

    return encode_id("DocumentJob", job_id)


def _none() -> dict[str, int]:
    return dict.fromkeys(
        ("document_job", "invoice_email", "charges_report", "rename_request", "service_request"), 0
    )
