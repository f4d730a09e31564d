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
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.charges import ChargesReport
from domain.delivery import InvoiceFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId, ClientId, InvoiceId, JobId
from domain.job_store import OPEN, JobPolicy, JobStatus, StaleJob
from domain.mail import (
    DeliveryKind,
    InvoiceEmail,
    RecipientResult,
    RecipientStatus,
)
from domain.recipients import RecipientList
from infra.db import models as m
from infra.db.job_rows import JobRows
from infra.db.repositories import newest_per
from infra.events.changes import CHARGES_REPORT, INVOICE_EMAIL, changed


def _time(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def _results(raw: Any) -> dict[str, RecipientResult]:
    recipients = raw.get("recipients", {}) if isinstance(raw, dict) else {}
    return {
        address: RecipientResult(
            address,
            RecipientStatus(value["status"]),
            _time(value.get("at")),
            value.get("detail"),
            bool(value.get("possible_duplicate", False)),
        )
        for address, value in recipients.items()
    }


def _email(row: m.InvoiceEmailRequestRow) -> InvoiceEmail:
    raw = row.results if isinstance(row.results, dict) else {}
    return InvoiceEmail(
        id=JobId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        invoice_id=InvoiceId(row.invoice_id),  # type: ignore[attr-defined]
        kind=DeliveryKind(row.kind),
        emails=RecipientList.stored(row.emails),
        format=InvoiceFormat(row.format),
        status=JobStatus(row.status),
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        results=_results(raw),
        requested_by=row.requested_by,
        finished_at=row.finished_at,
        attempts=row.attempts,
        claimed_at=_time(raw.get("claimed_at")),
        retry_at=_time(raw.get("retry_at")),
        data_sent_at=_time(raw.get("data_sent_at")),
        lifetime_from=_time(raw.get("lifetime_from")),
        deferrals=int(raw.get("deferrals") or 0),
        touched_at=row.touched_at,
    )


def _result_json(result: RecipientResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": result.status.value,
        "at": _iso(result.at),
        "detail": result.detail,
    }
    if result.possible_duplicate:
        out["possible_duplicate"] = True
    return out


def _raw(row: m.InvoiceEmailRequestRow) -> dict[str, Any]:
    return dict(row.results) if isinstance(row.results, dict) else {}


Row = m.InvoiceEmailRequestRow


async def _locked(email_id: JobId) -> m.InvoiceEmailRequestRow | None:
    """The row, read after a write on it in the caller's transaction.

    The write comes first so that the read and the compare-and-set after it see the
    same, latest row: on PostgreSQL it takes the row lock; on SQLite it takes the
    database's write lock while waiting on busy_timeout (a read first, then a write,
    fails at once with SQLITE_BUSY when another process wrote in between, and that
    error came after the mail was sent).

    Every write of a sending goes through here, so this is where the write is marked
    for the watchers (published once the caller's transaction has committed).
    """
    changed(INVOICE_EMAIL, email_id)
    await Row.filter(id=email_id).update(attempts=F("attempts"))
    return await Row.get_or_none(id=email_id)


def _due(email: InvoiceEmail, now: datetime, policy: JobPolicy) -> bool:
    """Recovery takes it: the one policy, with the claim time standing in for a
    heartbeat of a row claimed before heartbeats existed."""
    return policy.is_due(
        email.status, email.touched_at or email.claimed_at, email.created_at, email.retry_at, now
    )


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
                    emails=list(email.emails.addresses),
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

    async def get(self, client_id: ClientId, email_id: JobId) -> InvoiceEmail | None:
        row = await m.InvoiceEmailRequestRow.get_or_none(id=email_id, client_id=client_id)
        return _email(row) if row else None

    async def get_any(self, email_id: JobId) -> InvoiceEmail | None:
        row = await m.InvoiceEmailRequestRow.get_or_none(id=email_id)
        return _email(row) if row else None

    async def for_invoices(
        self, client_id: ClientId, invoice_ids: Sequence[InvoiceId], newest: int
    ) -> Mapping[InvoiceId, list[InvoiceEmail]]:
        found: dict[InvoiceId, list[InvoiceEmail]] = {i: [] for i in invoice_ids}
        if not invoice_ids or newest <= 0:
            return found
        rows = await newest_per(
            Row,
            "invoice_id",
            invoice_ids,
            newest,
            '"created_at" DESC, "id" DESC',
            client_id=client_id,
        )
        for row in rows:
            found[row.invoice_id].append(_email(row))  # type: ignore[attr-defined]
        return found

    # -- the job lifecycle (domain/job_store.py) ----------------------------------

    async def claim(self, job_id: JobId, at: datetime) -> InvoiceEmail | None:
        row = await _locked(job_id)
        if row is None:
            return None
        current = _email(row)
        if current.status.final or current.status is JobStatus.RUNNING:
            return None  # finished, or another worker is on it (its heartbeat says so)
        if current.retry_at and at < current.retry_at:
            return None  # deferred: recovery hands it out when it is due
        raw = _raw(row)
        raw["claimed_at"] = at.isoformat()
        raw["retry_at"] = None
        # Compare-and-set on the attempt counter, one UPDATE checked by its row count:
        # of two deliveries of one message, only one takes the sending.
        taken = await Row.filter(id=job_id, attempts=row.attempts, status=row.status).update(
            status=JobStatus.RUNNING.value, attempts=row.attempts + 1, results=raw, touched_at=at
        )
        if not taken:
            return None
        await row.refresh_from_db()
        return _email(row)

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        # One statement on a column: a heartbeat neither reads nor rewrites the JSON.
        taken = await Row.filter(
            id=job_id, attempts=attempt, status=JobStatus.RUNNING.value
        ).update(touched_at=at)
        return bool(taken)

    async def _change(
        self, email_id: JobId, attempt: int, *, deferral: bool = False, **changes: Any
    ) -> bool:
        """A change of the claimant's row: only while `attempt` holds the claim.

        `deferral` counts one more scheduled attempt, on the row as locked."""
        row = await _locked(email_id)
        if row is None or row.attempts != attempt or row.status != JobStatus.RUNNING.value:
            return False
        raw = _raw(row)
        if deferral:
            raw["deferrals"] = int(raw.get("deferrals") or 0) + 1
        fields: dict[str, Any] = {}
        for key, value in changes.items():
            if key in ("status", "finished_at", "touched_at"):
                fields[key] = value
            elif key == "recipients":
                raw["recipients"] = {**dict(raw.get("recipients", {})), **value}
            else:
                raw[key] = value
        taken = await Row.filter(
            id=email_id, attempts=attempt, status=JobStatus.RUNNING.value
        ).update(results=raw, **fields)
        return bool(taken)

    async def mark_data_sent(self, email_id: JobId, attempt: int, at: datetime) -> bool:
        return await self._change(email_id, attempt, data_sent_at=at.isoformat())

    async def record(
        self, email_id: JobId, results: Sequence[RecipientResult], *, answered: bool = False
    ) -> None:
        if not results and not answered:
            return
        # Results are facts (the server's answers): written whoever holds the claim now,
        # under the row's write lock so that no other write is lost.
        row = await _locked(email_id)
        if row is None:
            return
        raw = _raw(row)
        recipients = dict(raw.get("recipients", {}))
        for result in results:
            recipients[result.address] = _result_json(result)
        raw["recipients"] = recipients
        if answered:
            raw["data_sent_at"] = None
        await Row.filter(id=email_id).update(results=raw)

    async def finish(self, job_id: JobId, attempt: int, outcome: None, at: datetime) -> bool:
        return await self._change(
            job_id, attempt, status=JobStatus.DONE.value, finished_at=at, retry_at=None
        )

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        """Given up: every address still without a final result is FAILED with the
        error's message, in the same compare-and-set as the status."""
        row = await Row.get_or_none(id=job_id)
        if row is None:
            return False
        email = _email(row)
        failed = {
            a: _result_json(RecipientResult(a, RecipientStatus.FAILED, at, error.message[:200]))
            for a in email.pending
        }
        return await self._change(
            job_id,
            attempt,
            status=JobStatus.FAILED.value,
            finished_at=at,
            retry_at=None,
            recipients=failed,
        )

    async def release(
        self,
        job_id: JobId,
        attempt: int,
        at: datetime,
        retry_at: datetime | None = None,
        *,
        keep_data_sent: bool = False,
        deferral: bool = False,
    ) -> bool:
        status = JobStatus.QUEUED if retry_at is None else JobStatus.DEFERRED
        changes: dict[str, Any] = {
            "status": status.value,
            "retry_at": _iso(retry_at),
            "touched_at": at,
        }
        if not keep_data_sent:
            changes["data_sent_at"] = None
        return await self._change(job_id, attempt, deferral=deferral, **changes)

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        row = await _locked(job.id)
        if row is None or row.attempts != job.attempt or row.status != job.status.value:
            return False  # a worker claimed it, or another pass handed it out
        if job.touched_at is None:
            if row.touched_at is not None:
                return False
        elif row.touched_at is None or row.touched_at > job.touched_at:
            return False  # a heartbeat since it was read: its worker lives
        raw = _raw(row)
        raw["claimed_at"] = at.isoformat()
        raw["retry_at"] = None
        taken = await Row.filter(id=job.id, attempts=job.attempt, status=job.status.value).update(
            status=JobStatus.QUEUED.value, results=raw, touched_at=at
        )
        return bool(taken)

    async def reopen(self, email_id: JobId, at: datetime) -> InvoiceEmail | None:
        row = await _locked(email_id)
        if row is None or not JobStatus(row.status).final:
            return None
        raw = _raw(row)
        recipients = dict(raw.get("recipients", {}))
        failed = [
            a for a, v in recipients.items() if v.get("status") == RecipientStatus.FAILED.value
        ]
        if not failed:
            return None
        for address in failed:
            recipients.pop(address)
        raw.update(
            recipients=recipients,
            lifetime_from=at.isoformat(),
            claimed_at=at.isoformat(),
            retry_at=None,
            deferrals=0,
        )
        taken = await Row.filter(id=email_id, status=row.status).update(
            status=JobStatus.QUEUED.value, finished_at=None, results=raw, touched_at=at
        )
        if not taken:
            return None
        await row.refresh_from_db()
        return _email(row)

    async def stale(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        rows = await Row.filter(status__in=[st.value for st in OPEN]).order_by("id")
        return [
            StaleJob(email.id, email.status, email.attempts, email.touched_at)
            for email in map(_email, rows)
            if _due(email, now, policy)
        ]

    async def waiting(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        """Sendings waiting for the mail server; never one whose DATA answer is pending
        (sent again only after its delay, marked as a possible duplicate: part 2)."""
        rows = await Row.filter(
            status__in=[JobStatus.QUEUED.value, JobStatus.DEFERRED.value]
        ).order_by("id")
        return [
            StaleJob(email.id, email.status, email.attempts, email.touched_at)
            for email in map(_email, rows)
            if email.data_sent_at is None
            and policy.is_waiting(email.status, email.attempts, email.retry_at, now)
        ]


def _report(row: m.ChargesReportRow) -> ChargesReport:
    error = (
        DomainError(ErrorCode(row.error_code), row.error_message or "") if row.error_code else None
    )
    return ChargesReport(
        id=JobId(row.id),
        client_id=ClientId(row.client_id),  # type: ignore[attr-defined]
        account_id=AccountId(row.account_id),  # type: ignore[attr-defined]
        email=RecipientList.stored_text(row.email),
        status=JobStatus(row.status),
        created_at=row.created_at,
        requested_by=row.requested_by,
        result=row.result,
        finished_at=row.finished_at,
        attempts=row.attempts,
        error=error,
    )


_REPORTS = JobRows(m.ChargesReportRow, CHARGES_REPORT)


class TortoiseChargesReportRepository:
    async def add(self, report: ChargesReport) -> ChargesReport:
        row = await m.ChargesReportRow.create(
            client_id=report.client_id,
            account_id=report.account_id,
            email=report.email.text,
            status=report.status.value,
            requested_by=report.requested_by,
            created_at=report.created_at,
        )
        return _report(row)

    async def get(self, client_id: ClientId, report_id: JobId) -> ChargesReport | None:
        row = await m.ChargesReportRow.get_or_none(id=report_id, client_id=client_id)
        return _report(row) if row else None

    # -- the job lifecycle (domain/job_store.py) ----------------------------------

    async def claim(self, job_id: JobId, at: datetime) -> ChargesReport | None:
        row = await _REPORTS.claim(job_id, at)
        return _report(row) if row is not None else None

    async def touch(self, job_id: JobId, attempt: int, at: datetime) -> bool:
        return await _REPORTS.touch(job_id, attempt, at)

    async def release(
        self, job_id: JobId, attempt: int, at: datetime, retry_at: datetime | None = None
    ) -> bool:
        return await _REPORTS.release(job_id, attempt, at, retry_at)

    async def finish(self, job_id: JobId, attempt: int, outcome: str, at: datetime) -> bool:
        return await _REPORTS.finish(job_id, attempt, at, result=outcome[:255])

    async def fail(self, job_id: JobId, attempt: int, error: DomainError, at: datetime) -> bool:
        return await _REPORTS.fail(
            job_id,
            attempt,
            at,
            result=error.message[:255],
            error_code=error.code.value,
            error_message=error.message[:500],
        )

    async def stale(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        return await _REPORTS.stale(now, policy)

    async def waiting(self, now: datetime, policy: JobPolicy) -> list[StaleJob]:
        return await _REPORTS.waiting(now, policy)

    async def hand_off(self, job: StaleJob, at: datetime) -> bool:
        return await _REPORTS.hand_off(job, at)
