"""Which failures are a database outage (answered 503), and which are bugs (masked 500)."""

from __future__ import annotations

import sqlite3

import asyncpg  # type: ignore[import-untyped]
import pytest
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from infra.bootstrap import is_database_outage
from infra.db.config import tortoise_config


def _raised_from(outer: type[Exception], inner: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except BaseException as error:
            raise outer(error) from error
    except Exception as wrapped:
        return wrapped


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed"),
        TimeoutError(),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is busy"),
        DBConnectionError("Can't establish connection"),
        _raised_from(OperationalError, sqlite3.OperationalError("database is locked")),
        _raised_from(OperationalError, sqlite3.OperationalError("unable to open database file")),
        _raised_from(OperationalError, ConnectionResetError(104, "Connection reset by peer")),
    ],
    ids=repr,
)
def test_d14_unreachable_database_is_an_outage(error: BaseException) -> None:
    assert is_database_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("a bug"),
        FileNotFoundError(2, "No such file or directory"),
        PermissionError(13, "Permission denied"),
        ValueError("bad value"),
        _raised_from(OperationalError, asyncpg.UndefinedTableError('relation "x" does not exist')),
        _raised_from(OperationalError, sqlite3.OperationalError("no such table: x")),
        _raised_from(IntegrityError, asyncpg.UniqueViolationError("duplicate key")),
        asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
        None,
    ],
    ids=repr,
)
def test_d14_bugs_are_not_an_outage(error: BaseException | None) -> None:
    assert not is_database_outage(error)


def test_d14_postgres_connects_with_a_timeout() -> None:
    url = tortoise_config("postgres://u@db:5432/kabinet")["connections"]["default"]
    assert url == "asyncpg://u@db:5432/kabinet?timeout=5"
    given = tortoise_config("postgres://u@db/k?timeout=1")["connections"]["default"]
    assert given == "asyncpg://u@db/k?timeout=1"
