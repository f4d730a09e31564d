"""The call detail of an invoice (D8, D10), read in the parts of a period."""

from __future__ import annotations

from datetime import datetime

from domain.documents import CallRecord
from domain.ids import AccountId, CallId
from domain.money import money
from infra.db import models as m


class TortoiseCallRepository:
    async def chunk(
        self, account_id: AccountId, start: datetime, end: datetime, after_id: CallId, size: int
    ) -> list[tuple[CallId, CallRecord]]:
        rows = (
            await m.CallRow.filter(
                account_id=account_id, started_at__gte=start, started_at__lt=end, id__gt=after_id
            )
            .order_by("id")
            .limit(size)
            .values_list(
                "id", "subscriber_number", "started_at", "duration_s", "callee", "kind", "cost"
            )
        )
        return [
            (CallId(int(r[0])), CallRecord(r[1], r[2], int(r[3]), r[4], r[5], money(r[6])))
            for r in rows
        ]
