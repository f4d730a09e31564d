"""Adding or removing an additional service for a list of subscribers (D14).

Decisions fixed here:
- A list with a malformed or repeated number is refused whole (nothing saved), as a
  renaming list is (D13); each refused line is answered on its own line, after a
  summary (LIST_HAS_ERRORS). A well-formed number that is not the client's is accepted
  and ends UNKNOWN_NUMBER in the job (one of the outcomes D14 names), exactly like a
  number that does not exist (D18).
- The list comes in the request or as an uploaded CSV/XLSX file with a «Номер» column
  (read off the event loop); a refused line of a file is named by its row: `file.12`.
- Removing a service is allowed on every tariff (the catalogue has no compulsory one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.auth import Actor
from domain.commands import ChangeSubscriberServices
from domain.errors import DomainError, ErrorCode
from domain.ids import JobId, SubscriberId
from domain.job_store import JobPolicy
from domain.list_requests import (
    LineResult,
    LineStatus,
    PendingServiceLine,
    RequestLine,
    ServiceRequest,
    list_summary,
)
from domain.paging import LineWindow, Page, PageRequest
from domain.ports import (
    AuditLog,
    Clock,
    CpuWork,
    InlineCpuWork,
    NumberListReader,
    ServiceCatalogue,
    ServiceRequestRepository,
    SubscriberRepository,
    UnitOfWork,
)
from domain.services_by_list import (
    NumberCheck,
    ServiceAction,
    ServiceOutcome,
    check_numbers,
    decide,
    history_window,
)
from domain.subscribers import AdditionalService
from domain.use_cases.list_jobs import carry_out_list, own_lines


@dataclass(frozen=True)
class ServiceListResult:
    """D14: the accepted request (None when refused) and every line's check."""

    request: ServiceRequest | None
    lines: list[NumberCheck]
    errors: list[DomainError] = field(default_factory=list)


def unknown_service(code: str) -> DomainError:
    return DomainError(
        ErrorCode.UNKNOWN_SERVICE,
        "Такой услуги нет в каталоге дополнительных услуг.",
        "serviceCode",
    )


def tariff_allows(action: ServiceAction, service: AdditionalService, tariff: str) -> bool:
    """D14: adding needs a tariff that allows the service; removing is always allowed."""
    return action is ServiceAction.REMOVE or service.allowed_on(tariff)


