"""Scalars: money as a two-place string, times in Minsk (D0), free-form JSON."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry

from domain.money import money
from domain.periods import to_minsk


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


def _serialize_datetime(value: datetime) -> str:
    # D0: every time the API shows is in Minsk, whatever zone the database gave back.
    if value.tzinfo is None:
        raise ValueError("naive datetime in API output")
    return to_minsk(value).isoformat()


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("Время передаётся строкой ISO 8601 со смещением.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("Время должно быть в формате ISO 8601 со смещением.") from exc
    if parsed.tzinfo is None:
        raise ValueError("Время должно быть со смещением, например 2026-11-24T12:00:00+03:00.")
    return parsed


MinskDateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time, ISO 8601, always in Minsk time (+03:00, D0).",
    serialize=_serialize_datetime,
    parse_value=_parse_datetime,
)
