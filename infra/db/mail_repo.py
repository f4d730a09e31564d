"""Sendings of invoices and charges reports in Tortoise (D4, D5, D9).

`invoice_email_request.results` holds {"recipients": {address: {status, at, detail}},
"claimed_at": ISO time of the current attempt}: the claim time tells a running
sending from one whose worker died.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.charges import ChargesReport, ReportStatus
from domain.delivery import InvoiceFormat
from domain.jobs import STALE_AFTER
from domain.mail import (
    DeliveryKind,
    DeliveryStatus,
    InvoiceEmail,
    RecipientResult,
    RecipientStatus,
)
from infra.db import models as m
from infra.db.repositories import untouched
from infra.events.changes import CHARGES_REPORT, INVOICE_EMAIL, changed


def _time(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


def _results(raw: Any) -> dict[str, RecipientResult]:
    recipients = raw.get("recipients", {}) if isinstance(raw, dict) else {}
    return {
        address: RecipientResult(
            address, RecipientStatus(value["status"]), _time(value.get("at")), value.get("detail")
        )
        for address, value in recipients.items()
    }


def _email(row: m.InvoiceEmailRequestRow) -> InvoiceEmail:
    raw = row.results if isinstance(row.results, dict) else {}
    return InvoiceEmail(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        invoice_id=row.invoice_id,  # type: ignore[attr-defined]
        kind=DeliveryKind(row.kind),
        emails=tuple(row.emails),
        format=InvoiceFormat(row.format),
        status=DeliveryStatus(row.status),
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        results=_results(raw),
        requested_by=row.requested_by,
        finished_at=row.finished_at,
        attempts=row.attempts,
        claimed_at=_time(raw.get("claimed_at")),
    )


def _result_json(result: RecipientResult) -> dict[str, Any]:
    return {
        "status": result.status.value,
        "at": result.at.isoformat() if result.at else None,
        "detail": result.detail,
    }


class TortoiseInvoiceEmailRepository:
    async def add(self, email: InvoiceEmail) -> tuple[InvoiceEmail, bool]:
        existing = await m.InvoiceEmailRequestRow.get_or_none(idempotency_key=email.idempotency_key)
        if existing is not None:
            return _email(existing), False
        try:
            # A savepoint: a concurrent twin refused by the unique key leaves the
            # caller's transaction usable (PostgreSQL aborts it otherwise).
            async with in_transaction():
                row = await m.InvoiceEmailRequestRow.create(
                    client_id=email.client_id,
                    invoice_id=email.invoice_id,
                    kind=email.kind.value,
                    emails=list(email.emails),
                    format=email.format.value,
                    status=email.status.value,
                    results={"recipients": {}, "claimed_at": None},
                    idempotency_key=email.idempotency_key,
                    requested_by=email.requested_by,
                    created_at=email.created_at,
                )
        except IntegrityError:
            twin = await m.InvoiceEmailRequestRow.get(idempotency_key=email.idempotency_key)
            return _email(twin), False
        return _email(row), True

    async def get(self, client_id: int, email_id: int) -> InvoiceEmail | None:
        row = await m.InvoiceEmailRequestRow.get_or_none(id=email_id, client_id=client_id)
        return _email(row) if row else None

    async def get_any(self, email_id: int) -> InvoiceEmail | None:
        row = await m.InvoiceEmailRequestRow.get_or_none(id=email_id)
        return _email(row) if row else None

    async def for_invoices(
        self, client_id: int, invoice_ids: Sequence[int]
    ) -> Mapping[int, list[InvoiceEmail]]:
        found: dict[int, list[InvoiceEmail]] = {i: [] for i in invoice_ids}
        if not invoice_ids:
            return found
        rows = await m.InvoiceEmailRequestRow.filter(
            client_id=client_id, invoice_id__in=list(invoice_ids)
        ).order_by("created_at", "id")
        for row in rows:
            found[row.invoice_id].append(_email(row))  # type: ignore[attr-defined]
        return found

    async def claim(self, email_id: int, at: datetime) -> InvoiceEmail | None:
        changed(INVOICE_EMAIL, email_id)
        row = await m.InvoiceEmailRequestRow.get_or_none(id=email_id)
        if row is None or row.status == DeliveryStatus.DONE.value:
            return None
        current = _email(row)
        if (
            current.status is DeliveryStatus.RUNNING
            and current.claimed_at is not None
            and at - current.claimed_at < STALE_AFTER
        ):
            return None  # another worker is on it
        raw = dict(row.results) if isinstance(row.results, dict) else {}
        raw["claimed_at"] = at.isoformat()
        # Compare-and-set on the attempt counter: of two deliveries of one message,
        # only one takes the sending.
        taken = await m.InvoiceEmailRequestRow.filter(
            id=email_id, attempts=row.attempts, status=row.status
        ).update(status=DeliveryStatus.RUNNING.value, attempts=row.attempts + 1, results=raw)
        if not taken:
            return None
        await row.refresh_from_db()
        return _email(row)

    async def record(self, email_id: int, results: Sequence[RecipientResult]) -> None:
        changed(INVOICE_EMAIL, email_id)
        if not results:
            return
        # Only the claimant writes results, so read-modify-write is safe here.
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        raw = dict(row.results) if isinstance(row.results, dict) else {}
        recipients = dict(raw.get("recipients", {}))
        for result in results:
            recipients[result.address] = _result_json(result)
        raw["recipients"] = recipients
        await m.InvoiceEmailRequestRow.filter(id=email_id).update(results=raw)

    async def finish(self, email_id: int, at: datetime) -> None:
        changed(INVOICE_EMAIL, email_id)
        await m.InvoiceEmailRequestRow.filter(id=email_id).update(
            status=DeliveryStatus.DONE.value, finished_at=at
        )

    async def release(self, email_id: int) -> None:
        changed(INVOICE_EMAIL, email_id)
        await m.InvoiceEmailRequestRow.filter(
            id=email_id, status=DeliveryStatus.RUNNING.value
        ).update(status=DeliveryStatus.QUEUED.value)

    async def stale(self, now: datetime) -> list[InvoiceEmail]:
        rows = await m.InvoiceEmailRequestRow.filter(
            status__in=[DeliveryStatus.QUEUED.value, DeliveryStatus.RUNNING.value],
            created_at__lt=now - STALE_AFTER,
        )
        found = []
        for row in rows:
            email = _email(row)
            last = email.claimed_at or email.created_at
            if now - last >= STALE_AFTER:
                found.append(email)
        return found


def _report(row: m.ChargesReportRow) -> ChargesReport:
    return ChargesReport(
        id=row.id,
        client_id=row.client_id,  # type: ignore[attr-defined]
        account_id=row.account_id,  # type: ignore[attr-defined]
        email=row.email,
        status=ReportStatus(row.status),
        created_at=row.created_at,
        requested_by=row.requested_by,
        result=row.result,
        finished_at=row.finished_at,
    )


class TortoiseChargesReportRepository:
    async def add(self, report: ChargesReport) -> ChargesReport:
        row = await m.ChargesReportRow.create(
            client_id=report.client_id,
            account_id=report.account_id,
            email=report.email,
            status=report.status.value,
            requested_by=report.requested_by,
            created_at=report.created_at,
        )
        return _report(row)

    async def get(self, client_id: int, report_id: int) -> ChargesReport | None:
        row = await m.ChargesReportRow.get_or_none(id=report_id, client_id=client_id)
        return _report(row) if row else None

    async def claim(self, report_id: int, at: datetime) -> ChargesReport | None:
        changed(CHARGES_REPORT, report_id)
        taken = await m.ChargesReportRow.filter(
            id=report_id, status=ReportStatus.QUEUED.value
        ).update(status=ReportStatus.RUNNING.value, touched_at=at)
        if not taken:
            return None
        return _report(await m.ChargesReportRow.get(id=report_id))

    async def finish(self, report_id: int, status: str, result: str, at: datetime) -> None:
        changed(CHARGES_REPORT, report_id)
        await m.ChargesReportRow.filter(id=report_id).update(
            status=status, result=result[:255], finished_at=at
        )

    async def release(self, report_id: int) -> None:
        changed(CHARGES_REPORT, report_id)
        await m.ChargesReportRow.filter(id=report_id, status=ReportStatus.RUNNING.value).update(
            status=ReportStatus.QUEUED.value
        )

    async def stale(self, now: datetime) -> list[int]:
        return await untouched(
            m.ChargesReportRow, [ReportStatus.QUEUED.value, ReportStatus.RUNNING.value], now
        )

    async def touch(self, report_id: int, at: datetime) -> None:
        await m.ChargesReportRow.filter(id=report_id).update(touched_at=at)
