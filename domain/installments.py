"""Equipment bought in installments: the payment schedule and what is left (D15).

The monthly payment is total / months rounded half up to the kopeck; the last payment
absorbs the rounding, so the schedule sums to the total exactly. Payment i (0-based) is
due on first_payment_on + i months, the day clamped to the end of a shorter month (a
schedule starting on 31 January is due on 28/29 February, then 31 March).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.ids import InstallmentId
from domain.money import KOPECK, money


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ScheduledPayment:
    """One monthly payment of an installment schedule (D15)."""

    number: int  # 1-based
    due_on: date
    amount: Decimal
    paid: bool


@dataclass(frozen=True)
class Installment:
    """D15: an item bought in installments and the state of its schedule."""

    item: str
    total: Decimal
    months: int
    first_payment_on: date
    payments_made: int
    id: InstallmentId | None = None

    def __post_init__(self) -> None:
        # Operator data, not user input: a broken schedule is a bug, hence ValueError.
        if not self.total.is_finite() or self.total <= 0 or self.total != money(self.total):
            raise ValueError(f"installment total must be a positive sum in kopecks: {self.total}")
        if self.months < 1:
            raise ValueError(f"installment needs at least one payment: {self.months}")
        if not 0 <= self.payments_made <= self.months:
            raise ValueError(f"payments made {self.payments_made} not in 0..{self.months}")
        if self.monthly_payment < KOPECK or self.last_payment < KOPECK:
            raise ValueError(f"{self.total} cannot be split into {self.months} payments")

    @property
    def monthly_payment(self) -> Decimal:
        """D15: total / months, rounded half up to the kopeck."""
        return money(self.total / self.months)

    @property
    def last_payment(self) -> Decimal:
        """D15: the last payment absorbs the rounding of the monthly ones."""
        return self.total - self.monthly_payment * (self.months - 1)

    def amount_of(self, number: int) -> Decimal:
        """The amount of payment `number` (1-based)."""
        if not 1 <= number <= self.months:
            raise ValueError(f"no payment {number} in a schedule of {self.months}")
        return self.last_payment if number == self.months else self.monthly_payment

    @property
    def payments_left(self) -> int:
        return self.months - self.payments_made

    @property
    def amount_paid(self) -> Decimal:
        """D15: the sum of the payments made, to the kopeck."""
        regular = min(self.payments_made, self.months - 1)
        last = self.last_payment if self.payments_made == self.months else Decimal("0.00")
        return self.monthly_payment * regular + last

    @property
    def amount_left(self) -> Decimal:
        """D15: the sum of the payments left, to the kopeck (total − paid)."""
        return self.total - self.amount_paid

    @property
    def payoff_date(self) -> date:
        """D15: the due date of the last scheduled payment."""
        return add_months(self.first_payment_on, self.months - 1)

    @property
    def next_payment_on(self) -> date | None:
        """The due date of the first payment not yet made; None once paid off."""
        if self.payments_left == 0:
            return None
        return add_months(self.first_payment_on, self.payments_made)

    def schedule(self) -> tuple[ScheduledPayment, ...]:
        """D15: every payment: number, due date, amount and whether it is made."""
        return tuple(
            ScheduledPayment(
                number=number,
                due_on=add_months(self.first_payment_on, number - 1),
                amount=self.amount_of(number),
                paid=number <= self.payments_made,
            )
            for number in range(1, self.months + 1)
        )
