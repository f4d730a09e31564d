"""Charges of a period come from the database: tariffs and catalogue service fees (D9, D10)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain.ids import AccountId
from domain.invoices import ChargeType
from infra.bootstrap import Container
from infra.db import models as m
from infra.db.charges_repo import TortoiseChargesSource
from tests.conftest import MINSK

START = datetime(2026, 11, 1, tzinfo=MINSK)
END = datetime(2026, 12, 1, tzinfo=MINSK)


async def _with_services() -> tuple[int, str, Decimal]:
    """An account, one of its numbers with services, and the sum of their catalogue fees."""
    link = await m.SubscriberServiceRow.all().order_by("id").first()
    assert link is not None
    subscriber = await m.SubscriberRow.get(id=link.subscriber_id)  # type: ignore[attr-defined]
    codes = await m.SubscriberServiceRow.filter(subscriber_id=subscriber.id).values_list(
        "service_id", flat=True
    )
    fees = await m.ServiceRow.filter(code__in=list(codes)).values_list("monthly_fee", flat=True)
    return subscriber.account_id, subscriber.number, sum((Decimal(f) for f in fees), Decimal(0))  # type: ignore[attr-defined]


async def test_d10_service_charges_are_the_catalogue_fees(container: Container) -> None:
    account_id, number, fees = await _with_services()
    assert fees > 0  # the demo catalogue has prices
    lines = {
        line.subscriber_number: line
        for line in await TortoiseChargesSource().lines(AccountId(account_id), START, END, END)
    }
    assert lines[number].charges[ChargeType.SERVICES] == fees


async def test_d10_a_new_catalogue_price_is_billed(container: Container) -> None:
    account_id, number, fees = await _with_services()
    codes = await m.SubscriberServiceRow.filter(subscriber__number=number).values_list(
        "service_id", flat=True
    )
    await m.ServiceRow.filter(code__in=list(codes)).update(monthly_fee=Decimal("1.01"))
    lines = {
        line.subscriber_number: line
        for line in await TortoiseChargesSource().lines(AccountId(account_id), START, END, END)
    }
    assert lines[number].charges[ChargeType.SERVICES] == Decimal("1.01") * len(codes) != fees
