"""Tortoise configuration from the database URL."""

from __future__ import annotations

import os
from typing import Any

MODELS = ["infra.db.models"]


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = database_url
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "asyncpg://" + url.split("://", 1)[1]
    return {
        "connections": {"default": url},
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
