"""Plain rows for the screens: SQL through Tortoise's connection, no model objects.

Hydrating Tortoise models (every column parsed, `formed_at` by a pure-Python ISO parser,
each field set through `Model.__setattr__`) was 14–25 % of an accounts screen (issue 11).
The screens' repositories read the columns they map, as tuples, and convert them here:
PostgreSQL (asyncpg) gives dates, aware datetimes, numerics and booleans; SQLite gives
the text and integers Tortoise wrote.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from tortoise import connections


def _numbered(sql: str) -> str:
    parts = sql.split("?")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], 1))


async def select(sql: str, args: Sequence[Any] = ()) -> list[Any]:
    """The rows of `sql` (`?` placeholders on both back ends; no `?` in its literals)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        sql = _numbered(sql)
    _, rows = await conn.execute_query(sql, list(args))
    return list(rows)


def is_postgres() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


def moment_arg(value: datetime) -> Any:
    """An aware moment as a query argument: SQLite compares Tortoise's text spelling."""
    if is_postgres():
        return value
    return str(value.astimezone(UTC))


def moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


@functools.lru_cache(maxsize=4096)
def _strings_of(text: str) -> tuple[str, ...]:
    return tuple(str(item) for item in json.loads(text))


def json_strings(value: Any) -> tuple[str, ...]:
    """A JSON list of strings (e-mail addresses) as a tuple. A text seen before is not
    parsed again: an account's invoices mostly went to the same addresses."""
    if isinstance(value, str) and len(value) <= 2048:
        return _strings_of(value)
    return tuple(str(item) for item in json_value(value) or ())


_T = TypeVar("_T")


def frozen(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass `cls` whose fields are `fields` (every one,
    defaults included), equal to `cls(**fields)`: made without the frozen `__init__`,
    which sets each field through `object.__setattr__` (3.9 of invoice_of's 8.8 µs per
    row on screen b's 600 invoices). Only for a class without `__post_init__` or slots;
    tests/integration/test_invoice_rows.py holds each use to its constructor."""
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", fields)
    return made


def ids_list(ids: Sequence[int]) -> str:
    """Integer ids inlined into IN (…): never user text."""
    return ",".join(str(int(i)) for i in ids)
