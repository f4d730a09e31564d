"""Subscriptions (issue 12): a job at once and at every change, until it ends.

Served over WebSocket with the graphql-transport-ws protocol, signed in by the token
of `connection_init` (schema/app.py). Each event only wakes the watcher: the job is
read again scoped to the signed-in client (D18), so another client's id, like a
missing one, ends with NOT_FOUND and yields nothing.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

import strawberry

from domain.auth import Actor
from domain.errors import NotFound
from domain.ids import JobId
from schema.context import Info
from schema.errors import RefusedInput, Unauthenticated
from schema.features.documents import DocumentJob
from schema.features.invoice_email import ChargesReport, InvoiceEmailRequest
from schema.features.renaming import RenameRequest
from schema.features.services import ServiceRequest
from schema.ids import job_pk

Found = TypeVar("Found")
Shown = TypeVar("Shown")


async def follow(
    info: Info,
    kind: str,
    global_id: strawberry.ID,
    read: Callable[[Actor, JobId], Awaitable[Shown | None]],
    ended: Callable[[Shown], bool],
) -> AsyncGenerator[Shown, None]:
    """Yield the job now and whenever it reads differently; stop once it has ended."""
    actor = info.context.require_actor()
    pk = job_pk(str(global_id), kind)
    if pk is None:
        raise RefusedInput(NotFound("id"))
    # Watch before the first read: a change between the read and the wait still wakes it.
    async with info.context.container.job_events.watch(kind, pk) as wait:
        last: Shown | None = None
        while True:
            current = await read(actor, pk)
            if current is None:
                raise RefusedInput(NotFound("id"))
            if current != last:
                yield current
                last = current
            if ended(current):
                return
            await wait()
            token = info.context.token
            if token is not None and await info.context.container.auth.authenticate(token) is None:
                raise Unauthenticated()  # signed out (or the session expired) meanwhile


def shown(
    read: Callable[[Actor, JobId], Awaitable[Found | None]], of: Callable[[Found], Shown]
) -> Callable[[Actor, JobId], Awaitable[Shown | None]]:
    """A use case's read of the job (None: not the client's), as its GraphQL type."""

    async def read_shown(actor: Actor, pk: JobId) -> Shown | None:
        found = await read(actor, pk)
        return None if found is None else of(found)

    return read_shown


@strawberry.type
class JobsSubscription:
    @strawberry.subscription(
        description="D3: the download job now and at every change; ends at DONE or FAILED."
    )
    async def document_job(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[DocumentJob, None]:
        documents = info.context.container.documents

        read = shown(documents.job_view, DocumentJob.of)
        return follow(info, "DocumentJob", id, read, lambda j: j.job_status.ended)

    @strawberry.subscription(
        description="D4: the repeat by e-mail now and at every change; ends at DONE."
    )
    async def invoice_email_request(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[InvoiceEmailRequest, None]:
        emails = info.context.container.delivery.emails
        read = shown(emails.request, InvoiceEmailRequest.of)
        return follow(info, "InvoiceEmailRequest", id, read, lambda r: r.job_status.ended)

    @strawberry.subscription(
        description="D9: the current charges order now and at every change; ends at SENT or FAILED."
    )
    async def charges_report(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[ChargesReport, None]:
        charges = info.context.container.delivery.charges
        read = shown(charges.report, ChargesReport.of)
        return follow(
            info,
            "ChargesReport",
            id,
            read,
            lambda r: r.job_status.ended,
        )

    @strawberry.subscription(
        description="D13: the renaming request now and at every change; ends at DONE or FAILED."
    )
    async def rename_request(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[RenameRequest, None]:
        renaming = info.context.container.renaming
        read = shown(renaming.request, RenameRequest.of)
        return follow(info, "RenameRequest", id, read, lambda r: r.job_status.ended)

    @strawberry.subscription(
        description="D14: the services request now and at every change; ends at DONE or FAILED."
    )
    async def service_request(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[ServiceRequest, None]:
        services = info.context.container.services
        read = shown(services.request, ServiceRequest.of)
        return follow(info, "ServiceRequest", id, read, lambda r: r.job_status.ended)
