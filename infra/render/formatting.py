"""How figures are written in Russian documents: 1 234,56; 01.11.2026; «Октябрь 2026»."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from domain.money import money
from domain.periods import BillingPeriod, to_minsk

NBSP = "\u00a0"
FIGURE_SPACE = "\u2007"  # as wide as a digit in DejaVu Sans
PUNCTUATION_SPACE = "\u2008"  # as wide as the comma and the no-break space

MONTHS = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def rubles(amount: Decimal) -> str:
    """1 234,56 with a no-break space between thousands, to the kopeck."""
    text = f"{money(amount):,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def padded_rubles(amount: Decimal, width: int) -> str:
    """rubles() right-aligned in `width` characters of tabular glyphs.

    DejaVu Sans has tabular digits and a figure space of the same width, and a
    punctuation space as wide as the comma and the no-break space; padding with
    them right-aligns a figure without a table cell of its own (see pdf.py).
    """
    text = rubles(amount)
    missing = width - len(text)
    if missing <= 0:
        return text
    # A missing group separator (every fourth position from the right of the
    # integer part) is padded with a punctuation space, a missing digit with a
    # figure space.
    pad = []
    for position in range(len(text), width):
        integer_position = position - 3  # ",56" is the fraction
        pad.append(PUNCTUATION_SPACE if integer_position % 4 == 3 else FIGURE_SPACE)
    return "".join(reversed(pad)) + text


def one_line(text: str) -> str:
    """User text with its control characters (tabs, line breaks) made plain spaces."""
    return _CONTROL.sub(" ", text).strip()


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = to_minsk(value).date()
    return f"{value:%d.%m.%Y}"


def moment(value: datetime) -> str:
    return f"{to_minsk(value):%d.%m.%Y %H:%M}"


def period_title(period: BillingPeriod) -> str:
    """«Октябрь 2026»."""
    return f"{MONTHS[period.month - 1]} {period.year}"
