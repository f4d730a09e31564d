"""Money: Decimal BYN, two places, rounded half up (D10)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")
VAT_RATE = Decimal("0.20")


def money(value: Decimal | int | str) -> Decimal:
    """A sum of money rounded to the kopeck."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def vat_of(net: Decimal) -> Decimal:
    """VAT at 20 % on a net amount, to the kopeck (D10)."""
    return money(net * VAT_RATE)
