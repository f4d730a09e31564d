"""CurrentChargesService on fakes: order, job, workbook mailed to the contact address (D9, D18)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.commands import SendCurrentCharges
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId
from domain.job_store import DEAD_AFTER
from domain.job_store import JobStatus as ReportStatus
from domain.mail import MailUnavailable, RecipientStatus, SendOutcome
from domain.use_cases.current_charges import CurrentChargesService
from tests.unit.use_cases.world import ME, OTHER, World, line, minsk, recover


def service(world: World) -> CurrentChargesService:
    return CurrentChargesService(
        world.uow, world.reports, world.charges, world.audit, world.clock, world.workbook,
        world.mailer,
    )  # fmt: skip


async def test_d9_order_goes_to_the_clients_contact_address(world: World) -> None:
    report = await service(world).order(ME, AccountId(11))
    assert (report.email.text, report.status) == ("boss@romashka.by", ReportStatus.QUEUED)
    assert world.uow.outbox.jobs(SendCurrentCharges) == [SendCurrentCharges(report.id)]
    assert world.audit.records[0].after == {"email": "boss@romashka.by", "id": report.id}


async def test_d9_client_without_a_contact_address_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order(OTHER, AccountId(21))
    assert refused.value.code is ErrorCode.NO_EMAIL_ADDRESS
    assert world.reports.rows == {} and world.uow.outbox.messages == []


async def test_d18_other_clients_account_is_not_found(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order(ME, AccountId(21))
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert world.reports.rows == {} and world.audit.records == []
    report = await service(world).order(ME, AccountId(11))
    assert await service(world).report(OTHER, report.id) is None


async def test_d9_job_mails_the_charges_of_the_month_so_far(world: World) -> None:
    world.charges.lines_of[11] = [line("+375291111111", "Иванов", "10.00", "2.50")]
    report = await service(world).order(ME, AccountId(11))
    world.clock.set(minsk(2026, 11, 24, 12, 5))
    await service(world).send(report.id)
    # The figures as of the order, from the start of the month, names as of the order.
    assert world.charges.asked == [
        (11, minsk(2026, 11, 1), report.created_at, report.created_at),
    ]
    assert world.workbook.statements[0].net == Decimal("12.50")
    [mail] = world.mailer.sent
    assert mail.envelope == ("boss@romashka.by",)
    assert [f.filename for f in mail.message.files] == ["charges_100011_2026-11-24.xlsx"]
    assert mail.message.files[0].data == b"CHARGES 100011 12.50"
    done = world.reports.rows[report.id]
    assert done.status is ReportStatus.DONE and done.result == "boss@romashka.by: SENT"


async def test_d9_job_run_twice_mails_once(world: World) -> None:
    report = await service(world).order(ME, AccountId(11))
    await service(world).send(report.id)
    await service(world).send(report.id)
    assert len(world.mailer.sent) == 1


async def test_d9_refused_address_fails_the_report(world: World) -> None:
    world.mailer.answers["boss@romashka.by"] = SendOutcome(RecipientStatus.REFUSED, "550 no")
    report = await service(world).order(ME, AccountId(11))
    await service(world).send(report.id)
    done = world.reports.rows[report.id]
    assert done.status is ReportStatus.FAILED and "550 no" in (done.result or "")


async def test_d9_mail_outage_puts_the_report_back_for_a_retry(world: World) -> None:
    report = await service(world).order(ME, AccountId(11))
    world.mailer.fail = MailUnavailable("connection refused")
    with pytest.raises(MailUnavailable):
        await service(world).send(report.id)
    assert world.reports.rows[report.id].status is ReportStatus.QUEUED
    await service(world).send(report.id)  # the broker's retry
    assert world.reports.rows[report.id].status is ReportStatus.DONE


async def test_d9_deferred_by_the_server_is_retried(world: World) -> None:
    world.mailer.answers["boss@romashka.by"] = SendOutcome(RecipientStatus.PENDING, "451 later")
    report = await service(world).order(ME, AccountId(11))
    with pytest.raises(MailUnavailable):
        await service(world).send(report.id)
    assert world.reports.rows[report.id].status is ReportStatus.QUEUED


async def test_d9_account_gone_before_the_job_fails_the_report(world: World) -> None:
    report = await service(world).order(ME, AccountId(11))
    del world.uow.accounts.rows[11]
    await service(world).send(report.id)
    assert world.reports.rows[report.id].status is ReportStatus.FAILED
    assert world.mailer.sent == []


async def test_d9_stale_report_is_sent_again(world: World) -> None:
    report = await service(world).order(ME, AccountId(11))
    await world.reports.claim(report.id, world.clock.now())  # a worker that died
    world.clock.advance(DEAD_AFTER)
    assert await recover(world, world.reports, SendCurrentCharges) == 1
    assert world.reports.rows[report.id].status is ReportStatus.QUEUED
    assert len(world.uow.outbox.jobs(SendCurrentCharges)) == 2
