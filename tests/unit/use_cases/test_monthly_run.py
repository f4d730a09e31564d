"""MonthlyRun on fakes: form a closed period's invoices once and send them (D2, D5, D10)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.commands import SendInvoiceEmail
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import DeliverySettingsId
from domain.mail import DeliveryKind
from domain.periods import BillingPeriod
from domain.recipients import RecipientList
from domain.use_cases.invoice_email import InvoiceEmailService
from domain.use_cases.monthly_run import MonthlyRun
from tests.unit.use_cases.world import OPERATOR, World, line, minsk

NOVEMBER = BillingPeriod.parse("2026-11")


def run(world: World) -> MonthlyRun:
    emails = InvoiceEmailService(
        world.uow, world.emails, world.calls, world.audit, world.clock, world.renderer,
        world.files, world.mailer, OPERATOR, 12,
    )  # fmt: skip
    return MonthlyRun(world.uow, world.formation, world.charges, emails, world.clock)


def in_december(world: World) -> None:
    world.clock.set(minsk(2026, 12, 1, 3))
    world.charges.lines_of[11] = [
        line("+375291111111", "Иванов", "10.00", "2.35"),
        line("+375292222222", "Петров", "7.50"),
    ]


async def test_d10_invoice_figures_by_hand(world: World) -> None:
    in_december(world)
    summary = await run(world).form("2026-11")
    assert (summary.formed, summary.queued, summary.skipped) == (3, 1, 0)
    invoice = world.invoice(11, NOVEMBER)
    # October closed at 0.00 + 0.00 - 12.00 = -12.00; the account's balance is 50.00, so
    # 62.00 came in during November. Net 19.85, VAT 3.97, gross 23.82;
    # -12.00 + 62.00 - 23.82 = 26.18 left in advance: nothing due.
    assert (invoice.opening_balance, invoice.payments) == (Decimal("-12.00"), Decimal("62.00"))
    assert (invoice.total, invoice.vat, invoice.amount_due) == (
        Decimal("19.85"),
        Decimal("3.97"),
        Decimal("0.00"),
    )
    assert world.uow.accounts.rows[11].balance == Decimal("26.18")
    assert invoice.number == "СЧ-2026-11-100011"


async def test_d5_sent_by_the_version_in_force_at_formation(world: World) -> None:
    in_december(world)
    world.uow.delivery.versions[11].append(
        DeliverySettings(
            DeliveryMethod.EMAIL,
            RecipientList(("late@romashka.by",)),
            InvoiceFormat.EXCEL,
            minsk(2026, 12, 1, 4),
            "demo",
            DeliverySettingsId(9),
        )
    )
    await run(world).form("2026-11")
    invoice = world.invoice(11, NOVEMBER)
    assert invoice.sent_to == ("a@romashka.by",)
    [email] = world.emails.rows.values()
    assert (email.kind, email.emails.addresses, email.format) == (
        DeliveryKind.REGULAR,
        ("a@romashka.by",),
        InvoiceFormat.PDF,
    )
    assert world.uow.outbox.jobs(SendInvoiceEmail) == [SendInvoiceEmail(email.id)]


async def test_d5_self_pickup_sends_nothing(world: World) -> None:
    in_december(world)
    await run(world).form("2026-11")
    for account_id in (12, 21):  # never set up: self-pickup
        invoice = world.invoice(account_id, NOVEMBER)
        assert invoice.sent_to == ()
    assert len(world.emails.rows) == 1


async def test_d5_running_twice_forms_and_sends_nothing_twice(world: World) -> None:
    in_december(world)
    await run(world).form("2026-11")
    again = await run(world).form("2026-11")
    assert (again.formed, again.queued) == (0, 0)
    assert len(world.emails.rows) == 1 and len(world.uow.outbox.messages) == 1
    assert world.uow.accounts.rows[11].balance == Decimal("26.18")


async def test_d1_open_period_is_not_formed(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await run(world).form("2026-11")
    assert refused.value.code is ErrorCode.PERIOD_NOT_AVAILABLE
    assert all(i.period != NOVEMBER for i in world.uow.invoices.rows.values())


async def test_d2_schedule_forms_in_the_window_only(world: World) -> None:
    assert await run(world).run_if_due() is None  # 24 November: outside the window
    in_december(world)
    summary = await run(world).run_if_due()
    assert summary is not None and summary.period == NOVEMBER
    assert await run(world).run_if_due() is None  # nothing left to form
