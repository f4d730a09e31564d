"""Reading the audit log: every change an administrator made, newest first."""

from __future__ import annotations

from domain.audit import AuditEntry
from domain.auth import Actor
from domain.ids import AuditEntryId
from domain.paging import Page, PageRequest
from domain.ports import AuditReader


class AuditQueries:
    """The client's own audit entries only (D18)."""

    def __init__(self, reader: AuditReader) -> None:
        self._reader = reader

    async def list(self, actor: Actor, page: PageRequest) -> Page[AuditEntry]:
        return await self._reader.list(actor.client_id, page)

    async def entry(self, actor: Actor, entry_id: AuditEntryId) -> AuditEntry | None:
        return await self._reader.get(actor.client_id, entry_id)
