"""D15: installments: monthly payment, payments and amount left, payoff date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.installments import Installment, add_months


def installment(
    total: str = "1000.00",
    months: int = 3,
    first: date = date(2026, 1, 31),
    made: int = 0,
) -> Installment:
    return Installment("Смартфон", Decimal(total), months, first, made)


def test_d15_monthly_payment_rounds_and_last_payment_absorbs() -> None:
    plan = installment("1000.00", 3)
    assert plan.monthly_payment == Decimal("333.33")
    assert plan.last_payment == Decimal("333.34")
    assert [p.amount for p in plan.schedule()] == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]


def test_d15_half_kopeck_rounds_up() -> None:
    plan = installment("0.10", 4)  # 0.025 per month
    assert plan.monthly_payment == Decimal("0.03")
    assert plan.last_payment == Decimal("0.01")


def test_d15_even_split_has_equal_payments() -> None:
    plan = installment("1200.00", 12)
    assert {p.amount for p in plan.schedule()} == {Decimal("100.00")}


def test_d15_payments_and_amount_left() -> None:
    plan = installment("1000.00", 3, made=2)
    assert plan.payments_left == 1
    assert plan.amount_paid == Decimal("666.66")
    assert plan.amount_left == Decimal("333.34")
    assert str(plan.amount_left) == "333.34"


def test_d15_nothing_paid_and_all_paid() -> None:
    assert installment(made=0).amount_left == Decimal("1000.00")
    done = installment(made=3)
    assert done.payments_left == 0
    assert done.amount_left == Decimal("0.00")
    assert done.next_payment_on is None


def test_d15_payoff_date_clamps_to_month_end() -> None:
    assert installment(months=2, first=date(2026, 1, 31)).payoff_date == date(2026, 2, 28)
    assert installment(months=2, first=date(2028, 1, 31)).payoff_date == date(2028, 2, 29)
    assert installment(months=3, first=date(2026, 1, 31)).payoff_date == date(2026, 3, 31)
    assert installment(months=1, first=date(2026, 5, 15)).payoff_date == date(2026, 5, 15)
    assert installment(months=24, first=date(2026, 11, 30)).payoff_date == date(2028, 10, 30)


def test_d15_schedule_dates_keep_the_first_day() -> None:
    plan = installment(months=4, first=date(2026, 1, 31), made=1)
    assert [p.due_on for p in plan.schedule()] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert [p.paid for p in plan.schedule()] == [True, False, False, False]
    assert plan.next_payment_on == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("total", "months", "made"),
    [
        ("0", 3, 0),
        ("-1.00", 3, 0),
        ("10.001", 3, 0),
        ("10.00", 0, 0),
        ("10.00", 3, 4),
        ("10.00", 3, -1),
        ("0.02", 3, 0),  # less than a kopeck a month
        ("0.05", 10, 0),  # rounding would make the last payment negative
        ("NaN", 3, 0),
    ],
)
def test_d15_rejects_impossible_schedules(total: str, months: int, made: int) -> None:
    with pytest.raises(ValueError):
        installment(total, months, made=made)


@st.composite
def plans(draw: st.DrawFn) -> Installment:
    months = draw(st.integers(min_value=1, max_value=60))
    # Above this bound rounding can never push the last payment below a kopeck.
    bound = months * (Decimal("0.01") + Decimal("0.005") * (months - 1))
    least = bound.quantize(Decimal("0.01"), rounding=ROUND_UP)
    total = draw(st.decimals(min_value=least, max_value=Decimal("100000.00"), places=2))
    made = draw(st.integers(min_value=0, max_value=months))
    first = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
    return Installment("Ноутбук", total, months, first, made)


@given(plans())
def test_d15_schedule_sums_to_the_total(plan: Installment) -> None:
    schedule = plan.schedule()
    assert len(schedule) == plan.months
    assert sum((p.amount for p in schedule), Decimal("0")) == plan.total
    assert all(p.amount >= Decimal("0.01") for p in schedule)
    assert all(p.amount.as_tuple().exponent == -2 for p in schedule)
    assert abs(plan.last_payment - plan.monthly_payment) <= Decimal("0.005") * plan.months


@given(plans())
def test_d15_amount_left_plus_paid_is_the_total(plan: Installment) -> None:
    assert plan.amount_left + plan.amount_paid == plan.total
    unpaid = sum((p.amount for p in plan.schedule() if not p.paid), Decimal("0"))
    assert plan.amount_left == unpaid
    assert plan.payments_left == sum(1 for p in plan.schedule() if not p.paid)


@given(plans())
def test_d15_payoff_date_is_the_last_due_date(plan: Installment) -> None:
    dates = [p.due_on for p in plan.schedule()]
    assert plan.payoff_date == dates[-1]
    assert dates == sorted(dates)
    assert all(d.day <= plan.first_payment_on.day for d in dates)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_d15_add_months_lands_in_the_right_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # clamped: the last day of a shorter month
        assert (result + timedelta(days=1)).day == 1
