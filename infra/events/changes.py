"""Which jobs a transaction changed: repositories mark them, the unit of work publishes.

A job row is written by one process (a worker, the server's in-process job) and watched
by another (a subscription in the API process). The repositories mark what they write
with `changed(kind, id)`; the unit of work publishes the marks once its transaction has
committed, so a watcher that re-reads on the event sees the new state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from domain.ids import JobId

# Kinds are the GraphQL type names of the jobs.
DOCUMENT_JOB = "DocumentJob"
INVOICE_EMAIL = "InvoiceEmailRequest"
CHARGES_REPORT = "ChargesReport"
RENAME_REQUEST = "RenameRequest"
SERVICE_REQUEST = "ServiceRequest"

JobKey = tuple[str, JobId]

_pending: ContextVar[set[JobKey] | None] = ContextVar("kabinet_changed_jobs", default=None)


def changed(kind: str, job_id: JobId) -> None:
    """Mark a job as changed by the current transaction (outside one: no event, the
    watchers' poll still sees it)."""
    pending = _pending.get()
    if pending is not None:
        pending.add((kind, JobId(int(job_id))))


@contextmanager
def collecting() -> Iterator[set[JobKey]]:
    """The marks of this transaction; a nested transaction adds to its outer one's."""
    outer = _pending.get()
    if outer is not None:
        yield set()  # published with the outer transaction
        return
    marks: set[JobKey] = set()
    token = _pending.set(marks)
    try:
        yield marks
    finally:
        _pending.reset(token)
