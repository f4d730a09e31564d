"""The audit log: written with each change, read by the administrator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from domain.audit import AuditEntry
from domain.ids import AuditEntryId, ClientId
from domain.paging import Page, PageRequest


class AuditLog(Protocol):
    """Who changed what, when, with the old and new values (written in the change's transaction)."""

    async def record(
        self,
        client_id: ClientId,
        actor: str,
        action: str,
        target: str | None,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        at: datetime,
    ) -> None: ...


class AuditReader(Protocol):
    async def list(self, client_id: ClientId, page: PageRequest) -> Page[AuditEntry]: ...

    async def get(self, client_id: ClientId, entry_id: AuditEntryId) -> AuditEntry | None: ...
