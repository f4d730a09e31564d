"""Scalars: money as a two-place string, a strict calendar date, times in Minsk (D0), JSON."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NewType

import strawberry

from domain.money import money
from domain.periods import to_minsk

# ASCII digits only: Decimal() would also take "١٢٣", "1_000", "1e5", " NaN ".
_MONEY_RE = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?", re.ASCII)
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
MONEY_EXAMPLE = "123.40"


class BadScalarValue(ValueError):
    """A value a scalar refuses; its message (Russian) is shown to the caller as is."""


def _serialize_money(value: Decimal) -> str:
    # The mappers round every sum read to the kopeck (domain.money): written as it is then,
    # rounded here only when it was not (issue 11: money was rounded twice per field).
    if type(value) is Decimal and value.as_tuple().exponent == -2:
        return str(value)
    return str(money(value))


def parse_money(value: Any) -> Decimal:
    """A sum written as a string with a decimal point; the decimal comma is refused."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadScalarValue(f"Сумма передаётся строкой, например {MONEY_EXAMPLE}.")
    text = str(value)
    if "," in text and _MONEY_RE.fullmatch(text.replace(",", ".", 1)):
        raise BadScalarValue(f"Сумма пишется с точкой, а не с запятой, например {MONEY_EXAMPLE}.")
    if not _MONEY_RE.fullmatch(text):
        raise BadScalarValue(f"Сумма должна быть числом, например {MONEY_EXAMPLE}.")
    return Decimal(text)


def parse_date(value: Any) -> date:
    """A calendar date written YYYY-MM-DD, nothing else (no week dates, no 20261209)."""
    match = _DATE_RE.fullmatch(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError(value)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise BadScalarValue(
            "Дата указывается в виде ГГГГ-ММ-ДД и должна существовать, например 2026-12-09."
        ) from None


MoneyScalar = strawberry.scalar(
    name="Decimal",
    description=(
        'Money in BYN as a string with two places, e.g. "123.40". Input: a string of '
        'ASCII digits with an optional minus and a decimal point ("123.40", "5"); a '
        'decimal comma ("1,50") is refused, not guessed, because "1,500" could mean '
        "1.5 or 1500; JSON numbers with a fraction, exponents, NaN and Infinity are "
        "refused too (BAD_USER_INPUT)."
    ),
    serialize=_serialize_money,
    parse_value=parse_money,
)

DateScalar = strawberry.scalar(
    name="Date",
    description='A calendar date as "YYYY-MM-DD", e.g. "2026-12-09"; nothing else is accepted.',
    serialize=date.isoformat,
    parse_value=parse_date,
)

JSON = strawberry.scalar(
    NewType("JSON", object),
    name="JSON",
    description="Free-form JSON value.",
    serialize=lambda v: v,
    parse_value=lambda v: v,
)


def _serialize_datetime(value: datetime) -> str:
    # D0: every time the API shows is in Minsk, whatever zone the database gave back.
    if value.tzinfo is None:
        raise ValueError("naive datetime in API output")
    return to_minsk(value).isoformat()


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise BadScalarValue("Время передаётся строкой ISO 8601 со смещением.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadScalarValue("Время должно быть в формате ISO 8601 со смещением.") from exc
    if parsed.tzinfo is None:
        raise BadScalarValue("Время должно быть со смещением, например 2026-11-24T12:00:00+03:00.")
    return parsed


MinskDateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time, ISO 8601, always in Minsk time (+03:00, D0).",
    serialize=_serialize_datetime,
    parse_value=_parse_datetime,
)
