"""Background work as values: one frozen dataclass per kind of job that goes through the
outbox, and the map from each to the use case that carries it out.

A command carries ids only; the job's own row holds the rest (the billing account,
period and format of a document job, the addresses of a sending…), so a command
redelivered after the row changed still does what the row now says. `name` is the
command's stable name outside the process: the outbox row's `actor` column and the
Dramatiq actor's name. Never rename one: rows and messages in flight carry it.

A use case writes a command with `uow.outbox.add(RenderDocument(job.id))` in the
transaction of its change; the relay hands it to the broker after commit; the worker's
actor for that command calls `Handlers.handle`, which runs the one use case registered
for the command's type (built in the composition root, `infra/bootstrap.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from domain.ids import JobId


@dataclass(frozen=True)
class RenderDocument:
    """D2/D3: render the invoice file a document job asks for (orderInvoiceDownload)."""

    name: ClassVar[str] = "render_document"
    job_id: JobId


@dataclass(frozen=True)
class SendInvoiceEmail:
    """D4, D5: send an invoice by e-mail (a repeat, or the monthly run's sending)."""

    name: ClassVar[str] = "send_invoice_email"
    email_id: JobId


@dataclass(frozen=True)
class SendCurrentCharges:
    """D9: make the workbook of current charges and mail it (orderCurrentCharges)."""

    name: ClassVar[str] = "send_current_charges"
    report_id: JobId


@dataclass(frozen=True)
class CarryOutRenames:
    """D13: carry out a rename request line by line."""

    name: ClassVar[str] = "carry_out_renames"
    request_id: JobId


@dataclass(frozen=True)
class ChangeSubscriberServices:
    """D14: carry out a services-by-list request line by line."""

    name: ClassVar[str] = "change_subscriber_services"
    request_id: JobId


Command = (
    RenderDocument
    | SendInvoiceEmail
    | SendCurrentCharges
    | CarryOutRenames
    | ChangeSubscriberServices
)
COMMANDS: tuple[type[Command], ...] = (
    RenderDocument,
    SendInvoiceEmail,
    SendCurrentCharges,
    CarryOutRenames,
    ChangeSubscriberServices,
)

C = TypeVar("C", bound=Command)


@dataclass(frozen=True)
class Handler(Generic[C]):
    """The use case that carries out one type of command: `run` takes that type only
    (mypy checks `Handler(RenderDocument, lambda c: documents.render(c.job_id))`)."""

    command: type[C]
    run: Callable[[C], Awaitable[None]]


class Handlers:
    """The handler map: exactly one handler per command type, checked when it is built."""

    def __init__(self, *handlers: Handler[Any]) -> None:
        runs: dict[type[Command], Callable[[Any], Awaitable[None]]] = {}
        for handler in handlers:
            if handler.command in runs:
                raise ValueError(f"two handlers for {handler.command.__name__}")
            runs[handler.command] = handler.run
        missing = [kind.__name__ for kind in COMMANDS if kind not in runs]
        if missing:
            raise ValueError(f"no handler for {', '.join(missing)}")
        self._runs = runs

    async def handle(self, command: Command) -> None:
        """Carry out the command (idempotent: a redelivered command does the work once)."""
        await self._runs[type(command)](command)
