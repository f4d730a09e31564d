"""changeSubscriberServices and serviceRequests (D14)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import strawberry
from strawberry.file_uploads import Upload

from domain.errors import DomainError
from domain.ids import JobId
from domain.list_requests import ServiceRequest as DomainRequest
from domain.services_by_list import ServiceAction
from schema.context import Info
from schema.errors import UserError, user_error
from schema.features.lines import (
    LINES_DESCRIPTION,
    LazyLines,
    LineResult,
    in_chunks,
    line_window,
    payload_errors,
    payload_lines,
    read_upload,
)
from schema.ids import encode_id
from schema.labels import label_field
from schema.paging import Connection, page_request, to_connection
from schema.types import Job, JobStatus


@strawberry.type(description="D14: a list to add or remove one service, carried out by a job.")
class ServiceRequest(Job):
    pk: strawberry.Private[JobId]
    action: ServiceAction

    action_label: str = label_field("service_action", "action")

    service_code: str
    status: JobStatus

    status_label: str = label_field("job_status", "status")

    created_at: datetime
    finished_at: datetime | None
    error: UserError | None = strawberry.field(
        description="Why a FAILED job failed; null otherwise."
    )
    progress: int | None = strawberry.field(description="0–100: the share of lines carried out.")

    @classmethod
    def of(cls, r: DomainRequest) -> ServiceRequest:
        return cls(
            id=strawberry.ID(encode_id("ServiceRequest", r.id)),
            pk=r.id,
            action=r.action,
            service_code=r.service_code,
            status=JobStatus.of(r.status),
            job_status=JobStatus.of(r.status),
            error=user_error(r.error) if r.error else None,
            created_at=r.created_at,
            finished_at=r.finished_at,
            progress=r.progress,
        )

    @strawberry.field(description="D14: every subscriber of the list with its outcome.")
    async def lines(
        self, info: Info, first: int | None = None, after_position: int | None = None
    ) -> list[LineResult]:
        actor = info.context.require_actor()
        window = line_window(first, after_position)
        found = await info.context.container.services.lines(actor, self.pk, window)
        return in_chunks(LineResult.stored(line) for line in found)

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> ServiceRequest | None:
        actor = info.context.require_actor()
        found = await info.context.container.services.request(actor, JobId(pk))
        return cls.of(found) if found else None


@strawberry.input
class ChangeSubscriberServicesInput:
    action: ServiceAction
    service_code: str
    numbers: list[str] | None = strawberry.field(
        default=None, description="The numbers; or send `file` instead (one of the two)."
    )
    file: Upload | None = strawberry.field(
        default=None,
        description="CSV or XLSX with the column «Номер» (multipart upload, as for renaming).",
    )


@strawberry.type
class ChangeSubscriberServicesPayload:
    request: ServiceRequest | None
    lines: list[LineResult] = strawberry.field(
        resolver=payload_lines, description=LINES_DESCRIPTION
    )
    errors: list[UserError] = strawberry.field(resolver=payload_errors)
    refusals: strawberry.Private[Sequence[DomainError]] = ()
    line_source: strawberry.Private[Callable[[], Sequence[LineResult]]] = list


@strawberry.type
class ServicesQuery:
    @strawberry.field(
        description="D14: requests of the current and the two previous months, newest first."
    )
    async def service_requests(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ServiceRequest]:
        actor = info.context.require_actor()
        page = await info.context.container.services.requests(actor, page_request(first, after))
        return to_connection(page, ServiceRequest.of)


@strawberry.type
class ServicesMutation:
    @strawberry.mutation(description="D14: add or remove a service for a list of subscribers.")
    async def change_subscriber_services(
        self, info: Info, input: ChangeSubscriberServicesInput
    ) -> ChangeSubscriberServicesPayload:
        actor = info.context.require_actor()
        services = info.context.container.services
        try:
            result = await services.submit(
                actor,
                input.action,
                input.service_code,
                input.numbers,
                await read_upload(input.file),
            )
        except DomainError as error:
            return ChangeSubscriberServicesPayload(request=None, refusals=[error])
        request = result.request
        accepted = request is not None
        return ChangeSubscriberServicesPayload(
            request=ServiceRequest.of(request) if request else None,
            refusals=result.errors,
            line_source=lambda: LazyLines(result.lines, lambda c: LineResult.checked(c, accepted)),
        )
