"""renameSubscribers (items or an uploaded CSV/XLSX) and renameRequests (D13)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types.arguments import InputContext
from strawberry.types.base import get_object_definition

from domain.errors import DomainError
from domain.ids import JobId
from domain.list_requests import RenameRequest as DomainRequest
from domain.use_cases.renaming import RenameResult
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


@strawberry.type(description="D13: an accepted renaming list, carried out by a job.")
class RenameRequest(Job):
    pk: strawberry.Private[JobId]
    status: JobStatus

    status_label: str = label_field("job_status", "status")

    created_at: datetime
    finished_at: datetime | None
    error: UserError | None = strawberry.field(
        description="Why a FAILED job failed; null otherwise."
    )
    line_count: int
    idempotency_key: str | None
    progress: int | None = strawberry.field(description="0–100: the share of lines carried out.")

    @classmethod
    def of(cls, r: DomainRequest) -> RenameRequest:
        return cls(
            id=strawberry.ID(encode_id("RenameRequest", r.id)),
            pk=r.id,
            status=JobStatus.of(r.status),
            job_status=JobStatus.of(r.status),
            error=user_error(r.error) if r.error else None,
            created_at=r.created_at,
            finished_at=r.finished_at,
            line_count=r.line_count,
            idempotency_key=r.idempotency_key,
            progress=r.progress,
        )

    @strawberry.field(description="Every line with its result. " + LINES_DESCRIPTION)
    async def lines(
        self, info: Info, first: int | None = None, after_position: int | None = None
    ) -> list[LineResult]:
        actor = info.context.require_actor()
        window = line_window(first, after_position)
        found = await info.context.container.renaming.lines(actor, self.pk, window)
        return in_chunks(LineResult.stored(line) for line in found)

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> RenameRequest | None:
        actor = info.context.require_actor()
        found = await info.context.container.renaming.request(actor, JobId(pk))
        return cls.of(found) if found else None


@strawberry.input
class RenameItem:
    number: str = strawberry.field(description='As "+375291234567" (other spellings accepted).')
    name: str


@strawberry.input
class RenameSubscribersInput:
    items: list[RenameItem] | None = None
    file: Upload | None = strawberry.field(
        default=None,
        description="CSV or XLSX with the columns «Номер» and «Имя» (multipart upload).",
    )
    dry_run: bool | None = False
    idempotency_key: str | None = None


def _build_rename_input(
    cls: type, value: Mapping[str, Any], context: InputContext
) -> RenameSubscribersInput:
    """Strawberry's generic conversion resolves the type of every field of every item
    again (about 1/3 of a 10,000-line request); a RenameItem is two non-null strings
    graphql-core has already coerced, so items are built directly. Other fields go
    through Strawberry's own conversion."""
    definition = get_object_definition(cls, strict=True)
    kwargs: dict[str, Any] = {}
    for field in definition.fields:
        name = context.config.name_converter.from_field(field)
        if name not in value:
            continue
        raw = value[name]
        if field.python_name == "items" and raw is not None:
            kwargs["items"] = [RenameItem(number=i["number"], name=i["name"]) for i in raw]
        else:
            kwargs[field.python_name] = context.convert(
                raw, field.resolve_type(type_definition=definition), name
            )
    result: RenameSubscribersInput = cls(**kwargs)
    return result


# Strawberry's documented hook for building an input value (StrawberryObjectDefinition).
get_object_definition(RenameSubscribersInput, strict=True).from_input = _build_rename_input


@strawberry.type
class RenameSubscribersPayload:
    request: RenameRequest | None
    lines: list[LineResult] = strawberry.field(
        resolver=payload_lines, description=LINES_DESCRIPTION
    )
    errors: list[UserError] = strawberry.field(resolver=payload_errors)
    refusals: strawberry.Private[Sequence[DomainError]] = ()
    line_source: strawberry.Private[Callable[[], Sequence[LineResult]]] = list


def _payload(result: RenameResult) -> RenameSubscribersPayload:
    request = result.request
    if request is not None and result.stored is not None:
        stored = result.stored
        return RenameSubscribersPayload(
            request=RenameRequest.of(request),
            line_source=lambda: LazyLines(stored, LineResult.stored),
        )
    accepted = request is not None
    return RenameSubscribersPayload(
        request=RenameRequest.of(request) if request else None,
        refusals=result.errors,
        line_source=lambda: LazyLines(result.lines, lambda c: LineResult.checked(c, accepted)),
    )


@strawberry.type
class RenamingQuery:
    @strawberry.field(description="D13: the client's renaming requests, newest first.")
    async def rename_requests(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[RenameRequest]:
        actor = info.context.require_actor()
        page = await info.context.container.renaming.requests(actor, page_request(first, after))
        return to_connection(page, RenameRequest.of)


@strawberry.type
class RenamingMutation:
    @strawberry.mutation(description="D13: rename one subscriber or a list of up to 10,000.")
    async def rename_subscribers(
        self, info: Info, input: RenameSubscribersInput
    ) -> RenameSubscribersPayload:
        actor = info.context.require_actor()
        renaming = info.context.container.renaming
        items = None if input.items is None else [(i.number, i.name) for i in input.items]
        try:
            result = await renaming.submit(
                actor,
                items,
                await read_upload(input.file),
                dry_run=bool(input.dry_run),
                idempotency_key=input.idempotency_key,
            )
        except DomainError as error:
            return RenameSubscribersPayload(request=None, refusals=[error])
        return _payload(result)
