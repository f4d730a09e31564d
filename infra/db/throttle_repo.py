"""Sign-in attempt counters in the database, so that every API process sees them (D18)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from domain.auth import ThrottleState
from infra.db import models as m


class TortoiseLoginThrottleStore:
    """Each change is one conditional statement checked by its row count (compare-and-set
    on `version`, or an INSERT the primary key refuses): atomic on SQLite and PostgreSQL."""

    async def get(self, key: str) -> ThrottleState | None:
        row = await m.LoginThrottleRow.get_or_none(key=key)
        if row is None:
            return None
        return ThrottleState(row.attempts, row.blocked_until, row.last_attempt_at, row.version)

    async def replace(self, key: str, expected: ThrottleState | None, new: ThrottleState) -> bool:
        values: dict[str, Any] = {
            "attempts": new.attempts,
            "blocked_until": new.blocked_until,
            "last_attempt_at": new.last_attempt_at,
            "version": new.version,
        }
        if expected is None:
            try:
                await m.LoginThrottleRow.create(key=key, **values)
            except IntegrityError:
                return False  # another attempt created it first
            return True
        changed = await m.LoginThrottleRow.filter(key=key, version=expected.version).update(
            **values
        )
        return bool(changed)

    async def clear(self, key: str) -> None:
        await m.LoginThrottleRow.filter(key=key).delete()

    async def forget_before(self, cutoff: datetime, now: datetime) -> int:
        return int(
            await m.LoginThrottleRow.filter(last_attempt_at__lt=cutoff)
            .filter(Q(blocked_until__isnull=True) | Q(blocked_until__lte=now))
            .delete()
        )
