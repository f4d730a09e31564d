"""orderInvoiceDownload and documentJob (D2, D3)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.documents import DownloadFormat
from domain.errors import DomainError
from domain.ids import JobId
from domain.jobs import DocumentJob as DomainJob
from domain.use_cases.documents import DocumentJobView
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import account_pk, encode_id, job_pk
from schema.labels import label_field
from schema.types import Job, JobStatus

strawberry.enum(DownloadFormat, name="DownloadFormat")


@strawberry.type(description="D3: an ordered invoice file; poll until DONE or FAILED.")
class DocumentJob(Job):
    status: JobStatus

    status_label: str = label_field("job_status", "status")

    format: DownloadFormat

    format_label: str = label_field("download_format", "format")

    period: str
    download_url: str | None
    expires_at: datetime | None
    error: UserError | None
    created_at: datetime
    finished_at: datetime | None
    progress: int | None = strawberry.field(
        description="0–100: the invoice read (10), the file made (90), the link ready (100)."
    )

    @classmethod
    def of(cls, view: DocumentJobView) -> DocumentJob:
        job = view.job
        return cls(
            id=strawberry.ID(encode_id("DocumentJob", job.id)),
            status=JobStatus.of(job.status),
            job_status=JobStatus.of(job.status),
            format=job.format,
            period=str(job.period),
            download_url=view.download_url,
            expires_at=view.expires_at,
            error=user_error(job.error) if job.error else None,
            created_at=job.created_at,
            finished_at=job.finished_at,
            progress=job.progress,
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> DocumentJob | None:
        actor = info.context.require_actor()
        view = await info.context.container.documents.job_view(actor, JobId(pk))
        return DocumentJob.of(view) if view else None


async def present(info: Info, job: DomainJob) -> DocumentJob:
    """The job as its GraphQL type; what the client sees of it is the use case's."""
    actor = info.context.require_actor()
    return DocumentJob.of(await info.context.container.documents.view(actor, job))


@strawberry.input
class OrderInvoiceDownloadInput:
    billing_account_id: strawberry.ID
    period: str
    format: DownloadFormat


@strawberry.type
class OrderInvoiceDownloadPayload:
    job: DocumentJob | None
    errors: list[UserError]


@strawberry.type
class DocumentsQuery:
    @strawberry.field(description="D3: a download job of the signed-in client, or null.")
    async def document_job(self, info: Info, id: strawberry.ID) -> DocumentJob | None:
        actor = info.context.require_actor()
        pk = job_pk(str(id), "DocumentJob")
        view = await info.context.container.documents.job_view(actor, pk) if pk else None
        return DocumentJob.of(view) if view else None


@strawberry.type
class DocumentsMutation:
    @strawberry.mutation(description="D3: order an invoice file; returns a job at once.")
    async def order_invoice_download(
        self, info: Info, input: OrderInvoiceDownloadInput
    ) -> OrderInvoiceDownloadPayload:
        actor = info.context.require_actor()
        try:
            job = await info.context.container.documents.order_download(
                actor, account_pk(input.billing_account_id), input.period, input.format
            )
        except DomainError as error:
            return OrderInvoiceDownloadPayload(job=None, errors=[user_error(error)])
        return OrderInvoiceDownloadPayload(job=await present(info, job), errors=[])
