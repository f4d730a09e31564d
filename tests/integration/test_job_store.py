"""The one job lifecycle on every kind of job, on both back ends (domain/job_store.py).

Every change after a claim names the attempt holding it: once recovery has handed the
job to a new attempt, the old worker's heartbeat, release, finish and fail change
nothing. A hand-off is a compare-and-set on what recovery read: a heartbeat that came
in between keeps the job with its worker. One recovery pass at a time (a lease row).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.commands import CarryOutRenames
from domain.errors import DomainError, ErrorCode
from domain.ids import JobId
from domain.job_store import JobPolicy, JobStatus, JobStore
from domain.jobs import FileMade
from domain.use_cases.job_recovery import JobRecovery, RecoverableJobs
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from infra.db.documents_repo import TortoiseDocumentJobRepository
from infra.db.lease import TortoisePassLease, TortoisePassMemory
from infra.db.mail_repo import TortoiseChargesReportRepository, TortoiseInvoiceEmailRepository
from infra.db.requests_repo import TortoiseRenameRequestRepository, TortoiseServiceRequestRepository

POLICY = JobPolicy()
ERROR = DomainError(ErrorCode.DOCUMENT_FAILED, "Не удалось.")


async def _owner() -> tuple[int, int, int]:
    admin = await m.AdminRow.get(login="demo")
    client_id: int = admin.client_id  # type: ignore[attr-defined]
    account = await m.BillingAccountRow.filter(client_id=client_id).order_by("number").first()
    assert account is not None
    invoice = await m.InvoiceRow.filter(account_id=account.id).first()
    assert invoice is not None
    return client_id, account.id, invoice.id


Make = Callable[[Container], Awaitable[int]]


async def _document(c: Container) -> int:
    client, account, _ = await _owner()
    row = await m.DocumentJobRow.create(
        client_id=client, account_id=account, period="2026-10", format="PDF",
        status="QUEUED", created_at=c.clock.now(),
    )  # fmt: skip
    return int(row.id)


async def _email(c: Container) -> int:
    client, _, invoice = await _owner()
    row = await m.InvoiceEmailRequestRow.create(
        client_id=client, invoice_id=invoice, kind="REPEAT", emails=["a@example.by"],
        format="PDF", status="QUEUED", results={"recipients": {}}, idempotency_key="k1",
        created_at=c.clock.now(),
    )  # fmt: skip
    return int(row.id)


async def _report(c: Container) -> int:
    client, account, _ = await _owner()
    row = await m.ChargesReportRow.create(
        client_id=client, account_id=account, email="a@example.by", status="QUEUED",
        created_at=c.clock.now(),
    )  # fmt: skip
    return int(row.id)


async def _rename(c: Container) -> int:
    client, _, _ = await _owner()
    row = await m.RenameRequestRow.create(
        client_id=client, status="QUEUED", created_at=c.clock.now()
    )
    return int(row.id)


async def _services(c: Container) -> int:
    client, _, _ = await _owner()
    row = await m.ServiceRequestRow.create(
        client_id=client, action="ADD", service_code="MMS", status="QUEUED",
        created_at=c.clock.now(),
    )  # fmt: skip
    return int(row.id)


def _file(at: Any) -> FileMade:
    return FileMade("1/1.pdf", at)


def _sent(at: Any) -> str:
    return "a@example.by: SENT"


def _nothing(at: Any) -> None:
    return None


# kind: (its store, a queued job of it, the outcome its finish takes, its table)
KINDS: dict[str, tuple[Callable[[], JobStore[Any, Any]], Make, Callable[[Any], Any], Any]] = {
    "document": (TortoiseDocumentJobRepository, _document, _file, m.DocumentJobRow),
    "mail": (TortoiseInvoiceEmailRepository, _email, _nothing, m.InvoiceEmailRequestRow),
    "charges": (TortoiseChargesReportRepository, _report, _sent, m.ChargesReportRow),
    "rename": (TortoiseRenameRequestRepository, _rename, _nothing, m.RenameRequestRow),
    "services": (TortoiseServiceRequestRepository, _services, _nothing, m.ServiceRequestRow),
}


@pytest.mark.parametrize("kind", list(KINDS))
async def test_every_change_checks_the_claim(
    container: Container, clock: FixedClock, kind: str
) -> None:
    make_store, make, outcome, model = KINDS[kind]
    store = make_store()
    uow = container.uow
    job_id = await make(container)
    t0 = clock.now()
    async with uow.transaction():
        first = await store.claim(JobId(job_id), t0)
        assert first is not None and first.attempts == 1
        assert await store.claim(JobId(job_id), t0) is None  # held: a second delivery does nothing
        assert await store.touch(JobId(job_id), 1, t0 + timedelta(seconds=5))
    # Its worker dies; recovery reads the job as stale …
    later = t0 + timedelta(seconds=5) + POLICY.dead_after
    async with uow.transaction():
        assert await store.stale(t0 + timedelta(seconds=6), POLICY) == []  # beating: alive
        [seen] = await store.stale(later, POLICY)
        assert (seen.id, seen.status, seen.attempt) == (job_id, JobStatus.RUNNING, 1)
        # … but a heartbeat arrives before the hand-off: the worker keeps it.
        assert await store.touch(JobId(job_id), 1, later)
        assert not await store.hand_off(seen, later)
    dead = later + POLICY.dead_after
    async with uow.transaction():
        [seen] = await store.stale(dead, POLICY)
        assert await store.hand_off(seen, dead)
        assert not await store.hand_off(seen, dead)  # a second pass: nothing
        second = await store.claim(JobId(job_id), dead)
        assert second is not None and second.attempts == 2
        # The old attempt, still alive somewhere, changes nothing any more.
        assert not await store.touch(JobId(job_id), 1, dead)
        assert not await store.release(JobId(job_id), 1, dead)
        assert not await store.fail(JobId(job_id), 1, ERROR, dead)
        assert not await store.finish(JobId(job_id), 1, outcome(dead), dead)
        row = await model.get(id=job_id)
        assert (row.status, row.attempts) == ("RUNNING", 2)
        assert await store.finish(JobId(job_id), 2, outcome(dead), dead)
        assert (await model.get(id=job_id)).status == "DONE"
        assert await store.claim(JobId(job_id), dead) is None  # finished: left alone


@pytest.mark.parametrize("kind", list(KINDS))
async def test_a_deferred_job_waits_for_its_time(
    container: Container, clock: FixedClock, kind: str
) -> None:
    make_store, make, _, model = KINDS[kind]
    store = make_store()
    job_id = await make(container)
    now = clock.now()
    due = now + timedelta(minutes=5)
    async with container.uow.transaction():
        assert await store.claim(JobId(job_id), now) is not None
        assert await store.release(JobId(job_id), 1, now, due)
        assert (await model.get(id=job_id)).status == "DEFERRED"
        assert await store.claim(JobId(job_id), now) is None  # a broker retry before its time
        assert await store.stale(due - timedelta(seconds=1), POLICY) == []
        [seen] = await store.stale(due, POLICY)
        assert seen.status is JobStatus.DEFERRED
        assert await store.hand_off(seen, due)
        again = await store.claim(JobId(job_id), due)
        assert again is not None and again.attempts == 2
        assert await store.fail(JobId(job_id), 2, ERROR, due)
        assert (await model.get(id=job_id)).status == "FAILED"


@pytest.mark.parametrize("kind", list(KINDS))
async def test_jobs_waiting_for_a_retry_are_listed_and_can_be_handed_out_early(
    container: Container, clock: FixedClock, kind: str
) -> None:
    """`waiting`: a job in the broker's back-off (QUEUED after an attempt) or DEFERRED
    before its time; recovery hands it out early when its dependency is back."""
    make_store, make, _, model = KINDS[kind]
    store = make_store()

    async def one(n: int) -> int:  # sendings are keyed for idempotency: one key each
        return await (_email_keyed(container, f"w{n}") if kind == "mail" else make(container))

    backing_off, deferred, fresh = [JobId(await one(n)) for n in range(3)]
    now = clock.now()
    async with container.uow.transaction():
        for job_id in (backing_off, deferred):
            assert await store.claim(job_id, now) is not None
        assert await store.release(backing_off, 1, now)
        assert await store.release(deferred, 1, now, now + timedelta(hours=1))
        assert await store.stale(now, POLICY) == []  # neither is due
        waiting = {job.id: job for job in await store.waiting(now, POLICY)}
        assert sorted(waiting) == sorted([backing_off, deferred])  # never tried: not waiting
        assert fresh not in waiting
        assert await store.hand_off(waiting[deferred], now)
        assert (await model.get(id=deferred)).status == "QUEUED"
        assert await store.claim(deferred, now) is not None  # runs now, not in an hour


async def _email_keyed(c: Container, key: str) -> int:
    client, _, invoice = await _owner()
    row = await m.InvoiceEmailRequestRow.create(
        client_id=client, invoice_id=invoice, kind="REPEAT", emails=["a@example.by"],
        format="PDF", status="QUEUED", results={"recipients": {}}, idempotency_key=key,
        created_at=c.clock.now(),
    )  # fmt: skip
    return int(row.id)


async def test_a_sending_whose_data_answer_is_pending_is_never_woken(
    container: Container, clock: FixedClock
) -> None:
    """Part 2 of issue 14: such a message may be there; it is sent again (marked) only
    after its delay, whatever the server's return."""
    store = TortoiseInvoiceEmailRepository()
    job_id = await _email_keyed(container, "ambiguous")
    now = clock.now()
    async with container.uow.transaction():
        assert await store.claim(JobId(job_id), now) is not None
        assert await store.mark_data_sent(JobId(job_id), 1, now)
        later = now + timedelta(minutes=15)
        assert await store.release(JobId(job_id), 1, now, later, keep_data_sent=True)
        assert await store.waiting(now, POLICY) == []


