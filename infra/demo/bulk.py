"""Writing demo rows fast: COPY on asyncpg, executemany on SQLite, the ORM otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

CHUNK = 20_000  # rows per insert


class BulkWriter:
    """Inserts plain tuples: COPY on asyncpg, executemany on SQLite, ORM otherwise."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self._conn = conn
        self._dialect = conn.capabilities.dialect

    async def insert(
        self, model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Inserts the rows, CHUNK at a time."""
        for start in range(0, len(rows), CHUNK):
            await self._insert(model, columns, rows[start : start + CHUNK])

    async def _insert(
        self, model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        table = model._meta.db_table
        if self._dialect == "postgres":
            async with self._conn.acquire_connection() as raw:
                if hasattr(raw, "copy_records_to_table"):
                    await raw.copy_records_to_table(table, records=rows, columns=list(columns))
                    return
        if self._dialect == "sqlite":
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            # Table and column names come from our models, never from input.
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
            await self._conn.execute_many(sql, cast(list[list[Any]], rows))
            return
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        await model.bulk_create(objects, batch_size=1000, using_db=self._conn)


def utc(moment: datetime) -> datetime:
    # Stored as the ORM stores it (UTC; on SQLite the same text the ORM writes).
    return moment.astimezone(UTC).replace(microsecond=0)
