"""The audit log: written in the transaction of each change, read by the administrator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.audit import AuditEntry
from domain.ids import AuditEntryId, ClientId
from domain.paging import Page, PageRequest
from infra.db import models as m
from infra.db.repositories import page_of


class TortoiseAuditLog:
    async def record(
        self,
        client_id: ClientId,
        actor: str,
        action: str,
        target: str | None,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        at: datetime,
    ) -> None:
        await m.AuditRow.create(
            client_id=client_id,
            actor=actor,
            action=action,
            target=target,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
            at=at,
        )


def _entry(row: m.AuditRow) -> AuditEntry:
    return AuditEntry(
        id=AuditEntryId(int(row.id)),
        at=row.at,
        actor=row.actor,
        action=row.action,
        target=row.target,
        before=row.before,
        after=row.after,
    )


class TortoiseAuditReader:
    async def list(self, client_id: ClientId, page: PageRequest) -> Page[AuditEntry]:
        return await page_of(
            m.AuditRow.filter(client_id=client_id).order_by("-at", "-id"), page, _entry
        )

    async def get(self, client_id: ClientId, entry_id: AuditEntryId) -> AuditEntry | None:
        row = await m.AuditRow.get_or_none(id=entry_id, client_id=client_id)
        return _entry(row) if row else None