async def test_the_pass_memory_is_shared_by_the_processes_that_run_the_pass(
    container: Container,
) -> None:
    first, second = TortoisePassMemory(), TortoisePassMemory()  # two processes
    async with container.uow.transaction():
        assert not await first.remember("mail:dependency_down", True)  # never set
        assert await second.remember("mail:dependency_down", False)  # the other saw it down
        assert not await first.remember("mail:dependency_down", False)
        assert not await first.remember("files:dependency_down", False)


async def test_the_pass_lease_has_one_owner_at_a_time(container: Container) -> None:
    lease = TortoisePassLease()
    ttl = timedelta(seconds=30)
    async with container.uow.transaction():
        assert await lease.acquire("pass", "a", ttl)
        assert not await lease.acquire("pass", "b", ttl)
        assert await lease.acquire("pass", "a", ttl)  # renewed by its owner
        await lease.release("pass", "a")
        assert await lease.acquire("pass", "b", timedelta(milliseconds=100))
    await asyncio.sleep(0.2)  # b died holding it: it expires
    async with container.uow.transaction():
        assert await lease.acquire("pass", "a", ttl)


async def test_two_recovery_passes_at_once_hand_each_job_out_once(
    container: Container, clock: FixedClock
) -> None:
    ids = [await _rename(container) for _ in range(3)]
    kinds = [RecoverableJobs("rename_request", TortoiseRenameRequestRepository(), CarryOutRenames)]
    passes = [
        JobRecovery(container.uow, clock, POLICY, kinds, TortoisePassLease(), owner)
        for owner in ("api-1", "worker-1")
    ]
    before = await m.OutboxRow.all().count()
    clock.advance(POLICY.lost_after)
    results = await asyncio.gather(*(p.recover_once() for p in passes))
    assert sorted(r.get("rename_request", 0) for r in results) == [0, 3]
    assert await m.OutboxRow.all().count() == before + 3
    payloads: list[Any] = await m.OutboxRow.filter(actor=CarryOutRenames.name).values_list(
        "payload", flat=True
    )
    assert sorted(p["request_id"] for p in payloads) == ids
