"""Figures read from the database at scrape time (every process's work, not only this one's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Count, Min
from tortoise.models import Model

from infra.db import models as m

# The tables that hold a job each row, by the kind a metric names them.
JOB_TABLES: dict[str, type[Model]] = {
    "document": m.DocumentJobRow,
    "invoice_email": m.InvoiceEmailRequestRow,
    "charges": m.ChargesReportRow,
    "rename": m.RenameRequestRow,
    "services": m.ServiceRequestRow,
}


@dataclass(frozen=True)
class OutboxStats:
    depth: int
    oldest: datetime | None


async def outbox_stats() -> OutboxStats:
    """Rows not yet handed to the broker, and when the oldest of them was recorded."""
    rows = (
        await m.OutboxRow.filter(dispatched_at__isnull=True)
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .values("n", "oldest")
    )
    row = rows[0] if rows else {"n": 0, "oldest": None}
    oldest = row["oldest"]
    return OutboxStats(
        depth=int(row["n"] or 0), oldest=oldest if isinstance(oldest, datetime) else None
    )


async def jobs_by_status() -> dict[tuple[str, str], int]:
    """(kind, status) → how many rows, over every job table."""
    counts: dict[tuple[str, str], int] = {}
    for kind, model in JOB_TABLES.items():
        rows = await model.all().annotate(n=Count("id")).group_by("status").values("status", "n")
        for row in rows:
            counts[(kind, str(row["status"]))] = int(row["n"])
    return counts
