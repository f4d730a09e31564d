"""DocumentService on fakes: order a file, render it in a job, the signed link (D2, D3, D8, D18)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from domain.commands import RenderDocument
from domain.documents import MAX_LINK_TOKEN, CallRecord, DownloadFormat, LinkRefusal, LinkRefused
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId, ClientId
from domain.job_store import DEAD_AFTER
from domain.job_store import QUICK_ATTEMPTS as MAX_ATTEMPTS
from domain.jobs import JobStatus
from domain.use_cases.documents import DocumentService, DownloadLinks
from tests.unit.use_cases.world import ME, OPERATOR, OTHER, World, minsk, recover

TTL = timedelta(hours=1)


def service(world: World) -> DocumentService:
    return DocumentService(
        world.uow, world.document_jobs, world.calls, world.audit, world.clock, world.renderer,
        world.files, world.links, OPERATOR, TTL,
    )  # fmt: skip


async def test_d3_order_returns_a_queued_job_and_asks_for_the_render(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    assert job.status is JobStatus.QUEUED
    assert world.uow.outbox.jobs(RenderDocument) == [RenderDocument(job.id)]
    assert world.audit.records[0].target == "100011 2026-10"


async def test_d3_ordering_again_reuses_the_live_job(world: World) -> None:
    first = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    again = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    assert again.id == first.id and len(world.uow.outbox.messages) == 1
    other_format = await service(world).order_download(
        ME, AccountId(11), "2026-10", DownloadFormat.XLSX
    )
    assert other_format.id != first.id


@pytest.mark.parametrize("day", [1, 2, 3])
async def test_d2_download_refused_in_formation_window(world: World, day: int) -> None:
    world.clock.set(minsk(2026, 12, day, 10))
    with pytest.raises(DomainError) as refused:
        await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    assert refused.value.code is ErrorCode.FORMATION_WINDOW
    assert world.document_jobs.rows == {} and world.uow.outbox.messages == []


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-11", ErrorCode.CURRENT_PERIOD),
        ("2026-08", ErrorCode.PERIOD_NOT_AVAILABLE),
        ("2026-12", ErrorCode.PERIOD_NOT_AVAILABLE),
    ],
)
async def test_d3_only_the_two_months_before_can_be_downloaded(
    world: World, period: str, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order_download(ME, AccountId(11), period, DownloadFormat.PDF)
    assert refused.value.code is code
    assert world.document_jobs.rows == {}


async def test_d3_period_without_a_formed_invoice_is_invoice_not_found(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order_download(ME, AccountId(12), "2026-10", DownloadFormat.PDF)
    assert refused.value.code is ErrorCode.INVOICE_NOT_FOUND
    assert world.document_jobs.rows == {}


async def test_d18_other_clients_account_is_not_found(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order_download(ME, AccountId(21), "2026-10", DownloadFormat.PDF)
    assert refused.value.code is ErrorCode.NOT_FOUND
    job = await service(world).order_download(OTHER, AccountId(21), "2026-10", DownloadFormat.PDF)
    assert await service(world).job(ME, job.id) is None


async def test_d3_job_renders_the_file_and_gives_a_signed_expiring_link(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await service(world).render(job.id)
    done = world.document_jobs.rows[job.id]
    assert (done.status, done.progress, done.attempts) == (JobStatus.DONE, 100, 1)
    assert done.expires_at == world.clock.now() + TTL
    assert world.files.files[f"1/{job.id}.pdf"] == "PDF СЧ-2026-10-100011".encode()
    assert world.files.leftovers() == []
    link = await service(world).download_link(ME, done)
    assert link is not None and link.startswith(f"signed|1|1/{job.id}.pdf|")
    assert await service(world).download_link(OTHER, done) is None  # D18


async def test_d8_breakdown_streams_the_periods_calls(world: World) -> None:
    inside = CallRecord("+375291111111", minsk(2026, 10, 5, 10), 60, "+375170000000", "local",
                        Decimal("0.10"))  # fmt: skip
    world.calls.put(AccountId(11), inside)
    world.calls.put(AccountId(11), replace(inside, started_at=minsk(2026, 11, 1)))  # November's
    job = await service(world).order_download(
        ME, AccountId(11), "2026-10", DownloadFormat.XLSX_BREAKDOWN
    )
    await service(world).render(job.id)
    assert world.renderer.made == [("xlsx+calls", "СЧ-2026-10-100011")]
    assert world.renderer.calls_seen == [inside]


async def test_d3_render_run_twice_renders_once(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await service(world).render(job.id)
    await service(world).render(job.id)
    assert len(world.renderer.made) == 1


async def test_d3_failed_render_is_requeued_then_fails_for_good(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    world.renderer.fail = RuntimeError("out of memory")
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(RuntimeError):
            await service(world).render(job.id)
        assert world.document_jobs.rows[job.id].status is JobStatus.QUEUED
    await service(world).render(job.id)
    failed = world.document_jobs.rows[job.id]
    assert failed.status is JobStatus.FAILED and failed.error is not None
    assert failed.error.code is ErrorCode.DOCUMENT_FAILED
    assert world.files.files == {} and world.files.leftovers() == []


async def test_d3_invoice_gone_fails_the_job_without_retry(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    invoice = world.invoice(11, job.period)
    del world.uow.invoices.rows[invoice.id]
    await service(world).render(job.id)
    failed = world.document_jobs.rows[job.id]
    assert failed.status is JobStatus.FAILED and failed.error is not None
    assert failed.error.code is ErrorCode.INVOICE_NOT_FOUND


async def test_d3_stale_running_job_is_taken_up_again(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await world.document_jobs.claim(job.id, world.clock.now())  # a worker that died
    world.clock.advance(DEAD_AFTER + timedelta(seconds=1))
    assert await recover(world, world.document_jobs, RenderDocument) == 1
    assert world.document_jobs.rows[job.id].status is JobStatus.QUEUED
    assert len(world.uow.outbox.jobs(RenderDocument)) == 2


async def test_d3_expired_files_are_deleted(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await service(world).render(job.id)
    assert await service(world).clean_expired() == 0
    world.clock.advance(TTL + timedelta(seconds=1))
    assert await service(world).clean_expired() == 1
    assert world.files.files == {} and world.document_jobs.rows[job.id].file_key is None
    assert await service(world).download_link(ME, world.document_jobs.rows[job.id]) is None


async def test_d3_the_link_opens_its_clients_file_until_it_expires(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await service(world).render(job.id)
    link = await service(world).download_link(ME, world.document_jobs.rows[job.id])
    assert link is not None
    opened = DownloadLinks(world.links, world.clock).open(link)
    assert (opened.key, opened.client_id, opened.filename) == (
        f"1/{job.id}.pdf",
        1,
        "invoice_100011_2026-10.pdf",
    )
    assert world.files.files[opened.key] == "PDF СЧ-2026-10-100011".encode()
    world.clock.advance(TTL)
    assert _refusal(world, link) is LinkRefusal.EXPIRED


async def test_d3_forged_or_overlong_link_is_invalid(world: World) -> None:
    forged = "signed|1|1/1.pdf|a.pdf|2099-01-01T00:00:00+03:00"
    assert _refusal(world, forged) is LinkRefusal.INVALID
    assert _refusal(world, "x" * (MAX_LINK_TOKEN + 1)) is LinkRefusal.INVALID


async def test_d18_link_naming_another_clients_file_is_not_found(world: World) -> None:
    # Genuinely signed for client 1, but the key is client 2's file.
    token = world.links.sign("2/7.pdf", ClientId(1), "a.pdf", world.clock.now() + TTL)
    assert _refusal(world, token) is LinkRefusal.NOT_FOUND


def _refusal(world: World, token: str) -> LinkRefusal:
    with pytest.raises(LinkRefused) as refused:
        DownloadLinks(world.links, world.clock).open(token)
    return refused.value.refusal


async def test_d3_the_view_shows_link_and_expiry_together_once_done(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    queued = await service(world).job_view(ME, job.id)
    assert queued is not None and queued.job == job
    assert (queued.download_url, queued.expires_at) == (None, None)
    await service(world).render(job.id)
    done = await service(world).job_view(ME, job.id)
    assert done is not None and done.job.status is JobStatus.DONE
    assert done.download_url is not None and done.download_url.startswith(f"signed|1|1/{job.id}.")
    assert done.expires_at == world.clock.now() + TTL == done.job.expires_at
    # D18: another client's actor sees no job at all, and a view for it has no link.
    assert await service(world).job_view(OTHER, job.id) is None
    theirs = await service(world).view(OTHER, done.job)
    assert (theirs.download_url, theirs.expires_at) == (None, None)


async def test_d3_a_job_whose_file_expired_shows_neither_link_nor_expiry(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    await service(world).render(job.id)
    world.clock.advance(TTL + timedelta(seconds=1))
    await service(world).clean_expired()
    view = await service(world).job_view(ME, job.id)
    assert view is not None and view.job.expires_at is not None  # the job keeps its date
    assert (view.download_url, view.expires_at) == (None, None)


async def test_d3_a_failed_job_shows_neither_link_nor_expiry(world: World) -> None:
    job = await service(world).order_download(ME, AccountId(11), "2026-10", DownloadFormat.PDF)
    del world.uow.invoices.rows[world.invoice(11, job.period).id]
    await service(world).render(job.id)
    view = await service(world).job_view(ME, job.id)
    assert view is not None and view.job.status is JobStatus.FAILED
    assert (view.download_url, view.expires_at) == (None, None)
