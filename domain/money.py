"""Money: Decimal BYN, two places, rounded half up (D10)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")
VAT_RATE = Decimal("0.20")


_DIGITS = frozenset("0123456789")


def money(value: Decimal | int | str) -> Decimal:
    """A sum of money rounded to the kopeck."""
    if (
        type(value) is str
        and len(value) <= 20  # within Decimal's 28 digits: quantize could not overflow
        and value[-3:-2] == "."
        and value[-2] in _DIGITS
        and value[-1] in _DIGITS
    ):
        # Already written to the kopeck ("123.40", as the database keeps sums): rounding
        # would change nothing (Decimal refuses what is not a number, as quantize would).
        return Decimal(value)
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def vat_of(net: Decimal) -> Decimal:
    """VAT at 20 % on a net amount, to the kopeck (D10)."""
    return money(net * VAT_RATE)
