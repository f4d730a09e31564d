"""AuditQueries on fakes: the client's own entries, newest first (D18)."""

from __future__ import annotations

from datetime import timedelta

from domain.ids import AuditEntryId, ClientId
from domain.paging import PageRequest
from domain.use_cases.audit import AuditQueries
from tests.unit.use_cases.world import ME, NOW, OTHER, World


async def test_d18_audit_lists_only_the_clients_entries_newest_first(world: World) -> None:
    await world.audit.record(ClientId(1), "demo", "login", None, None, None, NOW)
    await world.audit.record(ClientId(2), "demo2", "login", None, None, None, NOW)
    await world.audit.record(
        ClientId(1), "demo", "logout", None, None, None, NOW + timedelta(minutes=1)
    )
    page = await AuditQueries(world.audit).list(ME, PageRequest())
    assert [(e.actor, e.action) for e in page.items] == [("demo", "logout"), ("demo", "login")]


async def test_d18_other_clients_audit_entry_reads_as_missing(world: World) -> None:
    await world.audit.record(ClientId(2), "demo2", "login", None, None, None, NOW)
    queries = AuditQueries(world.audit)
    assert await queries.entry(ME, AuditEntryId(1)) is None
    entry = await queries.entry(OTHER, AuditEntryId(1))
    assert entry is not None and entry.action == "login"
