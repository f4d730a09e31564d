"""One owner of a recurring pass across processes: a row with an expiry (pass_lease).

Each statement is one conditional write checked by its row count (SQLite has no
advisory locks). The expiry is in real time, whatever the clock the process runs
(KABINET_FAKE_NOW): a lease is between processes, not a rule of the domain.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from infra.db import models as m

_PAST = datetime(1970, 1, 1, tzinfo=UTC)
_REMEMBERED = timedelta(days=1)


class TortoisePassLease:
    async def acquire(self, name: str, owner: str, ttl: timedelta) -> bool:
        now = datetime.now(UTC)
        taken = await m.PassLeaseRow.filter(
            Q(name=name) & (Q(until__lt=now) | Q(owner=owner))
        ).update(owner=owner, until=now + ttl)
        if taken:
            return True
        if await m.PassLeaseRow.filter(name=name).exists():
            return False  # another process holds it
        try:
            async with in_transaction():  # a savepoint: a twin's insert leaves ours usable
                await m.PassLeaseRow.create(name=name, owner=owner, until=now + ttl)
        except IntegrityError:
            return False
        return True

    async def release(self, name: str, owner: str) -> None:
        await m.PassLeaseRow.filter(name=name, owner=owner).update(until=_PAST)


class TortoisePassMemory:
    """PassMemory in pass_lease rows of their own: set while `until` is ahead (a day).

    Read and written by the holder of the pass's lease only, so no two processes write a
    name at once (a twin's insert is still taken care of)."""

    async def remember(self, name: str, value: bool) -> bool:
        now = datetime.now(UTC)
        row = await m.PassLeaseRow.get_or_none(name=name)
        was = row is not None and row.until > now
        if was != value:
            until = now + _REMEMBERED if value else _PAST
            if row is not None:
                await m.PassLeaseRow.filter(name=name).update(until=until)
            else:
                try:
                    async with in_transaction():
                        await m.PassLeaseRow.create(name=name, owner="memory", until=until)
                except IntegrityError:
                    await m.PassLeaseRow.filter(name=name).update(until=until)
        return was
