"""InvoiceEmailService on fakes: the repeat (D4), the regular sending (D5), the job (D8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.commands import SendInvoiceEmail
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId, ClientId, DeliverySettingsId
from domain.job_store import JobStatus as DeliveryStatus
from domain.mail import (
    AMBIGUOUS_DELAY,
    DeliveryKind,
    MailAmbiguous,
    MailUnavailable,
    RecipientStatus,
    SendOutcome,
)
from domain.recipients import NONE, RecipientList
from domain.use_cases.invoice_email import InvoiceEmailService
from tests.unit.use_cases.world import (
    ME,
    NOW,
    OCTOBER,
    OPERATOR,
    OTHER,
    SEPTEMBER,
    World,
    minsk,
    recover,
)


def service(world: World) -> InvoiceEmailService:
    return InvoiceEmailService(
        world.uow, world.emails, world.calls, world.audit, world.clock, world.renderer,
        world.files, world.mailer, OPERATOR, 12, record_retry_seconds=0,
    )  # fmt: skip


def set_delivery(world: World, emails: tuple[str, ...], fmt: InvoiceFormat) -> None:
    version = DeliverySettings(
        DeliveryMethod.EMAIL,
        RecipientList(emails),
        fmt,
        NOW - timedelta(hours=1),
        "demo",
        DeliverySettingsId(9),
    )
    world.uow.delivery.versions[11].append(version)


async def test_d4_repeat_goes_to_addresses_in_force_now(world: World) -> None:
    set_delivery(world, ("new@romashka.by", "boss@romashka.by"), InvoiceFormat.EXCEL)
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    # Not the period's addresses (the invoice was sent to a@romashka.by), and the current format.
    assert email.emails.addresses == ("new@romashka.by", "boss@romashka.by")
    assert (email.kind, email.format, email.status) == (
        DeliveryKind.REPEAT,
        InvoiceFormat.EXCEL,
        DeliveryStatus.QUEUED,
    )
    assert world.uow.outbox.jobs(SendInvoiceEmail) == [SendInvoiceEmail(email.id)]
    await service(world).send(email.id)
    [mail] = world.mailer.sent
    assert mail.envelope == ("new@romashka.by", "boss@romashka.by")
    assert [f.filename.rsplit(".", 1)[1] for f in mail.message.files] == ["pdf", "xlsx"]
    assert world.emails.rows[email.id].status is DeliveryStatus.DONE


async def test_d4_any_formed_invoice_within_retention_can_be_repeated(world: World) -> None:
    world.clock.set(minsk(2027, 9, 15))  # September 2026 is 12 months back
    email = await service(world).order_repeat(ME, AccountId(11), "2026-09")
    assert email.invoice_id == world.invoice(11, SEPTEMBER).id


async def test_d4_beyond_retention_is_refused(world: World) -> None:
    world.clock.set(minsk(2027, 10, 15))
    with pytest.raises(DomainError) as refused:
        await service(world).order_repeat(ME, AccountId(11), "2026-09")
    assert refused.value.code is ErrorCode.PERIOD_NOT_AVAILABLE
    assert world.emails.rows == {}


async def test_d4_account_without_an_address_is_no_email_address(world: World) -> None:
    world.uow.delivery.versions[11].append(
        DeliverySettings(
            DeliveryMethod.SELF_PICKUP, NONE, InvoiceFormat.PDF, NOW, "demo", DeliverySettingsId(9)
        )
    )
    with pytest.raises(DomainError) as refused:
        await service(world).order_repeat(ME, AccountId(11), "2026-10")
    assert refused.value.code is ErrorCode.NO_EMAIL_ADDRESS
    assert world.emails.rows == {} and world.uow.outbox.messages == []


async def test_d2_repeat_refused_in_formation_window(world: World) -> None:
    world.clock.set(minsk(2026, 12, 2, 12))
    with pytest.raises(DomainError) as refused:
        await service(world).order_repeat(ME, AccountId(11), "2026-10")
    assert refused.value.code is ErrorCode.FORMATION_WINDOW
    assert world.emails.rows == {}


async def test_d18_other_clients_account_is_not_found(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).order_repeat(ME, AccountId(21), "2026-10")
    assert refused.value.code is ErrorCode.NOT_FOUND
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    assert await service(world).request(OTHER, email.id) is None
    assert await service(world).deliveries(OTHER, [email.invoice_id], 10) == {email.invoice_id: []}


async def test_d4_same_idempotency_key_orders_once(world: World) -> None:
    first = await service(world).order_repeat(ME, AccountId(11), "2026-10", "key-1")
    again = await service(world).order_repeat(ME, AccountId(11), "2026-10", "key-1")
    assert again.id == first.id
    assert len(world.emails.rows) == 1 and len(world.uow.outbox.messages) == 1
    assert world.audit.actions() == ["orderInvoiceEmail"]


async def test_d5_regular_sending_once_per_invoice(world: World) -> None:
    invoice = world.invoice(11, OCTOBER)
    settings = world.uow.delivery.versions[11][0]
    first = await service(world).enqueue_regular(ClientId(1), invoice, settings)
    again = await service(world).enqueue_regular(ClientId(1), invoice, settings)
    assert again.id == first.id and first.kind is DeliveryKind.REGULAR
    assert first.created_at == invoice.formed_at
    assert len(world.uow.outbox.jobs(SendInvoiceEmail)) == 1


async def test_d4_job_run_twice_mails_each_address_once(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    await service(world).send(email.id)
    await service(world).send(email.id)
    assert world.mailer.delivered_to() == ["a@romashka.by"]


async def test_d4_retry_mails_only_the_deferred_addresses(world: World) -> None:
    set_delivery(world, ("a@romashka.by", "b@romashka.by"), InvoiceFormat.PDF)
    world.mailer.answers["b@romashka.by"] = SendOutcome(RecipientStatus.DEFERRED, "451 later")
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    with pytest.raises(MailUnavailable):
        await service(world).send(email.id)
    stored = world.emails.rows[email.id]
    assert stored.status is DeliveryStatus.QUEUED and stored.pending == ("b@romashka.by",)
    del world.mailer.answers["b@romashka.by"]
    await service(world).send(email.id)
    assert world.mailer.delivered_to() == ["a@romashka.by", "b@romashka.by", "b@romashka.by"]
    done = world.emails.rows[email.id]
    assert done.status is DeliveryStatus.DONE
    assert {a: r.status for a, r in done.results.items()} == {
        "a@romashka.by": RecipientStatus.SENT,
        "b@romashka.by": RecipientStatus.SENT,
    }


async def test_d4_refused_address_is_final_and_not_retried(world: World) -> None:
    world.mailer.answers["a@romashka.by"] = SendOutcome(RecipientStatus.REFUSED, "550 no such")
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    await service(world).send(email.id)
    done = world.emails.rows[email.id]
    assert done.status is DeliveryStatus.DONE
    assert done.results["a@romashka.by"].status is RecipientStatus.REFUSED


async def test_d4_no_answer_to_data_waits_and_marks_a_possible_duplicate(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    world.mailer.fail_after_data = MailAmbiguous("timeout after DATA")
    await service(world).send(email.id)  # rescheduled, no broker retry
    stored = world.emails.rows[email.id]
    assert stored.status is DeliveryStatus.DEFERRED and stored.data_sent_at is not None
    await service(world).send(email.id)  # too early: not claimed
    assert len(world.mailer.sent) == 1
    world.clock.advance(AMBIGUOUS_DELAY)
    await service(world).send(email.id)
    done = world.emails.rows[email.id]
    assert done.status is DeliveryStatus.DONE
    assert done.results["a@romashka.by"].possible_duplicate


async def test_d4_mail_outage_past_the_lifetime_fails_the_addresses(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    world.clock.advance(timedelta(days=3))
    world.mailer.fail = MailUnavailable("connection refused")
    await service(world).send(email.id)
    done = world.emails.rows[email.id]
    assert done.status is DeliveryStatus.FAILED
    assert done.results["a@romashka.by"].status is RecipientStatus.FAILED
    assert world.mailer.sent == []


async def test_d4_operator_orders_the_failed_addresses_again(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    world.clock.advance(timedelta(days=3))
    world.mailer.fail = MailUnavailable("connection refused")
    await service(world).send(email.id)
    again = await service(world).order_again(email.id)
    assert again is not None and again.status is DeliveryStatus.QUEUED
    await service(world).send(email.id)
    assert world.mailer.delivered_to() == ["a@romashka.by"]
    assert world.emails.rows[email.id].results["a@romashka.by"].status is RecipientStatus.SENT


async def test_d8_attachments_are_made_once_per_invoice_and_format(world: World) -> None:
    first = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    second = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    await service(world).send(first.id)
    await service(world).send(second.id)
    assert world.renderer.made == [("pdf", "СЧ-2026-10-100011")]
    assert len(world.mailer.sent) == 2


async def test_d4_stale_sending_is_handed_out_again(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    world.clock.advance(timedelta(minutes=5))
    assert await recover(world, world.emails, SendInvoiceEmail) == 1
    assert await recover(world, world.emails, SendInvoiceEmail) == 0  # handed out: not stale
    assert len(world.uow.outbox.jobs(SendInvoiceEmail)) == 2
    await service(world).send(email.id)
    assert world.emails.rows[email.id].status is DeliveryStatus.DONE


def counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Every run of the D7 check of a whole list, from now on."""
    import domain.recipients as recipients

    seen: list[tuple[str, ...]] = []
    check = recipients._check

    def counted(addresses: tuple[str, ...], field_name: str) -> tuple[str, ...]:
        seen.append(addresses)
        return check(addresses, field_name)

    monkeypatch.setattr(recipients, "_check", counted)
    return seen


