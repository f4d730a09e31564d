"""InstallmentQueries on fakes (D15, D18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.ids import InstallmentId
from domain.installments import Installment
from domain.use_cases.installments import InstallmentQueries
from tests.unit.use_cases.world import ME, OTHER, World


async def test_d15_installments_of_the_client_with_figures(world: World) -> None:
    phone = Installment("Телефон", Decimal("300.00"), 12, date(2026, 1, 10), 4, id=InstallmentId(1))
    world.installments.rows[1] = [phone]
    found = await InstallmentQueries(world.installments).list(ME)
    assert found == [phone]
    # 300.00 over 12 months: 25.00 a month; 4 paid → 8 left, 200.00 left.
    assert (found[0].monthly_payment, found[0].payments_left, found[0].amount_left) == (
        Decimal("25.00"),
        8,
        Decimal("200.00"),
    )
    assert found[0].payoff_date == date(2026, 12, 10)


async def test_d18_other_clients_installments_are_not_listed(world: World) -> None:
    world.installments.rows[1] = [Installment("Роутер", Decimal("120.00"), 6, date(2026, 6, 1), 1)]
    assert await InstallmentQueries(world.installments).list(OTHER) == []
