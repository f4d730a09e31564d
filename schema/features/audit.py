"""auditLog: who changed what, when, with the old and new values."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from domain.audit import AuditEntry as DomainEntry
from domain.ids import AuditEntryId
from schema.context import Info
from schema.ids import encode_id
from schema.paging import Connection, page_request, to_connection
from schema.scalars import JSON
from schema.types import Node

if TYPE_CHECKING:
    JSONValue = object
else:
    JSONValue = JSON


@strawberry.type(description="A change made by the client's administrator.")
class AuditEntry(Node):
    at: datetime
    actor: str
    action: str
    target: str | None
    before: JSONValue | None
    after: JSONValue | None

    @classmethod
    def of(cls, e: DomainEntry) -> AuditEntry:
        return cls(
            id=strawberry.ID(encode_id("AuditEntry", e.id)),
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            before=dict(e.before) if e.before is not None else None,
            after=dict(e.after) if e.after is not None else None,
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> AuditEntry | None:
        actor = info.context.require_actor()
        found = await info.context.container.audit.entry(actor, AuditEntryId(pk))
        return cls.of(found) if found else None


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Every change the client's administrator made, newest first.")
    async def audit_log(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AuditEntry]:
        actor = info.context.require_actor()
        page = await info.context.container.audit.list(actor, page_request(first, after))
        return to_connection(page, AuditEntry.of)