async def test_d7_typed_recipients_are_checked_once_not_again_by_the_repeat(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = RecipientList.parse("new@romashka.by;boss@пример.бел")  # checked here
    version = DeliverySettings(
        DeliveryMethod.EMAIL, typed, InvoiceFormat.PDF, NOW, "demo", DeliverySettingsId(9)
    )
    world.uow.delivery.versions[11].append(version)
    checks = counting_checks(monkeypatch)
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    assert email.emails == typed  # the settings' value itself, not a copy re-checked
    await service(world).send(email.id)
    [mail] = world.mailer.sent
    assert mail.envelope == ("new@romashka.by", "boss@xn--e1afmkfd.xn--90ais")
    assert checks == []  # neither the order nor the send checked the list again


async def test_d7_a_stored_list_is_checked_once_at_the_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = RecipientList.stored(["new@romashka.by", "boss@romashka.by"])  # as read back
    version = DeliverySettings(
        DeliveryMethod.EMAIL, stored, InvoiceFormat.PDF, NOW, "demo", DeliverySettingsId(9)
    )
    world.uow.delivery.versions[11].append(version)
    checks = counting_checks(monkeypatch)
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    await service(world).send(email.id)
    assert checks == [("new@romashka.by", "boss@romashka.by")]
    assert world.emails.rows[email.id].status is DeliveryStatus.DONE


async def test_d7_a_stored_list_that_does_not_hold_is_refused_at_the_order(
    world: World,
) -> None:
    # Written behind the domain's back: read back as it is, refused before it is kept.
    stored = RecipientList.stored(["a@romashka.by", "b@romashka.by\r\nBcc: spy@evil.by"])
    version = DeliverySettings(
        DeliveryMethod.EMAIL, stored, InvoiceFormat.PDF, NOW, "demo", DeliverySettingsId(9)
    )
    world.uow.delivery.versions[11].append(version)
    with pytest.raises(DomainError) as refused:
        await service(world).order_repeat(ME, AccountId(11), "2026-10")
    assert (refused.value.code, refused.value.field) == (ErrorCode.EMAILS_CONTAIN_SPACES, "emails")
    assert refused.value.message == "Если адресов несколько, укажите их через «;» без пробела."
    assert world.emails.rows == {} and world.uow.outbox.messages == []
    assert world.mailer.sent == []


async def test_d7_a_sending_whose_stored_list_does_not_hold_fails_unmailed(world: World) -> None:
    email = await service(world).order_repeat(ME, AccountId(11), "2026-10")
    bad = RecipientList.stored(["a@romashka.by", "a@ROMASHKA.by"])  # a row changed since
    world.emails.rows[email.id] = replace(world.emails.rows[email.id], emails=bad)
    await service(world).send(email.id)
    failed = world.emails.rows[email.id]
    assert failed.status is DeliveryStatus.FAILED and world.mailer.sent == []
    assert failed.result_of("a@romashka.by").status is RecipientStatus.FAILED
    assert "повторяет адрес №1" in (failed.result_of("a@romashka.by").detail or "")


async def test_d6_regular_sending_needs_an_address(world: World) -> None:
    invoice = world.invoice(11, OCTOBER)
    pickup = DeliverySettings(DeliveryMethod.SELF_PICKUP, NONE, InvoiceFormat.PDF, NOW)
    with pytest.raises(DomainError) as refused:
        await service(world).enqueue_regular(ClientId(1), invoice, pickup)
    assert refused.value.code is ErrorCode.NO_EMAIL_ADDRESS
    assert world.emails.rows == {} and world.uow.outbox.messages == []
