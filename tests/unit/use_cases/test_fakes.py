"""The fakes keep their ports' contracts where the use-case tests lean on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.commands import RenderDocument
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.ids import AccountId, ClientId, JobId
from domain.paging import PageRequest
from domain.payments import UnconfirmedPayment
from domain.recipients import NONE
from tests.fakes import FakeUnitOfWork
from tests.unit.use_cases.world import NOW, OCTOBER, World


async def test_a_failed_transaction_puts_every_joined_fake_back(world: World) -> None:
    uow = world.uow
    with pytest.raises(RuntimeError):
        async with uow.transaction():
            await uow.delivery.add(
                AccountId(11),
                DeliverySettings(DeliveryMethod.SELF_PICKUP, NONE, InvoiceFormat.PDF, NOW),
            )
            await uow.outbox.add(RenderDocument(JobId(1)))
            await world.audit.record(ClientId(1), "demo", "x", None, None, None, NOW)
            raise RuntimeError("boom")
    assert len(uow.delivery.versions[11]) == 1
    assert uow.outbox.messages == [] and world.audit.records == []
    assert (uow.commits, uow.rollbacks) == (0, 1)


async def test_after_a_rollback_the_fakes_still_see_each_other(world: World) -> None:
    uow = world.uow
    with pytest.raises(RuntimeError):
        async with uow.transaction():
            raise RuntimeError("boom")
    # The invoices read the unit's own accounts (D18 scoping), not a copy of them.
    uow.accounts.rows[11] = replace(uow.accounts.rows[11], client_id=ClientId(2))
    invoice = world.invoice(11, OCTOBER)
    assert await uow.invoices.get(ClientId(1), invoice.id) is None
    assert await uow.invoices.get(ClientId(2), invoice.id) is not None


async def test_nested_transactions_commit_once_with_the_outer() -> None:
    uow = FakeUnitOfWork()
    async with uow.transaction():
        async with uow.transaction():
            await uow.outbox.add(RenderDocument(JobId(2)))
        assert uow.commits == 0
    assert uow.commits == 1 and len(uow.outbox.messages) == 1


async def test_outbox_key_records_a_job_once() -> None:
    uow = FakeUnitOfWork()
    first = await uow.outbox.add(RenderDocument(JobId(1)), key="k")
    again = await uow.outbox.add(RenderDocument(JobId(2)), key="k")
    assert first == again and uow.outbox.jobs(RenderDocument) == [RenderDocument(JobId(1))]


async def test_pages_are_bounded_and_say_whether_more_follow(world: World) -> None:
    for n in range(3):
        await world.payments.add(ClientId(1), _payment(n), "demo", NOW)
    page = await world.payments.list(ClientId(1), PageRequest(first=2))
    assert (len(page.items), page.has_next) == (2, True)


def _payment(n: int) -> UnconfirmedPayment:
    return UnconfirmedPayment(Decimal("1.00"), date(2026, 11, 1 + n), f"N{n}", None)
