"""PaymentService on fakes: the unconfirmed payment (D12, D18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, PaymentId
from domain.paging import PageRequest
from domain.payments import Payment
from domain.use_cases.payments import PaymentService
from tests.unit.use_cases.world import ME, OTHER, World


def service(world: World) -> PaymentService:
    return PaymentService(world.uow, world.payments, world.audit, world.clock)


async def test_d12_unconfirmed_payment_is_registered_and_audited(world: World) -> None:
    added = await service(world).register(ME, Decimal("12.50"), date(2026, 11, 20), "77", "Банк")
    assert (added.amount, added.confirmed) == (Decimal("12.50"), False)
    assert world.payments.of(ClientId(1)) == [added]
    assert world.payments.rows[added.id].registered_by == "demo"
    assert world.audit.actions() == ["registerPayment"]
    assert world.audit.records[0].after == {
        "amount": "12.50",
        "paidOn": "2026-11-20",
        "documentNumber": "77",
        "bank": "Банк",
        "confirmed": False,
    }


async def test_d12_same_number_on_the_same_date_twice_is_duplicate_payment(world: World) -> None:
    await service(world).register(ME, Decimal("10"), date(2026, 11, 20), "77", None)
    with pytest.raises(DomainError) as refused:
        await service(world).register(ME, Decimal("20"), date(2026, 11, 20), "77", None)
    assert refused.value.code is ErrorCode.DUPLICATE_PAYMENT
    assert len(world.payments.of(ClientId(1))) == 1
    assert world.audit.actions() == ["registerPayment"]


async def test_d12_same_number_on_another_date_or_client_is_no_duplicate(world: World) -> None:
    await service(world).register(ME, Decimal("10"), date(2026, 11, 20), "77", None)
    await service(world).register(ME, Decimal("10"), date(2026, 11, 21), "77", None)
    await service(world).register(OTHER, Decimal("10"), date(2026, 11, 20), "77", None)
    assert (len(world.payments.of(ClientId(1))), len(world.payments.of(ClientId(2)))) == (2, 1)


@pytest.mark.parametrize(
    ("amount", "paid_on", "code"),
    [
        (Decimal("0"), date(2026, 11, 20), ErrorCode.INVALID_AMOUNT),
        (Decimal("1.005"), date(2026, 11, 20), ErrorCode.INVALID_AMOUNT),
        (Decimal("10"), date(2026, 11, 25), ErrorCode.INVALID_DATE),  # tomorrow in Minsk
        (Decimal("10"), date(2026, 10, 24), ErrorCode.INVALID_DATE),  # 31 days back
    ],
)
async def test_d12_refused_payment_saves_nothing(
    world: World, amount: Decimal, paid_on: date, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).register(ME, amount, paid_on, "77", None)
    assert refused.value.code is code
    assert world.payments.rows == {} and world.audit.records == []


async def test_d12_thirty_days_back_is_still_accepted(world: World) -> None:
    await service(world).register(ME, Decimal("10"), date(2026, 10, 25), "78", None)
    assert len(world.payments.of(ClientId(1))) == 1


async def test_d18_other_clients_payment_reads_as_missing(world: World) -> None:
    theirs = world.payments.put(
        ClientId(2), Payment(PaymentId(5), date(2026, 11, 1), Decimal("1"), "9", None, True)
    )
    assert await service(world).payment(ME, theirs.id) is None
    assert await service(world).payment(OTHER, theirs.id) == theirs
    assert (await service(world).history(ME, PageRequest())).items == []
