"""Document jobs that fail, and jobs whose message was lost: never stuck (D3)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, BinaryIO

import pytest

from domain.auth import Actor
from domain.documents import CallRecord, DownloadFormat, InvoiceDocument
from domain.ids import AccountId, AdminId, JobId
from domain.job_store import QUICK_ATTEMPTS as MAX_ATTEMPTS
from domain.jobs import JobStatus
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from infra.loops import maintain_once


class BrokenRenderer:
    """A renderer that always fails, counting its attempts."""

    def __init__(self) -> None:
        self.attempts = 0

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        self.attempts += 1
        raise RuntimeError("renderer crashed")

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        self.attempts += 1
        raise RuntimeError("renderer crashed")


@pytest.fixture
def renderer() -> BrokenRenderer:
    return BrokenRenderer()


@pytest.fixture
def bootstrap_overrides(renderer: BrokenRenderer) -> dict[str, Any]:
    return {"renderer": renderer}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"job_retry_backoff_seconds": 0.01}


async def _actor() -> Actor:
    admin = await m.AdminRow.get(login="demo")
    return Actor(AdminId(admin.id), admin.client_id, "demo")  # type: ignore[attr-defined]


async def _account(actor: Actor) -> int:
    row = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by("number").first()
    assert row is not None
    return int(row.id)


async def _wait(job_id: JobId, *statuses: JobStatus) -> m.DocumentJobRow:
    for _ in range(300):
        row = await m.DocumentJobRow.get(id=job_id)
        if row.status in {s.value for s in statuses}:
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} stayed {row.status}")


async def test_d3_a_job_that_keeps_failing_ends_failed_with_a_user_error(
    container: Container, renderer: BrokenRenderer
) -> None:
    actor = await _actor()
    job = await container.documents.order_download(
        actor, AccountId(await _account(actor)), "2026-10", DownloadFormat.PDF
    )
    row = await _wait(job.id, JobStatus.DONE, JobStatus.FAILED)
    assert row.status == "FAILED"
    assert row.error_code == "DOCUMENT_FAILED" and row.error_message
    assert row.attempts == MAX_ATTEMPTS == renderer.attempts
    assert row.file_key is None
    failed = await container.documents.job(actor, job.id)
    assert failed is not None and failed.error is not None
    assert container.documents.link(failed, "x") is None
    # A failed job is not alive: ordering again makes a new one.
    again = await container.documents.order_download(
        actor, AccountId(await _account(actor)), "2026-10", DownloadFormat.PDF
    )
    assert again.id != job.id


async def test_d3_a_queued_job_whose_message_was_lost_is_sent_again(
    container: Container, clock: FixedClock
) -> None:
    actor = await _actor()
    account = await _account(actor)
    # A job recorded as QUEUED whose message never reached a worker (e.g. a broker lost it).
    row = await m.DocumentJobRow.create(
        client_id=actor.client_id,
        account_id=account,
        period="2026-10",
        format="PDF",
        status="QUEUED",
        created_at=clock.now(),
    )
    messages = await m.OutboxRow.all().count()
    await maintain_once(container)  # still fresh: left alone
    assert await m.OutboxRow.all().count() == messages
    clock.advance(timedelta(minutes=6))
    await maintain_once(container)
    assert await m.OutboxRow.all().count() == messages + 1
    # Taken up again: a worker (here in-process) runs it to a final state.
    taken = await _wait(JobId(row.id), JobStatus.FAILED, JobStatus.DONE)
    assert taken.attempts == MAX_ATTEMPTS
