"""Tortoise configuration from the database URL."""

from __future__ import annotations

import os
import re
from typing import Any

MODELS = ["infra.db.models"]


# SQLite takes one writer at a time across processes (the server, `kabinet
# form-invoices`, workers): a writer waits this long for the lock before "database
# is locked" (sqlite3's own default, 5 s, was exceeded on a loaded machine).
SQLITE_BUSY_TIMEOUT_MS = 30_000


# A PostgreSQL that does not answer (a host down, packets dropped) is an outage after
# this long (asyncpg waits 60 s by default); each request then answers 503 in seconds.
PG_CONNECT_TIMEOUT_SECONDS = 5


def _with_connect_timeout(url: str) -> str:
    if re.search(r"[?&]timeout=", url):
        return url
    return url + ("&" if "?" in url else "?") + f"timeout={PG_CONNECT_TIMEOUT_SECONDS}"


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = database_url
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "asyncpg://" + url.split("://", 1)[1]
        url = _with_connect_timeout(url)
    elif url.startswith("sqlite://") and "busy_timeout=" not in url:
        url += ("&" if "?" in url else "?") + f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    connection: str | dict[str, Any] = url
    if url.startswith("sqlite://"):
        from tortoise.backends.base.config_generator import expand_db_url

        # The same settings, with transactions that begin IMMEDIATE (see sqlite_engine).
        connection = {**expand_db_url(url), "engine": "infra.db.sqlite_engine"}
    return {
        "connections": {"default": connection},
        "apps": {
            "kabinet": {
                "models": MODELS,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the `tortoise` CLI (makemigrations): tortoise -c infra.db.config.TORTOISE_ORM
TORTOISE_ORM = tortoise_config(os.environ.get("KABINET_DATABASE_URL", "sqlite://var/kabinet.db"))
