"""Scalars: money as a two-place string, free-form JSON."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry

from domain.money import money


def _serialize_money(value: Decimal) -> str:
    return str(money(value))


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('Сумма передаётся строкой, например "123.40".')
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError('Сумма должна быть числом, например "123.40".') from exc
    if not parsed.is_finite():
        raise ValueError("Сумма должна быть конечным числом.")
    return parsed


MoneyScalar = strawberry.scalar(
    name="Decimal",
    description='Money in BYN as a string with two places, e.g. "123.40".',
    serialize=_serialize_money,
    parse_value=_parse_money,
)

JSON = strawberry.scalar(
    NewType("JSON", object),
    name="JSON",
    description="Free-form JSON value.",
    serialize=lambda v: v,
    parse_value=lambda v: v,
)
