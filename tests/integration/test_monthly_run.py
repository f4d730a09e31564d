"""The monthly run: `form-invoices` forms, freezes and delivers each invoice once (D5, D10, D13)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import DomainError
from domain.invoices import ChargeType
from domain.money import money, vat_of
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from tests.conftest import MINSK
from tests.smtp_server import parse

FORMATION = datetime(2026, 12, 1, 2, 0, tzinfo=MINSK)


async def wait_sent(count: int, seconds: float = 60) -> None:
    for _ in range(int(seconds * 10)):
        if await m.InvoiceEmailRequestRow.filter(status="DONE").count() >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("sendings did not finish")


def emls(container: Container) -> list[Path]:
    folder = container.settings.outbox_dir
    return sorted(folder.glob("*.eml")) if folder.exists() else []


async def first_account(login: str = "demo") -> m.BillingAccountRow:
    admin = await m.AdminRow.get(login=login)
    row = (
        await m.BillingAccountRow.filter(client_id=admin.client_id)  # type: ignore[attr-defined]
        .order_by("id")
        .first()
    )
    assert row is not None
    return row


async def add_version(account_id: int, at: datetime, method: str, emails: str, fmt: str) -> None:
    await m.DeliverySettingsRow.create(
        account_id=account_id, method=method, emails=emails, format=fmt, valid_from=at,
        changed_by="demo",
    )  # fmt: skip


async def test_d5_the_version_in_force_at_formation_wins_and_is_frozen(
    container: Container, clock: FixedClock
) -> None:
    account = await first_account()
    d = "beltehnosnab.by"
    await add_version(account.id, datetime(2026, 11, 28, 9, tzinfo=MINSK), "EMAIL", f"a@{d}", "PDF")
    await add_version(
        account.id, datetime(2026, 12, 1, 1, 59, tzinfo=MINSK), "EMAIL", f"b@{d};c@{d}", "EXCEL"
    )
    await add_version(
        account.id, datetime(2026, 12, 1, 2, 1, tzinfo=MINSK), "EMAIL", f"z@{d}", "PDF"
    )
    clock.set(FORMATION)
    summary = await container.delivery.monthly.form("2026-11")
    accounts = await m.BillingAccountRow.filter(opened_on__lte="2026-11-30").count()
    assert summary.formed == accounts and summary.skipped == 0
    invoice = await m.InvoiceRow.get(account_id=account.id, period="2026-11")
    assert invoice.sent_to == [f"b@{d}", f"c@{d}"]
    assert invoice.delivery_method == "EMAIL" and invoice.delivery_format == "EXCEL"
    assert invoice.formed_at == FORMATION
    [regular] = await m.InvoiceEmailRequestRow.filter(invoice_id=invoice.id)
    assert regular.kind == "REGULAR" and regular.emails == [f"b@{d}", f"c@{d}"]
    await wait_sent(summary.queued)
    mine = [
        parse(p.read_bytes()) for p in emls(container) if account.number in p.read_text("latin-1")
    ]
    [message] = [x for x in mine if "ноябрь 2026" in str(x["Subject"])]
    assert [a.addr_spec for a in message["To"].addresses] == [f"b@{d}", f"c@{d}"]
    names = sorted(str(part.get_filename()) for part in message.iter_attachments())
    assert names == [
        f"invoice_{account.number}_2026-11.pdf",
        f"invoice_{account.number}_2026-11.xlsx",
    ]


async def test_d5_running_twice_forms_nothing_twice_and_sends_nothing_twice(
    container: Container, clock: FixedClock
) -> None:
    clock.set(FORMATION)
    first = await container.delivery.monthly.form("2026-11")
    await wait_sent(first.queued)
    sent = len(emls(container))
    assert first.formed > 0 and first.queued > 0 and sent == first.queued
    again = await container.delivery.monthly.form("2026-11")
    assert (again.formed, again.queued) == (0, 0)
    await asyncio.sleep(0.5)
    assert len(emls(container)) == sent
    assert await m.InvoiceRow.filter(period="2026-11").count() == first.formed
    assert await m.InvoiceEmailRequestRow.all().count() == first.queued


async def test_d10_lines_come_from_the_charges_of_the_period(
    container: Container, clock: FixedClock
) -> None:
    account = await first_account()
    clock.set(FORMATION)
    await container.delivery.monthly.form("2026-11")
    invoice = await m.InvoiceRow.get(account_id=account.id, period="2026-11")
    lines = await m.InvoiceLineRow.filter(invoice_id=invoice.id)
    calls: dict[str, Decimal] = {}
    for number, cost in await m.CallRow.filter(
        account_id=account.id,
        started_at__gte=datetime(2026, 11, 1, tzinfo=MINSK),
        started_at__lt=datetime(2026, 12, 1, tzinfo=MINSK),
    ).values_list("subscriber_number", "cost"):
        calls[number] = calls.get(number, Decimal(0)) + Decimal(str(cost))
    billed = {
        line.subscriber_number: money(line.amount)
        for line in lines
        if line.charge_type == ChargeType.CALLS.value
    }
    assert billed == {n: money(c) for n, c in calls.items() if c}
    subscribers = await m.SubscriberRow.filter(account_id=account.id).prefetch_related("tariff")
    fees = {
        line.subscriber_number: money(line.amount)
        for line in lines
        if line.charge_type == ChargeType.SUBSCRIPTION.value
    }
    assert fees == {s.number: money(s.tariff.monthly_fee) for s in subscribers}
    net = money(sum((money(line.amount) for line in lines), Decimal(0)))
    assert money(invoice.total) == net and money(invoice.vat) == vat_of(net)


async def test_d13_the_name_in_force_at_formation_is_printed(
    container: Container, clock: FixedClock
) -> None:
    account = await first_account()
    sub = await m.SubscriberRow.filter(account_id=account.id).order_by("number").first()
    assert sub is not None
    for at, name in (
        (datetime(2026, 11, 10, 10, tzinfo=MINSK), "Склад, первая смена"),
        (datetime(2026, 11, 27, 10, tzinfo=MINSK), "Склад, вторая смена"),
        (datetime(2026, 12, 1, 9, tzinfo=MINSK), "После формирования"),
    ):
        await m.SubscriberNameRow.create(subscriber_id=sub.id, name=name, valid_from=at)
    clock.set(FORMATION)
    await container.delivery.monthly.form("2026-11")
    invoice = await m.InvoiceRow.get(account_id=account.id, period="2026-11")
    names = {
        str(name)
        for name in await m.InvoiceLineRow.filter(
            invoice_id=invoice.id, subscriber_number=sub.number
        ).values_list("subscriber_name", flat=True)
    }
    assert names == {"Склад, вторая смена"}


async def test_d5_self_pickup_is_formed_but_not_sent(
    container: Container, clock: FixedClock
) -> None:
    account = await first_account()
    await add_version(
        account.id, datetime(2026, 11, 30, 12, tzinfo=MINSK), "SELF_PICKUP", "keep@x.by", "PDF"
    )
    clock.set(FORMATION)
    await container.delivery.monthly.form("2026-11")
    invoice = await m.InvoiceRow.get(account_id=account.id, period="2026-11")
    assert invoice.sent_to == [] and invoice.delivery_method == "SELF_PICKUP"
    assert await m.InvoiceEmailRequestRow.filter(invoice_id=invoice.id).count() == 0


@pytest.mark.parametrize(
    ("period", "code"), [("2026-12", "PERIOD_NOT_AVAILABLE"), ("x", "INVALID_PERIOD")]
)
async def test_d5_only_a_closed_period_is_formed(
    container: Container, clock: FixedClock, period: str, code: str
) -> None:
    clock.set(FORMATION)
    with pytest.raises(DomainError) as refused:
        await container.delivery.monthly.form(period)
    assert refused.value.code.value == code
    assert await m.InvoiceRow.filter(period="2026-11").count() == 0


async def test_d5_the_schedule_forms_on_day_1_only(container: Container, clock: FixedClock) -> None:
    assert await container.delivery.monthly.run_if_due() is None  # 24 November: nothing due
    clock.set(FORMATION)
    summary = await container.delivery.monthly.run_if_due()
    assert summary is not None and str(summary.period) == "2026-11" and summary.formed > 0
    assert await container.delivery.monthly.run_if_due() is None  # all formed


async def test_d5_form_invoices_command(container: Container, workdir: Path) -> None:
    s = container.settings
    env = os.environ.copy()
    env.update(
        KABINET_ENV="test",
        KABINET_DATABASE_URL=s.database_url,
        KABINET_BROKER_URL="",
        KABINET_SMTP_URL="",
        KABINET_OUTBOX_DIR=str(s.outbox_dir),
        KABINET_STORAGE_DIR=str(s.storage_dir),
        KABINET_FAKE_NOW=FORMATION.isoformat(),
    )
    command = [sys.executable, "-m", "infra.cli", "form-invoices", "--period", "2026-11"]
    first = await asyncio.to_thread(
        subprocess.run, command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )
    assert first.returncode == 0, first.stderr
    assert "Период 2026-11" in first.stdout
    queued = await m.InvoiceEmailRequestRow.filter(kind="REGULAR").count()
    assert queued > 0
    # This test's own server relay may take some of the command's jobs (two processes
    # on one database, as in production): wait until every sending has ended.
    for _ in range(600):
        if await m.InvoiceEmailRequestRow.filter(status="DONE").count() == queued:
            break
        await asyncio.sleep(0.1)
    assert await m.InvoiceEmailRequestRow.filter(status="DONE").count() == queued
    assert len(emls(container)) == queued
    again = await asyncio.to_thread(
        subprocess.run, command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0 and "сформировано счетов 0" in again.stdout
    assert len(emls(container)) == queued
    refused = await asyncio.to_thread(
        subprocess.run,
        [*command[:-1], "2026-12"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0 and "не закрыт" in refused.stderr
