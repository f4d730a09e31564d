"""SQLite for several processes: every transaction starts with BEGIN IMMEDIATE.

Tortoise begins SQLite transactions with a plain (deferred) BEGIN. With several
processes on one database file (the server, workers, `kabinet form-invoices`), a
deferred transaction that reads and then writes fails at once with "database is
locked" when another process committed in between: SQLite cannot upgrade its stale
read snapshot, and busy_timeout does not help. That error after a mail was handed over
sent the mail again (105 duplicates in 1,000 in the drill). BEGIN IMMEDIATE takes the
write lock first, waiting on busy_timeout, so a transaction reads what it then writes.

Used by tortoise_config for sqlite:// URLs, as the engine "infra.db.sqlite_engine".
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateTransactionContext(SqliteTransactionContext):
    """Tortoise's context, but a BEGIN that fails (busy past the timeout) releases the
    connection's lock instead of keeping it for good."""

    async def __aenter__(self) -> Any:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    return ImmediateSqliteClient
