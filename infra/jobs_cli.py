"""`kabinet form-invoices --period YYYY-MM`: the monthly run from the command line (D5).

The schedule runs the same use case in every worker's and server's maintenance loop
during days 1–3 of a month (infra/loops.py, Maintenance.maintain_once); a cron line works too:

    5 0 1 * *  kabinet form-invoices --period "$(date -d 'last month' +%Y-%m)"
"""

from __future__ import annotations

import asyncio
import sys

from domain.errors import DomainError
from domain.ids import JobId
from infra.settings import Settings


def form_invoices(settings: Settings, period: str) -> None:
    """Form and deliver the invoices of a closed period; running it twice is harmless."""
    from infra.bootstrap import bootstrap
    from infra.loops import running

    container = bootstrap(settings)

    async def run() -> str:
        async with running(container, relay=False, maintenance=False):
            summary = await container.delivery.monthly.form(period)
            # Hand the queued sendings to the broker (or to this process's own loop,
            # which `running` waits for before it closes the database).
            await container.relay.relay_once()
            return str(summary)

    try:
        print(asyncio.run(run()))
    except DomainError as error:
        sys.exit(f"kabinet form-invoices: {error.message}")


def resend_email(settings: Settings, email_id: int) -> int:
    """`kabinet resend-email ID`: an operator orders a finished sending again.

    Its FAILED addresses (the lifetime ran out, or it was given up) are sent again,
    with a new lifetime; SENT and REFUSED addresses are not. Returns the exit code.
    """
    from infra.bootstrap import bootstrap
    from infra.loops import running

    container = bootstrap(settings)

    async def run() -> bool:
        async with running(container, relay=False, maintenance=False):
            email = await container.delivery.emails.order_again(JobId(email_id))
            await container.relay.relay_once()
            return email is not None

    if asyncio.run(run()):
        print(f"Рассылка {email_id}: повторная отправка заказана.")
        return 0
    print(
        f"kabinet resend-email: рассылка {email_id} не найдена, ещё не завершена "
        "или не имеет недоставленных адресов.",
        file=sys.stderr,
    )
    return 1
