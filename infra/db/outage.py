"""Which failures mean "the database cannot be reached now", as opposed to a bug.

The API answers them 503 with Retry-After (schema/app.py) and the background loops wait
for the database instead of logging a traceback per pass (infra/loops.py, Maintenance.run).
"""

from __future__ import annotations

import errno
import socket
import sqlite3

import asyncpg  # type: ignore[import-untyped]
from tortoise.exceptions import DBConnectionError

# PostgreSQL stopping, starting or restarting (SQLSTATE 57P01–57P03), no free connection,
# or a connection that broke.
_ASYNCPG_OUTAGE: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # ConnectionDoesNotExistError, ConnectionFailureError …
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
)
_NETWORK_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EPIPE,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.ETIMEDOUT,
    }
)
# SQLite has no server to lose; a file locked past busy_timeout or unreadable is alike.
_SQLITE_OUTAGE = ("database is locked", "unable to open database file", "disk i/o error")


def _is_outage_itself(error: BaseException) -> bool:
    if isinstance(error, (*_ASYNCPG_OUTAGE, DBConnectionError)):
        return True
    if isinstance(error, asyncpg.InterfaceError):
        return "connection is closed" in str(error) or "pool is closing" in str(error)
    if isinstance(error, asyncpg.InternalClientError):
        # An idle pooled connection that got the server's FATAL "terminating connection"
        # but not yet its end of stream is handed out in the middle of the error's
        # consumption (seen when PostgreSQL stops under load).
        return "cannot switch to state" in str(error)
    if isinstance(error, sqlite3.OperationalError):
        return str(error).lower().startswith(_SQLITE_OUTAGE)
    if isinstance(error, (ConnectionError, socket.gaierror, TimeoutError)):
        return True
    if type(error) is OSError:
        # asyncio's "Multiple exceptions: [Errno 111] Connect call failed …" has no errno.
        return error.errno is None or error.errno in _NETWORK_ERRNOS
    return False


def is_database_outage(error: BaseException | None) -> bool:
    """The error, or one it was raised from (Tortoise wraps drivers' errors), is an outage."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if _is_outage_itself(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
