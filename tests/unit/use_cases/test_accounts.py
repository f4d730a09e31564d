"""AccountQueries on fakes: D2, D3, D5, D18."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.accounts import BankAccount, BillingAccount
from domain.delivery import NEVER_SET, DeliveryMethod
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId
from domain.paging import PageRequest
from domain.use_cases.accounts import AccountQueries
from tests.unit.use_cases.world import ME, OCTOBER, OTHER, World, minsk


def queries(world: World) -> AccountQueries:
    return AccountQueries(world.uow, world.clock)


def accounts(world: World, *ids: int) -> list[BillingAccount]:
    """Account objects as a screen holds them (read before, for some client)."""
    return [world.uow.accounts.rows[i] for i in ids]


async def test_d18_accounts_list_only_the_clients_own(world: World) -> None:
    page = await queries(world).accounts(ME, PageRequest())
    assert [a.number for a in page.items] == ["100011", "100012"]
    other = await queries(world).accounts(OTHER, PageRequest())
    assert [a.number for a in other.items] == ["200021"]


async def test_d18_other_clients_account_is_not_found(world: World) -> None:
    assert await queries(world).account(ME, AccountId(21)) is None
    with pytest.raises(DomainError) as refused:
        await queries(world).invoices(ME, AccountId(21), PageRequest())
    assert (refused.value.code, refused.value.field) == (ErrorCode.NOT_FOUND, "billingAccountId")
    with pytest.raises(DomainError):
        await queries(world).delivery_history(ME, AccountId(21), PageRequest())


async def test_d18_other_clients_invoice_reads_as_missing(world: World) -> None:
    theirs = world.invoice(21, OCTOBER)
    assert await queries(world).invoice(ME, theirs.id) is None
    assert await queries(world).invoice(OTHER, theirs.id) is not None


async def test_d18_batched_reads_drop_other_clients_accounts(world: World) -> None:
    # The owner is checked on the objects, without reading the accounts again.
    latest = await queries(world).latest_invoices(ME, accounts(world, 11, 21), 5)
    assert list(latest) == [11]
    delivery = await queries(world).delivery_in_force(ME, accounts(world, 11, 21))
    assert list(delivery) == [11]
    periods = await queries(world).downloadable_periods(ME, accounts(world, 21, 11))
    assert list(periods) == [11]


async def test_d5_account_never_set_up_reads_as_self_pickup(world: World) -> None:
    delivery = await queries(world).delivery_in_force(ME, accounts(world, 11, 12))
    assert delivery[AccountId(11)].method is DeliveryMethod.EMAIL
    assert delivery[AccountId(12)] is NEVER_SET


async def test_d3_downloadable_periods_are_the_formed_of_the_two_before(world: World) -> None:
    found = await queries(world).downloadable_periods(ME, accounts(world, 11, 12))
    assert found == {11: ["2026-10", "2026-09"], 12: []}


async def test_d3_a_month_later_only_october_is_left(world: World) -> None:
    world.clock.set(minsk(2026, 12, 10, 12))
    found = await queries(world).downloadable_periods(ME, accounts(world, 11))
    assert found == {11: ["2026-10"]}  # November is not formed in this world


async def test_d2_invoice_service_closed_in_formation_window(world: World) -> None:
    assert queries(world).invoice_service().available
    world.clock.set(minsk(2026, 12, 3, 23, 59))
    status = queries(world).invoice_service()
    assert (status.available, status.reason) == (False, ErrorCode.FORMATION_WINDOW)
    assert status.resumes_at == minsk(2026, 12, 4)


async def test_d18_client_of_the_actor(world: World) -> None:
    assert (await queries(world).client(ME)).name == "ООО «Ромашка»"
    bank = BankAccount("BY13NBRB3600900000002Z00AB00", "NBRBBY2X", "Нацбанк")
    world.uow.clients.rows[1] = replace(world.uow.clients.rows[1], bank_accounts=(bank,))
    assert (await queries(world).client(ME)).bank_accounts == (bank,)
    # D11's bank accounts only when a screen asks for them (issue 11: no unasked reads).
    assert (await queries(world).client(ME, with_bank_accounts=False)).bank_accounts == ()
    assert await queries(world).bank_accounts(ME) == (bank,)
    assert await queries(world).bank_accounts(OTHER) == ()
    del world.uow.clients.rows[1]
    with pytest.raises(DomainError):
        await queries(world).client(ME)