class ServiceListService:
    """D14: accept a list at once; a job gives every subscriber its outcome."""

    def __init__(
        self,
        uow: UnitOfWork,
        requests: ServiceRequestRepository,
        subscribers: SubscriberRepository,
        catalogue: ServiceCatalogue,
        audit: AuditLog,
        clock: Clock,
        reader: NumberListReader | None = None,
        cpu: CpuWork | None = None,
        policy: JobPolicy | None = None,
    ) -> None:
        self._reader = reader
        self._uow = uow
        self._cpu: CpuWork = cpu or InlineCpuWork()
        self.policy = policy or JobPolicy()
        self._requests = requests
        self._subscribers = subscribers
        self._catalogue = catalogue
        self._audit = audit
        self._clock = clock

    async def submit(
        self,
        actor: Actor,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str] | None,
        file: tuple[str | None, bytes] | None,
    ) -> ServiceListResult:
        """D14: the numbers in the request or as an uploaded file (its name and bytes):
        one of the two."""
        if file is not None and numbers is None:
            filename, data = file
            return await self.change_file(actor, action, service_code, filename, data)
        if numbers is not None and file is None:
            return await self.change(actor, action, service_code, numbers)
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            "Передайте либо список номеров, либо файл — одно из двух.",
            "numbers",
        )

    async def change_file(
        self,
        actor: Actor,
        action: ServiceAction,
        service_code: str,
        filename: str | None,
        data: bytes,
    ) -> ServiceListResult:
        """D14: the list as an uploaded CSV/XLSX file; a hostile file saves nothing."""
        service = await self._service(service_code)
        if self._reader is None:
            raise RuntimeError("no list reader wired")
        # openpyxl is CPU work: never on the event loop.
        uploaded = await self._cpu.run(self._reader.read_numbers, filename, data)
        return await self.change(
            actor, action, service.code, [n for n, _ in uploaded.items], rows=uploaded.rows
        )

    async def _service(self, service_code: str) -> AdditionalService:
        code = service_code.strip() if isinstance(service_code, str) else ""
        service = await self._catalogue.get(code) if code and len(code) <= 32 else None
        if service is None:
            raise unknown_service(code)
        return service

    async def change(
        self,
        actor: Actor,
        action: ServiceAction,
        service_code: str,
        numbers: Sequence[str],
        rows: Sequence[int] | None = None,
    ) -> ServiceListResult:
        """D14: the service must exist; every number well-formed and given once."""
        service = await self._service(service_code)
        # Up to 10,000 numbers: checked off the event loop (issue 9).
        checks = await self._cpu.run(check_numbers, numbers, "numbers" if rows is None else "file")
        if rows is not None:
            checks = [_by_row(c, rows) for c in checks]
        errors = [c.error for c in checks if c.error is not None]
        if errors:
            field = "numbers" if rows is None else "file"
            summary = list_summary(len(errors), len(checks), field)
            return ServiceListResult(None, checks, [summary, *errors])
        normalized = [c.normalized for c in checks if c.normalized is not None]
        now = self._clock.now()
        async with self._uow.transaction():
            request = await self._requests.add(
                actor.client_id, actor.login, action, service.code, normalized, now
            )
            await self._uow.outbox.add(
                ChangeSubscriberServices(request.id), f"services:{request.id}"
            )
            await self._audit.record(
                actor.client_id,
                actor.login,
                "changeSubscriberServices",
                f"serviceRequest {request.id}",
                None,
                {
                    "action": action.value,
                    "serviceCode": service.code,
                    "lines": len(normalized),
                    "numbers": normalized[:20],
                },
                now,
            )
        return ServiceListResult(request, checks)

    async def requests(self, actor: Actor, page: PageRequest) -> Page[ServiceRequest]:
        """D14: the requests of the current and the two previous months, newest first."""
        since, _ = history_window(self._clock.now())
        return await self._requests.list_since(actor.client_id, since, page)

    async def request(self, actor: Actor, request_id: JobId) -> ServiceRequest | None:
        return await self._requests.get(actor.client_id, request_id)

    async def lines(
        self, actor: Actor, request_id: JobId, window: LineWindow = LineWindow()
    ) -> list[RequestLine]:
        return await own_lines(self._requests, actor.client_id, request_id, window)

    async def carry_out(self, request_id: JobId) -> None:
        """The job: idempotent; every line ends DONE, ALREADY, NOT_ALLOWED or UNKNOWN_NUMBER."""
        await carry_out_list(
            self._uow, self._clock, self._requests, request_id, self._chunk, self.policy
        )

    async def _chunk(
        self, request: ServiceRequest, pending: Sequence[PendingServiceLine], now: datetime
    ) -> list[LineResult]:
        service = await self._catalogue.get(request.service_code)
        action = request.action
        actor = request.requested_by or "system"
        states = await self._subscribers.service_states(
            request.client_id, [p.number for p in pending], request.service_code
        )
        results: list[LineResult] = []
        changed: list[SubscriberId] = []
        for line in pending:
            state = states.get(line.number)
            if state is None or service is None:
                outcome = ServiceOutcome.UNKNOWN_NUMBER
            else:
                outcome = decide(
                    action, state.has_service, tariff_allows(action, service, state.tariff)
                )
            if outcome is ServiceOutcome.DONE and state is not None:
                changed.append(state.subscriber_id)
                await self._audit.record(
                    request.client_id,
                    actor,
                    "changeSubscriberService",
                    line.number,
                    {"service": request.service_code, "active": not _on(action)},
                    {
                        "service": request.service_code,
                        "active": _on(action),
                        "serviceRequest": request.id,
                    },
                    now,
                )
            status = LineStatus.DONE if outcome.ok else LineStatus.FAILED
            results.append(LineResult(line.line_id, status, outcome.error(action), outcome))
        await self._subscribers.set_service(changed, request.service_code, _on(action))
        return results


def _on(action: ServiceAction) -> bool:
    return action is ServiceAction.ADD


def _by_row(check: NumberCheck, rows: Sequence[int]) -> NumberCheck:
    """Name a refused line of a file by its spreadsheet row instead of its position."""
    if check.error is None:
        return check
    error = DomainError(check.error.code, check.error.message, f"file.{rows[check.position]}")
    return NumberCheck(check.position, check.number, check.normalized, error)
